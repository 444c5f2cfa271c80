"""The command line end to end: real `python -m judge` processes on real files."""

from __future__ import annotations

import csv
import json
import os
import sys

import pytest
import yaml

from tests.conftest import ALL_PROBLEMS, PROBLEMS, ROOT, invoke_judge, make_problem, run_judge, write

AC = PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py"


def test_help_and_version():
    r = invoke_judge("--help")
    assert r.code == 0 and "check" in r.out and "grade" in r.out and "validate" in r.out
    assert invoke_judge("--version").out.startswith("judge, version")


def test_a_command_loads_its_own_module_and_no_other():
    """judge/cli.py's group imports a command's module when the command is asked for (click's
    LazyGroup pattern): `judge show` must not pay for grading, importing or the sandbox."""
    import subprocess

    code = (
        "import sys, click\n"
        "from judge.cli import COMMANDS, cli\n"
        "assert not [m for m in sys.modules if m.startswith(('judge.commands.check', 'judge.batch'))]\n"
        "cli.get_command(click.Context(cli), 'show')\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "judge.commands.show" in loaded
    from judge.cli import COMMANDS

    others = {spec.partition(":")[0] for name, spec in COMMANDS.items() if name != "show"}
    assert not loaded & (others | {"judge.batch", "judge.importers", "judge.sandbox", "judge.grading"}), loaded & others


def test_python_dash_m_and_console_script_agree():
    r = run_judge("problems")
    assert r.code == 0
    for pid in ("3449", "3457", "3504", "3506", "3737", "3738"):
        assert pid in r.out


def test_check_accepted_prints_table_and_exits_0():
    r = run_judge("check", "3504", str(AC))
    assert r.code == 0, r.err
    assert "verdict: AC" in r.out and "score 100/100" in r.out
    assert "sample/01" in r.out and "secret/21" in r.out
    assert " ms" in r.out and "MiB" in r.out  # time and memory columns


def test_check_wrong_answer_shows_sample_diff_and_exits_1(tmp_path):
    sol = write(tmp_path / "sol.py", "print('yes')\n")
    r = run_judge("check", "3504", str(sol))
    assert r.code == 1
    assert "verdict: WA" in r.out
    assert "first difference at line 1" in r.out
    assert '"YES"' in r.out and '"yes"' in r.out


def test_secret_failures_reveal_no_data(tmp_path):
    sol = write(tmp_path / "sol.py", "y = int(input())\nprint('YES' if y % 4 == 0 else 'NO')\n")
    r = run_judge("check", "3504", str(sol), "--json", "-")
    assert r.code == 1
    report = json.loads(r.out)
    secret_inputs = {p.read_text().strip() for p in (PROBLEMS / "3504" / "tests" / "secret").glob("*.in")}
    for t in report["results"][0]["tests"]:
        if not t["sample"]:
            assert "diff" not in t
            for value in secret_inputs:
                assert value not in t["message"]
    assert report["results"][0]["message"].startswith("test secret/")


def test_check_json_report_follows_the_contract():
    r = run_judge("check", "3504", str(AC), "--json", "-")
    assert r.code == 0
    data = json.loads(r.out)
    assert data["schema"] == "judge-report/1"
    assert set(data) >= {"schema", "judge_version", "created", "environment", "results"}
    assert set(data["environment"]) >= {"python", "platform", "isolation"}
    assert data["environment"]["zygote"] is True  # the default on Linux: runs forked warm
    assert all(t["zygote"] for t in data["results"][0]["tests"])
    res = data["results"][0]
    for key in (
        "student",
        "problem",
        "submission",
        "sha256",
        "language",
        "verdict",
        "score",
        "max_score",
        "message",
        "hints",
        "tests",
    ):
        assert key in res
    assert res["verdict"] == "AC" and res["score"] == 100 and res["max_score"] == 100
    assert len(res["sha256"]) == 64
    t = res["tests"][0]
    for key in (
        "name",
        "group",
        "sample",
        "verdict",
        "time",
        "wall_time",
        "memory",
        "exit_code",
        "signal",
        "message",
        "points",
        "max_points",
    ):
        assert key in t
    assert t["memory"] > 0 and t["time"] > 0


def test_check_json_to_a_file(tmp_path):
    out = tmp_path / "r" / "report.json"
    r = run_judge("check", "3504", str(AC), "--json", str(out))
    assert r.code == 0 and "verdict: AC" in r.out
    assert json.loads(out.read_text())["results"][0]["verdict"] == "AC"


def test_check_by_problem_path(tmp_path):
    prob = make_problem(tmp_path)
    sol = write(tmp_path / "sol.py", "print(input())\n")
    assert run_judge("check", str(prob), str(sol)).code == 0


def test_runtime_error_names_exception_and_line(tmp_path):
    sol = write(tmp_path / "sol.py", "x = 1\ny = int(input())\nprint(y / 0)\n")
    r = run_judge("check", "3504", str(sol))
    assert r.code == 1
    assert "ZeroDivisionError" in r.out and "line 3" in r.out
    assert "judge-run" not in r.out and "bootstrap" not in r.out


def test_syntax_error_is_ce_with_caret(tmp_path):
    sol = write(tmp_path / "sol.py", "year = int(input())\nif year % 4 == 0\n    print('YES')\n")
    r = run_judge("check", "3504", str(sol), "--json", "-")
    res = json.loads(r.out)["results"][0]
    assert r.code == 1 and res["verdict"] == "CE" and res["line"] == 2
    assert "^" in res["message"] and "line 2" in res["message"]
    assert all(t["verdict"] == "SK" for t in res["tests"])


def test_sys_exit_3_is_re_with_exit_code(tmp_path):
    sol = write(tmp_path / "sol.py", "import sys\nsys.exit(3)\n")
    res = json.loads(run_judge("check", "3504", str(sol), "--json", "-").out)["results"][0]
    assert res["verdict"] == "RE"
    assert res["tests"][0]["exit_code"] == 3
    assert "exit code 3" in res["message"]


def test_rule_violation_still_runs_tests_but_scores_zero():
    sol = PROBLEMS / "3737" / "solutions" / "rv" / "ternary.py"
    res = json.loads(run_judge("check", "3737", str(sol), "--json", "-").out)["results"][0]
    assert res["verdict"] == "RV" and res["score"] == 0
    assert "line" in res["message"] and "conditional expression" in res["message"]
    assert all(t["verdict"] == "AC" for t in res["tests"])  # its output is right


def test_grade_sample_class_writes_reports_with_expected_verdicts(sample_class):
    out, _r = sample_class
    for name in ("report.json", "grades.csv", "report.md"):
        assert (out / name).is_file()
    report = json.loads((out / "report.json").read_text())
    got = {f"{x['student']}/{x['problem']}": x["verdict"] for x in report["results"]}
    expected = yaml.safe_load((ROOT / "tests" / "data" / "sample_class_expected.yaml").read_text())
    assert got == expected
    kinds = set(got.values())
    assert {"AC", "WA", "CE", "TLE", "RV"} <= kinds
    rows = list(csv.reader((out / "grades.csv").open()))
    assert rows[0][0] == "student" and rows[0][-2:] == ["total", "max_total"]
    assert len(rows) == 1 + len({k.split("/")[0] for k in expected})
    md = (out / "report.md").read_text()
    assert "# Judge report" in md and "accepted" in md
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporaries


def test_grade_strict_fails_when_something_is_rejected(tmp_path):
    subs = tmp_path / "subs"
    write(subs / "ann" / "3504.py", "print('NO')\n")
    r = run_judge("grade", str(subs), "--out", str(tmp_path / "out"), "--strict", "-q")
    assert r.code == 1
    write(subs / "ann" / "3504.py", AC.read_text())
    r = run_judge("grade", str(subs), "--out", str(tmp_path / "out"), "--strict", "-q")
    assert r.code == 0


def test_grade_skips_unknown_problems_with_a_warning(tmp_path):
    subs = tmp_path / "subs"
    write(subs / "ann" / "9999.py", "print(1)\n")
    write(subs / "ann" / "3504.py", AC.read_text())
    r = run_judge("grade", str(subs), "--out", str(tmp_path / "out"), "-q")
    assert r.code == 0 and "9999" in r.err
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [x["problem"] for x in data["results"]] == ["3504"]


def test_every_problem_ships_reference_and_wrong_solutions():
    assert {"3449", "3457", "3504", "3506", "3737", "3738"} <= set(ALL_PROBLEMS)
    for pid in ALL_PROBLEMS:
        folders = {f.name for f in (PROBLEMS / pid / "solutions").iterdir() if f.is_dir()}
        assert "ac" in folders, pid
        wrong = [s for f in folders - {"ac"} for s in (PROBLEMS / pid / "solutions" / f).glob("*.py")]
        assert len(wrong) >= 2, pid


def test_validate_stops_a_wrong_solution_at_its_first_failed_test(tmp_path):
    """Its verdict is decided there; --all-tests, or a score to check, runs the rest."""
    tests = {f"secret/{i:02d}": (f"{i}\n", f"{i}\n") for i in range(1, 5)}
    prob = make_problem(tmp_path, tests=tests)
    write(prob / "solutions" / "ac" / "ok.py", "print(input())\n")
    write(prob / "solutions" / "wa" / "off.py", "n = int(input())\nprint(n if n != 2 else 0)\n")
    write(prob / "solutions" / "wa" / "scored.py", "n = int(input())\nprint(n if n != 2 else 0)\n")
    write(prob / "solutions" / "expected.yaml", "wa/scored.py: {score: 75}\n")

    def verdicts(*extra: str) -> dict[str, list[str]]:
        out = tmp_path / "v.json"
        r = run_judge("validate", str(prob), "-q", "--json", str(out), *extra)
        assert r.code == 0, r.out + r.err
        return {
            x["submission"].rsplit("/", 1)[-1]: [t["verdict"] for t in x["tests"]]
            for x in json.loads(out.read_text())["results"]
        }

    quick = verdicts()
    assert quick["off.py"] == ["AC", "WA", "SK", "SK"]
    assert quick["scored.py"] == ["AC", "WA", "AC", "AC"] and quick["ok.py"] == ["AC"] * 4
    assert verdicts("--all-tests")["off.py"] == ["AC", "WA", "AC", "AC"]


def test_validate_fails_when_a_solution_gets_another_verdict(tmp_path):
    prob = make_problem(tmp_path)
    write(prob / "solutions" / "ac" / "ok.py", "print(input())\n")
    write(prob / "solutions" / "ac" / "not_really.py", "print('nope')\n")
    r = run_judge("validate", str(prob), "-q")
    assert r.code == 1
    assert "FAIL" in r.out and "not_really.py" in r.out and "expected AC, got WA" in r.out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="namespaces are Linux-only")
def test_blocked_user_namespaces_are_told_apart_from_a_missing_bubblewrap(tmp_path):
    """Ubuntu 24.04 (desktops and GitHub's runners) blocks unprivileged user namespaces with
    AppArmor: bubblewrap is installed but fails. The warning says so, names the setting and
    what to do, in one line; it does not tell the user to install bubblewrap."""
    fake = write(
        tmp_path / "bin" / "bwrap",
        """\
        #!/bin/sh
        echo "bwrap: setting up uid map: Permission denied" >&2
        exit 1
        """,
    )
    fake.chmod(0o755)
    prob = make_problem(tmp_path)
    sol = write(tmp_path / "sol.py", "print(input())\n")
    r = run_judge(
        "check",
        str(prob),
        str(sol),
        env={"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "JUDGE_NAMESPACES": "bwrap"},
    )
    assert r.code == 0, (r.code, r.out, r.err)  # the base layers still judge it
    warning = [line for line in r.err.splitlines() if "warning" in line]
    assert len(warning) == 1, r.err
    assert "kernel.apparmor_restrict_unprivileged_userns" in warning[0], warning
    assert "apt-get install bubblewrap" not in warning[0], warning
    # Without bubblewrap at all, the advice is to install it (a PATH without it, whatever
    # this machine has installed: the judge itself runs from sys.executable).
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run_judge("check", str(prob), str(sol), env={"PATH": str(empty), "JUDGE_NAMESPACES": "bwrap"})
    assert r.code == 0 and "apt-get install bubblewrap" in r.err, (r.out, r.err)


def test_namespace_advice_names_the_cause():
    from judge.sandbox.layers import advice_for

    denied = "bwrap: setting up uid map: Permission denied"
    assert "apparmor_restrict_unprivileged_userns=0" in advice_for(False, True, denied, "1", None, None)
    assert "apparmor" in advice_for(False, True, denied, None, None, None).lower()
    assert "user.max_user_namespaces" in advice_for(
        False, True, "bwrap: No permissions to create new namespace", "0", None, "0"
    )
    assert "apt-get install bubblewrap" in advice_for(False, False, "", None, None, None)
    assert "CAP_SYS_ADMIN" in advice_for(True, False, "", None, None, None)
    assert advice_for(False, True, "bwrap: something else", "0", "1", "100") == "bwrap: something else".join(
        ["bubblewrap failed: ", ""]
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="bubblewrap is Linux-only")
def test_a_sandbox_that_cannot_start_is_ie_with_its_reason_and_exit_3(tmp_path):
    """A bubblewrap that passes the judge's probe but cannot start the helper (as when a
    security module forbids its namespaces): every run is IE naming bwrap's own error, and
    `judge check` exits 3 (a judge failure), not 1 (the student's)."""
    fake = write(
        tmp_path / "bin" / "bwrap",
        """\
        #!/bin/sh
        for last; do :; done
        [ "$last" = /bin/true ] && exit 0
        echo "bwrap: setting up uid map: Permission denied" >&2
        exit 1
        """,
    )
    fake.chmod(0o755)
    prob = make_problem(tmp_path)
    sol = write(tmp_path / "sol.py", "print(input())\n")
    r = run_judge(
        "check",
        str(prob),
        str(sol),
        "--isolation",
        "standard",
        env={"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "JUDGE_NAMESPACES": "bwrap"},
    )
    assert r.code == 3, (r.code, r.out, r.err)
    assert "IE" in r.out and "the sandbox helper did not start" in r.out
    assert "bwrap: setting up uid map: Permission denied" in r.out
    assert "Traceback" not in r.err
