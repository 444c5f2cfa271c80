"""The language the judge speaks: which one, and the gettext catalogs that say it.

Every sentence a person reads is written in English in the code, wrapped in `_()` (or
`ngettext()` when it counts something, `N_()` where it is defined before a language is
known), and translated from `judge/locale/<lang>/*.po`. The catalogs are compiled when first
used (polib, pure Python), so an editable install and a wheel behave the same and no build
step can be forgotten. See docs/I18N.md for adding a language.

Which language: `--lang`, else $JUDGE_LANG, else config.yaml `language:`, else the user's
locale (LC_ALL / LC_MESSAGES / LANG; on Windows the UI language), else English — the order
every gettext program uses, with the command line first.

The active language is a context variable, not a global: a worker thread of `judge grade`
runs in a copy of the context that submitted it (`bind`), a Dask worker activates the
language it is sent, and a test can switch languages in a `with using("ru"):` block.
"""

from __future__ import annotations

import contextvars
import gettext
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT = "en"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # judge/locale

_current: contextvars.ContextVar[str] = contextvars.ContextVar("judge_language", default=DEFAULT)

T = TypeVar("T")


def normalize(value: str | None) -> str | None:
    """'ru_RU.UTF-8', 'ru-RU', 'RU', 'Russian_Russia.1251' -> 'ru'; None when not one we speak."""
    if not value:
        return None
    text = value.strip().lower()
    if text in ("c", "posix"):
        return None
    for sep in (".", "@"):
        text = text.split(sep, 1)[0]
    code = text.replace("-", "_").split("_", 1)[0]
    aliases = {"russian": "ru", "english": "en"}  # Windows' setlocale() names
    code = aliases.get(code, code)
    return code if code in LANGUAGES else None


def system_language(env: Mapping[str, str] | None = None) -> str | None:
    """The user's locale, as gettext reads it; on Windows the user's UI language."""
    env = os.environ if env is None else env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            # gettext's rule: the first variable that is set decides, even when it says C.
            return normalize(value)
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI only
        return _windows_ui_language()
    return None


def _windows_ui_language() -> str | None:  # pragma: no cover - Windows only
    try:
        import ctypes
        import locale

        lang_id = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        return normalize(locale.windows_locale.get(lang_id))
    except (AttributeError, OSError):
        return None


def choose(option: str | None, config_language: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """--lang, else $JUDGE_LANG, else config.yaml, else the locale, else English."""
    env = os.environ if env is None else env
    for candidate in (option, env.get("JUDGE_LANG"), config_language):
        code = normalize(candidate)
        if code is not None:
            return code
    return system_language(env) or DEFAULT


def explicit(option: str | None, env: Mapping[str, str] | None = None) -> str | None:
    """The language the user asked for outright (--lang or $JUDGE_LANG), which config.yaml
    must not override; None when only the config or the locale can decide."""
    env = os.environ if env is None else env
    for candidate in (option, env.get("JUDGE_LANG")):
        code = normalize(candidate)
        if code is not None:
            return code
    return None


def activate(code: str) -> None:
    """Make `code` the language of this context (the CLI does it once, at the start)."""
    _current.set(normalize(code) or DEFAULT)


def current() -> str:
    return _current.get()


@contextmanager
def using(code: str) -> Iterator[None]:
    """Speak `code` inside the block, whatever the context spoke before."""
    token = _current.set(normalize(code) or DEFAULT)
    try:
        yield
    finally:
        _current.reset(token)


def bind(fn: Callable[..., T]) -> Callable[..., T]:
    """`fn` run in a copy of the calling context: a thread pool's worker speaks the language
    of the code that submitted the work (threads do not inherit context variables)."""
    ctx = contextvars.copy_context()
    return lambda *args, **kwargs: ctx.run(fn, *args, **kwargs)


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The compiled catalog of `code`: every judge/locale/<code>/*.po merged into one."""
    files = sorted((LOCALE_DIR / code).glob("*.po"))
    if not files:
        return gettext.NullTranslations()
    import io

    import polib

    merged = polib.POFile()
    merged.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": code,
    }
    for path in files:
        po = polib.pofile(str(path), encoding="utf-8")
        if "Plural-Forms" in po.metadata:
            merged.metadata["Plural-Forms"] = po.metadata["Plural-Forms"]
        for entry in po:
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgstr or any(entry.msgstr_plural.values()):
                merged.append(entry)
    return gettext.GNUTranslations(io.BytesIO(merged.to_binary()))


@cache
def catalog_digest(code: str) -> str:
    """A hash of `code`'s catalog files: a cached result's wording is stale once they change."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((LOCALE_DIR / code).glob("*.po")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _(message: str) -> str:
    """`message` in the active language (English when it has no translation)."""
    code = _current.get()
    if code == DEFAULT:
        return message
    return translations(code).gettext(message)


def ngettext(singular: str, plural: str, n: float) -> str:
    """The form for `n` in the active language: Russian has three (1 тест, 2 теста, 5 тестов).

    `n` may be a fraction (1.15 cores): it takes the form FRACTION_AS gives (Russian «1,15
    ядра», as «2 ядра»); such a message must count in the nominative or accusative, where that
    form is right (tests/test_plurals.py renders it for 1.5)."""
    code = _current.get()
    if code == DEFAULT:
        return singular if n == 1 else plural
    count = int(n) if float(n).is_integer() else FRACTION_AS.get(code, 2)
    return translations(code).ngettext(singular, plural, count)


# The whole number whose plural form a fraction takes, per language (gettext's formulas know
# integers only). Russian: a fraction governs the genitive singular, «1,5 ядра» like «2 ядра».
FRACTION_AS: dict[str, int] = {"ru": 2}


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; translate it with `_()` where
    it is shown (a table of names built at import time, before any language is chosen)."""
    return message


def pick(texts: Mapping[str, str], code: str | None = None) -> str:
    """A problem's own text in the wanted language: {ru: ..., en: ...} from problem.yaml.
    Falls back to English, then to whatever language the text has."""
    code = code or _current.get()
    for lang in (code, DEFAULT):
        if texts.get(lang):
            return texts[lang]
    return next((t for t in texts.values() if t), "")
