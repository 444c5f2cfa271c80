"""The multiprocessing problems' solutions get their verdicts under each start method.

`judge validate --start-method M` for fork, spawn and forkserver (spawn is the default on
Windows and macOS, forkserver on Linux from Python 3.14; the platform's default is the warm
sweep's, tests/conftest.py warm_sweep, spawn the portable sweep's, as on Windows, and
forkserver the fresh sweep's, fresh_sweep: their reports serve for them): the locks, processes, threads and
queues of child processes must be observed whichever way the children start, or an accepted
solution gets RV. Beyond the verdicts validate checks itself, the three JSON reports must
agree solution by solution, and the accepted solutions of the concurrency exercises must be
seen to start the same things. A problem's own runtime.start_method wins over the option.

Only the problems whose solutions use multiprocessing are validated here (found in their
files, so a new one is picked up): a start method changes nothing for threads and asyncio,
which tests/test_acceptance.py validates under the default (fork on Linux before 3.14). A
problem whose problem.yaml sets its own runtime.start_method (processes-primes: spawn) is
left out: the option cannot change it (test_a_problems_own_start_method_wins checks that).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import PROBLEMS, SWEEPS, Sweep, one_sweep, run_judge

pytestmark = pytest.mark.xdist_group(SWEEPS)  # (tests/conftest.py SWEEPS)

METHODS = ("fork", "spawn", "forkserver")


def _own_start_method(problem: str) -> bool:
    """A problem that sets runtime.start_method runs its children that way whatever the
    option says: tests/test_acceptance.py validates it already, a run per method would repeat it."""
    import yaml

    data = yaml.safe_load((PROBLEMS / problem / "problem.yaml").read_text(encoding="utf-8"))
    return bool((data.get("runtime") or {}).get("start_method"))


MULTIPROCESSING = sorted(
    {
        path.parts[-4]
        for path in PROBLEMS.glob("*/solutions/*/*.py")
        if any(
            word in path.read_text(encoding="utf-8", errors="replace") for word in ("multiprocessing", "ProcessPool")
        )
    }
)
VARIES = [problem for problem in MULTIPROCESSING if not _own_start_method(problem)]
STRUCTURE = ("threads_started", "processes_started", "tasks", "locks", "queues", "leftover_processes")


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    """The validate report of each method, filled as the parametrized test runs."""
    return {}


def _results(report: dict) -> dict[str, dict]:
    return {res["submission"]: res for res in report["results"]}


def _fresh(fresh_sweep) -> Sweep:
    """The fresh sweep's validates of these problems as one report."""
    return Sweep.joined([fresh_sweep.of(pid) for pid in VARIES])


def _from_a_sweep(sweeps, method: str) -> dict | None:
    """A sweep's report of these problems if it ran them under `method`: the warm sweep under
    the platform's default start method, the portable one under spawn (as on Windows and
    macOS), the fresh one under forkserver. Judging them again under it would repeat it run
    for run."""
    for sweep in sweeps:
        taken = [res for res in sweep.report["results"] if res["problem"] in VARIES]
        methods = {t["concurrency"]["start_method"] for res in taken for t in res["tests"] if t.get("concurrency")}
        if methods == {method}:
            failed = [line for pid in VARIES for line in sweep.lines_of(pid) if "FAIL" in line or "ОШИБКА" in line]
            assert not failed and len(taken) >= 10, "\n".join(failed)[-3000:]
            return {"environment": sweep.report["environment"], "results": taken}
    return None


@pytest.mark.parametrize("method", METHODS)
def test_every_solution_gets_its_verdict_under_each_start_method(
    method, reports, tmp_path, warm_sweep, portable_sweep, fresh_sweep
):
    assert len(VARIES) >= 2, (MULTIPROCESSING, VARIES)
    sweeps = (warm_sweep, portable_sweep) + ((_fresh(fresh_sweep),) if method == fresh_sweep.METHOD else ())
    report = _from_a_sweep(sweeps, method)
    if report is None:
        out = tmp_path / f"{method}.json"
        with one_sweep():
            r = run_judge("validate", *VARIES, "-q", "--start-method", method, "--json", str(out), timeout=900)
        failed = [line for line in r.out.splitlines() if not line.startswith("ok ")]
        assert r.code == 0 and "FAIL" not in r.out, "\n".join(failed)[-3000:] + r.err[-2000:]
        last = r.out.strip().splitlines()[-1]
        n = int(last.split()[0])
        assert n >= 10 and last.startswith(f"{n} of {n}"), last
        report = json.loads(out.read_text())
    assert method in report["environment"]["start_method"].split(",")
    for res in report["results"]:
        for t in res["tests"]:
            if t.get("concurrency"):
                assert t["concurrency"]["start_method"] == method, res["submission"]
    reports[method] = report


def test_the_start_methods_agree_solution_by_solution(reports):
    if set(reports) != set(METHODS):
        pytest.skip("needs every method's validate run (run the whole module)")
    base = _results(reports["fork"])
    for method in METHODS[1:]:
        other = _results(reports[method])
        assert other.keys() == base.keys()
        for name, f in base.items():
            o = other[name]
            assert (o["verdict"], o["score"]) == (f["verdict"], f["score"]), (method, name)
            if f["verdict"] != "AC":
                continue
            for tf, to in zip(f["tests"], o["tests"]):
                cf, co = tf.get("concurrency") or {}, to.get("concurrency") or {}
                assert {k: co.get(k) for k in STRUCTURE} == {k: cf.get(k) for k in STRUCTURE}, (
                    f"{method}: {name} {tf['name']}"
                )


def test_a_problems_own_start_method_wins():
    """processes-primes says spawn (as on Windows and macOS): --start-method fork changes nothing."""
    own = [p for p in MULTIPROCESSING if _own_start_method(p)]
    assert own, "no problem sets its own start method: this test has nothing to check"
    solution = next((PROBLEMS / own[0] / "solutions" / "ac").glob("*.py"))
    with one_sweep():  # its parallelism rule is measured beside one burner at most, as every sweep's
        r = run_judge("check", own[0], str(solution), "--start-method", "fork", "--json", "-")
    assert r.code == 0, r.err
    methods = {
        t["concurrency"]["start_method"] for t in json.loads(r.out)["results"][0]["tests"] if t.get("concurrency")
    }
    assert methods == {"spawn"}, methods
