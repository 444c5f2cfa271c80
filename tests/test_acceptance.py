"""The data-driven acceptance suite: every solution of every problem gets its expected verdict,
forked from the zygote (the default) and from a fresh interpreter (--no-zygote) alike, in
Russian and in English.

Each problem is validated in both modes — the warm run (the default isolation; one validate of
every problem with every run traced, tests/conftest.py warm_sweep, whose traces
tests/test_trace_viewers.py checks) speaks Russian, the fresh one English: for the exercises
with a timing rule the portable sweep's (tests/conftest.py portable_sweep: a fresh interpreter
per run, the sandbox that polls, spawn), judged beside a CPU burner (as many busy processes as
cores), for the others the base layer's (tests/conftest.py fresh_sweep: --isolation basic,
children started by a forkserver): a verdict must not depend on the load, the zygote or the
sandbox; beyond the verdicts validate checks itself, the two JSON reports must agree test by test where
a run is deterministic: every test's verdict for the assigned problems, and what the
concurrency exercises' accepted solutions were seen to start (threads, processes, asyncio
tasks, locks). And what `judge check` prints for each solution, rendered from those results
by the same code, must be in the language asked for: no English sentence in the Russian one
(code, file names, verdict codes and the program's own output aside), no Russian in the
English one.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ALL_PROBLEMS, PROBLEMS, SWEEPS, Sweep, timing_problems
from tests.language_check import cyrillic, english_sentences

pytestmark = pytest.mark.xdist_group(SWEEPS)  # (tests/conftest.py SWEEPS)

TIMING = timing_problems()  # judged fresh by the portable sweep, beside the burner
STRUCTURE = ("threads_started", "processes_started", "tasks", "locks", "leftover_processes")


def _checked(sweep: Sweep) -> dict[str, dict]:
    """A one-problem validate's results by solution, once its printout shows every solution
    got its expected verdict."""
    r = sweep.run
    assert r.code == 0, r.out[-3000:] + r.err[-2000:]
    assert "FAIL" not in r.out and "ОШИБКА" not in r.out
    last = r.out.strip().splitlines()[-1]
    counts = re.search(r"(\d+) (?:of|из) (\d+)", last)  # "8 of 8 solutions ...", "... 8 из 8"
    assert counts, last
    ok, n = map(int, counts.groups())
    assert n >= 3 and ok == n, last
    return {res["submission"]: res for res in sweep.report["results"]}


def check_output(pid: str, result: dict, lang: str) -> str:
    """What `judge check` prints for `result` (judge.commands.check_output.print_check, as the command calls it)."""
    import click.testing

    from judge.commands import check_output as output
    from judge.core import i18n
    from judge.core.results import SubmissionResult
    from judge.problem import load_problem

    problem = load_problem(PROBLEMS / pid)
    runner = click.testing.CliRunner()
    with i18n.using(lang):
        command = click.Command(
            "check",
            callback=lambda: output.print_check(
                problem, SubmissionResult.from_json(result), verbose=False, color=False
            ),
        )
        printed = runner.invoke(command, [])
    assert printed.exit_code == 0, printed.output
    return printed.output


def _check_timelines(name: str, result: dict) -> None:
    """Every observed sample test carries its timeline (issue 13): valid Trace Event JSON once
    exported, and one lane per thread, process and asyncio task the solution started."""
    from judge.timeline import PROCESS, TASK, THREAD, Timeline, trace_events, validate_trace

    for t in result["tests"]:
        if not t.get("concurrency") or t["verdict"] == "SK":
            continue
        if not t["sample"]:
            assert "timeline" not in t, f"{name} {t['name']}: a hidden test's timeline in the report"
            continue
        assert t.get("timeline"), f"{name} {t['name']}: no timeline"
        timeline = Timeline.from_json(t["timeline"])
        problems = validate_trace(trace_events(timeline))
        assert not problems, f"{name} {t['name']}: {problems[:5]}"
        lanes = {kind: sum(1 for lane in timeline.lanes if lane.kind == kind) for kind in (THREAD, PROCESS, TASK)}
        c = t["concurrency"]
        assert lanes[THREAD] == c["threads_started"], (name, t["name"], lanes, c)
        # Every child started has its lane, even one killed before its first line (the
        # parent's word for it). More counted than lanes only when a start() failed: a
        # spawned child without the __main__ guard counts the start() that raises in it.
        assert lanes[PROCESS] <= c["processes_started"], (name, t["name"], lanes, c)
        if result["verdict"] == "AC":
            assert lanes[PROCESS] == c["processes_started"], (name, t["name"], lanes, c)
        # asyncio.run() creates two tasks of its own at shutdown; they are not the solution's.
        assert c["tasks"] - 2 <= lanes[TASK] <= c["tasks"], (name, t["name"], lanes, c)


def test_the_warm_sweep_gives_every_solution_its_verdict(warm_sweep):
    """The default isolation, warm, every run traced: every solution of every problem."""
    r = warm_sweep.run
    assert r.code == 0 and "ОШИБКА" not in r.out, r.out[-3000:] + r.err[-2000:]
    assert {res["problem"] for res in warm_sweep.report["results"]} == set(ALL_PROBLEMS)
    n = len(warm_sweep.report["results"])
    assert re.search(rf"\b{n} из {n}\b", r.out.strip().splitlines()[-1]), r.out[-300:]


@pytest.mark.parametrize("pid", ALL_PROBLEMS)
def test_every_solution_gets_its_verdict_warm_and_fresh(pid, warm_sweep, fresh_sweep, portable_sweep):
    warm = warm_sweep.results_of(pid)
    lines = warm_sweep.lines_of(pid)
    assert len(lines) == len(warm) >= 3 and not [x for x in lines if "ОШИБКА" in x], "\n".join(lines)
    # A problem with a timing rule runs fresh in the portable sweep, beside the burner; the
    # others' fresh run is the base layer's (Linux without namespaces) and the forkserver's:
    # one validate covers them all, where one more would cost the suite as many passes.
    if pid in TIMING:
        fresh = portable_sweep.results_of(pid)
        assert len(fresh) == len(portable_sweep.lines_of(pid)) and not [
            x for x in portable_sweep.lines_of(pid) if "FAIL" in x
        ], "\n".join(portable_sweep.lines_of(pid))
        assert "polling" in set(portable_sweep.report["environment"]["isolation"])
    else:
        fresh = _checked(fresh_sweep.of(pid))
        layers = set(fresh_sweep.of(pid).report["environment"]["isolation"])
        assert not layers & {"netns", "pidns", "cgroup", "uid", "polling"}, layers
    assert warm.keys() == fresh.keys()
    for name in warm:  # the language of every word a student reads, and of none other
        russian, english = check_output(pid, warm[name], "ru"), check_output(pid, fresh[name], "en")
        assert not english_sentences(russian), f"{name}: English in the Russian output:\n{russian}"
        assert not cyrillic(english), f"{name}: Russian in the English output:\n{english}"
        assert "verdict:" in english and "вердикт:" in russian
        _check_timelines(name, warm[name])
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
                assert {k: cw.get(k) for k in STRUCTURE} == {k: cf.get(k) for k in STRUCTURE}, f"{name} {tw['name']}"


def test_every_solution_gets_its_verdict_at_every_isolation_level(portable_sweep):
    """The same verdicts on every machine: the portable sandbox (macOS, Windows; here in the
    Windows stand-in, tests/test_portable.py) validates every problem as the default (strict
    as root, the kernel's own namespaces) and the base layer (Linux without namespaces: the
    fresh runs above) do."""
    r = portable_sweep.run
    assert r.code == 0 and "FAIL" not in r.out, r.out[-3000:] + r.err[-2000:]
    results = portable_sweep.report["results"]
    assert {res["problem"] for res in results} == set(ALL_PROBLEMS)
    layers = set(portable_sweep.report["environment"]["isolation"])
    assert "polling" in layers, layers
    assert not layers & {"netns", "cgroup", "uid", "session", "rlimits"}, layers
