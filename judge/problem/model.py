"""The problem model: Problem, TestCase, TestGroup, Rules, Runtime, Hint, ExpectedOutcome —
typed, frozen, validated by judge/problem/loader.py, which makes them from problem.yaml and
tests/. See docs/PROBLEM_FORMAT.md.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.i18n import pick
from judge.core.limits import Limits
from judge.core.verdicts import Verdict

if TYPE_CHECKING:
    from judge.problem.lock import Lock
from judge.problem.texts import statement_parts

TEST_KINDS = ("sample", "secret")


SCORING_MODES = ("each", "all")


CONSTRUCTS = (
    "if",
    "loops",
    "for",
    "while",
    "comprehensions",
    "match",
    "lambda",
    "try",
    "with",
    "def",
    "class",
    "import",
    "global",
    "recursion",
)


RUNTIME_RULES = (
    "min_threads",
    "max_threads",
    "min_processes",
    "max_processes",
    "min_tasks",
    "thread_subclass",
    "uses_lock",
    "async_await",
    "concurrency",
    "parallelism",
    "no_leftover_processes",
)


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
    uses_lock: str | None = None  # "threading" or "multiprocessing"
    async_await: bool = False
    concurrency: tuple[float, float] | None = None  # (sequential seconds, max ratio)
    parallelism: float | None = None  # minimal CPU/wall ratio
    no_leftover_processes: bool = False

    @property
    def needs_observation(self) -> bool:
        return any(
            getattr(self, name) not in (None, False)
            for name in (
                "min_threads",
                "max_threads",
                "min_processes",
                "max_processes",
                "min_tasks",
                "thread_subclass",
                "uses_lock",
            )
        )


@dataclass(frozen=True)
class Runtime:
    observe: bool = False
    start_method: str | None = None
    switch_interval: float | None = None
    repeats: int = 1
    # Controlled schedules per test (judge/sandbox/schedule.py): after the real run passes,
    # the test runs again under schedules 1..N, one interleaving of the threads each, chosen
    # by its seed; the first that fails decides. 0: none.
    schedules: int = 0
    # False: the solution may read its work dir but not write there (the problem package
    # format's allow_file_writing, whose default is false; DOMjudge's rule). Our own problems
    # keep the default true: the course's programs may write scratch files.
    allow_file_writing: bool = True


@dataclass(frozen=True)
class TestCase:
    name: str  # "sample/01"
    kind: str  # "sample" or "secret"
    input_path: Path
    answer_path: Path
    group: str = ""
    points: float = 0.0  # the share of its group's points this test carries ("each" scoring)
    # Per-test overrides from tests/<kind>/NN.yaml (already validated).
    rules: Rules | None = None
    checker_options: dict[str, object] | None = None
    limits: Limits | None = None
    repeats: int | None = None
    schedules: int | None = None  # this test's controlled schedules (None: the problem's runtime.schedules)
    # Student copy: the parsed tests/secret/NN.lock (judge.problem.lock.Lock) that stands in
    # for NN.ans; answer_path is then the lock file. The grader compares salted hashes.
    lock: Lock | None = None

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
    texts: Mapping[str, str]  # language -> text; a plain string is stored as {"en": text}
    test: str | None = None  # shown when this test fails
    source: str | None = None  # shown when the source contains this text
    # ... and only on these verdicts (empty: any): the named test's, else the submission's or a
    # failed test's. A wrong-sum hint must not fire on a right sum that broke a rule (RV).
    verdicts: tuple[Verdict, ...] = ()

    @property
    def text(self) -> str:
        """The hint in the active language (else English, else the language it has)."""
        return pick(self.texts)


@dataclass(frozen=True)
class TestExpectation:
    """Kattis's submissions.yaml expectations on some of the tests (a test data group's, in
    expected.yaml `test_groups:`): every one of them gets a verdict in `permitted`, some one a
    verdict in `required`, and the checker's message on some one contains `message`."""

    tests: tuple[str, ...] | None = None  # our test names; None: every test
    permitted: tuple[Verdict, ...] | None = None
    required: tuple[Verdict, ...] | None = None
    message: str | None = None


@dataclass(frozen=True)
class ExpectedOutcome:
    solution: Path
    verdict: Verdict
    score: float | None = None
    hint: str | None = None
    hint_id: str | None = None
    messages: Mapping[str, str] | None = None  # language -> substring of the message
    # Any of these verdicts is expected (the folder's among them); empty: the folder's alone.
    # What an imported package expects where its judge names one verdict for several of ours
    # (Kattis's and DOMjudge's time limit covers our TLE and ILE).
    verdicts: tuple[Verdict, ...] = ()
    score_range: tuple[float, float] | None = None  # the score lies in [low, high]
    # Kattis's submissions.yaml: every test's verdict is one of `permitted`, at least one
    # test's is one of `required` (None: no such check).
    permitted: tuple[Verdict, ...] | None = None
    required: tuple[Verdict, ...] | None = None
    entry_point: str | None = None  # a folder solution's file that runs first
    test_groups: tuple[TestExpectation, ...] = ()

    @property
    def message(self) -> str | None:
        """The expected substring of the message in the active language."""
        return pick(self.messages) if self.messages else None

    @property
    def allowed(self) -> tuple[Verdict, ...]:
        """The verdicts the solution may get."""
        return self.verdicts or (self.verdict,)

    @property
    def needs_every_test(self) -> bool:
        """Can only a run of every test tell (a score, the verdicts of all tests)?"""
        return (
            self.score is not None
            or self.score_range is not None
            or self.permitted is not None
            or (self.required is not None)
            or bool(self.test_groups)
        )


@dataclass(frozen=True)
class Problem:
    id: str
    path: Path
    title: dict[str, str]  # language -> title; a plain string is stored as {"en": title}
    sources: dict[str, str]  # language -> where the problem comes from ({} when not said)
    limits: Limits
    checker: str
    checker_options: dict[str, object]
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
        return content_hash(self.path)

    def checker_options_for(self, case: TestCase) -> dict[str, object]:
        """The checker's options for one test: the problem's, with the test's overrides over them."""
        return {**self.checker_options, **(case.checker_options or {})}

    @property
    def timing_sensitive(self) -> bool:
        """Does a rule measure timing (a concurrency or parallelism bound)? Such a problem's
        tests run one at a time, and its submissions alone on the machine."""
        rules = [self.rules] + [t.rules for t in self.tests if t.rules is not None]
        return any(r.concurrency is not None or r.parallelism is not None for r in rules)

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
        parts = statement_parts(self.path)
        return pick(parts, lang) if parts else ""


def _only_named(rules: Rules, names: Mapping[str, object]) -> Rules:
    # Keep the set of names the test file wrote: the grader lays exactly those over the problem's.
    object.__setattr__(rules, "_named", tuple(names))
    return rules


def rules_for(problem: Problem, case: TestCase) -> Rules:
    if case.rules is None:
        return problem.rules
    from dataclasses import replace

    names = getattr(case.rules, "_named", ())
    return replace(problem.rules, **{n: getattr(case.rules, n) for n in names})


def content_hash(path: Path) -> str:
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
