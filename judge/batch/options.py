"""The settings of one batch, built once by the command and passed down as one value.

A grading's settings used to walk through five functions as parameters, each passing on what
it did not use (`isolation` beside cache, rerun, cluster and quiet). Now the command layer
(judge/commands/grade.py, validate.py) builds these frozen values from its options and config.yaml, and each layer
reads the fields it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judge.batch.semester_plan import Cutoff


@dataclass(frozen=True, kw_only=True)
class BatchOptions:
    """How a batch of submissions is run."""

    workers: int = 1  # submissions graded at once on this machine
    isolation: str = "auto"  # the sandbox level asked for (judge/sandbox/layers.py)
    quiet: bool = False  # no progress bar
    use_cache: bool = True  # results of unchanged submissions from the cache
    rerun: bool = False  # grade again even what the cache knows (and store the new results)
    cluster: str | None = None  # a Dask scheduler's address: grade there
    changed_since: str | None = None  # a git ref: only the files changed since (a pull request)
    trace_hidden: bool = False  # every test's timeline kept, the hidden ones' too (validate --trace)


@dataclass(frozen=True, kw_only=True)
class ReportOptions:
    """What a grading writes and where."""

    out_dir: Path
    formats: tuple[str, ...]
    csv_bom: bool = False  # a byte-order mark in the CSVs (Excel on Windows)
    roster_path: Path | None = None  # the LMS identifiers (else config.yaml's `roster:`)
    allow_partial_roster: bool = False  # roster rows an LMS cannot match: warnings, not an error


@dataclass(frozen=True, kw_only=True)
class SemesterOptions:
    """Which version of each file counts and when it was handed in."""

    cutoff: Cutoff | None = None  # each file as committed by a time (--at-deadline, --as-of)
    times_csv: Path | None = None  # hand-in times from an LMS (--times)
