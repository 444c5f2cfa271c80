"""DOMjudge problem packages -> our problem folder.

A DOMjudge package is a Kattis package (judge/importers/kattis.py does the work) that DOMjudge
reads its own way, and so do we here:

- scoring: a test data folder without subfolders scores its `accept_score` when all its tests
  pass (one all-or-nothing group), a folder with subfolders combines them by its own
  `grader_flags` (sum, avg, min); Kattis instead scores every test with `accept_score`;
- expected results: `@EXPECTED_RESULTS@: ...` and `@EXPECTED_SCORE@: ...` in a submission's
  source, and `entry_point` in submissions.json (judge/importers/expectations.py);
- a package without data/secret/ is judged on its samples (as with `kattis`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from judge.importers import kattis
from judge.importers.common import ProblemBuilder

if TYPE_CHECKING:
    from judge.core.config import Config


def convert(source: Path, builder: ProblemBuilder, config: Config) -> None:
    kattis.convert(source, builder, config, dialect="domjudge")
