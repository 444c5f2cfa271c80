"""Where the judge keeps things it can rebuild: compiled checkers and solutions."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from judge.core.i18n import _

CACHE_ENV = "JUDGE_CACHE_DIR"
RESULTS_CACHE = Path(".judge-cache")  # the result cache's default folder (relative: per project)


def results_cache_dir(configured: Path | None) -> Path:
    """The result cache's folder: $JUDGE_CACHE_DIR, else config.yaml's cache_dir, else
    ./.judge-cache."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return configured if configured is not None else RESULTS_CACHE


def user_cache_dir(kind: str) -> Path:
    """$JUDGE_CACHE_DIR/KIND, else $XDG_CACHE_HOME (~/.cache)/judge/KIND, else a per-user
    folder in the temp dir: the first of them that can be created and written."""
    candidates = []
    if os.environ.get(CACHE_ENV):
        candidates.append(Path(os.environ[CACHE_ENV]) / kind)
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
