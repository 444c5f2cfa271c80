"""What a submission runs as: one source file, or a folder of files (a Python program of
several modules, a C or C++ program of several sources), plus the problem's include/ files
for its language.

A folder is judged as DOMjudge and problemtools judge one. Its files lie side by side in the
run's work dir (a folder holds plain files only, no subfolders). Which file runs first (the
entry point):

1. the one named: solutions/expected.yaml `entry_point` (what `judge import` writes from
   DOMjudge's submissions.json and Kattis's submissions.yaml);
2. an include file named like a main file (`include/<language>/main.cpp`, a driver that
   calls the student's code): problemtools' rule, an include's main file wins;
3. `__main__.py`: the default entry point of Python in the Kattis languages table;
4. `main.<extension>`: problemtools' main-file rule;
5. the first source file of the language by name (DOMjudge: "the first filename is used as
   a guess for the main file"; problemtools' fallback).

A compiled language passes every file with one of its extensions to the compiler (DOMjudge's
`filter_compiler_files`, problemtools' `files:` patterns), the entry point first; headers and
other files sit beside them, unread unless a source includes them. The folder's language: the
entry point's when one is named, else the language most of its files are written in (a tie:
the first in config.yaml).

include/: `include/default/` and `include/<language>/` (our language names: python, c, cpp)
of the problem folder are added to every submission in that language, as the problem package
format says (problemtools' order: default first, then the language's; an include file
replaces a submission's file of the same name).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from judge.core.config import Config, Language
from judge.core.i18n import _, ngettext

# The names a file of a folder may have in the work dir: plain, no path, no leading dot.
SAFE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,100}$")
MAIN_FILE = re.compile(r"^main\.", re.IGNORECASE)  # problemtools' main-file rule
INCLUDE = "include"
DEFAULT_INCLUDE = "default"


@dataclass(frozen=True)
class Folder:
    """A multi-file submission, read."""

    language: Language
    entry: str  # the entry point's name
    files: tuple[tuple[str, bytes], ...]  # every file, the entry point first, then by name
    sha256: str  # of every file's name and bytes: what the result is cached by


def language_of(path: Path, config: Config, entry_point: str | None = None) -> Language | None:
    """The configured language of a submission: a file's by its extension, a folder's by its
    entry point when named, else by most of its files."""
    if not path.is_dir():
        return config.language_for(path)
    if entry_point:
        return config.language_for(Path(entry_point))
    counts: dict[str, int] = {}
    for name in _names(path):
        language = config.language_for(Path(name))
        if language is not None:
            counts[language.name] = counts.get(language.name, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    return next(lang for lang in config.languages if counts.get(lang.name) == best)


def entry_point(
    names: list[str], language: Language, explicit: str | None = None, includes: tuple[str, ...] = ()
) -> str | None:
    """The file that runs first among `names` (the submission's files and its include files),
    by the rule in this module's docstring; None when no file is in `language`."""
    if explicit:
        return explicit if explicit in names else None
    sources = sorted(n for n in names if Path(n).suffix in language.extensions)
    for name in sorted(includes):
        if name in sources and is_main_file(name, language):
            return name
    if "__main__.py" in sources:
        return "__main__.py"
    mains = [n for n in sources if MAIN_FILE.match(n)]
    if mains:
        return mains[0]
    return sources[0] if sources else None


def is_main_file(name: str, language: Language) -> bool:
    """Named like a main file of the language: `__main__.py`, `main.<extension>`."""
    return Path(name).suffix in language.extensions and (name == "__main__.py" or MAIN_FILE.match(name) is not None)


def compiled_sources(names: list[str], entry: str, language: Language) -> list[str]:
    """The files a compiled language's compiler gets: the entry point, then the other files
    with one of its extensions."""
    return [entry] + sorted(n for n in names if n != entry and Path(n).suffix in language.extensions)


def read_folder(
    path: Path, language: Language, explicit: str | None, size_limit: int, includes: tuple[str, ...] = ()
) -> Folder | str:
    """The folder's files, read; a string says why it cannot be judged (a CE message)."""
    files: dict[str, bytes] = {}
    total = 0
    for child in sorted(path.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_symlink():
            return _("{file}: a symbolic link in a submission folder (not read)").format(file=child.name)
        if child.is_dir():
            if child.name == "__pycache__":
                continue
            return _("{file}: a folder inside a submission folder (a submission folder holds files only)").format(
                file=child.name
            )
        if not SAFE_NAME.match(child.name):
            return _(
                "{file}: a file name the judge does not run (letters, digits and _ . + - only, no leading dot)"
            ).format(file=child.name)
        try:
            data = child.read_bytes()
        except OSError as exc:
            return _("{file}: cannot read: {error}").format(file=child.name, error=exc.strerror)
        total += len(data)
        if total > size_limit:
            return ngettext(
                "{file}: the files of the folder are over the source size limit of {limit} byte",
                "{file}: the files of the folder are over the source size limit of {limit} bytes",
                size_limit,
            ).format(file=path.name, limit=size_limit)
        files[child.name] = data
    entry = entry_point([*files, *includes], language, explicit, includes)
    if entry is None or (entry not in files and entry not in includes):
        if explicit:
            return _("{folder}: the entry point {file} is not in the folder").format(
                folder=path.name, file=repr(explicit)
            )
        return _("{folder}: no {language} source file in the folder").format(folder=path.name, language=language.name)
    ordered = ([(entry, files[entry])] if entry in files else []) + [(n, d) for n, d in files.items() if n != entry]
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return Folder(language, entry, tuple(ordered), digest.hexdigest())


def folder_digest(path: Path) -> bytes | None:
    """The bytes a folder submission's cache key is made of (its files' names and contents);
    None when it cannot be read (the grader says why)."""
    digest = hashlib.sha256(b"folder\0")
    try:
        for child in sorted(path.iterdir()):
            if child.name.startswith(".") or child.name == "__pycache__":
                continue
            digest.update(child.name.encode() + b"\0")
            if child.is_file() and not child.is_symlink():
                digest.update(hashlib.sha256(child.read_bytes()).digest())
            else:
                digest.update(b"<not a file>")
    except OSError:
        return None
    return digest.digest()


def include_files(problem_dir: Path, language: Language) -> tuple[tuple[str, bytes], ...]:
    """The problem's include/default/ then include/<language>/ files (a name in both: the
    language's)."""
    found: dict[str, bytes] = {}
    for folder in (problem_dir / INCLUDE / DEFAULT_INCLUDE, problem_dir / INCLUDE / language.name):
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if child.is_file() and not child.name.startswith("."):
                    found[child.name] = child.read_bytes()
    return tuple(found.items())


def _names(path: Path) -> list[str]:
    try:
        return sorted(c.name for c in path.iterdir() if c.is_file() and not c.name.startswith("."))
    except OSError:
        return []
