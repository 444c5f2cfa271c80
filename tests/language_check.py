"""Is a text the judge printed in the language it was asked for?

`english_sentences(text)` finds English prose left in a Russian output: three or more English
words in a row, after taking out what is English on purpose — code in backticks, quoted text,
file names and paths, verdict codes, and the program's own output (an exception line it
raised, the lines of a sample diff). `cyrillic(text)` finds Russian left in an English one.
"""

from __future__ import annotations

import re

# What may stay English in a Russian text.
_CODE = re.compile(r"`[^`\n]*`")
# A quote cut short by the table's note width runs to the end of its line.
_QUOTED = re.compile(r"'[^'\n]*(?:'|$)|\"[^\"\n]*(?:\"|$)|«[^»\n]*(?:»|$)", re.M)
_PATH = re.compile(r"\S*[/\\]\S*|\b[\w.-]+\.(?:py|c|cpp|yaml|md|json|csv|txt|in|ans|lock|html|xml)\b")
# An exception the program raised, quoted to the end of its clause: "ValueError: invalid literal …"
_EXCEPTION = re.compile(r"\b[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning|Pool)\b(?::[^;\n]*)?")
_SAMPLE_DIFF_HEADER = re.compile(r"^\S+: ")
# Three or more English words in a row: prose, not a lone term (GIL, asyncio, CPU).
_PROSE = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b")


def _program_output_removed(text: str) -> str:
    """Drop the sample diff block print_check shows: the program's and the answer's lines."""
    out, in_diff = [], False
    for line in text.splitlines():
        if in_diff and (line.startswith("  ") or not line.strip()):
            continue
        in_diff = False
        out.append(line)
        if line.startswith("  "):
            continue
        if _SAMPLE_DIFF_HEADER.match(line) and re.match(r"^(sample|secret)/\S+: ", line):
            in_diff = True
    return "\n".join(out)


def english_sentences(text: str) -> list[str]:
    text = _program_output_removed(text)
    for pattern in (_CODE, _EXCEPTION, _QUOTED, _PATH):
        text = pattern.sub(" ", text)
    return [m.group(0) for m in _PROSE.finditer(text)]


def cyrillic(text: str) -> list[str]:
    return re.findall(r"[А-Яа-яЁё][А-Яа-яЁё\w ,.-]*", text)
