"""The data-driven acceptance suite: every solution of every problem gets its expected verdict,
forked from the zygote (the default) and from a fresh interpreter (--no-zygote) alike.

Each problem is validated in both modes; beyond the verdicts validate checks itself, the two
JSON reports must agree test by test where a run is deterministic: every test's verdict for
the assigned problems, and what the concurrency exercises' accepted solutions were seen to
start (threads, processes, asyncio tasks, locks).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import PROBLEMS, run_judge

ALL_PROBLEMS = sorted(p.name for p in PROBLEMS.iterdir() if (p / "problem.yaml").is_file())
STRUCTURE = ("threads_started", "processes_started", "tasks", "locks", "leftover_processes")


def _validate(pid: str, out: Path, *extra: str) -> dict[str, dict]:
    r = run_judge("validate", pid, "-q", "--json", str(out), *extra, timeout=900)
    assert r.code == 0, r.out[-3000:] + r.err[-2000:]
    assert "FAIL" not in r.out
    last = r.out.strip().splitlines()[-1]
    n = int(last.split()[0])
    assert n >= 3 and last.startswith(f"{n} of {n}"), last
    return {res["submission"]: res for res in json.loads(out.read_text())["results"]}


@pytest.mark.parametrize("pid", ALL_PROBLEMS)
def test_every_solution_gets_its_verdict_warm_and_fresh(pid, tmp_path):
    warm = _validate(pid, tmp_path / "warm.json")
    fresh = _validate(pid, tmp_path / "fresh.json", "--no-zygote")
    assert warm.keys() == fresh.keys()
    assert any(t.get("zygote") for r in warm.values() for t in r["tests"]), "no run was forked from the zygote"
    assert not any(t.get("zygote") for r in fresh.values() for t in r["tests"])
    for name, w in warm.items():
        f = fresh[name]
        assert (w["verdict"], w["score"]) == (f["verdict"], f["score"]), name
        concurrency = any("concurrency" in t for t in w["tests"] + f["tests"])
        if not concurrency:  # deterministic: the same verdict test by test
            assert [t["verdict"] for t in w["tests"]] == [t["verdict"] for t in f["tests"]], name
        elif w["verdict"] == "AC":
            for tw, tf in zip(w["tests"], f["tests"]):
                cw, cf = tw.get("concurrency") or {}, tf.get("concurrency") or {}
                assert {k: cw.get(k) for k in STRUCTURE} == {k: cf.get(k) for k in STRUCTURE}, \
                    f"{name} {tw['name']}"


@pytest.mark.parametrize("isolation", ["basic", "portable"])
def test_every_solution_gets_its_verdict_at_every_isolation_level(isolation, tmp_path):
    """The same verdicts on every machine: the base layer (Linux without namespaces) and the
    portable sandbox (macOS, Windows) validate every problem as the default (strict as root,
    the kernel's own namespaces) does above."""
    out = tmp_path / "report.json"
    r = run_judge("validate", "-q", "--isolation", isolation, "--json", str(out), timeout=1200)
    assert r.code == 0 and "FAIL" not in r.out, r.out[-3000:] + r.err[-2000:]
    results = json.loads(out.read_text())["results"]
    assert {res["problem"] for res in results} == set(ALL_PROBLEMS)
    layers = set(json.loads(out.read_text())["environment"]["isolation"])
    assert ("polling" in layers) == (isolation == "portable"), layers
    assert not layers & {"netns", "cgroup", "uid"}, layers
