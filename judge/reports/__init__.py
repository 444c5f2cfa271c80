"""Report formats, found by name. Reports only read result objects; every file is written
atomically (a temporary file renamed into place), so no report on disk is ever partial."""

from __future__ import annotations

import importlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from judge.i18n import current, using
from judge.results import SubmissionResult

# name -> (module, the file it writes)
REGISTRY: dict[str, tuple[str, str]] = {
    "json": ("judge.reports.json_report", "report.json"),
    "csv": ("judge.reports.csv_report", "grades.csv"),
    "md": ("judge.reports.md_report", "report.md"),
    "junit": ("judge.reports.junit_report", "junit.xml"),
    "gradescope": ("judge.reports.gradescope_report", "results.json"),
    "html": ("judge.reports.html_report", "report.html"),
    "similarity": ("judge.reports.similarity_report", "similarity.csv"),
    "moodle": ("judge.reports.moodle_report", "moodle.csv"),
    "canvas": ("judge.reports.canvas_report", "canvas.csv"),
    # A folder format: its module has write(report, folder) -> list[Path] instead of render.
    "feedback": ("judge.reports.feedback_report", "feedback"),
}


@dataclass
class Report:
    results: list[SubmissionResult]
    environment: dict[str, object] = field(default_factory=dict)
    created: str = ""
    judge_version: str = ""
    config: Any = None  # the judge.config.Config graded with (similarity settings), if known
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


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # surrogateescape: a name that was not UTF-8 text on disk (a student folder under
        # LC_ALL=C, decoded byte by byte) is written back as the bytes it was, not a crash.
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
