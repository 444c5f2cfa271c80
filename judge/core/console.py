"""The standard streams, made safe for whatever console the judge prints to.

The judge prints Russian titles and statements, typographic dashes, box drawing (rich's
tables) and, in sample diffs, whatever the student's program printed: emoji, control
characters, anything. A console that cannot show all of it must get a degraded text, never a
UnicodeEncodeError half way through a table:

- a Russian Windows console redirected to a file or a pipe: cp1251 (or cp866), `strict`;
- `LC_ALL=C` with PYTHONUTF8=0 (PEP 538's coercion is skipped when LC_ALL is set, and
  PEP 540's UTF-8 mode is off): ASCII with `surrogateescape`, which fails on any Cyrillic.

`prepare_streams()` runs once, first thing in `judge.cli.main`: a character the stream's
encoding lacks becomes `\\uXXXX` (a surrogate pair beyond U+FFFF). That is readable, loses
nothing, and is a valid JSON escape, so `judge check --json -` stays parseable JSON in any
encoding (every non-ASCII character of a JSON text is inside a string). rich sees the
stream's encoding and draws its tables with ASCII lines where it is not UTF-8.

One case is click's, not ours: on a stream that says ASCII, click.echo assumes a
misconfigured locale and writes UTF-8 (with "replace"); the ASCII parts read the same.
"""

from __future__ import annotations

import codecs
import sys
from typing import TextIO

ERRORS = "judge-escape"

# Error handlers a stream may already have that never raise: left as they are (stderr's
# default is backslashreplace).
_SAFE = {ERRORS, "backslashreplace", "replace", "xmlcharrefreplace", "namereplace", "ignore"}


def _escape(exc: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    text, start, end = exc.object, exc.start, exc.end
    if _smuggled_byte(text[start]):
        # A byte that was not text where it came from (a file name under LC_ALL=C, decoded
        # with surrogateescape): written back as itself, as surrogateescape would.
        stop = start
        while stop < end and _smuggled_byte(text[stop]):
            stop += 1
        return bytes(ord(ch) - 0xDC00 for ch in text[start:stop]), stop
    out = []
    stop = start
    while stop < end and not _smuggled_byte(text[stop]):
        code = ord(text[stop])
        if code > 0xFFFF:
            code -= 0x10000
            out.append("\\u%04x\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
        else:
            out.append("\\u%04x" % code)
        stop += 1
    return "".join(out), stop


def _smuggled_byte(ch: str) -> bool:
    return 0xDC80 <= ord(ch) <= 0xDCFF


def _needs_escaping(stream: TextIO) -> bool:
    errors = getattr(stream, "errors", None) or "strict"
    if errors in _SAFE or not hasattr(stream, "reconfigure"):
        return False
    try:
        encoding = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
    except LookupError:
        return True
    # UTF-8 encodes every character but a lone surrogate; surrogateescape exists to write
    # those back as the bytes they came from (a file name that is not UTF-8): keep it.
    return not (encoding.startswith("utf") and errors == "surrogateescape")


def prepare_streams() -> None:
    """Give sys.stdout and sys.stderr an error handler that cannot fail, where they need one."""
    codecs.register_error(ERRORS, _escape)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is not None and _needs_escaping(stream):
            try:
                stream.reconfigure(errors=ERRORS)
            except (ValueError, OSError):  # closed or detached: nothing will be printed there
                pass


def displayable(text: str, stream: TextIO | None = None) -> str:
    """`text` as it will look on `stream` (default sys.stdout): for rich, which lays out a
    table by the width of what it is given, not of the escapes the stream writes."""
    stream = stream if stream is not None else sys.stdout
    encoding = getattr(stream, "encoding", None)
    if not encoding or getattr(stream, "errors", None) != ERRORS:
        return text
    return text.encode(encoding, ERRORS).decode(encoding, "surrogateescape")
