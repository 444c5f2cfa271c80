"""Report formats, found by name. Reports only read result objects; every file is written
atomically (a temporary file renamed into place), so no report on disk is ever partial."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge.core.files import write_atomic
from judge.core.formats import REPORT_FORMATS
from judge.core.i18n import current, using
from judge.core.results import SubmissionResult

# The formats by name: judge/core/formats.py (config.yaml's reports.formats is checked against it).
REGISTRY = REPORT_FORMATS


@dataclass
class Report:
    results: list[SubmissionResult]
    environment: dict[str, object] = field(default_factory=dict)
    created: str = ""
    judge_version: str = ""
    config: Any = None  # the judge.core.config.Config graded with (similarity settings), if known
    # The language its messages, hints and labels are in (the one active when it was made).
    lang: str = field(default_factory=current)
    csv_bom: bool = False  # grades.csv / similarity.csv start with a UTF-8 BOM (Excel on Windows)
    # judge.semester.roster.Roster: the LMS identifiers of the students (moodle, canvas), if given
    roster: Any = None
    # (student, problem) -> [judge.semester.history.Attempt], oldest first (report.html's details)
    attempts: dict[Any, list[Any]] = field(default_factory=dict)


def renderer(name: str) -> Callable[[Report], str]:
    module_name, _ = REGISTRY[name]
    return importlib.import_module(module_name).render


def write_reports(report: Report, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with using(report.lang):  # labels in the language of the messages they frame
        for fmt in formats:
            written.append(_write_one(report, out_dir, fmt))
    return written


def _write_one(report: Report, out_dir: Path, fmt: str) -> Path:
    module_name, filename = REGISTRY[fmt]
    path = out_dir / filename
    module = importlib.import_module(module_name)
    if hasattr(module, "write"):  # a folder of files, each written atomically by the module
        module.write(report, path)
    else:
        write_atomic(path, module.render(report))
    return path
