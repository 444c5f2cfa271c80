"""Problem / TestCase / TestGroup, loaded from problem.yaml and tests/, validated on load.

A problem speaks both languages: every text a person reads in problem.yaml (`title`, `source`,
`hints[].text`; expected.yaml's `message`) is a plain string, shown in every language, or a
mapping `{ru: ..., en: ...}` (`localized`), and statement.md holds the Russian statement, then
`---`, then the English one (`statement_parts`). See docs/PROBLEM_FORMAT.md.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from judge.errors import ConfigError, UsageError
from judge.i18n import LANGUAGES, _, pick
from judge.limits import Limits
from judge.schema import Section, load_yaml
from judge.verdicts import Verdict, parse_verdict

TEST_KINDS = ("sample", "secret")
SCORING_MODES = ("each", "all")
CONSTRUCTS = ("if", "loops", "for", "while", "comprehensions", "match", "lambda", "try",
              "with", "def", "class", "import", "global", "recursion")
RUNTIME_RULES = ("min_threads", "max_threads", "min_processes", "max_processes", "min_tasks",
                 "thread_subclass", "uses_lock", "async_await", "concurrency", "parallelism",
                 "no_leftover_processes")
STATIC_RULES = ("forbid_constructs", "forbid_modules", "require_modules")


@dataclass(frozen=True)
class Rules:
    forbid_constructs: tuple[str, ...] = ()
    forbid_modules: tuple[str, ...] = ()
    require_modules: tuple[str, ...] = ()
    # Runtime rules, checked against what the bootstrap and psutil observed.
    min_threads: int | None = None
    max_threads: int | None = None
    min_processes: int | None = None
    max_processes: int | None = None
    min_tasks: int | None = None
    thread_subclass: bool = False
    uses_lock: str | None = None           # "threading" or "multiprocessing"
    async_await: bool = False
    concurrency: tuple[float, float] | None = None  # (sequential seconds, max ratio)
    parallelism: float | None = None       # minimal CPU/wall ratio
    no_leftover_processes: bool = False

    @property
    def needs_observation(self) -> bool:
        return any(getattr(self, name) not in (None, False) for name in
                   ("min_threads", "max_threads", "min_processes", "max_processes",
                    "min_tasks", "thread_subclass", "uses_lock"))


@dataclass(frozen=True)
class Runtime:
    observe: bool = False
    start_method: str | None = None
    switch_interval: float | None = None
    repeats: int = 1


@dataclass(frozen=True)
class TestCase:
    name: str            # "sample/01"
    kind: str            # "sample" or "secret"
    input_path: Path
    answer_path: Path
    group: str = ""
    points: float = 0.0  # the share of its group's points this test carries ("each" scoring)
    # Per-test overrides from tests/<kind>/NN.yaml (already validated).
    rules: Rules | None = None
    checker_options: dict[str, Any] | None = None
    limits: Limits | None = None
    repeats: int | None = None
    # Student copy: the parsed tests/secret/NN.lock (judge.student_copy.Lock) that stands in
    # for NN.ans; answer_path is then the lock file. The grader compares salted hashes.
    lock: Any = None

    @property
    def sample(self) -> bool:
        return self.kind == "sample"


@dataclass(frozen=True)
class TestGroup:
    name: str
    patterns: tuple[str, ...]
    points: float
    scoring: str = "each"
    tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hint:
    texts: Mapping[str, str]     # language -> text; a plain string is stored as {"en": text}
    test: str | None = None      # shown when this test fails
    source: str | None = None    # shown when the source contains this text

    @property
    def text(self) -> str:
        """The hint in the active language (else English, else the language it has)."""
        return pick(self.texts)


@dataclass(frozen=True)
class ExpectedOutcome:
    solution: Path
    verdict: Verdict
    score: float | None = None
    hint: str | None = None
    hint_id: str | None = None
    messages: Mapping[str, str] | None = None   # language -> substring of the message

    @property
    def message(self) -> str | None:
        """The expected substring of the message in the active language."""
        return pick(self.messages) if self.messages else None


@dataclass(frozen=True)
class Problem:
    id: str
    path: Path
    title: dict[str, str]        # language -> title; a plain string is stored as {"en": title}
    sources: dict[str, str]      # language -> where the problem comes from ({} when not said)
    limits: Limits
    checker: str
    checker_options: dict[str, Any]
    rules: Rules
    runtime: Runtime
    tests: tuple[TestCase, ...]
    groups: tuple[TestGroup, ...]
    hints: tuple[Hint, ...] = ()
    # The checker is the interactor (Kattis protocol): it talks to the running solution.
    interactive: bool = False

    @functools.cached_property
    def content_hash(self) -> str:
        """Of everything that decides a verdict: yaml, tests, checker files. On first use:
        `judge problems` and `judge check` never need it, and it reads every test file."""
        return _content_hash(self.path)

    @property
    def max_score(self) -> float:
        return sum(g.points for g in self.groups)

    @property
    def source(self) -> str:
        """problem.yaml `source:` in the active language ("" when not said)."""
        return pick(self.sources) if self.sources else ""

    def display_title(self, lang: str | None = None) -> str:
        """The title in `lang` (default: the active language), else English, else any."""
        return pick(self.title, lang) or self.id

    def statement(self, lang: str | None = None) -> str:
        """statement.md's part in `lang` (default: the active language), else the English
        part, else the one there is; "" without a statement.md."""
        parts = statement_parts(self)
        return pick(parts, lang) if parts else ""

    def expected_solutions(self) -> list[ExpectedOutcome]:
        return load_expected(self)


# -- texts in two languages ----------------------------------------------------------------

def localized(value: Any, file: Path | str | None, key: str) -> dict[str, str]:
    """A text a person reads: a plain string (shown in every language; stored as {"en": text},
    which `pick` gives for any language) or a mapping {language: text} over i18n.LANGUAGES.
    Anything else is a ConfigError naming `file` and `key`."""
    if isinstance(value, dict):
        if not value:
            raise ConfigError(file, key, _("expected a text or a mapping of language -> text "
                                           "({languages}), got an empty mapping").format(
                                               languages=", ".join(LANGUAGES)))
        texts: dict[str, str] = {}
        for lang, text in value.items():
            code = str(lang)
            if code not in LANGUAGES:
                raise ConfigError(file, key, _("unknown language {lang} (expected one of: {languages})").format(
                    lang=repr(code), languages=", ".join(LANGUAGES)))
            if not isinstance(text, str):
                raise ConfigError(file, f"{key}.{code}", _("expected a string (the text in that language), got {value}").format(
                    value=_shorten(repr(text))))
            if not text.strip():
                raise ConfigError(file, f"{key}.{code}", _("empty text: leave the language out instead"))
            texts[code] = text
        return texts
    if isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return {"en": str(value)}
    raise ConfigError(file, key, _("expected a text or a mapping of language -> text, like "
                                   "{example}").format(example="{ru: ..., en: ...}"))


def localized_key(section: Section, name: str, required: bool = False) -> dict[str, str]:
    """`localized` for a key of a problem.yaml section; {} when it is missing (or null)."""
    value = section.raw(name)
    if value is None:
        if required:
            raise section.error(name, _("required: a text or a mapping of language -> text"))
        return {}
    return localized(value, section.file, section.key(name))


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# statement.md: the Russian statement, a line `---`, the English statement (each beginning with
# its `# Title`). A `---` inside a fenced code block is not a separator; a horizontal rule inside
# one language's part is harmless (the pieces are sorted by their language and joined back).
_FENCE = re.compile(r"^\s*(```|~~~)")
_SEPARATOR = re.compile(r"^-{3,}\s*$")
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def text_language(text: str) -> str | None:
    """"ru" or "en" for a piece of Markdown by its letters outside code (Russian prose names
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


def statement_parts(problem: "Problem | Path") -> dict[str, str]:
    """The statement of a problem (or a problem folder, or a statement.md) by language:
    {"ru": ..., "en": ...}, Russian first; one entry for a one-language statement, {} when the
    problem has no statement.md."""
    path = problem.path if isinstance(problem, Problem) else Path(problem)
    if path.is_dir():
        path = path / "statement.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ConfigError(path, None, _("not UTF-8 text: save it as UTF-8")) from None
    return split_statement(text)


def resolve_problem(ref: str, problems_dir: Path) -> Path:
    """A problem reference is a folder under problems_dir or a path to a problem folder."""
    candidate = Path(ref)
    if (candidate / "problem.yaml").is_file():
        return candidate
    under = problems_dir / ref
    if (under / "problem.yaml").is_file():
        return under
    if under.is_dir() or candidate.is_dir():
        folder = under if under.is_dir() else candidate
        raise UsageError(_("{folder}: not a problem folder (no problem.yaml)").format(folder=folder))
    known = ", ".join(list_problem_ids(problems_dir)[:12])
    if known:
        raise UsageError(_("problem {ref} not found (known in {folder}: {known})").format(
            ref=repr(ref), folder=problems_dir, known=known))
    raise UsageError(_("problem {ref} not found").format(ref=repr(ref)))


def list_problem_ids(problems_dir: Path) -> list[str]:
    if not problems_dir.is_dir():
        return []
    return sorted(p.name for p in problems_dir.iterdir() if (p / "problem.yaml").is_file())


def load_problem(path: Path, defaults: Limits | None = None) -> Problem:
    path = Path(path)
    yaml_path = path / "problem.yaml"
    root = Section(load_yaml(yaml_path), yaml_path)
    title = localized_key(root, "title") or {"en": path.name}
    problem_id = root.str("id", path.name)
    sources = localized_key(root, "source")
    limits = (defaults or Limits()).merged(root.section("limits"))
    checker, checker_options = _checker(root)
    interactive = root.bool("interactive", False)
    if interactive:
        _check_interactor(root, checker, checker_options)
    rules = parse_rules(root.section("rules"))
    runtime = _runtime(root.section("runtime"))
    if rules.needs_observation and not runtime.observe:
        runtime = Runtime(True, runtime.start_method, runtime.switch_interval, runtime.repeats)
    hints = _hints(root)
    groups_raw = root.raw("groups")
    root.done()

    # Build the checker once now, so a bad option is reported at load time, not mid-run.
    from judge.checkers import make_checker
    make_checker(checker, checker_options, problem_dir=path, source=str(yaml_path))

    tests = _discover_tests(path, yaml_path, limits)
    if interactive:
        for case in tests:
            protocol = (case.checker_options or {}).get("protocol", "kattis")
            if protocol != "kattis":
                raise ConfigError(case.input_path.with_suffix(".yaml"), "checker.protocol",
                                  _("an interactive problem's interactor speaks the kattis "
                                    "protocol, got {protocol}").format(protocol=repr(protocol)))
            if case.lock is not None:
                raise ConfigError(case.answer_path, None, _("an interactive problem's hidden tests "
                                  "cannot be locked: the interactor reads their answers"))
    from judge.student_copy import secret_withheld
    groups = _groups(groups_raw, yaml_path, tests, withheld=secret_withheld(path))
    tests = _assign_groups(tests, groups)
    return Problem(id=problem_id, path=path, title=title, sources=sources, limits=limits,
                   checker=checker, checker_options=checker_options, rules=rules,
                   runtime=runtime, tests=tests, groups=groups, hints=hints,
                   interactive=interactive)


def _checker(root: Section) -> tuple[str, dict[str, Any]]:
    raw = root.raw("checker", "tokens")
    if isinstance(raw, str):
        return raw, {}
    if isinstance(raw, dict):
        options = dict(raw)
        name = options.pop("name", None)
        if not isinstance(name, str):
            raise root.error("checker.name", _("required: the checker's name (tokens, exact, lines, ...)"))
        return name, options
    raise root.error("checker", _("expected a checker name or a mapping with 'name:' and options"))


_INTERACTOR = "{name: external, program: ..., protocol: kattis}"


def _check_interactor(root: Section, checker: str, options: dict[str, Any]) -> None:
    """interactive: true needs the interactor: checker external with the kattis protocol."""
    if checker != "external":
        raise root.error("checker", _("an interactive problem needs its interactor as the checker: "
                                      "{example}, got {checker}").format(example=_INTERACTOR,
                                                                         checker=repr(checker)))
    protocol = options.get("protocol", "kattis")
    if protocol != "kattis":
        raise root.error("checker.protocol", _("an interactive problem needs its interactor as the "
                                               "checker: {example}, got protocol {protocol}").format(
                                                   example=_INTERACTOR, protocol=repr(protocol)))


def parse_rules(section: Section) -> Rules:
    constructs = tuple(section.str_list("forbid_constructs", []))
    for i, c in enumerate(constructs):
        if c not in CONSTRUCTS:
            raise section.error(f"forbid_constructs[{i}]",
                                _("unknown construct {name} (expected one of {known})").format(
                                    name=repr(c), known=", ".join(CONSTRUCTS)))
    concurrency = None
    if section.has("concurrency"):
        sub = section.section("concurrency")
        concurrency = (sub.number("sequential"), sub.number("max_ratio", 0.6))
        sub.done()
    parallelism = None
    if section.has("parallelism"):
        sub = section.section("parallelism")
        parallelism = sub.number("min_ratio")
        sub.done()
    uses_lock = section.raw("uses_lock")
    if uses_lock not in (None, "threading", "multiprocessing"):
        raise section.error("uses_lock", _("expected threading or multiprocessing, got {value}").format(
            value=repr(uses_lock)))
    rules = Rules(
        forbid_constructs=constructs,
        forbid_modules=tuple(section.str_list("forbid_modules", [])),
        require_modules=tuple(section.str_list("require_modules", [])),
        min_threads=section.int("min_threads", None, minimum=0),
        max_threads=section.int("max_threads", None, minimum=0),
        min_processes=section.int("min_processes", None, minimum=0),
        max_processes=section.int("max_processes", None, minimum=0),
        min_tasks=section.int("min_tasks", None, minimum=0),
        thread_subclass=section.bool("thread_subclass", False),
        uses_lock=uses_lock,
        async_await=section.bool("async_await", False),
        concurrency=concurrency,
        parallelism=parallelism,
        no_leftover_processes=section.bool("no_leftover_processes", False),
    )
    section.done()
    return rules


def merge_rules(base: Rules, section: Section) -> Rules:
    """Per-test rules laid over the problem's: only the keys the test names change."""
    override = parse_rules(section)
    changes = {k: getattr(override, k) for k in section.data}
    from dataclasses import replace
    return replace(base, **changes)


def _runtime(section: Section) -> Runtime:
    start_method = section.raw("start_method")
    if start_method not in (None, "spawn", "fork", "forkserver"):
        raise section.error("start_method", _("expected spawn, fork or forkserver, got {value}").format(
            value=repr(start_method)))
    runtime = Runtime(
        observe=section.bool("observe", False),
        start_method=start_method,
        switch_interval=section.number("switch_interval", None),
        repeats=section.int("repeats", 1, minimum=1),
    )
    section.done()
    return runtime


def _hints(root: Section) -> tuple[Hint, ...]:
    raw = root.raw("hints", [])
    if not isinstance(raw, list):
        raise root.error("hints", _("expected a list of {example}").format(example="{when: ..., text: ...}"))
    hints = []
    for i, item in enumerate(raw):
        sec = Section(item, root.file, f"hints[{i}]")
        texts = localized_key(sec, "text", required=True)
        when = sec.section("when")
        hint = Hint(texts=texts, test=when.str("test", None), source=when.str("source", None))
        when.done()
        sec.done()
        hints.append(hint)
    return tuple(hints)


def _discover_tests(path: Path, yaml_path: Path, limits: Limits) -> tuple[TestCase, ...]:
    tests_dir = path / "tests"
    if not tests_dir.is_dir():
        raise ConfigError(tests_dir, None, _("missing: a problem needs tests/sample and/or tests/secret"))
    extra = sorted(p.name for p in tests_dir.iterdir() if p.name not in TEST_KINDS and not p.name.startswith("."))
    if extra:
        raise ConfigError(tests_dir / extra[0], None, _("unexpected entry: tests/ holds only sample/ and secret/"))
    cases: list[TestCase] = []
    for kind in TEST_KINDS:
        folder = tests_dir / kind
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        stems = {p.stem for p in files}
        for p in files:
            if p.suffix == ".lock" and kind != "secret":
                raise ConfigError(p, None, _("unexpected file: NN.lock (a locked answer) only in tests/secret"))
            if p.suffix not in (".in", ".ans", ".yaml", ".lock"):
                raise ConfigError(p, None, _("unexpected file: tests hold NN.in, NN.ans (or, in tests/secret, "
                                             "NN.lock) and optional NN.yaml"))
            if p.is_symlink() and not p.resolve().is_relative_to(path.resolve()):
                raise ConfigError(p, None, _("a symlink out of the problem folder"))
        for stem in sorted(stems):
            inp, ans = folder / f"{stem}.in", folder / f"{stem}.ans"
            test = f"{kind}/{stem}"
            if not inp.is_file():
                raise ConfigError(inp, None, _("missing: test {test} has an answer but no input").format(test=test))
            lock_path, lock = folder / f"{stem}.lock", None
            if lock_path.exists() or lock_path.is_symlink():
                if ans.exists():
                    raise ConfigError(lock_path, None, _("test {test} has both an answer and a lock: "
                                                         "keep one").format(test=test))
                from judge.student_copy import read_lock
                lock, ans = read_lock(lock_path), lock_path
            elif not ans.is_file():
                if any(p.suffix == ".lock" for p in files):  # a student copy: the lock is missing
                    raise ConfigError(lock_path, None, _("missing lock file: test {test} has an "
                                                         "input but neither a lock nor an answer").format(test=test))
                raise ConfigError(ans, None, _("missing: test {test} has an input but no answer").format(test=test))
            case = TestCase(name=f"{kind}/{stem}", kind=kind, input_path=inp, answer_path=ans, lock=lock)
            meta = folder / f"{stem}.yaml"
            if meta.is_file():
                case = _test_settings(case, meta, limits)
            cases.append(case)
    if not cases:
        raise ConfigError(tests_dir, None, _("no tests: expected tests/sample/NN.in + NN.ans or tests/secret/..."))
    return tuple(cases)


def _test_settings(case: TestCase, meta: Path, limits: Limits) -> TestCase:
    from dataclasses import replace
    root = Section(load_yaml(meta), meta)
    rules_section = root.section("rules") if root.has("rules") else None
    checker = root.raw("checker")
    if checker is not None and not isinstance(checker, dict):
        raise root.error("checker", _("expected a mapping of checker options"))
    test_limits = limits.merged(root.section("limits")) if root.has("limits") else None
    repeats = root.int("repeats", None, minimum=1)
    root.done()
    rules = None
    if rules_section is not None:
        rules = parse_rules(Section(dict(rules_section.data), meta, "rules"))
        rules = _only_named(rules, rules_section.data)
    return replace(case, rules=rules, checker_options=checker, limits=test_limits, repeats=repeats)


def _only_named(rules: Rules, names: dict[str, Any]) -> Rules:
    # Keep the set of names the test file wrote: the grader lays exactly those over the problem's.
    object.__setattr__(rules, "_named", tuple(names))
    return rules


def rules_for(problem: Problem, case: TestCase) -> Rules:
    if case.rules is None:
        return problem.rules
    from dataclasses import replace
    names = getattr(case.rules, "_named", ())
    return replace(problem.rules, **{n: getattr(case.rules, n) for n in names})


def _groups(raw: Any, yaml_path: Path, tests: tuple[TestCase, ...],
            withheld: bool = False) -> tuple[TestGroup, ...]:
    # withheld: a student copy without its secret tests; groups left with no test are dropped.
    names = [t.name for t in tests]
    if raw is None:  # default: samples for 0 points, the secret tests share 100
        kinds = {t.kind for t in tests}
        raw = [{"name": "sample", "tests": "sample/*", "points": 0}] if "sample" in kinds else []
        if "secret" in kinds:
            raw.append({"name": "secret", "tests": "secret/*", "points": 100})
    if not isinstance(raw, list) or not raw:
        raise ConfigError(yaml_path, "groups", _("expected a list of groups with name, tests and points"))
    groups: list[TestGroup] = []
    taken: dict[str, str] = {}
    for i, item in enumerate(raw):
        sec = Section(item, yaml_path, f"groups[{i}]")
        name = sec.str("name")
        patterns = tuple(sec.str_list("tests"))
        points = sec.number("points", 0.0)
        if points < 0:
            raise sec.error("points", _("expected points >= 0, got {points}").format(points=points))
        scoring = sec.choice("scoring", SCORING_MODES, "each")
        sec.done()
        members = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        if not members and withheld:
            continue
        if not members and any(t.kind == "sample" for t in tests) or (not members and points > 0):
            raise sec.error("tests", _("no test matches {patterns} (tests: {tests}...)").format(
                patterns=list(patterns), tests=", ".join(names[:6])))
        for m in members:
            if m in taken:
                raise sec.error("tests", _("test {test} is already in group {group}").format(
                    test=m, group=repr(taken[m])))
            taken[m] = name
        groups.append(TestGroup(name=name, patterns=patterns, points=points, scoring=scoring,
                                tests=tuple(members)))
    orphans = [n for n in names if n not in taken]
    if orphans:
        raise ConfigError(yaml_path, "groups", _("test {test} belongs to no group").format(test=orphans[0]))
    return tuple(groups)


def _assign_groups(tests: tuple[TestCase, ...], groups: tuple[TestGroup, ...]) -> tuple[TestCase, ...]:
    from dataclasses import replace
    by_test: dict[str, TestCase] = {}
    for g in groups:
        share = g.points / len(g.tests) if g.tests else 0.0
        for name in g.tests:
            by_test[name] = g.name, share  # type: ignore[assignment]
    out = []
    for t in tests:
        gname, share = by_test[t.name]  # type: ignore[misc]
        out.append(replace(t, group=gname, points=share))
    return tuple(out)


def _content_hash(path: Path) -> str:
    """sha256 over every file of the problem that can change a verdict (not solutions/)."""
    digest = hashlib.sha256()
    for p in sorted(path.rglob("*")):
        rel = p.relative_to(path)
        if not p.is_file() or rel.parts[0] in ("solutions", ".judge-build") or rel.name == "statement.md":
            continue
        digest.update(str(rel).encode() + b"\0")
        digest.update(p.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_expected(problem: Problem) -> list[ExpectedOutcome]:
    """solutions/<verdict>/*.py with solutions/expected.yaml's finer expectations."""
    root = problem.path / "solutions"
    if not root.is_dir():
        return []
    extra: dict[str, Any] = {}
    exp_file = root / "expected.yaml"
    if exp_file.is_file():
        data = load_yaml(exp_file) or {}
        if not isinstance(data, dict):
            raise ConfigError(exp_file, None, _("expected a mapping of solution path -> expectations"))
        extra = data
    outcomes = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            verdict = parse_verdict(folder.name)
        except ValueError as exc:
            raise ConfigError(folder, None, _("solution folders are named by verdict: {error}").format(
                error=exc)) from None
        for sol in sorted(folder.iterdir()):
            if not sol.is_file() or sol.name.startswith("."):
                continue
            rel = f"{folder.name}/{sol.name}"
            sec = Section(extra.get(rel), exp_file, rel)
            outcomes.append(ExpectedOutcome(
                solution=sol, verdict=verdict,
                score=sec.number("score", None), hint=sec.str("hint", None),
                hint_id=sec.str("hint_id", None), messages=localized_key(sec, "message") or None))
            sec.raw("comment")
            sec.done()
    known = {f"{o.solution.parent.name}/{o.solution.name}" for o in outcomes}
    for key in extra:
        if key not in known:
            raise ConfigError(exp_file, str(key), _("no such solution file"))
    return outcomes
