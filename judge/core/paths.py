"""Where the judge keeps things it can rebuild: compiled checkers and solutions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from judge.core.i18n import _


def user_cache_dir(kind: str) -> Path:
    """$JUDGE_CACHE_DIR/KIND, else $XDG_CACHE_HOME (~/.cache)/judge/KIND, else a per-user
    folder in the temp dir: the first of them that can be created and written."""
    candidates = []
    if os.environ.get("JUDGE_CACHE_DIR"):
        candidates.append(Path(os.environ["JUDGE_CACHE_DIR"]) / kind)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates.append(Path(xdg) / "judge" / kind)
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")  # Windows: no uid
    candidates.append(Path(tempfile.gettempdir()) / f"judge-{user}" / kind)
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise OSError(_("no writable cache folder for {kind}: set JUDGE_CACHE_DIR").format(kind=kind))
