"""Problem / TestCase / TestGroup, loaded from problem.yaml and tests/, validated on load."""

from __future__ import annotations

import fnmatch
import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.errors import ConfigError, UsageError
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
    text: str
    test: str | None = None      # shown when this test fails
    source: str | None = None    # shown when the source contains this text


@dataclass(frozen=True)
class ExpectedOutcome:
    solution: Path
    verdict: Verdict
    score: float | None = None
    hint: str | None = None
    hint_id: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Problem:
    id: str
    path: Path
    title: dict[str, str]
    source: str
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

    def display_title(self, lang: str = "en") -> str:
        return self.title.get(lang) or next(iter(self.title.values()), self.id)

    def expected_solutions(self) -> list[ExpectedOutcome]:
        return load_expected(self)


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
        raise UsageError(f"{folder}: not a problem folder (no problem.yaml)")
    known = ", ".join(list_problem_ids(problems_dir)[:12])
    hint = f" (known in {problems_dir}: {known})" if known else ""
    raise UsageError(f"problem {ref!r} not found{hint}")


def list_problem_ids(problems_dir: Path) -> list[str]:
    if not problems_dir.is_dir():
        return []
    return sorted(p.name for p in problems_dir.iterdir() if (p / "problem.yaml").is_file())


def load_problem(path: Path, defaults: Limits | None = None) -> Problem:
    path = Path(path)
    yaml_path = path / "problem.yaml"
    root = Section(load_yaml(yaml_path), yaml_path)
    title_raw = root.raw("title")
    if isinstance(title_raw, str):
        title = {"en": title_raw}
    elif isinstance(title_raw, dict) and title_raw and all(isinstance(v, str) for v in title_raw.values()):
        title = {str(k): v for k, v in title_raw.items()}
    elif title_raw is None:
        title = {"en": path.name}
    else:
        raise root.error("title", "expected a string or a mapping of language -> string (ru, en)")
    problem_id = root.str("id", path.name)
    source = root.str("source", "")
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
                                  f"an interactive problem's interactor speaks the kattis "
                                  f"protocol, got {protocol!r}")
            if case.lock is not None:
                raise ConfigError(case.answer_path, None, "an interactive problem's hidden tests "
                                  "cannot be locked: the interactor reads their answers")
    from judge.student_copy import secret_withheld
    groups = _groups(groups_raw, yaml_path, tests, withheld=secret_withheld(path))
    tests = _assign_groups(tests, groups)
    return Problem(id=problem_id, path=path, title=title, source=source, limits=limits,
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
            raise root.error("checker.name", "required: the checker's name (tokens, exact, lines, ...)")
        return name, options
    raise root.error("checker", "expected a checker name or a mapping with 'name:' and options")


def _check_interactor(root: Section, checker: str, options: dict[str, Any]) -> None:
    """interactive: true needs the interactor: checker external with the kattis protocol."""
    needed = "an interactive problem needs its interactor as the checker: " \
             "{name: external, program: ..., protocol: kattis}"
    if checker != "external":
        raise root.error("checker", f"{needed}, got {checker!r}")
    protocol = options.get("protocol", "kattis")
    if protocol != "kattis":
        raise root.error("checker.protocol", f"{needed}, got protocol {protocol!r}")


def parse_rules(section: Section) -> Rules:
    constructs = tuple(section.str_list("forbid_constructs", []))
    for i, c in enumerate(constructs):
        if c not in CONSTRUCTS:
            raise section.error(f"forbid_constructs[{i}]",
                                f"unknown construct {c!r} (expected one of {', '.join(CONSTRUCTS)})")
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
        raise section.error("uses_lock", f"expected threading or multiprocessing, got {uses_lock!r}")
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
        raise section.error("start_method", f"expected spawn, fork or forkserver, got {start_method!r}")
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
        raise root.error("hints", "expected a list of {when: ..., text: ...}")
    hints = []
    for i, item in enumerate(raw):
        sec = Section(item, root.file, f"hints[{i}]")
        text = sec.str("text")
        when = sec.section("when")
        hint = Hint(text=text, test=when.str("test", None), source=when.str("source", None))
        when.done()
        sec.done()
        hints.append(hint)
    return tuple(hints)


def _discover_tests(path: Path, yaml_path: Path, limits: Limits) -> tuple[TestCase, ...]:
    tests_dir = path / "tests"
    if not tests_dir.is_dir():
        raise ConfigError(tests_dir, None, "missing: a problem needs tests/sample and/or tests/secret")
    extra = sorted(p.name for p in tests_dir.iterdir() if p.name not in TEST_KINDS and not p.name.startswith("."))
    if extra:
        raise ConfigError(tests_dir / extra[0], None, "unexpected entry: tests/ holds only sample/ and secret/")
    cases: list[TestCase] = []
    for kind in TEST_KINDS:
        folder = tests_dir / kind
        if not folder.is_dir():
            continue
        files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
        stems = {p.stem for p in files}
        for p in files:
            if p.suffix == ".lock" and kind != "secret":
                raise ConfigError(p, None, "unexpected file: NN.lock (a locked answer) only in tests/secret")
            if p.suffix not in (".in", ".ans", ".yaml", ".lock"):
                raise ConfigError(p, None, "unexpected file: tests hold NN.in, NN.ans (or, in tests/secret, "
                                           "NN.lock) and optional NN.yaml")
            if p.is_symlink() and not p.resolve().is_relative_to(path.resolve()):
                raise ConfigError(p, None, "a symlink out of the problem folder")
        for stem in sorted(stems):
            inp, ans = folder / f"{stem}.in", folder / f"{stem}.ans"
            if not inp.is_file():
                raise ConfigError(inp, None, f"missing: test {kind}/{stem} has an answer but no input")
            lock_path, lock = folder / f"{stem}.lock", None
            if lock_path.exists() or lock_path.is_symlink():
                if ans.exists():
                    raise ConfigError(lock_path, None, f"test {kind}/{stem} has both an answer and a lock: "
                                                       "keep one")
                from judge.student_copy import read_lock
                lock, ans = read_lock(lock_path), lock_path
            elif not ans.is_file():
                if any(p.suffix == ".lock" for p in files):  # a student copy: the lock is missing
                    raise ConfigError(lock_path, None, f"missing lock file: test {kind}/{stem} has an "
                                                       "input but neither a lock nor an answer")
                raise ConfigError(ans, None, f"missing: test {kind}/{stem} has an input but no answer")
            case = TestCase(name=f"{kind}/{stem}", kind=kind, input_path=inp, answer_path=ans, lock=lock)
            meta = folder / f"{stem}.yaml"
            if meta.is_file():
                case = _test_settings(case, meta, limits)
            cases.append(case)
    if not cases:
        raise ConfigError(tests_dir, None, "no tests: expected tests/sample/NN.in + NN.ans or tests/secret/...")
    return tuple(cases)


def _test_settings(case: TestCase, meta: Path, limits: Limits) -> TestCase:
    from dataclasses import replace
    root = Section(load_yaml(meta), meta)
    rules_section = root.section("rules") if root.has("rules") else None
    checker = root.raw("checker")
    if checker is not None and not isinstance(checker, dict):
        raise root.error("checker", "expected a mapping of checker options")
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
        raise ConfigError(yaml_path, "groups", "expected a list of groups with name, tests and points")
    groups: list[TestGroup] = []
    taken: dict[str, str] = {}
    for i, item in enumerate(raw):
        sec = Section(item, yaml_path, f"groups[{i}]")
        name = sec.str("name")
        patterns = tuple(sec.str_list("tests"))
        points = sec.number("points", 0.0)
        if points < 0:
            raise sec.error("points", f"expected points >= 0, got {points}")
        scoring = sec.choice("scoring", SCORING_MODES, "each")
        sec.done()
        members = [n for n in names if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
        if not members and withheld:
            continue
        if not members and any(t.kind == "sample" for t in tests) or (not members and points > 0):
            raise sec.error("tests", f"no test matches {list(patterns)} (tests: {', '.join(names[:6])}...)")
        for m in members:
            if m in taken:
                raise sec.error("tests", f"test {m} is already in group {taken[m]!r}")
            taken[m] = name
        groups.append(TestGroup(name=name, patterns=patterns, points=points, scoring=scoring,
                                tests=tuple(members)))
    orphans = [n for n in names if n not in taken]
    if orphans:
        raise ConfigError(yaml_path, "groups", f"test {orphans[0]} belongs to no group")
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
            raise ConfigError(exp_file, None, "expected a mapping of solution path -> expectations")
        extra = data
    outcomes = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            verdict = parse_verdict(folder.name)
        except ValueError as exc:
            raise ConfigError(folder, None, f"solution folders are named by verdict: {exc}") from None
        for sol in sorted(folder.iterdir()):
            if not sol.is_file() or sol.name.startswith("."):
                continue
            rel = f"{folder.name}/{sol.name}"
            sec = Section(extra.get(rel), exp_file, rel)
            outcomes.append(ExpectedOutcome(
                solution=sol, verdict=verdict,
                score=sec.number("score", None), hint=sec.str("hint", None),
                hint_id=sec.str("hint_id", None), message=sec.str("message", None)))
            sec.raw("comment")
            sec.done()
    known = {f"{o.solution.parent.name}/{o.solution.name}" for o in outcomes}
    for key in extra:
        if key not in known:
            raise ConfigError(exp_file, str(key), "no such solution file")
    return outcomes
