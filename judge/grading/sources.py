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

import ast
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.config import Config, Language
from judge.core.i18n import _, ngettext

if TYPE_CHECKING:
    from judge.languages import CompileError, Parser

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


# -- what the grader runs: the source, its other files, and why it cannot be judged ----------

# A single file's name in the work dir; any other name runs as solution.py.
_SAFE_SOURCE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,60}\.py$")


@dataclass
class Source:
    """The submission as the grader runs it."""

    data: bytes
    text: str
    sha256: str
    name: str  # the file name inside the sandbox
    binary: bytes | None = None  # the compiled program (languages with `compile`)
    # The other files of the run's work dir: a folder submission's other files, the
    # problem's include/ files. The entry point is `name`.
    extra: tuple[tuple[str, bytes], ...] = ()
    sources: tuple[str, ...] = ()  # of `extra`, the ones a compiled language's compiler gets too


Read = tuple[Source | None, str | None]  # (the source, why it cannot be judged)


def gather(
    problem_dir: Path, path: Path, entry: str | None, language: Language | None, max_size: int
) -> tuple[Source | None, str | None, tuple[tuple[str, bytes], ...]]:
    """(the source, why it cannot be judged, the include files): the submission's files (a
    folder's too), with the problem's include files for its language beside them."""
    folder = is_folder(path)
    includes = include_files(problem_dir, language) if language is not None else ()
    if folder and language is not None:
        source, error = _read_folder_source(path, entry, language, includes, max_size)
    else:
        source, error = read_source(path, max_size)
        if source is not None and error is None and includes and language is not None:
            source = _with_includes(source, includes, language, path.name)
    return source, error, includes


def is_folder(path: Path) -> bool:
    """A submission of several files (a symlink to a folder is not one: it is refused)."""
    return path.is_dir() and not path.is_symlink()


def no_language(path: Path, config: Config) -> str:
    """Why a submission has no language to run it in (CE)."""
    if is_folder(path):
        known = ", ".join(ext for lang in config.languages for ext in lang.extensions)
        return _("{folder}: no source file of a configured language in the folder ({known})").format(
            folder=path.name, known=known
        )
    return _("{file}: no language is configured for '{suffix}' files").format(file=path.name, suffix=path.suffix)


def read_source(path: Path, max_size: int) -> Read:
    """One file: read whole, if it is text a student meant to hand in."""
    try:
        if path.is_dir():
            return None, _("{file}: a directory, not a source file").format(file=path.name)
        size = path.stat().st_size
        if size > max_size:
            return None, ngettext(
                "{file}: {size} byte, over the source size limit of {limit}",
                "{file}: {size} bytes, over the source size limit of {limit}",
                size,
            ).format(file=path.name, size=size, limit=max_size)
        data = path.read_bytes()
    except OSError as exc:
        return None, _("{file}: cannot read: {error}").format(file=path.name, error=exc.strerror)
    sha = hashlib.sha256(data).hexdigest()
    name = path.name if _SAFE_SOURCE_NAME.match(path.name) else "solution.py"
    if not data.strip():
        return Source(data, "", sha, name), _("{file}: the file is empty").format(file=path.name)
    source = Source(data, "", sha, name)
    return source, _decoded(source, path.name)


def _decoded(source: Source, file: str) -> str | None:
    """Sets source.text; why the data is not source code, if it is not."""
    if b"\0" in source.data:
        return _("{file}: a binary file, not source code").format(file=file)
    try:
        source.text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return _("{file}: not UTF-8 text (byte {offset}); save the file as UTF-8").format(file=file, offset=exc.start)
    return None


def _read_folder_source(
    path: Path, entry: str | None, language: Language, includes: tuple[tuple[str, bytes], ...], max_size: int
) -> Read:
    """A multi-file submission: its entry point as the source, its other files and the
    include files beside it."""
    read = read_folder(path, language, entry, max_size, tuple(n for n, _d in includes))
    if isinstance(read, str):
        return None, read
    files = dict(read.files)
    files.update(includes)  # an include file replaces a submission's file of its name
    data = files.pop(read.entry)
    source = Source(data, "", read.sha256, read.entry, extra=tuple(files.items()))
    if language.compile:
        source.sources = tuple(compiled_sources([read.entry, *files], read.entry, language)[1:])
    return source, _decoded(source, read.entry)


def _with_includes(
    source: Source, includes: tuple[tuple[str, bytes], ...], language: Language, file_name: str
) -> Source:
    """A one-file submission with the problem's include files beside it; an include named
    like a main file (a driver) becomes the entry point. A compiled language's source keeps
    its own name there (the compiler picks its sources by extension)."""
    from dataclasses import replace

    from judge.grading.compile import source_file_name

    if language.compile:
        source = replace(source, name=source_file_name(file_name, language))
    files = {source.name: source.data}
    files.update(includes)
    driver = next((n for n, _d in includes if is_main_file(n, language)), None)
    entry = driver or source.name
    data = files.pop(entry)
    text = source.text if entry == source.name else data.decode("utf-8", errors="replace")
    out = replace(source, data=data, text=text, name=entry, extra=tuple(files.items()))
    if language.compile:
        out.sources = tuple(compiled_sources([entry, *files], entry, language)[1:])
    return out


def parse_modules(
    parse: Parser, source: Source, includes: set[str]
) -> tuple[list[tuple[str, ast.AST]], CompileError | None]:
    """The submission's other Python modules, parsed (a syntax error in any is CE, as
    DOMjudge's py_compile of every file); the include files are the teacher's and not parsed."""
    trees: list[tuple[str, ast.AST]] = []
    for name, data in source.extra:
        if not name.endswith(".py") or name in includes:
            continue
        tree, ce = parse(data.decode("utf-8-sig", errors="replace"), name)
        if ce is not None:
            return trees, (_("{file}: {error}").format(file=name, error=ce[0]), None)
        assert tree is not None
        trees.append((name, tree))
    return trees, None
