"""Finds submissions in a folder laid out as config.layout says: student, problem, language."""

from __future__ import annotations

import os
import re
from pathlib import Path

from judge.core.errors import UsageError
from judge.core.i18n import _
from judge.grading.submission import Submission


def layout_regex(layout: str) -> re.Pattern[str]:
    pattern = re.escape(layout)
    for name, rx in (("student", r"[^/]+"), ("problem", r"[^/]+?"), ("ext", r"[^/.]+")):
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>{rx})")
    return re.compile(f"^{pattern}$")


def find_submissions(root: Path, layout: str) -> tuple[list[Submission], list[Path]]:
    """(submissions, ignored files). Symlinks are never followed out of `root`."""
    if not root.exists():
        raise UsageError(_("{folder}: no such folder").format(folder=root))
    if not root.is_dir():
        raise UsageError(_("{folder}: not a folder").format(folder=root))
    rx = layout_regex(layout)
    real_root = root.resolve()
    found: list[Submission] = []
    ignored: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        base = Path(dirpath)
        # A directory named like a submission ("3504.py/") is a submission that is not a file.
        entries = sorted(filenames) + [d for d in dirnames if rx.match(_rel(base / d, root))]
        for name in entries:
            if name.startswith("."):
                continue
            path = base / name
            rel = _rel(path, root)
            m = rx.match(rel)
            if not m:
                ignored.append(path)
                continue
            rejected = None
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    rejected = _("{name}: a symbolic link pointing outside the submissions folder (not read)").format(
                        name=name
                    )
            found.append(
                Submission(
                    path=path,
                    student=m.group("student"),
                    problem=m.group("problem"),
                    display=str(path),
                    rejected=rejected,
                )
            )
    found.sort(key=lambda f: (f.student, f.problem))
    return found, ignored


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def student_folders(root: Path, layout: str, exclude: tuple[Path, ...] = ()) -> list[str]:
    """The student folders of a layout that starts with one (`{student}/...`): every folder at
    the top of `root`, hidden ones and `exclude` (the reports, the problems, when they live
    inside it) aside. A student whose files are all misnamed, or who handed in nothing, is
    still one of the class: the gradebook gives them a row. Other layouts: none."""
    if not layout.startswith("{student}/") or not root.is_dir():
        return []
    skip = {_resolved(p) for p in exclude}
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name != "__pycache__" and _resolved(p) not in skip
    )


def outside(found: list[Submission], exclude: tuple[Path, ...]) -> list[Submission]:
    """The submissions not under any of `exclude` (the judge's own reports or problems inside
    the submissions folder are never a student's files)."""
    skip = [_resolved(p) for p in exclude]
    # The file's folder resolved, not the file: a link to a problem's answers stays a
    # submission (rejected as such), never silently dropped.
    return [f for f in found if not any((_resolved(f.path.parent) / f.path.name).is_relative_to(s) for s in skip)]


def misplaced(root: Path, ignored: list[Path], students: list[str]) -> list[str]:
    """The ignored files inside student folders, relative to `root` ('carol_p/hw/sum.py'): a
    student's work the layout does not find (compiled caches aside)."""
    names = set(students)
    out = []
    for path in ignored:
        rel = _rel(path, root)
        parts = rel.split("/")
        if len(parts) > 1 and parts[0] in names and "__pycache__" not in parts:
            out.append(rel)
    return sorted(out)


def _resolved(path: Path) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))
