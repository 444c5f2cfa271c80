"""A "not concurrent" verdict or a wall-time stop the machine's load alone explains is
measured again (judge/grading/remeasure.py); one the load cannot explain is not."""

from __future__ import annotations

from judge.core.verdicts import Verdict
from judge.grading.observe import Observation
from judge.grading.outcome import Outcome
from judge.grading.remeasure import starved
from judge.grading.rules import NOT_CONCURRENT, NOT_PARALLEL, Violation
from judge.problem import load_problem
from judge.sandbox.runspec import STOP_CPU, STOP_WALL, RunResult
from tests.conftest import PROBLEMS

CORES = 2


def _outcome(wall: float, waited: float, kind: str = NOT_CONCURRENT, cpu: float = 0.05) -> Outcome:
    run = RunResult(wall_time=wall, demand_wait=waited, cpu_time=cpu)
    obs = Observation(wall_time=wall, cpu_time=cpu, runqueue_wait=waited)
    return Outcome(Verdict.RV, run, obs=obs, violations=[Violation(None, "slow", kind)])


def test_only_a_concurrency_verdict_the_cpu_wait_explains_is_measured_again():
    problem = load_problem(PROBLEMS / "threads-daemon")
    case = next(t for t in problem.tests if t.name == "secret/01")
    from judge.problem import rules_for

    sequential, ratio = rules_for(problem, case).concurrency
    bound = sequential * ratio
    assert starved(problem, case, _outcome(bound + 0.5, waited=0.6), CORES)  # the wait covers the excess
    # Unless most of it came before the solution's first line (a fresh interpreter's start-up
    # on a loaded machine), outside the wall time the rule measured.
    early = _outcome(bound + 0.5, waited=0.6)
    assert early.obs is not None
    early.obs.startup_wait = 0.3
    assert not starved(problem, case, early, CORES)
    assert not starved(problem, case, _outcome(bound + 0.5, waited=0.2), CORES)  # it does not: sequential
    assert not starved(problem, case, _outcome(bound + 0.5, waited=5, kind=NOT_PARALLEL), CORES)
    accepted = _outcome(bound - 0.1, waited=1)
    accepted.verdict = Verdict.AC
    assert not starved(problem, case, accepted, CORES)
    # Its own processes wanted more cores than the machine has (busy ones spun to look
    # starved): the wait is of its own making, and the RV stands.
    spun = _outcome(bound + 0.5, waited=3 * (bound + 0.5), cpu=2 * (bound + 0.5))
    assert spun.obs is not None and spun.obs.cores_wanted > CORES
    assert not starved(problem, case, spun, CORES)
    assert starved(problem, case, spun, 8)  # on a machine with cores to spare, the load was not its own


def _stopped_at_the_wall(wall: float, waited: float) -> Outcome:
    run = RunResult(wall_time=wall, runqueue_wait=waited, stopped=STOP_WALL, cpu_time=wall - waited)
    return Outcome(Verdict.TLE, run)


def test_a_wall_stop_the_cpu_wait_explains_is_measured_again_a_quiet_one_is_not():
    problem = load_problem(PROBLEMS / "processes-primes")
    case = next(t for t in problem.tests if t.name == "secret/03")
    # Beside other work (a CI runner's neighbours): a third of the wall waiting for a CPU.
    assert starved(problem, case, _stopped_at_the_wall(3.0, waited=1.0), CORES)
    # A quiet machine: the run had its CPU and still ran out of time; one measurement.
    assert not starved(problem, case, _stopped_at_the_wall(3.0, waited=0.1), CORES)
    # The CPU limit is no wall-clock measurement: never measured again.
    cpu = _stopped_at_the_wall(5.0, waited=3.0)
    cpu.run.stopped = STOP_CPU
    assert not starved(problem, case, cpu, CORES)


def test_the_wait_of_children_that_ended_before_the_stop_counts_as_wanted_cpu():
    """A program that starts its processes one after another has one alive at the wall stop;
    the ones before it waited for a CPU too (seen while polling, demand_wait). Counted, the run
    is busy (TLE, measured again on a loaded machine), not idle (ILE) — the portable sweep's
    processes-primes rv/start_join_same_loop.py got ILE beside other work without them."""
    from judge.sandbox.runspec import is_busy

    run = RunResult(wall_time=3.0, cpu_time=0.9, runqueue_wait=0.1, demand_wait=1.2, stopped=STOP_WALL)
    assert is_busy(run)
    assert not is_busy(RunResult(wall_time=3.0, cpu_time=0.9, runqueue_wait=0.1, stopped=STOP_WALL))
    problem = load_problem(PROBLEMS / "processes-primes")
    case = next(t for t in problem.tests if t.name == "secret/01")
    assert starved(problem, case, Outcome(Verdict.TLE, run), CORES)
