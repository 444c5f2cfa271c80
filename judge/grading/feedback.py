"""What the student reads: sample diffs with visible whitespace, cleaned tracebacks."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from judge.core.i18n import _, ngettext

_RUN_DIR = re.compile(r"/[^\s\"']*/judge-run-[A-Za-z0-9_]+/")
_FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+)')
# Frames of the judge's own machinery: the bootstrap, runpy, importlib.
_JUDGE_FRAME = re.compile(r'^  File "(?:[^"]*judge[/\\]sandbox[/\\][^"]*|<frozen runpy>|<frozen importlib[^"]*>)"')


MAX_LINE = 200  # a diff line longer than this is cut: a 16 MiB line must not reach a report


def visible(line: str, limit: int = MAX_LINE) -> str:
    """Trailing spaces and tabs shown: the usual cause of a 'same-looking' wrong answer."""
    if len(line) > limit:
        more = len(line) - limit
        return line[:limit].replace("\t", "→") + ngettext(
            "... ({n} more character)", "... ({n} more characters)", more
        ).format(n=more)
    stripped = line.rstrip(" \t")
    tail = line[len(stripped) :].replace(" ", "·").replace("\t", "→")
    return stripped.replace("\t", "→") + tail


def sample_diff(expected: bytes, got: bytes, max_lines: int = 20) -> str:
    exp = expected.decode("utf-8", "replace").splitlines()
    # Only the start of a huge output can matter for a diff of max_lines lines.
    out = got[: 64 * 1024].decode("utf-8", "replace").splitlines()
    first = next((i for i, (a, b) in enumerate(zip(exp, out)) if a != b), min(len(exp), len(out)))
    lines: list[str] = []
    if first < max(len(exp), len(out)):
        end = _("<end of output>")
        e = _quote(exp[first]) if first < len(exp) else end
        g = _quote(out[first]) if first < len(out) else end
        lines += [
            _("first difference at line {line}:").format(line=first + 1),
            _("  expected: {text}").format(text=e),
            _("  got:      {text}").format(text=g),
        ]
    else:
        lines.append(_("the lines are equal; the difference is in whitespace or line endings"))
    body = list(
        difflib.unified_diff(
            [visible(x) for x in exp], [visible(x) for x in out], _("expected"), _("got"), n=2, lineterm=""
        )
    )
    if len(body) > max_lines:
        more = len(body) - max_lines
        body = body[:max_lines] + [
            ngettext("... ({n} more diff line)", "... ({n} more diff lines)", more).format(n=more)
        ]
    return "\n".join(lines + body)


def _quote(s: str, limit: int = 120) -> str:
    shown = visible(s)
    if len(shown) > limit:
        shown = shown[:limit] + "..."
    return f'"{shown}"'


@dataclass(frozen=True)
class CrashInfo:
    exception: str  # "ValueError: invalid literal for int() with base 10: '1 2 3'"
    line: int | None  # the student's line where it was raised
    traceback: str  # the last traceback lines, judge frames removed


def clean_stderr(stderr: bytes, source_name: str) -> str:
    """stderr with the sandbox's run directory hidden and the judge's own frames removed."""
    text = stderr.decode("utf-8", "replace")
    text = _RUN_DIR.sub("", text)
    out: list[str] = []
    skip_code = False
    for line in text.splitlines():
        if _JUDGE_FRAME.match(line):
            skip_code = True
            continue
        if skip_code and line.startswith("    "):
            continue
        skip_code = False
        out.append(line)
    return "\n".join(out)


def crash_info(stderr: bytes, source_name: str, keep_lines: int = 8) -> CrashInfo:
    text = clean_stderr(stderr, source_name)
    lines = text.splitlines()
    start = max(
        (i for i, text in enumerate(lines) if text.startswith("Traceback (most recent call last)")), default=None
    )
    exception = ""
    line_no = None
    if start is not None:
        tb = lines[start:]
        for text in tb:
            m = _FRAME.match(text)
            if m and m.group("file").endswith(source_name):
                line_no = int(m.group("line"))
        exc_lines = [text for text in tb[1:] if text and not text.startswith(" ")]
        exception = exc_lines[-1] if exc_lines else ""
        tail = tb[-keep_lines:] if len(tb) > keep_lines else tb
        return CrashInfo(exception, line_no, "\n".join(tail))
    nonempty = [text for text in lines if text.strip()]
    return CrashInfo(nonempty[-1] if nonempty else "", None, "\n".join(nonempty[-keep_lines:]))
