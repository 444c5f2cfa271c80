"""Texts in two languages: problem.yaml's texts a person reads (`title`, `source`,
`hints[].text`; expected.yaml's `message`) are a plain string, shown in every language, or a
mapping `{ru: ..., en: ...}` (`localized`); statement.md holds the Russian statement, then
`---`, then the English one (`statement_parts`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from judge.core.errors import ConfigError
from judge.core.i18n import LANGUAGES, _
from judge.core.schema import Section


def localized(value: object, file: Path | str | None, key: str) -> dict[str, str]:
    """A text a person reads: a plain string (shown in every language; stored as {"en": text},
    which `pick` gives for any language) or a mapping {language: text} over i18n.LANGUAGES.
    Anything else is a ConfigError naming `file` and `key`."""
    if isinstance(value, dict):
        if not value:
            raise ConfigError(
                file,
                key,
                _("expected a text or a mapping of language -> text ({languages}), got an empty mapping").format(
                    languages=", ".join(LANGUAGES)
                ),
            )
        texts: dict[str, str] = {}
        for lang, text in value.items():
            code = str(lang)
            if code not in LANGUAGES:
                raise ConfigError(
                    file,
                    key,
                    _("unknown language {lang} (expected one of: {languages})").format(
                        lang=repr(code), languages=", ".join(LANGUAGES)
                    ),
                )
            if not isinstance(text, str):
                raise ConfigError(
                    file,
                    f"{key}.{code}",
                    _("expected a string (the text in that language), got {value}").format(value=_shorten(repr(text))),
                )
            if not text.strip():
                raise ConfigError(file, f"{key}.{code}", _("empty text: leave the language out instead"))
            texts[code] = text
        return texts
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return {"en": str(value)}
    raise ConfigError(
        file,
        key,
        _("expected a text or a mapping of language -> text, like {example}").format(example="{ru: ..., en: ...}"),
    )


def localized_key(section: Section, name: str, required: bool = False) -> dict[str, str]:
    """`localized` for a key of a problem.yaml section; {} when it is missing (or null)."""
    value = section.raw(name)
    if value is None:
        if required:
            raise section.error(name, _("required: a text or a mapping of language -> text"))
        return {}
    return localized(value, section.file, section.key(name))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# statement.md: the Russian statement, a line `---`, the English statement (each beginning with
# its `# Title`). A `---` inside a fenced code block is not a separator; a horizontal rule inside
# one language's part is harmless (the pieces are sorted by their language and joined back).
_FENCE = re.compile(r"^\s*(```|~~~)")


_SEPARATOR = re.compile(r"^-{3,}\s*$")


_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


_LATIN = re.compile(r"[A-Za-z]")


def text_language(text: str) -> str | None:
    """ "ru" or "en" for a piece of Markdown by its letters outside code (Russian prose names
    `print` and English prose may quote a Cyrillic test word: code does not count); None when
    it has no letters at all (a code block, a rule)."""
    prose = _CODE.sub(" ", text)
    cyrillic = len(_CYRILLIC.findall(prose))
    latin = len(_LATIN.findall(prose))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic >= latin * 0.25 or cyrillic > 200 else "en"


def split_statement(text: str) -> dict[str, str]:
    """statement.md's text -> {"ru": ..., "en": ...}: the pieces between `---` lines (outside
    code blocks), each given to the language of its letters; a piece without letters stays with
    the one before it. A statement in one language gives just that one."""
    pieces: list[list[str]] = [[]]
    fence: str | None = None
    for line in text.splitlines():
        match = _FENCE.match(line)
        if match:
            fence = None if fence == match.group(1) else (fence or match.group(1))
        if fence is None and _SEPARATOR.match(line):
            pieces.append([])
            continue
        pieces[-1].append(line)
    parts: dict[str, list[str]] = {}
    last: str | None = None
    for piece in pieces:
        body = "\n".join(piece).strip("\n")
        if not body.strip():
            continue
        lang = text_language(body) or last or "en"
        if lang == last or lang in parts:
            parts.setdefault(lang, []).extend(["", "---", "", body] if parts.get(lang) else [body])
        else:
            parts[lang] = [body]
        last = lang
    ordered = {lang: parts[lang] for lang in ("ru", "en") if lang in parts}
    return {lang: "\n".join(lines).strip() + "\n" for lang, lines in ordered.items()}


def join_statement(parts: Mapping[str, str]) -> str:
    """statement.md's text from {language: Markdown}: Russian, `---`, English (the structure
    `split_statement` reads back; other languages are not written)."""
    bodies = [parts[lang].strip() for lang in ("ru", "en") if parts.get(lang, "").strip()]
    return "\n\n---\n\n".join(bodies) + "\n" if bodies else ""


class _HasFolder(Protocol):
    @property
    def path(self) -> Path: ...


def statement_parts(problem: _HasFolder | Path | str) -> dict[str, str]:
    """The statement of a problem (or a problem folder, or a statement.md) by language:
    {"ru": ..., "en": ...}, Russian first; one entry for a one-language statement, {} when the
    problem has no statement.md."""
    path = problem if isinstance(problem, Path) else Path(problem) if isinstance(problem, str) else problem.path
    if path.is_dir():
        path = path / "statement.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(path, None, _("not UTF-8 text: save it as UTF-8")) from None
    return split_statement(text)
