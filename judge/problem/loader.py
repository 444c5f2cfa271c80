"""problem.yaml and tests/ -> a Problem, validated on load (every error names the file and
the key); expected.yaml -> the expected outcomes of a problem's solutions.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from judge.core.errors import ConfigError, UsageError
from judge.core.i18n import _
from judge.core.limits import Limits
from judge.core.schema import Section, load_yaml
from judge.core.verdicts import Verdict, parse_verdict
from judge.problem.model import (
    CONSTRUCTS,
    SCORING_MODES,
    TEST_KINDS,
    ExpectedOutcome,
    Hint,
    Problem,
    Rules,
    Runtime,
    TestCase,
    TestExpectation,
    TestGroup,
    _only_named,
)
from judge.problem.texts import localized_key


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
        raise UsageError(
            _("problem {ref} not found (known in {folder}: {known})").format(
                ref=repr(ref), folder=problems_dir, known=known
            )
        )
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
        runtime = replace(runtime, observe=True)
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
                raise ConfigError(
                    case.input_path.with_suffix(".yaml"),
                    "checker.protocol",
                    _("an interactive problem's interactor speaks the kattis protocol, got {protocol}").format(
                        protocol=repr(protocol)
                    ),
                )
            if case.lock is not None:
                raise ConfigError(
                    case.answer_path,
                    None,
                    _("an interactive problem's hidden tests cannot be locked: the interactor reads their answers"),
                )
    _check_answers(tests, checker, checker_options)
    from judge.problem.lock import secret_withheld

    groups = _groups(groups_raw, yaml_path, tests, withheld=secret_withheld(path))
    tests = _assign_groups(tests, groups)
    return Problem(
        id=problem_id,
        path=path,
        title=title,
        sources=sources,
        limits=limits,
        checker=checker,
        checker_options=checker_options,
        rules=rules,
        runtime=runtime,
        tests=tests,
        groups=groups,
        hints=hints,
        interactive=interactive,
    )


def _checker(root: Section) -> tuple[str, dict[str, object]]:
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


def _check_interactor(root: Section, checker: str, options: Mapping[str, object]) -> None:
    """interactive: true needs the interactor: checker external with the kattis protocol."""
    if checker != "external":
        raise root.error(
            "checker",
            _("an interactive problem needs its interactor as the checker: {example}, got {checker}").format(
                example=_INTERACTOR, checker=repr(checker)
            ),
        )
    protocol = options.get("protocol", "kattis")
    if protocol != "kattis":
        raise root.error(
            "checker.protocol",
            _("an interactive problem needs its interactor as the checker: {example}, got protocol {protocol}").format(
                example=_INTERACTOR, protocol=repr(protocol)
            ),
        )


def parse_rules(section: Section) -> Rules:
    constructs = tuple(section.str_list("forbid_constructs", []))
    for i, c in enumerate(constructs):
        if c not in CONSTRUCTS:
            raise section.error(
                f"forbid_constructs[{i}]",
                _("unknown construct {name} (expected one of {known})").format(
                    name=repr(c), known=", ".join(CONSTRUCTS)
                ),
            )
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
        raise section.error(
            "uses_lock", _("expected threading or multiprocessing, got {value}").format(value=repr(uses_lock))
        )
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


def _runtime(section: Section) -> Runtime:
    start_method = section.raw("start_method")
    if start_method not in (None, "spawn", "fork", "forkserver"):
        raise section.error(
            "start_method", _("expected spawn, fork or forkserver, got {value}").format(value=repr(start_method))
        )
    runtime = Runtime(
        observe=section.bool("observe", False),
        start_method=start_method,
        switch_interval=section.number("switch_interval", None),
        repeats=section.int("repeats", 1, minimum=1),
        schedules=section.int("schedules", 0, minimum=0),
        allow_file_writing=section.bool("allow_file_writing", True),
    )
    section.done()
    if runtime.schedules and not runtime.observe:
        # The scheduler lives in the bootstrap, which only observed runs have.
        runtime = replace(runtime, observe=True)
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
        hint = Hint(
            texts=texts,
            test=when.str("test", None),
            source=when.str("source", None),
            verdicts=_hint_verdicts(when),
        )
        when.done()
        sec.done()
        hints.append(hint)
    return tuple(hints)


# A hint is shown under a failed submission: AC (and SK, a test not run) never fail one.
HINT_VERDICTS = tuple(v for v in Verdict if v not in (Verdict.AC, Verdict.SK))


def _hint_verdicts(when: Section) -> tuple[Verdict, ...]:
    """`when.verdict`: a verdict code or a list of them, as the reports write them (WA, RV)."""
    codes = when.str_list("verdict", [])
    known = {v.value: v for v in HINT_VERDICTS}
    if when.has("verdict") and not codes:
        raise when.error(
            "verdict", _("expected a verdict code or a list of them (one of: {known})").format(known=", ".join(known))
        )
    verdicts = []
    for i, code in enumerate(codes):
        verdict = known.get(code.strip().upper())
        if verdict is None:
            key = "verdict" if isinstance(when.data.get("verdict"), str) else f"verdict[{i}]"
            if code.strip().upper() in Verdict.__members__:  # AC, SK: never under a failure
                message = _("a hint is shown only under a failure, never on {code} (expected one of: {known})")
            else:
                message = _("unknown verdict {code} (expected one of: {known})")
            raise when.error(key, message.format(code=repr(code), known=", ".join(known)))
        verdicts.append(verdict)
    return tuple(verdicts)


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
                raise ConfigError(
                    p,
                    None,
                    _("unexpected file: tests hold NN.in, NN.ans (or, in tests/secret, NN.lock) and optional NN.yaml"),
                )
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
                    raise ConfigError(
                        lock_path, None, _("test {test} has both an answer and a lock: keep one").format(test=test)
                    )
                from judge.problem.lock import read_lock

                lock, ans = read_lock(lock_path), lock_path
            elif not ans.is_file():
                if any(p.suffix == ".lock" for p in files):  # a student copy: the lock is missing
                    raise ConfigError(
                        lock_path,
                        None,
                        _("missing lock file: test {test} has an input but neither a lock nor an answer").format(
                            test=test
                        ),
                    )
                raise ConfigError(ans, None, _("missing: test {test} has an input but no answer").format(test=test))
            case = TestCase(name=f"{kind}/{stem}", kind=kind, input_path=inp, answer_path=ans, lock=lock)
            meta = folder / f"{stem}.yaml"
            if meta.is_file():
                case = _test_settings(case, meta, limits)
            cases.append(case)
    if not cases:
        raise ConfigError(tests_dir, None, _("no tests: expected tests/sample/NN.in + NN.ans or tests/secret/..."))
    return tuple(cases)


def _check_answers(tests: tuple[TestCase, ...], checker: str, options: Mapping[str, object]) -> None:
    """An empty .ans where the checker compares the output with it is a forgotten answer (a
    generator that was never run, a file created but not filled): only a solution printing
    nothing would pass. Refused by name. An output that is really empty is written as one
    line break, which every comparing checker but `exact` reads as no output."""
    from judge.checkers import checker_class

    for case in tests:
        if case.lock is not None:  # a student copy's hidden test: a hash, no answer file
            continue
        if not checker_class(checker).needs_answer({**options, **(case.checker_options or {})}):
            continue
        try:
            empty = case.answer_path.stat().st_size == 0
        except OSError:
            continue  # unreadable: the run says so (IE), as before
        if empty:
            raise ConfigError(
                case.answer_path,
                None,
                _(
                    "empty answer: the checker '{checker}' compares the output with it "
                    "(for an output that is really empty, write one line break)"
                ).format(checker=checker),
            )


def _test_settings(case: TestCase, meta: Path, limits: Limits) -> TestCase:
    from dataclasses import replace

    root = Section(load_yaml(meta), meta)
    rules_section = root.section("rules") if root.has("rules") else None
    checker = root.raw("checker")
    if checker is not None and not isinstance(checker, dict):
        raise root.error("checker", _("expected a mapping of checker options"))
    test_limits = limits.merged(root.section("limits")) if root.has("limits") else None
    repeats = root.int("repeats", None, minimum=1)
    schedules = root.int("schedules", None, minimum=0)
    root.done()
    rules = None
    if rules_section is not None:
        rules = parse_rules(Section(dict(rules_section.data), meta, "rules"))
        rules = _only_named(rules, rules_section.data)
    return replace(case, rules=rules, checker_options=checker, limits=test_limits, repeats=repeats, schedules=schedules)


def _groups(raw: object, yaml_path: Path, tests: tuple[TestCase, ...], withheld: bool = False) -> tuple[TestGroup, ...]:
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
            raise sec.error(
                "tests",
                _("no test matches {patterns} (tests: {tests}...)").format(
                    patterns=list(patterns), tests=", ".join(names[:6])
                ),
            )
        for m in members:
            if m in taken:
                raise sec.error(
                    "tests", _("test {test} is already in group {group}").format(test=m, group=repr(taken[m]))
                )
            taken[m] = name
        groups.append(TestGroup(name=name, patterns=patterns, points=points, scoring=scoring, tests=tuple(members)))
    orphans = [n for n in names if n not in taken]
    if orphans:
        raise ConfigError(yaml_path, "groups", _("test {test} belongs to no group").format(test=orphans[0]))
    return tuple(groups)


def _assign_groups(tests: tuple[TestCase, ...], groups: tuple[TestGroup, ...]) -> tuple[TestCase, ...]:
    from dataclasses import replace

    by_test: dict[str, tuple[str, float]] = {}  # test name -> (its group, its share of the points)
    for g in groups:
        share = g.points / len(g.tests) if g.tests else 0.0
        for name in g.tests:
            by_test[name] = g.name, share
    out = []
    for t in tests:
        gname, share = by_test[t.name]
        out.append(replace(t, group=gname, points=share))
    return tuple(out)


def load_expected(problem: Problem) -> list[ExpectedOutcome]:
    """solutions/<verdict>/*.py with solutions/expected.yaml's finer expectations."""
    root = problem.path / "solutions"
    if not root.is_dir():
        return []
    extra: dict[object, object] = {}  # solution path -> its expectations (YAML keys: any scalar)
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
            raise ConfigError(
                folder, None, _("solution folders are named by verdict: {error}").format(error=exc)
            ) from None
        for sol in sorted(folder.iterdir()):
            # A file, or a folder: a solution of several files (judge/grading/sources.py).
            if sol.name.startswith(".") or sol.name == "__pycache__" or not (sol.is_file() or sol.is_dir()):
                continue
            rel = f"{folder.name}/{sol.name}"
            sec = Section(extra.get(rel), exp_file, rel)
            score, score_range = _expected_score(sec)
            verdicts = _verdict_list(sec, "verdicts")
            if verdicts and verdict not in verdicts:
                raise sec.error(
                    "verdicts",
                    _("the folder's verdict {verdict} must be one of them").format(verdict=verdict.value),
                )
            entry = sec.str("entry_point", None)
            if entry is not None and not (sol.is_dir() and (sol / entry).is_file()):
                raise sec.error("entry_point", _("no such file in the solution's folder: {file}").format(file=entry))
            outcomes.append(
                ExpectedOutcome(
                    solution=sol,
                    verdict=verdict,
                    score=score,
                    hint=sec.str("hint", None),
                    hint_id=sec.str("hint_id", None),
                    messages=localized_key(sec, "message") or None,
                    verdicts=verdicts or (),
                    score_range=score_range,
                    permitted=_verdict_list(sec, "permitted"),
                    required=_verdict_list(sec, "required"),
                    entry_point=entry,
                    test_groups=_test_groups(sec, {t.name for t in problem.tests}),
                )
            )
            sec.raw("comment")
            sec.done()
    known = {f"{o.solution.parent.name}/{o.solution.name}" for o in outcomes}
    for key in extra:
        if key not in known:
            raise ConfigError(exp_file, str(key), _("no such solution file"))
    return outcomes


def _expected_score(sec: Section) -> tuple[float | None, tuple[float, float] | None]:
    """expected.yaml `score:` a number (that score), or [low, high] (a score in that range)."""
    raw = sec.raw("score")
    if isinstance(raw, list):
        if (
            len(raw) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
            or raw[0] > raw[1]
        ):
            raise sec.error("score", _("expected a number or [low, high], got {value}").format(value=repr(raw)))
        return None, (float(raw[0]), float(raw[1]))
    return sec.number("score", None), None


def _test_groups(sec: Section, names: set[str]) -> tuple[TestExpectation, ...]:
    """expected.yaml `test_groups:` a list of {tests, permitted, required, message}: Kattis's
    expectations on some tests (tests: our test names; none: every test)."""
    raw = sec.raw("test_groups")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise sec.error("test_groups", _("expected a list of mappings with tests, permitted, required, message"))
    out = []
    for i, item in enumerate(raw):
        part = Section(item, sec.file, sec.key(f"test_groups[{i}]"))
        tests = part.str_list("tests", None)
        unknown = [name for name in tests or () if name not in names]
        if unknown:
            raise part.error("tests", _("no such test: {test}").format(test=unknown[0]))
        out.append(
            TestExpectation(
                tests=tuple(tests) if tests is not None else None,
                permitted=_verdict_list(part, "permitted"),
                required=_verdict_list(part, "required"),
                message=part.str("message", None),
            )
        )
        part.done()
    return tuple(out)


def _verdict_list(sec: Section, key: str) -> tuple[Verdict, ...] | None:
    """A list of verdict codes (a single code too), or None when the key is absent."""
    if not sec.has(key):
        return None
    raw = sec.raw(key)
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise sec.error(key, _("expected a list of verdict codes, like {example}").format(example="[AC, WA]"))
    out = []
    for i, code in enumerate(items):
        try:
            out.append(Verdict(code.strip().upper()))
        except ValueError:
            known = ", ".join(v.value for v in Verdict)
            raise sec.error(
                f"{key}[{i}]",
                _("unknown verdict {code} (expected one of: {known})").format(code=repr(code), known=known),
            ) from None
    return tuple(dict.fromkeys(out))
