"""A Kattis package's files besides its test data: the title and origin of problem.yaml and
the statements, the statement folder, include/ and submissions/ (judge/importers/kattis.py
calls these; docs/IMPORT.md says what maps to what)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.importers import constants as consts
from judge.importers.common import ProblemBuilder, has_cyrillic, tex_to_markdown
from judge.importers.kattis_package import LANGUAGES, Package

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.importers.expectations import Expected


def title(pkg: Package) -> dict[str, str]:
    """problem.yaml `name` (a string: English, unless it is Cyrillic; or a map by language),
    completed by the \\problemname of each LaTeX statement (where legacy packages keep it)."""
    name = pkg.meta.get("name")
    titles: dict[str, str] = {}
    if isinstance(name, str) and name.strip():
        titles["ru" if has_cyrillic(name) else "en"] = name.strip()
    elif isinstance(name, dict) and name:
        titles = {str(k): str(v) for k, v in name.items() if v is not None}
    for lang, path in _statement_files(pkg).items():
        if path.suffix == ".tex" and lang not in titles:
            found = _problemname(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                titles[lang] = found
    return titles or {"en": pkg.root.name}


def _problemname(tex: str) -> str | None:
    match = re.search(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    return tex_to_markdown(match.group(1)).strip() if match else None


def origin(pkg: Package) -> str | dict[str, str]:
    meta = pkg.meta
    parts = []
    source = meta.get("source")
    if isinstance(source, dict):
        source = [source]
    if isinstance(source, list):
        texts = []
        for item in source:
            if isinstance(item, dict):
                texts.append(" ".join(str(item[k]) for k in ("name", "url") if item.get(k)))
            elif item:
                texts.append(str(item))
        source = "; ".join(texts)
    if source:
        parts.append(str(source) + (f" ({meta['source_url']})" if meta.get("source_url") else ""))
    author = meta.get("author")
    credits = meta.get("credits")
    if isinstance(credits, str):
        author = credits
    elif isinstance(credits, dict) and credits.get("authors"):
        authors = credits["authors"]
        author = ", ".join(map(str, authors)) if isinstance(authors, list) else str(authors)
    # Written into problem.yaml in both languages, whatever language the user speaks.
    if not parts and not author:
        return {"ru": f"пакет Kattis {pkg.root.name}", "en": f"Kattis package {pkg.root.name}"}
    if not author:
        return "; ".join(parts)
    return {"ru": "; ".join(parts + [f"автор: {author}"]), "en": "; ".join(parts + [f"author: {author}"])}


# -- statement and submissions --------------------------------------------------------------

_STATEMENT = re.compile(r"^problem(?:\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?))?\.(md|tex)$")


def _statement_folder(pkg: Package) -> Path | None:
    return next((pkg.root / name for name in ("statement", "problem_statement") if (pkg.root / name).is_dir()), None)


def _statement_files(pkg: Package) -> dict[str, Path]:
    """language -> its statement file: problem.<lang>.md before problem.<lang>.tex; a bare
    problem.md/problem.tex is English (the legacy default)."""
    folder = _statement_folder(pkg)
    found: dict[str, Path] = {}
    if folder is None:
        return found
    for path in sorted(folder.iterdir(), key=lambda p: (p.suffix != ".md", p.name)):
        match = _STATEMENT.match(path.name)
        if match and path.is_file():
            lang = (match.group(1) or "en").lower().replace("_", "-")
            found.setdefault(lang, path)
    return found


def statement(pkg: Package, builder: ProblemBuilder) -> None:
    folder = _statement_folder(pkg)
    if folder is None:
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            content: Path | bytes = path
            if pkg.constants and path.suffix in (".md", ".tex"):
                text = consts.substitute(path.read_text(encoding="utf-8", errors="replace"), pkg.constants, latex=True)
                content = text.encode("utf-8")
            builder.add_file(f"statement/{path.relative_to(folder).as_posix()}", content)
    builder.note(_("the statement ({folder}/) is copied to statement/ as it is").format(folder=folder.name))
    for lang, path in _statement_files(pkg).items():
        shown = path.relative_to(pkg.root).as_posix()
        text = consts.substitute(path.read_text(encoding="utf-8", errors="replace"), pkg.constants, latex=True)
        title = builder.title.get(lang) or _problemname(text) or next(iter(builder.title.values()), "")
        if path.suffix == ".tex":
            body = tex_to_markdown(re.sub(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}", "", text))
            builder.note(
                _("statement.md: the {lang} part is {file} converted from LaTeX to Markdown roughly: check it").format(
                    lang=lang, file=shown
                )
            )
        else:
            body = text.strip() + "\n"
        if not body.lstrip().startswith("# "):
            body = f"# {title}\n\n{body}"
        builder.add_statement(lang, body, shown)


def includes(pkg: Package, builder: ProblemBuilder, config: Config) -> None:
    """include/<language>/ -> our include/<language>/ (judge/grading/sources.py adds its files
    to every submission in that language), include/default/ -> include/default/."""
    folder = pkg.root / "include"
    if not folder.is_dir():
        return
    configured = {lang.name for lang in config.languages}
    for lang_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        code = lang_dir.name
        target = code if code == "default" else LANGUAGES.get(code, code)
        if target != "default" and target not in configured:
            builder.note(
                _("include/{code}/ is not imported: no such language is configured (config.yaml languages)").format(
                    code=code
                )
            )
            continue
        for path in sorted(lang_dir.rglob("*")):
            if path.name.startswith("."):
                continue
            if path.is_dir() or path.parent != lang_dir:
                raise ConfigError(path, None, _("files in subfolders of include/ are not supported"))
            data = consts.substitute_bytes(path.read_bytes(), pkg.constants)
            builder.add_file(f"include/{target}/{path.name}", data)
        builder.note(
            _("include/{code}/: its files are added to every submission ({target})").format(
                code=code, target=_("every language") if target == "default" else target
            )
        )


def solutions(pkg: Package, builder: ProblemBuilder, config: Config) -> None:
    """submissions/<folder>/<file or folder> -> solutions/<verdict>/ and expected.yaml
    (judge/importers/expectations.py says what each is expected to get)."""
    from judge.importers import expectations

    root = pkg.root / "submissions"
    if not root.is_dir():
        builder.note(_("no submissions/: nothing for `judge validate` to run"))
        return
    yaml_rules = expectations.submissions_yaml(pkg.root)
    domjudge = pkg.dialect == "domjudge"
    json_rules = expectations.submissions_json(pkg.root) if domjudge else {}
    if not domjudge and (pkg.root / "submissions.json").is_file():
        builder.note(
            _(
                "submissions.json is DOMjudge's: `judge import domjudge` reads it (and the @EXPECTED_RESULTS@ of sources)"
            )
        )
    partial = builder.partial_score_range()
    configured = {lang.name for lang in config.languages}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for entry in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            shown = f"submissions/{folder.name}/{entry.name}"
            expected = expectations.expect(
                pkg.root, folder.name, entry, expectations.Rules(yaml_rules, json_rules, pkg.tests), partial, domjudge
            )
            if isinstance(expected, str):
                builder.note(_("skipped {submission}: {why}").format(submission=shown, why=expected))
                continue
            for text in expected.notes:
                builder.note(text)
            named = LANGUAGES.get(expected.language or "", expected.language)
            if named is not None and named not in configured:
                builder.note(
                    _(
                        "skipped solution {solution}: no language {language} is configured (config.yaml languages)"
                    ).format(solution=shown, language=expected.language)
                )
                continue
            _add_solution(pkg, builder, entry, shown, expected)


def _add_solution(pkg: Package, builder: ProblemBuilder, entry: Path, shown: str, expected: Expected) -> None:
    """One submission (a file, or a folder of files) into solutions/, constants put in."""
    entry_point = expected.entry.get("entry_point")
    if entry.is_dir():
        files = sorted(p for p in entry.iterdir() if not p.name.startswith("."))
        if any(p.is_dir() for p in files):
            builder.note(_("skipped {submission}/: a submission folder with subfolders").format(submission=shown))
            return
        if len(files) == 1 and not entry_point:  # a folder of one file: that file
            single = files[0]
            name = entry.name + _cpp_suffix(single.suffix)
            if _python2(single, builder, shown):
                return
            data = consts.substitute_bytes(single.read_bytes(), pkg.constants)
            builder.add_solution(expected.folder, single, name=name, shown=shown, content=data, expect=expected.entry)
            return
        content = {p.name: consts.substitute_bytes(p.read_bytes(), pkg.constants) for p in files}
        builder.add_solution(
            expected.folder, entry, name=entry.name, shown=shown, content=content, expect=expected.entry
        )
        return
    if _python2(entry, builder, shown):
        return
    name = entry.stem + _cpp_suffix(entry.suffix)
    data = consts.substitute_bytes(entry.read_bytes(), pkg.constants)
    builder.add_solution(expected.folder, entry, name=name, shown=shown, content=data, expect=expected.entry)


def _cpp_suffix(suffix: str) -> str:
    """C++'s other extensions of the Kattis languages table (.c++, .C) as .cpp: config.yaml's."""
    return ".cpp" if suffix in (".c++", ".C") else suffix


def _python2(path: Path, builder: ProblemBuilder, shown: str) -> bool:
    """A .py file with a python2 shebang is Python 2 (problemtools' rule): not run here."""
    if path.suffix != ".py":
        return False
    with path.open("rb") as handle:
        first = handle.readline()
    if re.match(rb"^#!.*python2\b", first):
        builder.note(
            _("skipped solution {solution}: Python 2 (its shebang says so) is not configured").format(solution=shown)
        )
        return True
    return False
