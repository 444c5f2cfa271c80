"""Keeping the catalogs in step with the code (a developer's tool; needs Babel, which the
test extras install: `pip install -e '.[test]'`).

    python -m judge.commands.i18n_tools missing [LANG]   # .po entries to add: every message with no translation
    python -m judge.commands.i18n_tools stale [LANG]     # catalog entries no code says any more
    python -m judge.commands.i18n_tools check [LANG]     # both, exit 1 if either is not empty

The messages are what Babel's extractor finds in judge/**.py (`_`, `N_`, `ngettext`) and
in the report templates (jinja2's `_`/`ngettext`), and every text the command line's help
pages show (descriptions, option help, metavars: judge/commands/helptext.py walks the click
command tree, since those are English literals in judge/commands/*.py, not `_()` calls);
tests/test_catalog.py runs `check`.
"""

from __future__ import annotations

import string
import sys
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # judge/
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("reports/templates/**.j2", "jinja2.ext:babel_extract")]
# The click command tree whose help pages are translated too. Named, not imported: the command
# line is the layer above this one (docs/DESIGN.md); None walks no tree.
COMMAND_LINE: str | None = "judge.cli:cli"


@dataclass(frozen=True)
class Message:
    msgid: str
    plural: str | None
    where: str  # "judge/grading/grader.py:274"


def extract() -> dict[str, Message]:
    """Every message the code marks for translation, keyed by msgid."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, Message] = {}
    options = {"reports/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, options_map=options, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if isinstance(message, tuple):
            msgid, plural = message[0], message[1]
        else:
            msgid, plural = message, None
        if not msgid or msgid in found:
            continue
        found[msgid] = Message(msgid, plural, f"judge/{filename}:{lineno}")
    for msgid, where in help_messages():
        found.setdefault(msgid, Message(msgid, None, where))
    return found


def help_messages() -> list[tuple[str, str]]:
    """(msgid, where) of every text `judge --help` and the commands' help pages show."""
    if COMMAND_LINE is None:
        return []
    import pkgutil

    from judge.commands.helptext import messages

    return list(messages(pkgutil.resolve_name(COMMAND_LINE)))


def catalog(lang: str) -> dict[str, object]:
    """msgid -> the polib entry, over every judge/locale/<lang>/*.po."""
    import polib

    entries: dict[str, object] = {}
    for path in sorted((PACKAGE / "locale" / lang).glob("*.po")):
        for entry in polib.pofile(str(path), encoding="utf-8"):
            if not entry.obsolete:
                entries[entry.msgid] = entry
    return entries


def _translated(entry: object) -> bool:
    if getattr(entry, "msgid_plural", ""):
        forms = getattr(entry, "msgstr_plural", {})
        return bool(forms) and all(forms.values())
    return bool(getattr(entry, "msgstr", "")) and "fuzzy" not in getattr(entry, "flags", [])


def missing(lang: str) -> list[Message]:
    have = catalog(lang)
    return [m for m in extract().values() if m.msgid not in have or not _translated(have[m.msgid])]


def stale(lang: str) -> list[str]:
    code = extract()
    return [msgid for msgid in catalog(lang) if msgid and msgid not in code]


def fields(text: str) -> set[str]:
    """The str.format fields of a message: a translation must keep every one of them."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def bad_fields(lang: str) -> list[str]:
    out = []
    for msgid, entry in catalog(lang).items():
        want = fields(msgid)
        plural = getattr(entry, "msgid_plural", "")
        texts = list(getattr(entry, "msgstr_plural", {}).values()) if plural else [getattr(entry, "msgstr", "")]
        for text in texts:
            if text and fields(text) != want:
                out.append(f"{msgid!r}: translation has fields {sorted(fields(text))}, expected {sorted(want)}")
    return out


def _po_stub(m: Message) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    if m.plural:
        return (
            f'#: {m.where}\nmsgid {q(m.msgid)}\nmsgid_plural {q(m.plural)}\nmsgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n'
        )
    if not m.where.startswith("judge/"):  # a help page ("judge check --help: --json"), not file:line
        return f'#. {m.where}\nmsgid {q(m.msgid)}\nmsgstr ""\n'
    return f'#: {m.where}\nmsgid {q(m.msgid)}\nmsgstr ""\n'


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    lang = argv[1] if len(argv) > 1 else "ru"
    if command == "missing":
        print("\n".join(_po_stub(m) for m in missing(lang)))
        return 0
    if command == "stale":
        print("\n".join(stale(lang)))
        return 0
    if command == "check":
        problems = [f"missing: {m.msgid!r} ({m.where})" for m in missing(lang)]
        problems += [f"stale: {s!r}" for s in stale(lang)] + bad_fields(lang)
        print("\n".join(problems) or f"{lang}: every message translated, none stale")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
