"""A "not concurrent" verdict or a wall-time stop the machine's load alone explains is
measured again (judge/grading/grader.py REMEASURES); one the load cannot explain is not."""

from __future__ import annotations

from judge.core.verdicts import Verdict
from judge.grading.grader import _Outcome, _starved
from judge.grading.observe import Observation
from judge.grading.rules import NOT_CONCURRENT, NOT_PARALLEL, Violation
from judge.problem import load_problem
from judge.sandbox.runspec import STOP_CPU, STOP_WALL, RunResult
from tests.conftest import PROBLEMS


def _outcome(wall: float, waited: float, kind: str = NOT_CONCURRENT) -> _Outcome:
    run = RunResult(wall_time=wall, demand_wait=waited)
    return _Outcome(Verdict.RV, run, obs=Observation(wall_time=wall), violations=[Violation(None, "slow", kind)])


def test_only_a_concurrency_verdict_the_cpu_wait_explains_is_measured_again():
    problem = load_problem(PROBLEMS / "threads-daemon")
    case = next(t for t in problem.tests if t.name == "secret/01")
    from judge.problem import rules_for

    sequential, ratio = rules_for(problem, case).concurrency
    bound = sequential * ratio
    assert _starved(problem, case, _outcome(bound + 0.5, waited=0.6))  # the wait covers the excess
    assert not _starved(problem, case, _outcome(bound + 0.5, waited=0.2))  # it does not: sequential
    assert not _starved(problem, case, _outcome(bound + 0.5, waited=5, kind=NOT_PARALLEL))
    accepted = _outcome(bound - 0.1, waited=1)
    accepted.verdict = Verdict.AC
    assert not _starved(problem, case, accepted)


def _stopped_at_the_wall(wall: float, waited: float) -> _Outcome:
    run = RunResult(wall_time=wall, runqueue_wait=waited, stopped=STOP_WALL, cpu_time=wall - waited)
    return _Outcome(Verdict.TLE, run)


def test_a_wall_stop_the_cpu_wait_explains_is_measured_again_a_quiet_one_is_not():
    problem = load_problem(PROBLEMS / "processes-primes")
    case = next(t for t in problem.tests if t.name == "secret/03")
    # Beside other work (a CI runner's neighbours): a third of the wall waiting for a CPU.
    assert _starved(problem, case, _stopped_at_the_wall(3.0, waited=1.0))
    # A quiet machine: the run had its CPU and still ran out of time; one measurement.
    assert not _starved(problem, case, _stopped_at_the_wall(3.0, waited=0.1))
    # The CPU limit is no wall-clock measurement: never measured again.
    cpu = _stopped_at_the_wall(5.0, waited=3.0)
    cpu.run.stopped = STOP_CPU
    assert not _starved(problem, case, cpu)
