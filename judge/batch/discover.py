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
