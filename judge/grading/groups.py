"""How a problem's test groups score a submission, and which tests an all-or-nothing group
need not run."""

from __future__ import annotations

import threading

from judge.core.i18n import _
from judge.core.results import TestResult
from judge.core.verdicts import Verdict
from judge.problem import Problem

# A run stopped at a limit. After one, the rest of its all-or-nothing group is not run.
LIMIT_VERDICTS = frozenset({Verdict.TLE, Verdict.ILE, Verdict.MLE, Verdict.OLE})


class GroupCutoff:
    """The tests of an all-or-nothing group (`scoring: all`) after one of its tests hit a limit
    (TLE, ILE, MLE, OLE) are not run: SK. The group's points are lost whatever they give, and a
    program that never ends cost a whole time limit per test (23 seconds of CPU for one
    student of the sample class). Kattis's `on_reject: break`, for the costly verdicts only: a
    wrong answer's group still runs to the end, for every test's hint.

    Tests run side by side may finish out of order; settle() makes the result that of a run
    one at a time: every test of the group after the first (in test order) that hit a limit
    is SK, whether or not it ran. Thread-safe: the sandboxes' threads share one."""

    def __init__(self, problem: Problem) -> None:
        self._tests = [case.name for case in problem.tests]
        self._order = {name: i for i, name in enumerate(self._tests)}
        self._group = {name: g.name for g in problem.groups if g.scoring == "all" for name in g.tests}
        self._hit: dict[str, int] = {}  # group -> the order of its earliest test known to hit a limit
        self._lock = threading.Lock()

    def _reason(self, group: str) -> str:
        return _("not run: {test} of group {group} hit a limit, and the group's points need every test").format(
            test=self._tests[self._hit[group]], group=group
        )

    def skipped(self, name: str) -> str | None:
        """Why test `name` is not run (an earlier test of its group hit a limit), else None."""
        group = self._group.get(name)
        with self._lock:
            if group is None or self._hit.get(group, len(self._tests)) >= self._order[name]:
                return None
            return self._reason(group)

    def record(self, name: str, verdict: Verdict) -> None:
        group = self._group.get(name)
        if group is not None and verdict in LIMIT_VERDICTS:
            with self._lock:
                at = self._order[name]
                self._hit[group] = min(at, self._hit.get(group, at))

    def settle(self, verdicts: list[Verdict]) -> dict[int, str]:
        """The tests (their order) to report SK, with why: those after their group's first
        limit that ran anyway, side by side with it."""
        cut = {}
        for i, (name, verdict) in enumerate(zip(self._tests, verdicts)):
            group = self._group.get(name)
            if group is not None and verdict != Verdict.SK and self._hit.get(group, len(self._tests)) < i:
                cut[i] = self._reason(group)
        return cut


def score_groups(problem: Problem, tests: list[TestResult]) -> None:
    by_name = {t.name: t for t in tests}
    for group in problem.groups:
        members = [by_name[n] for n in group.tests if n in by_name]
        if group.scoring == "all":
            ok = all(t.verdict == Verdict.AC for t in members)
            for t in members:
                t.points = t.max_points if ok else 0
        else:
            for t in members:
                t.points = t.max_points if t.verdict == Verdict.AC else 0
