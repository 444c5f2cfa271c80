"""What every importer shares: a ProblemBuilder that collects a problem and writes our folder.

The importer adds tests (with each test's full checker options), groups (with their member
tests: the builder turns them into fnmatch patterns), solutions, files and notes; `write`
chooses the problem-wide checker options (the ones most tests use) and writes per-test
overrides into tests/<kind>/NN.yaml for the rest, writes problem.yaml, loads the result with
our loader, and only then moves it into place.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge.errors import ConfigError, UsageError

# Polygon and ejudge interactors speak testlib's protocol; the judge runs Kattis-style ones.
INTERACTIVE = "interactive problems are not supported yet by this importer: its interactor " \
              "speaks testlib's protocol, the judge runs Kattis-style interactors (problem.yaml " \
              "`interactive: true`, see docs/IMPORT.md)"
VERDICT_FOLDERS = ("ac", "wa", "pe", "tle", "ile", "mle", "ole", "re", "ce", "rv", "sv")
EXPLICIT = ("program", "protocol", "case_sensitive")   # written even when they are defaults
_STEM = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")


@dataclass
class TestSpec:
    kind: str                       # "sample" or "secret"
    stem: str                       # "01", "group1-03"
    input: Path | bytes
    answer: Path | bytes
    checker: dict[str, Any] = field(default_factory=dict)  # the test's full checker options
    limits: dict[str, str] | None = None
    origin: str = ""                # where it came from, for messages

    @property
    def name(self) -> str:
        return f"{self.kind}/{self.stem}"


@dataclass
class GroupSpec:
    name: str
    members: list[str]              # test names
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
    def __init__(self, fmt: str, source: Path, config: Any) -> None:
        self.fmt = fmt
        self.source = source
        self.config = config
        self.title: dict[str, str] = {}
        self.origin = ""                          # problem.yaml `source:`
        self.limits: dict[str, str] = {}
        self.checker_name = "tokens"
        self.checker_base: dict[str, Any] | None = None   # None: what most tests use
        self.interactive = False                  # the checker is the interactor
        self.tests: list[TestSpec] = []
        self.groups: list[GroupSpec] | None = None        # None: our default groups
        self.hints: list[dict[str, Any]] = []
        self.files: dict[str, Path | bytes] = {}
        self.solutions: list[tuple[str, str, Path]] = []
        self.notes: list[str] = []

    # -- filling ------------------------------------------------------------------------

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def add_test(self, kind: str, stem: str, input: Path | bytes, answer: Path | bytes,
                 checker: dict[str, Any] | None = None, limits: dict[str, str] | None = None,
                 origin: str = "") -> TestSpec:
        assert kind in ("sample", "secret"), kind
        if not _STEM.match(stem):
            raise ValueError(f"bad test name {stem!r}")
        spec = TestSpec(kind, stem, input, answer, dict(checker or {}), limits, origin)
        if any(t.name == spec.name for t in self.tests):
            raise ConfigError(origin or self.source, None, f"two tests would both be named {spec.name}")
        self.tests.append(spec)
        return spec

    def add_file(self, relative: str, content: Path | bytes) -> None:
        self.files[relative] = content

    def add_solution(self, verdict: str, path: Path, name: str | None = None,
                     shown: str | None = None) -> bool:
        """Copy a solution into solutions/<verdict>/ when a configured language runs it."""
        assert verdict in VERDICT_FOLDERS, verdict
        name = name or path.name
        shown = shown or str(path)
        if self.config.language_for(Path(name)) is None:
            self.note(f"skipped solution {shown}: no language is configured for "
                      f"'{Path(name).suffix or name}' files (config.yaml languages)")
            return False
        taken = {(v, n) for v, n, _ in self.solutions}
        stem, suffix = Path(name).stem, Path(name).suffix
        candidate, i = name, 2
        while (verdict, candidate) in taken:
            candidate, i = f"{stem}_{i}{suffix}", i + 1
        self.solutions.append((verdict, candidate, path))
        return True

    # -- writing ------------------------------------------------------------------------

    def write(self, dest: Path, force: bool = False) -> ImportResult:
        if not self.tests:
            raise ConfigError(self.source, None, "no tests found")
        if not any(t.kind == "secret" for t in self.tests) and self.groups is None:
            raise ConfigError(self.source, None, "no secret tests found")
        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            if not force:
                raise UsageError(f"{dest}: already exists and is not empty (use --force to replace "
                                 f"a problem folder)")
            if not (dest / "problem.yaml").is_file():
                raise UsageError(f"{dest}: --force replaces only a problem folder (with a problem.yaml)")
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
            settings: dict[str, Any] = {}
            changed = {k: v for k, v in self._full(test.checker).items()
                       if _norm(base.get(k)) != _norm(v)}
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
        for verdict, name, path in self.solutions:
            target = root / "solutions" / verdict / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        data: dict[str, Any] = {"title": self.title or {"en": self.source.stem or self.source.name}}
        if self.origin:
            data["source"] = self.origin
        if self.limits:
            data["limits"] = dict(self.limits)
        shown = self._shown(base)
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

    def _defaults(self) -> dict[str, Any]:
        from judge.checkers import checker_class
        return dict(checker_class(self.checker_name).defaults)

    def _shown(self, options: dict[str, Any]) -> dict[str, Any]:
        """The options problem.yaml spells out: those that differ from the checker's defaults,
        and always the ones a reader should not have to look up."""
        defaults = self._defaults()
        order = {k: i for i, k in enumerate(defaults)}
        return {k: v for k, v in sorted(options.items(), key=lambda kv: order.get(kv[0], len(order)))
                if k in EXPLICIT or _norm(v) != _norm(defaults.get(k))}

    def _full(self, options: dict[str, Any]) -> dict[str, Any]:
        return {**self._defaults(), **options}

    def _base_options(self) -> dict[str, Any]:
        if self.checker_base is not None:
            return self._full(self.checker_base)
        counts = Counter(_key(self._full(t.checker)) for t in self.tests)
        best = counts.most_common(1)[0][0]
        return dict(best)

    def _groups_yaml(self) -> list[dict[str, Any]]:
        names = [t.name for t in self.tests]
        out = []
        for group in self.groups or []:
            entry: dict[str, Any] = {"name": group.name, "tests": patterns(group.members, names),
                                     "points": number(group.points)}
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
            raise ConfigError(self.source, None,
                              f"the imported problem does not load (a bug of the {self.fmt} "
                              f"importer): {text}") from None
        program = str(problem.checker_options.get("program", ""))
        if problem.checker == "external" and program.endswith((".cpp", ".cc")):
            # Compile the checker now (and cache it): a broken one is the package's error.
            from judge.checkers.external import compile_cpp
            compiled = compile_cpp(root / program)
            if isinstance(compiled, str):
                raise ConfigError(self.source, "checker", compiled.replace(str(root), "<imported problem>"))

    def _summary(self, dest: Path, overrides: int) -> list[str]:
        title = next(iter(self.title.values()), dest.name) if self.title else dest.name
        samples = sum(t.kind == "sample" for t in self.tests)
        secret = len(self.tests) - samples
        limits = ", ".join(f"{k} {v}" for k, v in self.limits.items()) or "defaults from config.yaml"
        base = self._base_options()
        shown = self._shown(base)
        checker = self.checker_name + (" (" + ", ".join(f"{k}: {_show(v)}" for k, v in shown.items()) + ")"
                                       if shown else "")
        if self.interactive:
            checker += ", the interactor of an interactive problem"
        tests = f"{samples} sample, {secret} secret"
        if overrides:
            tests += f" ({overrides} with their own checker options in NN.yaml)"
        if self.groups is None:
            groups = "default (sample 0 points, secret 100 points split evenly)"
        else:
            groups = ", ".join(f"{g.name} {number(g.points)}" + (f" ({g.scoring})" if g.points else "")
                               for g in self.groups)
        by_verdict = Counter(v for v, _, _ in self.solutions)
        solutions = ", ".join(f"{v} {by_verdict[v]}" for v in VERDICT_FOLDERS if by_verdict[v]) or "none"
        return [f"imported {self.fmt}: {self.source} -> {dest}",
                f"  title:     {title}",
                f"  limits:    {limits}",
                f"  checker:   {checker}",
                f"  tests:     {tests}",
                f"  groups:    {groups}",
                f"  solutions: {solutions}"]


def patterns(members: list[str], names: list[str]) -> list[str] | str:
    """fnmatch patterns matching exactly `members` among `names`: a prefix* when one fits."""
    if len(members) == 1:
        return members[0]
    prefix = os.path.commonprefix(members)
    cut = max(prefix.rfind("-"), prefix.rfind("/"))
    if cut >= 0:
        candidate = prefix[:cut + 1]
        if sorted(n for n in names if n.startswith(candidate)) == sorted(members):
            return candidate + "*"
    return list(members)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def _norm(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _key(options: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, _norm(v)) for k, v in options.items()))


def _put(target: Path, content: Path | bytes) -> None:
    if isinstance(content, Path):
        shutil.copyfile(content, target)
    else:
        target.write_bytes(content)


def _dump(data: Any) -> str:
    import yaml
    return yaml.safe_dump(_plain(data), sort_keys=False, allow_unicode=True, width=100)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
