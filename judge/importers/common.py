"""What every importer shares: a ProblemBuilder that collects a problem and writes our folder.

The importer adds tests (with each test's full checker options), groups (with their member
tests: the builder turns them into fnmatch patterns), solutions, files and notes; `write`
chooses the problem-wide checker options (the ones most tests use) and writes per-test
overrides into tests/<kind>/NN.yaml for the rest, writes problem.yaml, loads the result with
our loader, and only then moves it into place.

Languages: what the package says in Russian and English is carried over — the title as
`title: {ru: ..., en: ...}`, statements as statement.md (Russian, `---`, English: the structure
docs/PROBLEM_FORMAT.md describes). The notes and errors speak the user's language (`_()`); what
is written into the problem folder never depends on it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError, UsageError
from judge.core.i18n import LANGUAGES, N_, _, ngettext
from judge.core.numbers import decimal

if TYPE_CHECKING:
    from judge.core.config import Config

# Polygon and ejudge interactors speak testlib's protocol; the judge runs Kattis-style ones.
# Translate with _() where it is raised.
INTERACTIVE = N_(
    "interactive problems are not supported yet by this importer: its interactor "
    "speaks testlib's protocol, the judge runs Kattis-style interactors (problem.yaml "
    "`interactive: true`, see docs/IMPORT.md)"
)
VERDICT_FOLDERS = ("ac", "wa", "pe", "tle", "ile", "mle", "ole", "re", "ce", "rv", "sv")
EXPLICIT = ("program", "protocol", "case_sensitive")  # written even when they are defaults
_STEM = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
# An importer's error maker: (the field, what is wrong with it) -> the error naming its file.
Fail = Callable[[str, str], ConfigError]


@dataclass
class TestSpec:
    kind: str  # "sample" or "secret"
    stem: str  # "01", "group1-03"
    input: Path | bytes
    answer: Path | bytes
    checker: dict[str, object] = field(default_factory=dict)  # the test's full checker options
    limits: dict[str, str] | None = None
    origin: str = ""  # where it came from, for messages

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.stem}"


@dataclass
class GroupSpec:
    name: str
    members: list[str]  # test names
    points: float
    scoring: str = "each"


@dataclass
class ImportResult:
    dest: Path
    lines: list[str]
    notes: list[str]


def format_seconds(seconds: float) -> str:
    if seconds < 1 and round(seconds * 1000) == seconds * 1000:
        return f"{round(seconds * 1000)}ms"
    return f"{seconds:g}s"


def format_bytes(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def number(value: float) -> float | int:
    """Points as people write them: 20, not 20.0."""
    return int(value) if float(value).is_integer() else float(value)


class ProblemBuilder:
    def __init__(self, fmt: str, source: Path, config: Config) -> None:
        self.fmt = fmt
        self.source = source
        self.config = config
        self.title: dict[str, str] = {}  # language -> title (LANGUAGES only)
        self.origin: str | dict[str, str] = ""  # problem.yaml `source:`: text or {ru:, en:}
        self.statements: dict[str, str] = {}  # language -> Markdown: makes statement.md
        self.limits: dict[str, str | int] = {}
        self.runtime: dict[str, object] = {}  # problem.yaml `runtime:` (allow_file_writing)
        self.checker_name = "tokens"
        self.checker_base: dict[str, object] | None = None  # None: what most tests use
        self.interactive = False  # the checker is the interactor
        self.tests: list[TestSpec] = []
        self.groups: list[GroupSpec] | None = None  # None: our default groups
        self.hints: list[dict[str, object]] = []
        self.files: dict[str, Path | bytes] = {}
        # (verdict folder, name, content: the file, its bytes, or a folder's {name: bytes})
        self.solutions: list[tuple[str, str, Path | bytes | dict[str, bytes]]] = []
        self.expected: dict[str, dict[str, object]] = {}  # solutions/expected.yaml: "wa/x.py" -> entry
        self.notes: list[str] = []

    # -- filling ------------------------------------------------------------------------

    def note(self, text: str) -> None:
        """A note for the user, already in their language (`_()` at the call)."""
        if text not in self.notes:
            self.notes.append(text)

    def set_title(self, titles: dict[str, str], where: str) -> None:
        """The package's titles by language code; languages the judge does not speak are left
        out with a note (the title is then the first one when none is left)."""
        titles = {k: v.strip() for k, v in titles.items() if isinstance(v, str) and v.strip()}
        spoken = {k: v for k, v in titles.items() if k in LANGUAGES}
        for lang in titles:
            if lang not in LANGUAGES:
                self.note(
                    _("{where}: the title in language {lang} is not imported (the judge speaks {languages})").format(
                        where=where, lang=repr(lang), languages=", ".join(LANGUAGES)
                    )
                )
        if not spoken and titles:
            spoken = {"ru" if has_cyrillic(t) else "en": t for t in list(titles.values())[:1]}
        self.title = {lang: spoken[lang] for lang in sorted(spoken, key=_language_order)}

    def add_statement(self, lang: str, markdown: str, where: str) -> None:
        """One language's statement (Markdown beginning with `# Title`) for statement.md."""
        if lang not in LANGUAGES:
            self.note(
                _(
                    "{where}: a statement in language {lang} is not put into statement.md "
                    "(the judge speaks {languages})"
                ).format(where=where, lang=repr(lang), languages=", ".join(LANGUAGES))
            )
            return
        if lang not in self.statements and markdown.strip():
            self.statements[lang] = markdown

    def add_test(
        self,
        kind: str,
        stem: str,
        input: Path | bytes,
        answer: Path | bytes,
        checker: Mapping[str, object] | None = None,
        limits: dict[str, str] | None = None,
        origin: str = "",
    ) -> TestSpec:
        assert kind in ("sample", "secret"), kind
        if not _STEM.match(stem):
            raise ValueError(f"bad test name {stem!r}")  # an importer's bug, not the user's
        spec = TestSpec(kind, stem, input, answer, dict(checker or {}), limits, origin)
        if any(t.name == spec.name for t in self.tests):
            raise ConfigError(
                origin or self.source, None, _("two tests would both be named {test}").format(test=spec.name)
            )
        self.tests.append(spec)
        return spec

    def add_file(self, relative: str, content: Path | bytes) -> None:
        self.files[relative] = content

    def add_solution(
        self,
        verdict: str,
        path: Path,
        name: str | None = None,
        shown: str | None = None,
        content: bytes | dict[str, bytes] | None = None,
        expect: Mapping[str, object] | None = None,
    ) -> bool:
        """Copy a solution into solutions/<verdict>/ when a configured language runs it: a
        file (`content`: its bytes, when they differ from the file's) or a folder of files
        (`content`: {name: bytes}); `expect`: its solutions/expected.yaml entry."""
        assert verdict in VERDICT_FOLDERS, verdict
        name = name or path.name
        shown = shown or str(path)
        if isinstance(content, dict):
            from judge.grading.sources import language_of

            entry = (expect or {}).get("entry_point")  # a string where set (expectations.py writes str())
            language = (
                language_of(path, self.config, entry if isinstance(entry, str) else None) if path.is_dir() else None
            )
            if language is None:
                self.note(
                    _("skipped solution {solution}/: none of its files is in a configured language").format(
                        solution=shown
                    )
                )
                return False
        elif self.config.language_for(Path(name)) is None:
            self.note(
                _(
                    "skipped solution {solution}: no language is configured for "
                    "'{suffix}' files (config.yaml languages)"
                ).format(solution=shown, suffix=Path(name).suffix or name)
            )
            return False
        taken = {(v, n) for v, n, _path in self.solutions}
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, i = name, 2
        while (verdict, candidate) in taken:
            candidate, i = f"{stem}_{i}{suffix}", i + 1
        self.solutions.append((verdict, candidate, path if content is None else content))
        if expect:
            self.expected[f"{verdict}/{candidate}"] = dict(expect)
        return True

    def partial_score_range(self) -> tuple[float, float] | None:
        """What a partially accepted solution may score: more than nothing, less than
        everything, in the smallest unit a test or an all-or-nothing group is worth. None
        before the groups are known or without points."""
        if not self.groups:
            return None
        units = [g.points if g.scoring == "all" else g.points / len(g.members) for g in self.groups if g.members]
        units = [u for u in units if u > 0]
        if not units:
            return None
        total = sum(g.points for g in self.groups)
        unit = min(units)
        return (round(unit, 4), round(total - unit, 4)) if total - unit >= unit else None

    # -- writing ------------------------------------------------------------------------

    def write(self, dest: Path, force: bool = False) -> ImportResult:
        if not self.tests:
            raise ConfigError(self.source, None, _("no tests found"))
        if not any(t.kind == "secret" for t in self.tests) and self.groups is None:
            raise ConfigError(self.source, None, _("no secret tests found"))
        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            if not force:
                raise UsageError(
                    _("{dest}: already exists and is not empty (use --force to replace a problem folder)").format(
                        dest=dest
                    )
                )
            if not (dest / "problem.yaml").is_file():
                raise UsageError(
                    _("{dest}: --force replaces only a problem folder (with a problem.yaml)").format(dest=dest)
                )
        dest.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.import-", dir=dest.parent))
        try:
            overrides = self._write_into(work)
            self._check_loads(work)
            if dest.exists():
                shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
            os.replace(work, dest)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        return ImportResult(dest, self._summary(dest, overrides), list(self.notes))

    def _write_into(self, root: Path) -> int:
        base = self._base_options()
        overrides = 0
        for test in self.tests:
            folder = root / "tests" / test.kind
            folder.mkdir(parents=True, exist_ok=True)
            _put(folder / f"{test.stem}.in", test.input)
            _put(folder / f"{test.stem}.ans", test.answer)
            settings: dict[str, object] = {}
            changed = {k: v for k, v in self._full(test.checker).items() if _norm(base.get(k)) != _norm(v)}
            if changed:
                settings["checker"] = changed
                overrides += 1
            if test.limits:
                settings["limits"] = dict(test.limits)
            if settings:
                (folder / f"{test.stem}.yaml").write_text(_dump(settings), encoding="utf-8")
        for relative, content in self.files.items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _put(target, content)
        for verdict, name, solution in self.solutions:
            target = root / "solutions" / verdict / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(solution, dict):  # a solution of several files
                target.mkdir()
                for file, blob in solution.items():
                    (target / file).write_bytes(blob)
            else:
                _put(target, solution)
        if self.expected:
            header = "# what each solution must get besides its folder's verdict (docs/PROBLEM_FORMAT.md)\n"
            (root / "solutions" / "expected.yaml").write_text(header + _dump(self.expected), encoding="utf-8")
        if self.statements:
            from judge.problem import join_statement

            (root / "statement.md").write_text(join_statement(self.statements), encoding="utf-8")
        data: dict[str, object] = {"title": self.title or {"en": self.source.stem or self.source.name}}
        if self.origin:
            data["source"] = self.origin
        if self.limits:
            data["limits"] = dict(self.limits)
        shown = self._shown(base)
        if self.runtime:
            data["runtime"] = dict(self.runtime)
        if self.interactive:
            data["interactive"] = True
        data["checker"] = {"name": self.checker_name, **shown} if shown else self.checker_name
        if self.groups is not None:
            data["groups"] = self._groups_yaml()
        if self.hints:
            data["hints"] = self.hints
        text = f"# imported by `judge import {self.fmt}` from {self.source.name}\n" + _dump(data)
        (root / "problem.yaml").write_text(text, encoding="utf-8")
        return overrides

    def _defaults(self) -> dict[str, object]:
        from judge.checkers import checker_class

        return dict(checker_class(self.checker_name).defaults)

    def _shown(self, options: dict[str, object]) -> dict[str, object]:
        """The options problem.yaml spells out: those that differ from the checker's defaults,
        and always the ones a reader should not have to look up."""
        defaults = self._defaults()
        order = {k: i for i, k in enumerate(defaults)}
        return {
            k: v
            for k, v in sorted(options.items(), key=lambda kv: order.get(kv[0], len(order)))
            if k in EXPLICIT or _norm(v) != _norm(defaults.get(k))
        }

    def _full(self, options: dict[str, object]) -> dict[str, object]:
        return {**self._defaults(), **options}

    def _base_options(self) -> dict[str, object]:
        if self.checker_base is not None:
            return self._full(self.checker_base)
        counts = Counter(_key(self._full(t.checker)) for t in self.tests)
        best = counts.most_common(1)[0][0]
        return dict(best)

    def _groups_yaml(self) -> list[dict[str, object]]:
        names = [t.name for t in self.tests]
        out = []
        for group in self.groups or []:
            entry: dict[str, object] = {
                "name": group.name,
                "tests": patterns(group.members, names),
                "points": number(group.points),
            }
            if group.scoring != "each":
                entry["scoring"] = group.scoring
            out.append(entry)
        return out

    def _check_loads(self, root: Path) -> None:
        from judge.problem import load_expected, load_problem

        try:
            problem = load_problem(root, self.config.limits)
            load_expected(problem)
        except ConfigError as error:
            text = str(error).replace(str(root), "<imported problem>")
            raise ConfigError(
                self.source,
                None,
                _("the imported problem does not load (a bug of the {format} importer): {error}").format(
                    format=self.fmt, error=text
                ),
            ) from None
        program = str(problem.checker_options.get("program", ""))
        if problem.checker == "external" and (root / program).is_dir():
            # A program of several files: built now (and cached), a broken one is the package's error.
            from judge.checkers.build import build_folder
            from judge.checkers.external import _run

            built = build_folder(root / program, _run)
            if isinstance(built, str):
                raise ConfigError(self.source, "checker", built.replace(str(root), "<imported problem>"))
        if problem.checker == "external" and program.endswith((".cpp", ".cc")):
            # Compile the checker now (and cache it): a broken one is the package's error.
            from judge.checkers.external import compile_cpp

            compiled = compile_cpp(root / program)
            if isinstance(compiled, str):
                raise ConfigError(self.source, "checker", compiled.replace(str(root), "<imported problem>"))

    def _summary(self, dest: Path, overrides: int) -> list[str]:
        from judge.core.i18n import pick

        title = pick(self.title) if self.title else dest.name
        if len(self.title) > 1:
            title += " (" + ", ".join(self.title) + ")"
        samples = sum(t.kind == "sample" for t in self.tests)
        secret = len(self.tests) - samples
        limits = ", ".join(f"{k} {v}" for k, v in self.limits.items()) or _("defaults from config.yaml")
        base = self._base_options()
        shown = self._shown(base)
        options = ", ".join(f"{k}: {_show(v)}" for k, v in shown.items())
        checker = f"{self.checker_name} ({options})" if shown else self.checker_name
        if self.interactive:
            checker = _("{checker}, the interactor of an interactive problem").format(checker=checker)
        tests = _("{samples} sample, {secret} secret").format(samples=samples, secret=secret)
        if overrides:
            tests += " " + ngettext(
                "({n} with its own checker options in NN.yaml)",
                "({n} with their own checker options in NN.yaml)",
                overrides,
            ).format(n=overrides)
        if self.groups is None:
            groups = _("default (sample 0 points, secret 100 points split evenly)")
        else:
            groups = ", ".join(
                f"{g.name} {decimal(g.points)}" + (f" ({g.scoring})" if g.points else "") for g in self.groups
            )
        by_verdict = Counter(v for v, _n, _s in self.solutions)
        solutions = ", ".join(f"{v} {by_verdict[v]}" for v in VERDICT_FOLDERS if by_verdict[v]) or _("none")
        rows = [
            (_("title:"), title),
            (_("limits:"), limits),
            (_("checker:"), checker),
            (_("tests:"), tests),
            (_("groups:"), groups),
            (_("solutions:"), solutions),
        ]
        width = max(len(label) for label, _v in rows) + 1
        return [_("imported {format}: {source} -> {dest}").format(format=self.fmt, source=self.source, dest=dest)] + [
            f"  {label:<{width}}{value}" for label, value in rows
        ]


def has_cyrillic(text: str) -> bool:
    return re.search(r"[\u0400-\u04ff]", text) is not None


def _language_order(lang: str) -> tuple[int, str]:
    """ru, en (as statement.md and the course's problem.yaml order them), then the rest."""
    order = ("ru", "en")
    return (order.index(lang) if lang in order else len(order), lang)


# Headings of a statement made from a package's parts, in the statement's own language (not
# the user's: they are written into statement.md).
HEADINGS: dict[str, dict[str, str]] = {
    "ru": {
        "input": "Входные данные",
        "output": "Выходные данные",
        "interaction": "Взаимодействие",
        "scoring": "Система оценки",
        "notes": "Примечание",
        "examples": "Примеры",
        "example": "Пример {n}",
        "example_input": "Вход:",
        "example_output": "Выход:",
    },
    "en": {
        "input": "Input",
        "output": "Output",
        "interaction": "Interaction",
        "scoring": "Scoring",
        "notes": "Notes",
        "examples": "Examples",
        "example": "Example {n}",
        "example_input": "Input:",
        "example_output": "Output:",
    },
}


def heading(lang: str, key: str) -> str:
    return HEADINGS.get(lang, HEADINGS["en"])[key]


def examples_markdown(lang: str, samples: list[tuple[str, str]]) -> str:
    """## Example 1 / Input: ``` ... ``` / Output: ``` ... ```, as the course's statements."""
    out = []
    for n, (given, expected) in enumerate(samples, 1):
        out += [
            f"## {heading(lang, 'example').format(n=n)}",
            "",
            heading(lang, "example_input"),
            "",
            _fenced(given),
            "",
            heading(lang, "example_output"),
            "",
            _fenced(expected),
            "",
        ]
    return "\n".join(out).rstrip("\n")


def _fenced(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}\n{text.rstrip(chr(10))}\n{fence}"


# A rough LaTeX -> Markdown for problem statements: what Kattis and Polygon statements use.
_TEX_SYMBOLS = {
    r"\le": "≤",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\geq": "≥",
    r"\ne": "≠",
    r"\neq": "≠",
    r"\cdot": "·",
    r"\times": "×",
    r"\ldots": "…",
    r"\dots": "…",
    r"\cdots": "…",
    r"\pm": "±",
    r"\infty": "∞",
    r"\to": "→",
    r"\rightarrow": "→",
    r"\leftarrow": "←",
    r"\lfloor": "⌊",
    r"\rfloor": "⌋",
    r"\lceil": "⌈",
    r"\rceil": "⌉",
    r"\sqrt": "√",
    r"\bmod": "mod",
    r"\quad": " ",
    r"\qquad": " ",
    r"\noindent": "",
    r"\medskip": "",
    r"\bigskip": "",
    r"\smallskip": "",
    r"\newline": "\n",
    r"\par": "\n",
}
_TEX_ESCAPES = {
    r"\%": "%",
    r"\&": "&",
    r"\_": "_",
    r"\#": "#",
    r"\$": "$",
    r"\{": "{",
    r"\}": "}",
    r"\,": " ",
    r"\;": " ",
    r"\!": "",
    "~": " ",
}
_TEX_ENVIRONMENTS = ("center", "flushleft", "flushright", "quote", "problem", "tutorial")


def _unescape(code: str) -> str:
    """\\_ -> _ and the like, in \\texttt{...}: code is kept as it reads."""
    return re.sub(r"\\([%&_#${}])", r"\1", code)


def _as_is(replacement: str) -> Callable[[re.Match[str]], str]:
    """A re.sub replacement that inserts `replacement` verbatim: given as a string, its
    backslashes would be read as escapes and group references."""
    return lambda _match: replacement


def tex_to_markdown(text: str, sections: dict[str, str] | None = None) -> str:
    """LaTeX of a statement -> Markdown, roughly: sections, emphasis, lists, verbatim, quotes,
    common math symbols (`$...$` stays TeX). `sections` maps commands such as `\\InputFile` to
    the headings they stand for. Whatever it does not know stays as it is."""
    text = text.replace("\r\n", "\n")
    text = "\n".join(re.sub(r"(?<!\\)%.*$", "", line) for line in text.split("\n") if not line.lstrip().startswith("%"))
    kept: list[str] = []  # code, out of reach of the replacements below

    def keep(code: str) -> str:
        kept.append(code)
        return f"\x00{len(kept) - 1}\x00"

    text = re.sub(
        r"\\begin\{(verbatim|lstlisting)\}(?:\[[^\]]*\])?\n?(.*?)\\end\{\1\}",
        lambda m: "\n\n" + keep(_fenced(m.group(2))) + "\n\n",
        text,
        flags=re.S,
    )
    text = re.sub(r"\\verb([^a-zA-Z\s])(.*?)\1", lambda m: keep(f"`{m.group(2)}`"), text)
    text = re.sub(r"\\(?:texttt|code)\{([^{}]*)\}", lambda m: keep(f"`{_unescape(m.group(1))}`"), text)
    for command, title in (sections or {}).items():
        text = re.sub(re.escape(command) + r"(?![a-zA-Z])[ \t]*", _as_is(f"\n\n## {title}\n\n"), text)
    text = re.sub(r"\\(?:sub)*section\*?\{([^{}]*)\}", lambda m: f"\n\n## {m.group(1)}\n\n", text)
    text = re.sub(r"\\(?:sub)?paragraph\*?\{([^{}]*)\}", lambda m: f"\n\n**{m.group(1)}** ", text)
    for _round in range(3):  # nested emphasis, from the inside out
        text = re.sub(r"\\textbf\{([^{}]*)\}|\{\\bf\s+([^{}]*)\}", lambda m: f"**{m.group(1) or m.group(2)}**", text)
        text = re.sub(
            r"\\(?:emph|textit)\{([^{}]*)\}|\{\\(?:it|em)\s+([^{}]*)\}", lambda m: f"*{m.group(1) or m.group(2)}*", text
        )
        text = re.sub(r"\{\\tt\s+([^{}]*)\}", lambda m: keep(f"`{_unescape(m.group(1))}`"), text)
    text = re.sub(r"\\href\{([^{}]*)\}\{([^{}]*)\}", r"[\2](\1)", text)
    text = re.sub(r"\\url\{([^{}]*)\}", r"<\1>", text)
    out: list[str] = []
    lists: list[str] = []
    for piece in re.split(r"(\\(?:begin|end)\{(?:itemize|enumerate)\}|\\item\b\s*)", text):
        match = re.fullmatch(r"\\(begin|end)\{(itemize|enumerate)\}", piece)
        if match:
            if match.group(1) == "begin":
                lists.append(match.group(2))
            elif lists:
                lists.pop()
            out.append("\n\n")
        elif piece.startswith("\\item") and re.fullmatch(r"\\item\s*", piece):
            indent = "  " * max(0, len(lists) - 1)
            if out:
                out[-1] = out[-1].rstrip()
            out.append("\n" + indent + ("1. " if lists and lists[-1] == "enumerate" else "- "))
        else:
            out.append(piece)
    text = "".join(out)
    text = re.sub(r"\\begin\{problem\}(?:\{[^{}]*\})*", "", text)  # Polygon: name, files, limits
    environments = "|".join(_TEX_ENVIRONMENTS)
    text = re.sub(r"\\(?:begin|end)\{(?:" + environments + r")\}", "", text)
    text = text.replace("``", "“").replace("''", "”").replace("<<", "«").replace(">>", "»")
    text = text.replace("---", "—").replace("--", "–")
    text = re.sub(r"\\\\(?:\[[^\]]*\])?[ \t]*\n?", "\n", text)
    for command in sorted(_TEX_SYMBOLS, key=len, reverse=True):
        text = re.sub(re.escape(command) + r"(?![a-zA-Z])", _as_is(_TEX_SYMBOLS[command]), text)
    for escape, char in _TEX_ESCAPES.items():
        text = text.replace(escape, char)
    text = re.sub("\x00(\\d+)\x00", lambda m: kept[int(m.group(1))], text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return (
        "\n".join(
            line.strip() if not line.startswith(("  ", "```")) else line.rstrip() for line in text.strip().split("\n")
        )
        + "\n"
    )


def patterns(members: list[str], names: list[str]) -> list[str] | str:
    """fnmatch patterns matching exactly `members` among `names`: a prefix* when one fits."""
    if len(members) == 1:
        return members[0]
    prefix = os.path.commonprefix(members)
    cut = max(prefix.rfind("-"), prefix.rfind("/"))
    if cut >= 0:
        candidate = prefix[: cut + 1]
        if sorted(n for n in names if n.startswith(candidate)) == sorted(members):
            return candidate + "*"
    return list(members)


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _norm(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def _key(options: dict[str, object]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((k, _norm(v)) for k, v in options.items()))


def _put(target: Path, content: Path | bytes) -> None:
    if isinstance(content, Path):
        shutil.copyfile(content, target)
    else:
        target.write_bytes(content)


def _dump(data: object) -> str:
    import yaml

    return yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True, width=100)


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
