"""A submission: one student's file (or folder of files: judge/grading/sources.py) for one
problem, as `judge check`, `judge grade` (found by judge/batch/discover.py) and `judge
validate` hand it to the grader."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Submission:
    path: Path
    student: str
    problem: str
    display: str  # how the report names it, e.g. "submissions/alice/3504.py"
    rejected: str | None = None  # a reason not to read it at all (a symlink out of the tree)
    # Skip the tests after the first failed one (SK): the verdict is decided there. For
    # `judge validate` of a wrong solution whose score and hints nobody checks.
    stop_at_first_failure: bool = False
    # The teacher's own run (`judge validate` of solutions/): a failed hidden test gets its
    # diff as a sample does. Never set for a student's file: hidden tests keep their data.
    reveal_hidden: bool = False
    # A folder submission's entry point, when named (solutions/expected.yaml `entry_point`);
    # None: judge/grading/sources.py's rule picks it.
    entry_point: str | None = None
