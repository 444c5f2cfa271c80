"""One test's run(s) as the grader sees them, before they become a TestResult."""

from __future__ import annotations

from dataclasses import dataclass, field

from judge.core.verdicts import Verdict
from judge.grading import hints as hintlib
from judge.grading.observe import Observation
from judge.grading.rules import Violation
from judge.sandbox.runspec import RunResult
from judge.timeline import Timeline


@dataclass
class Outcome:
    """One test's run(s), before they become a TestResult."""

    verdict: Verdict
    run: RunResult
    message: str = ""
    diff: str = ""
    exception: str = ""
    line: int | None = None
    stderr: str = ""
    obs: Observation | None = None
    violations: list[Violation] = field(default_factory=list)
    runs: int = 1
    dump: str = ""  # where each thread was blocked, on an idle timeout (for people)
    blocked: list[hintlib.Blocked] = field(default_factory=list)  # the same, for the hints
    timeline: Timeline | None = None  # what ran when, from the trace events of an observed run
    schedule: int | None = None  # the controlled schedule that gave this outcome (None: the real run)
    schedules: int = 0  # controlled schedules run for the test
    checker_message: str = ""  # the checker's own words on any verdict (the teacher's runs keep them)
