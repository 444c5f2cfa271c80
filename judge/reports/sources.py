"""Submission sources for the reports that show code (report.html, similarity).

report.json does not carry sources (it is a contract and must stay small); these reports read
each file again at render time from `SubmissionResult.submission`, right after grading. A file
is shown only when it is still exactly what was graded (same sha256): a submission the grader
refused to read (a symlink out of the folder, too large), or one changed since, is never shown.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from judge.core.results import SubmissionResult

MAX_SOURCE = 1024 * 1024  # bytes read at most (the grader's default source size limit)
MAX_SHOWN_LINES = 2000


@dataclass(frozen=True)
class Source:
    text: str  # decoded, possibly cut to MAX_SHOWN_LINES lines
    lines: int  # lines in the whole file
    truncated: bool


def read_source(result: SubmissionResult) -> Source | None:
    """The graded source of a result as text, or None when it cannot be shown."""
    if not result.sha256 or not result.submission:
        return None
    path = Path(result.submission)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SOURCE:
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_SOURCE + 1)
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != result.sha256 or b"\0" in data:
        return None
    text = data.decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    truncated = len(lines) > MAX_SHOWN_LINES
    shown = lines[:MAX_SHOWN_LINES]
    return Source(text="\n".join(shown), lines=len(lines), truncated=truncated)


def read_sources(results: list[SubmissionResult]) -> dict[int, Source]:
    """index in `results` -> its source, for those that can be shown."""
    out: dict[int, Source] = {}
    for i, r in enumerate(results):
        src = read_source(r)
        if src is not None:
            out[i] = src
    return out
