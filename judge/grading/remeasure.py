"""When a wall-clock verdict is the machine's load and not the program's: measured again.

A "not concurrent" RV and a stop at the wall-time limit are the grader's two verdicts that rest
on a wall clock; `starved` says when the run's wait for a CPU explains one, `measured` (called
by judge/grading/grader.py for every real run) measures the test again after each of the
pauses below, and a concurrency test whose every run the load explains is IE (`not_measured`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.verdicts import Verdict
from judge.grading.outcome import Outcome
from judge.grading.rules import NOT_CONCURRENT
from judge.problem import Problem, TestCase, rules_for
from judge.sandbox.runspec import STOP_WALL, cpu_wait

# A "not concurrent" verdict and a stop at the wall-time limit are wall-clock measurements.
# When the run's processes waited for a free CPU long enough to explain the failure, the
# machine's load alone may have caused it (a teacher's server grading beside other work, a
# CI runner's neighbours): the test is measured again (below). A solution
# that really runs its work one part after another, or really runs too long, fails every
# measurement; spinning extra processes to look starved only buys the re-measurements,
# never a pass. On a quiet machine nothing waits for a CPU and nothing is run twice.
#
# Measured again twice, each after a pause: the load that starved a run is often a burst (another
# job starting, a neighbour's build) that a run right after it meets again. CI, 2026-12-07: an
# accepted asyncio solution, beside a burner and two busy test workers, was starved in three
# runs back to back (1.17 s of its 1.35 s waiting for a CPU) and got RV.
REMEASURE_PAUSES = (0.5, 1.0)
# A "not concurrent" verdict gets one measurement more, after a longer pause: it is the rule a
# short burst can break (a run of half a second). If the load still explains the last one,
# the test is IE: the judge could not measure (never the student's fault, never cached, graded
# again next time), not an RV it cannot stand behind. A stop at the wall-time limit needs no
# such way out: its deadline already moved by the run's CPU wait (judge/sandbox/supervise.py).
CONCURRENCY_PAUSES = (*REMEASURE_PAUSES, 2.0)

# A busy run stopped at the wall-time limit is measured again when its processes spent at
# least this share of the wall time waiting for a CPU (summed over the tree). Without load
# the wait is ~0; beside one busy process per core a run waits about half the time.
STARVED_SHARE = 0.25


def measured(run: Callable[[], Outcome], problem: Problem, case: TestCase, cores: int) -> Outcome:
    """run() once, and again after each pause while the load explains its failure."""
    outcome = run()
    if not starved(problem, case, outcome, cores):
        return outcome
    for pause in CONCURRENCY_PAUSES if outcome.verdict == Verdict.RV else REMEASURE_PAUSES:
        time.sleep(pause)
        outcome = run()
        if not starved(problem, case, outcome, cores):
            return outcome
    return (
        not_measured(problem, case, outcome) if load_explains_not_concurrent(problem, case, outcome, cores) else outcome
    )


def starved(problem: Problem, case: TestCase, outcome: Outcome, cores: int) -> bool:
    """Whether the outcome is a wall-clock failure the run's CPU wait could explain."""
    run = outcome.run
    if outcome.verdict == Verdict.TLE and run.stopped == STOP_WALL:
        return cpu_wait(run) >= STARVED_SHARE * run.wall_time
    return load_explains_not_concurrent(problem, case, outcome, cores)


def load_explains_not_concurrent(problem: Problem, case: TestCase, outcome: Outcome, cores: int) -> bool:
    """A "not concurrent" RV (and nothing else) whose excess over the bound the run's CPU wait
    covers. Not when the run's own processes wanted more cores than the machine has: then it
    made (some of) its load itself, and spinning processes to look starved buys nothing."""
    if outcome.verdict != Verdict.RV or not outcome.violations or outcome.obs is None:
        return False
    if any(v.kind != NOT_CONCURRENT for v in outcome.violations):
        return False
    concurrency = rules_for(problem, case).concurrency
    if concurrency is None or outcome.obs.cores_wanted > cores:
        return False
    sequential, ratio = concurrency
    # The wait of the solution's own time: its interpreter's start-up is outside the wall time
    # the rule measured, and a fresh interpreter on a loaded machine waits there most.
    waited = outcome.run.demand_wait - outcome.obs.startup_wait
    return waited >= outcome.obs.wall_time - sequential * ratio


def not_measured(problem: Problem, case: TestCase, outcome: Outcome) -> Outcome:
    """The last "not concurrent" measurement the load still explains: IE, saying so."""
    concurrency = rules_for(problem, case).concurrency
    assert outcome.obs is not None and concurrency is not None
    outcome.verdict = Verdict.IE
    outcome.violations = []
    outcome.message = _(
        "could not measure whether the work ran at the same time: the machine was too busy "
        "(measured again and again, the last run took {wall} s against the {bound} s allowed, "
        "most of it waiting for a free processor); grade it again when the machine is less busy"
    ).format(wall=decimal(outcome.obs.wall_time, 2), bound=decimal(concurrency[0] * concurrency[1], 2))
    return outcome
