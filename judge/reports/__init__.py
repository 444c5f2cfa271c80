"""Report formats, found by name. Reports only read result objects; every file is written
atomically (a temporary file renamed into place), so no report on disk is ever partial."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from judge.core.files import write_atomic
from judge.core.formats import COMPANION_FILES, REPORT_FORMATS
from judge.core.i18n import current, using
from judge.core.registry import Registry
from judge.core.results import SubmissionResult

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.semester.history import Attempt
    from judge.semester.roster import Roster

# The formats by name: judge/core/formats.py (config.yaml's reports.formats is checked against it).
REGISTRY = REPORT_FORMATS
# In a reports folder: the formats `judge grade` wrote there last time, so that the next run
# removes what it no longer writes and never a file it did not write (see remove_stale).
MANIFEST = ".judge-reports.json"


@dataclass
class Report:
    results: list[SubmissionResult]
    environment: dict[str, object] = field(default_factory=dict)
    created: str = ""
    judge_version: str = ""
    config: Config | None = None  # what it was graded with (similarity settings), if known
    # The language its messages, hints and labels are in (the one active when it was made).
    lang: str = field(default_factory=current)
    csv_bom: bool = False  # grades.csv / similarity.csv start with a UTF-8 BOM (Excel on Windows)
    # The LMS identifiers of the students (moodle, canvas), if given
    roster: Roster | None = None
    # (student, problem) -> [judge.semester.history.Attempt], oldest first (report.html's details)
    attempts: dict[tuple[str, str], list[Attempt]] = field(default_factory=dict)
    # The class: every student folder, with a result or not (a student whose only file is
    # misnamed still has a row in the gradebooks). The results' students are always in it.
    students: list[str] = field(default_factory=list)

    def all_students(self) -> list[str]:
        """Every student with a row: those with results and those of `students`, sorted."""
        return sorted({r.student for r in self.results} | set(self.students))


@runtime_checkable
class TextReport(Protocol):
    """A report module that makes one file: its text."""

    def render(self, report: Report) -> str: ...


@runtime_checkable
class WritesFiles(Protocol):
    """A report module that writes its own files, each atomically: a folder (feedback/), or
    its file and the companions beside it (moodle.csv, moodle-unmatched.csv)."""

    def write(self, report: Report, path: Path) -> list[Path]: ...


@runtime_checkable
class RemovesFolder(Protocol):
    """A folder format that removes only the files it wrote (remove_stale)."""

    def remove(self, folder: Path) -> bool: ...


# Each format's module (judge/core/registry.py), imported when the format is written.
MODULES: Registry[TextReport | WritesFiles] = Registry({name: module for name, (module, _file) in REGISTRY.items()})


def renderer(name: str) -> Callable[[Report], str]:
    module = MODULES.load(name)
    if not isinstance(module, TextReport):
        raise TypeError(f"{name} writes files, not one text")
    return module.render


def write_reports(report: Report, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with using(report.lang):  # labels in the language of the messages they frame
        for fmt in formats:
            written.append(_write_one(report, out_dir, fmt))
    return written


def _write_one(report: Report, out_dir: Path, fmt: str) -> Path:
    path = out_dir / REGISTRY[fmt][1]
    module = MODULES.load(fmt)
    if isinstance(module, WritesFiles):  # its files, each written atomically by the module
        module.write(report, path)
    else:
        write_atomic(path, module.render(report))
    return path


def remove_stale(out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Remove the reports an earlier `judge grade` wrote into `out_dir` in formats not asked
    for this time (a report.html left beside today's grades.csv reads as today's), then
    record this run's formats. Only what the folder's manifest says the judge wrote there is
    touched, so a teacher's own report.md in the folder never is; a feedback folder loses
    only the files feedback_report wrote. The paths removed, for the command to say so."""
    manifest = out_dir / MANIFEST
    try:
        before = json.loads(manifest.read_text(encoding="utf-8")).get("formats", [])
    except (OSError, ValueError, AttributeError):
        before = []  # no manifest (a first run, or an older judge's folder): nothing is known to be ours
    removed: list[Path] = []
    for fmt in before:
        if not isinstance(fmt, str) or fmt not in REGISTRY or fmt in formats:
            continue
        path = out_dir / REGISTRY[fmt][1]
        if path.is_dir() and not path.is_symlink():
            # A folder format (feedback/) removes only the files it wrote: its module knows them.
            module = MODULES.load(fmt)
            if isinstance(module, RemovesFolder) and module.remove(path):
                removed.append(path)
        elif path.is_file():
            try:
                path.unlink()
            except FileNotFoundError:
                pass
            else:
                removed.append(path)
        for companion in COMPANION_FILES.get(fmt, ()):
            extra = out_dir / companion
            if extra.is_file() and not extra.is_symlink():
                extra.unlink(missing_ok=True)
                removed.append(extra)
    write_atomic(manifest, json.dumps({"formats": sorted(set(formats))}) + "\n")
    return removed
