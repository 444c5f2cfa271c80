"""CI: grading a pull request (--changed-since, annotations, step summary), the JUnit and
Gradescope reports, and the GitHub workflow and composite action.

A pull request is simulated in a temporary git repository: a base commit, a branch that
changes some submissions, and a base branch that moves on meanwhile."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import PROBLEMS, ROOT, git, invoke_judge, run_judge, write

from judge.core.results import SubmissionResult
from judge.core.results import TestResult as TResult  # not "Test*": pytest would try to collect it
from judge.core.verdicts import Verdict
from judge.reports import Report

DATA = Path(__file__).parent / "data"

LEAP_AC = """\
    year = int(input())
    print('YES' if year % 4 == 0 and year % 100 != 0 or year % 400 == 0 else 'NO')
    """
LEAP_WA = "print('NO')\n"
HALVES_AC = """\
    s = input()
    k = (len(s) + 1) // 2
    print(s[k:] + s[:k])
    """
HALVES_RV = """\
    s = input()
    k = (len(s) + 1) // 2
    if k >= 0:
        print(s[k:] + s[:k])
    """  # the `if` on line 3 breaks the problem's rule
HALVES_WA = "print(input())\n"


# -- helpers ----------------------------------------------------------------------------


def copy_problems(dest: Path, *ids: str) -> None:
    """Just problem.yaml and the tests of each problem."""
    for pid in ids:
        (dest / "problems" / pid).mkdir(parents=True)
        shutil.copy2(PROBLEMS / pid / "problem.yaml", dest / "problems" / pid / "problem.yaml")
        shutil.copytree(PROBLEMS / pid / "tests", dest / "problems" / pid / "tests")


def env_for(repo: Path, summary: Path | None = None) -> dict[str, str]:
    # These tests are about selecting and publishing, not the sandbox (tests/test_sandbox.py):
    # the `basic` isolation keeps them fast and independent of the root layers.
    config = repo.parent / "judge-ci-config.yaml"
    config.write_text("grading:\n  isolation: basic\n")
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(repo),
        "GIT_CEILING_DIRECTORIES": str(repo.parent),
        "JUDGE_CONFIG": str(config),
        "JUDGE_CACHE_DIR": str(repo.parent / "judge-cache"),
    }  # not inside the class repository
    if summary is not None:
        env["GITHUB_STEP_SUMMARY"] = str(summary)
    return env


def annotations(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("::")]


def validate_junit(path: Path) -> ET.Element:
    """Against tests/data/junit.xsd with xmlschema when it is installed, else by structure."""
    try:
        import xmlschema
    except ImportError:
        xmlschema = None
    if xmlschema is not None:
        xmlschema.XMLSchema(DATA / "junit.xsd").validate(path)
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    for suite in root:
        assert suite.tag == "testsuite"
        for key in ("name", "tests", "failures", "errors", "skipped", "time"):
            assert key in suite.attrib, key
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        kinds = [[c.tag for c in case if c.tag in ("failure", "error", "skipped")] for case in cases]
        assert all(len(k) <= 1 for k in kinds)
        for kind in ("failure", "error", "skipped"):
            plural = "failures" if kind == "failure" else "errors" if kind == "error" else "skipped"
            assert int(suite.get(plural)) == sum(k == [kind] for k in kinds)
        for case in cases:
            assert case.get("classname") and case.get("name") and float(case.get("time")) >= 0
    return root


def validate_gradescope(path: Path) -> dict:
    """Against tests/data/gradescope-results.schema.json with jsonschema when it is installed."""
    data = json.loads(path.read_text())
    schema = json.loads((DATA / "gradescope-results.schema.json").read_text())
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema is not None:
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert isinstance(data["score"], (int, float)) and isinstance(data["execution_time"], (int, float))
    assert isinstance(data["output"], str) and data["visibility"] in (
        "hidden",
        "after_due_date",
        "after_published",
        "visible",
    )
    for t in data["tests"]:
        assert set(t) <= {"name", "score", "max_score", "status", "output", "visibility"}
        assert t["status"] in ("passed", "failed")
        assert t["visibility"] in ("visible", "after_published")
    return data


@pytest.fixture
def pr_repo(tmp_path: Path) -> Path:
    """A class repository with a pull request branch `pr` forked from `main`.

    base (main):  alice/3504 AC, alice/3737 AC, bob/3504 WA, bob/3737 AC, carol/3504 AC
    pr:           bob/3504 -> AC, bob/3737 -> RV (line 3), carol/3504 deleted, README changed
    main, later:  alice/3737 -> WA (not the pull request's change: must not be graded)
    """
    repo = tmp_path / "class"
    repo.mkdir()
    copy_problems(repo, "3504", "3737")
    subs = repo / "submissions"
    write(subs / "alice" / "3504.py", LEAP_AC)
    write(subs / "alice" / "3737.py", HALVES_AC)
    write(subs / "bob" / "3504.py", LEAP_WA)
    write(subs / "bob" / "3737.py", HALVES_AC)
    write(subs / "carol" / "3504.py", LEAP_AC)
    write(repo / "README.md", "class repository\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    git(repo, "checkout", "-q", "-b", "pr")
    write(subs / "bob" / "3504.py", LEAP_AC)
    write(subs / "bob" / "3737.py", HALVES_RV)
    (subs / "carol" / "3504.py").unlink()
    write(repo / "README.md", "class repository, edited\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "bob's homework")
    git(repo, "checkout", "-q", "main")
    write(subs / "alice" / "3737.py", HALVES_WA)
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "pr")
    return repo


# -- a pull request, end to end ---------------------------------------------------------


def test_pull_request_grades_only_its_changes_annotates_and_summarises(pr_repo: Path, tmp_path: Path):
    repo = pr_repo
    summary = tmp_path / "step_summary.md"
    summary.write_text("# Tests\n\nearlier step's summary")  # no final newline: kept, then separated
    r = run_judge(
        "grade",
        "submissions",
        "--changed-since",
        "main",
        "--strict",
        "-j",
        "2",
        "--format",
        "json,md,junit,gradescope",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        cwd=repo,
        env=env_for(repo, summary),
    )
    assert r.code == 1, (r.out, r.err)  # bob/3737 is RV
    assert "2 of 4 submissions changed since main" in r.err

    report = json.loads((repo / "out" / "report.json").read_text())
    graded = {(x["student"], x["problem"]): x["verdict"] for x in report["results"]}
    assert graded == {("bob", "3504"): "AC", ("bob", "3737"): "RV"}  # not carol (deleted), not alice (main)

    # one annotation, on the line that breaks the rule, the path relative to the workspace
    lines = annotations(r.out)
    assert len(lines) == 1, r.out
    assert lines[0].startswith("::error file=submissions/bob/3737.py,line=3,title=RV::"), lines[0]
    assert "\n" not in lines[0] and "if" in lines[0]

    # the step summary was appended, the earlier content kept
    text = summary.read_text()
    assert text.startswith("# Tests\n\nearlier step's summary\n\n# Judge report")
    assert "**1 of 2 submissions accepted**" in text and "changed since `main`" in text
    assert "| bob | 3737 | ❌ RV |" in text

    # JUnit: a suite per graded submission; the RV is a failure although every test passed
    root = validate_junit(repo / "out" / "junit.xml")
    suites = {s.get("name"): s for s in root}
    assert set(suites) == {"bob/3504", "bob/3737"}
    ok = suites["bob/3504"]
    assert (ok.get("tests"), ok.get("failures"), ok.get("errors"), ok.get("skipped")) == ("23", "0", "0", "0")
    assert {c.get("classname") for c in ok.iter("testcase")} == {"bob.3504"}
    rv = suites["bob/3737"]
    assert rv.get("failures") == "1" and rv.get("errors") == "0"
    failure = rv.find("testcase[@name='(submission)']/failure")
    assert failure is not None and failure.get("type") == "RV" and "line 3" in failure.get("message")
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in root)

    # Gradescope: valid, the RV zeroes bob/3737's tests, hidden tests show verdict/time/memory only
    gs = validate_gradescope(repo / "out" / "results.json")
    assert gs["score"] == 100
    bob3737 = [t for t in gs["tests"] if t["name"].startswith("3737")]
    assert bob3737[0]["name"] == "3737: rule violation" and bob3737[0]["status"] == "failed"
    assert all(t["score"] == 0 for t in bob3737)
    hidden = [t for t in gs["tests"] if "secret/" in t["name"]]
    assert hidden and all(t["visibility"] == "after_published" for t in hidden)
    assert all(re.fullmatch(r"AC \(accepted\) · time \S+ \S+ · memory \S+ \S+", t["output"]) for t in hidden)
    assert all(t["visibility"] == "visible" for t in gs["tests"] if "sample/" in t["name"])

    # the pull request fixes bob/3737: graded through the composite action's own script
    write(repo / "submissions" / "bob" / "3737.py", "    # without if\n" + HALVES_AC)
    git(repo, "commit", "-q", "-am", "fix: no if")
    before = summary.read_text()
    r2 = run_action(
        repo,
        summary,
        {"changed-since": "main", "problems-dir": "problems", "submissions": "submissions", "out": "out2"},
    )
    assert r2.returncode == 0, (r2.stdout, r2.stderr)
    assert annotations(r2.stdout) == []
    report2 = json.loads((repo / "out2" / "report.json").read_text())
    assert {(x["student"], x["problem"], x["verdict"]) for x in report2["results"]} == {
        ("bob", "3504", "AC"),
        ("bob", "3737", "AC"),
    }
    assert validate_junit(repo / "out2" / "junit.xml").get("failures") == "0"
    assert summary.read_text().startswith(before) and "**2 of 2 submissions accepted**" in summary.read_text()


def run_action(repo: Path, summary: Path, inputs: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the `Grade` step of action.yml as GitHub would: its inputs in INPUT_* variables,
    `python` the interpreter the action installed the judge into (here: this one)."""
    import sys

    action = yaml.safe_load((ROOT / "action.yml").read_text())
    step = next(s for s in action["runs"]["steps"] if s.get("name") == "Grade")
    env = dict(os.environ)
    env.pop("JUDGE_CONFIG", None)
    env.update(env_for(repo, summary))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    bindir = repo.parent / "bin"
    bindir.mkdir(exist_ok=True)
    (bindir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (bindir / "python").chmod(0o755)
    env["PATH"] = f"{bindir}{os.pathsep}{env['PATH']}"
    for var, expr in step["env"].items():  # INPUT_X: ${{ inputs.x }}
        name = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", expr).group(1)
        env[var] = inputs.get(name, action["inputs"][name].get("default", ""))
    return subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True, timeout=300
    )


def test_nothing_changed_grades_nothing_and_passes(pr_repo: Path, tmp_path: Path):
    r = run_judge(
        "grade",
        "submissions",
        "--changed-since",
        "HEAD",
        "--strict",
        "--format",
        "json",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        "-q",
        cwd=pr_repo,
        env=env_for(pr_repo),
    )
    assert r.code == 0, (r.out, r.err)
    assert "0 of 4 submissions changed since HEAD" in r.err
    assert json.loads((pr_repo / "out" / "report.json").read_text())["results"] == []


def test_unknown_revision_and_not_a_repository_are_one_line_exit_2(pr_repo: Path, tmp_path: Path):
    r = invoke_judge(
        "grade",
        "submissions",
        "--changed-since",
        "no-such-branch",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        "-q",
        cwd=pr_repo,
        env=env_for(pr_repo),
    )
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    assert "unknown revision 'no-such-branch'" in r.err and "Traceback" not in r.err

    plain = tmp_path / "plain"
    shutil.copytree(pr_repo / "submissions", plain / "submissions")
    r = invoke_judge(
        "grade",
        "submissions",
        "--changed-since",
        "main",
        "--problems-dir",
        str(pr_repo / "problems"),
        "--out",
        "out",
        "-q",
        cwd=plain,
        env=env_for(plain),
    )
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
    assert "is not in a git repository" in r.err


def test_workflow_command_escaping():
    from judge.batch.ci import escape_data, escape_property

    assert escape_data("50% done\r\nline 2: a, b") == "50%25 done%0D%0Aline 2: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


# -- the report formats on a made-up result ---------------------------------------------


def _made_up() -> Report:
    secret_input = "SECRET-INPUT-42"
    tests = [
        TResult(
            "sample/01",
            "sample",
            True,
            Verdict.WA,
            time=0.02,
            wall_time=0.03,
            memory=10 << 20,
            message="wrong answer\x01",
            diff='expected: "YES"\ngot:      "yes"',
            max_points=0,
        ),
        TResult(
            "secret/01",
            "g",
            False,
            Verdict.TLE,
            time=1.0,
            wall_time=1.2,
            memory=12 << 20,
            message="time limit exceeded on a hidden test",
            max_points=50,
        ),
        TResult(
            "secret/02", "g", False, Verdict.RE, time=0.1, wall_time=0.1, message="ValueError (line 2)", max_points=25
        ),
        TResult("secret/03", "h", False, Verdict.AC, time=0.1, wall_time=0.1, points=25, max_points=25),
    ]
    wa = SubmissionResult(
        "ann",
        "3504",
        "submissions/ann/3504.py",
        "",
        "python",
        Verdict.WA,
        25,
        100,
        message="test sample/01: wrong answer",
        hints=["mind the case"],
        tests=tests,
    )
    ce = SubmissionResult(
        "ann",
        "3737",
        "submissions/ann/3737.py",
        "",
        "python",
        Verdict.CE,
        0,
        100,
        message="SyntaxError: invalid syntax (line 1)",
        line=1,
        tests=[
            TResult("sample/01", "sample", True, Verdict.SK),
            TResult("secret/01", "g", False, Verdict.SK, max_points=100),
        ],
    )
    assert secret_input not in json.dumps([wa.to_json(), ce.to_json()])
    return Report(results=[wa, ce], created="2024-05-01T10:00:00Z", judge_version="test")


def test_junit_report_maps_verdicts_and_validates(tmp_path: Path):
    from judge.reports.junit_report import render

    path = tmp_path / "junit.xml"
    path.write_text(render(_made_up()), encoding="utf-8")
    root = validate_junit(path)
    wa, ce = root.findall("testsuite")
    assert (wa.get("name"), wa.get("tests"), wa.get("failures"), wa.get("errors"), wa.get("skipped")) == (
        "ann/3504",
        "4",
        "2",
        "1",
        "0",
    )
    sample = wa.find("testcase[@name='sample/01']/failure")
    assert sample.get("type") == "WA" and '"yes"' in sample.text and "\x01" not in sample.text
    assert wa.find("testcase[@name='secret/01']/failure").text == "time limit exceeded on a hidden test"
    assert wa.find("testcase[@name='secret/02']/error").get("type") == "RE"
    assert list(wa.find("testcase[@name='secret/03']")) == []
    # a CE: every test skipped, the verdict on its own testcase, as an error
    assert (ce.get("tests"), ce.get("errors"), ce.get("skipped")) == ("3", "1", "2")
    assert ce.find("testcase[@name='(submission)']/error").get("type") == "CE"
    assert {p.get("name"): p.get("value") for p in ce.iter("property")}["verdict"] == "CE"


def test_junit_schema_rejects_what_it_should():
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(DATA / "junit.xsd")
    good = (
        '<testsuites><testsuite name="a" tests="1" failures="1" errors="0" skipped="0" time="0.1">'
        '<testcase name="t" classname="c" time="0.1"><failure type="WA" message="m"/></testcase>'
        "</testsuite></testsuites>"
    )
    assert schema.is_valid(good)
    assert not schema.is_valid(good.replace(' skipped="0"', ""))
    assert not schema.is_valid(good.replace('type="WA" ', ""))
    assert not schema.is_valid(good.replace('tests="1"', 'tests="-1"'))


def test_gradescope_report_follows_the_specification(tmp_path: Path):
    from judge.reports.gradescope_report import render

    path = tmp_path / "results.json"
    path.write_text(render(_made_up()), encoding="utf-8")
    data = validate_gradescope(path)
    assert data["score"] == 25 and data["execution_time"] == pytest.approx(1.43)
    assert data["output"].startswith("0 of 2 accepted, score 25/200") and "hint: mind the case" in data["output"]
    by_name = {t["name"]: t for t in data["tests"]}
    assert by_name["3504 sample/01"]["visibility"] == "visible" and '"yes"' in by_name["3504 sample/01"]["output"]
    tle = by_name["3504 secret/01"]
    assert tle["visibility"] == "after_published" and tle["status"] == "failed"
    assert tle["output"].startswith("TLE (time limit exceeded) · time") and "hidden" not in tle["output"]
    assert "ValueError" not in by_name["3504 secret/02"]["output"]
    assert (by_name["3504 secret/03"]["score"], by_name["3504 secret/03"]["max_score"]) == (25, 25)
    assert by_name["3737: compilation error"]["output"].startswith("CE (compilation error)")
    assert sum(t["max_score"] for t in data["tests"]) == 200


def test_gradescope_schema_rejects_what_it_should():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "gradescope-results.schema.json").read_text())
    ok = {"score": 1, "tests": [{"name": "t", "score": 1, "max_score": 1, "status": "passed"}]}
    jsonschema.validate(ok, schema, cls=jsonschema.Draft202012Validator)
    for bad in (
        {"tests": [{"name": "t"}]},  # no score anywhere
        {"score": 1, "visibility": "sometimes"},
        {"score": 1, "tests": [{"status": "ok"}]},
        {"score": 1, "verdict": "AC"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema, cls=jsonschema.Draft202012Validator)


# -- Gradescope: results.json even when grading crashes ---------------------------------


@pytest.fixture
def one_submission(tmp_path: Path) -> Path:
    root = tmp_path / "gs"
    copy_problems(root, "3504")
    write(root / "submissions" / "me" / "3504.py", LEAP_AC)
    return root


def test_gradescope_written_when_a_problem_is_broken(one_submission: Path):
    """problem.yaml is not valid YAML: the submission is IE with that line (grading goes on,
    exit 0), and Gradescope gets a results.json saying so (score 0), not a stale one."""
    root = one_submission
    (root / "problems" / "3504" / "problem.yaml").write_text("title: [unclosed\n")
    (root / "out").mkdir()
    (root / "out" / "results.json").write_text('{"score": 999}')  # stale, from an earlier run
    r = invoke_judge(
        "grade", "submissions", "--format", "gradescope", "--problems-dir", "problems", "--out", "out", "-q", cwd=root
    )
    assert r.code == 0, (r.out, r.err)
    data = validate_gradescope(root / "out" / "results.json")
    assert data["score"] == 0 and "IE" in data["output"] and "problem.yaml" in data["output"], data


def test_gradescope_written_when_grading_stops_on_a_data_error(one_submission: Path):
    """A data error that stops grading (--changed-since outside a git repository): exit 2,
    and Gradescope still gets a results.json (score 0, the error in `output`) instead of a
    stale or missing one."""
    root = one_submission
    (root / "out").mkdir()
    (root / "out" / "results.json").write_text('{"score": 999}')  # stale, from an earlier run
    r = invoke_judge(
        "grade",
        "submissions",
        "--format",
        "gradescope",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        "-q",
        "--changed-since",
        "main",
        cwd=root,
    )
    assert r.code == 2, (r.out, r.err)
    data = validate_gradescope(root / "out" / "results.json")
    assert data["score"] == 0 and data["tests"] == []
    assert "autograder failed" in data["output"] and "git repository" in data["output"], data
    assert not list((root / "out").glob(".*.tmp"))  # written atomically: no temporary left


def test_gradescope_written_when_grading_crashes_internally(one_submission: Path):
    """A real internal failure: report.json cannot be written (a folder is in its place), so
    the judge crashes with exit 3 after grading; results.json says so, with score 0."""
    root = one_submission
    (root / "out" / "report.json").mkdir(parents=True)
    r = run_judge(
        "grade",
        "submissions",
        "--format",
        "json,gradescope",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        "-q",
        cwd=root,
    )
    assert r.code == 3, (r.out, r.err)
    assert "internal error" in r.err
    data = validate_gradescope(root / "out" / "results.json")
    assert data["score"] == 0 and "internal error" in data["output"] and "IsADirectoryError" in data["output"]

    # When the real results.json was written before the crash, it stays.
    r = run_judge(
        "grade",
        "submissions",
        "--format",
        "gradescope,json",
        "--problems-dir",
        "problems",
        "--out",
        "out",
        "-q",
        cwd=root,
    )
    assert r.code == 3, (r.out, r.err)
    data = validate_gradescope(root / "out" / "results.json")
    assert data["score"] == 100 and data["tests"]


# -- the workflow and the action --------------------------------------------------------


def test_workflow_and_action_are_wired():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "grade.yml").read_text())
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as true
    steps = flow["jobs"]["grade"]["steps"]
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    assert steps[1]["with"]["python-version"] == "3.11"
    grade = next(s for s in steps if "judge grade" in s.get("run", ""))
    assert '--changed-since "origin/$BASE_REF" --strict' in grade["run"]
    assert "--format json,md,junit" in grade["run"] and grade["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps)
    assert any("junit.xml" in str(s.get("with", {})) for s in steps)

    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert set(action["inputs"]) >= {
        "problems-dir",
        "submissions",
        "strict",
        "changed-since",
        "formats",
        "python-version",
    }
    assert action["inputs"]["strict"]["default"] == "true"
    assert action["runs"]["using"] == "composite"
    assert any('pip install "$GITHUB_ACTION_PATH"' in s.get("run", "") for s in action["runs"]["steps"])
