"""One submission x one problem -> SubmissionResult."""

from __future__ import annotations

import ast
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from judge.checkers import CheckCase, Checker, make_checker
from judge.core.config import Config, Language
from judge.core.i18n import _
from judge.core.i18n import current as current_language
from judge.core.i18n import using as speaking
from judge.core.limits import usable_cores
from judge.core.results import SubmissionResult, TestResult, unjudged
from judge.core.verdicts import Verdict, first_failure
from judge.grading import feedback, remeasure
from judge.grading import hints as hintlib
from judge.grading.groups import GroupCutoff, score_groups
from judge.grading.observe import observe
from judge.grading.outcome import Outcome
from judge.grading.rules import NOT_CONCURRENT, NOT_PARALLEL, Violation, check_runtime, check_static, output_race
from judge.grading.run_verdict import network_refused, verdict_from_run
from judge.grading.sources import Source, gather, is_folder, no_language, parse_modules
from judge.grading.submission import Submission
from judge.languages import runtime_of
from judge.problem import Problem, Rules, TestCase, rules_for
from judge.sandbox.bootfiles import BOOTSTRAP, bootstrap_program  # noqa: F401 - BOOTSTRAP: tests import it from here
from judge.sandbox.runspec import (
    RunResult,
    RunSpec,
)
from judge.timeline import build as build_timeline

if TYPE_CHECKING:
    from judge.grading.interactive import Interaction
    from judge.sandbox.factory import SandboxLike

_T = TypeVar("_T")
SCHEDULE_WALL_FACTOR, SCHEDULE_WALL_EXTRA = 3, 5.0  # a controlled schedule's wall limit: 3 x wall + 5 s


# Rules decided by measuring time (re-measured on a loaded machine): judged after the checker.
# Every other runtime rule is a count or a fact of what the run did: judged before it.
MEASURED = frozenset({NOT_CONCURRENT, NOT_PARALLEL})


def _skipped(reason: str) -> Outcome:  # a test not run (SK), and why
    return Outcome(verdict=Verdict.SK, run=RunResult(), message=reason)


def _violated(out: Outcome, violations: list[Violation]) -> Outcome:
    out.verdict = Verdict.RV
    out.violations = violations
    out.message = "; ".join(str(v) for v in violations)
    return out


class Grader:
    """Grades submissions through one sandbox, or several: then the tests of one submission
    run in parallel (`judge check` on a multi-core machine), except for problems whose
    rules measure timing, which always run their tests one at a time."""

    def __init__(
        self,
        config: Config,
        sandbox: SandboxLike | list[SandboxLike],
        cores: int | None = None,
        trace_hidden: bool = False,
        schedule: int | None = None,
    ) -> None:
        self.config = config
        # `judge check --schedule SEED`: every test runs once, under that controlled schedule
        # only (a replay of the interleaving a report named), instead of the real run.
        self.replay = schedule
        # Which observed runs are traced (a timeline): the samples' always (report.json keeps
        # them); a hidden test's only with `trace_hidden` (`judge check --trace` on the
        # teacher's side), else only when it is the first failure and a hint can use the
        # picture (it is run again, traced: see _trace_first_failure). Tracing costs a
        # lock-heavy run up to 1.5x (docs/PERFORMANCE.md); an accepted solution pays it on
        # its samples only.
        self.trace_hidden = trace_hidden
        self.sandboxes = sandbox if isinstance(sandbox, list) else [sandbox]
        self.sandbox = self.sandboxes[0]
        self.cores = cores or usable_cores()
        self._checkers: dict[tuple[str, str], Checker] = {}
        self._lock = threading.Lock()

    # -- public -----------------------------------------------------------------------

    def grade(self, problem: Problem, sub: Submission) -> SubmissionResult:
        from judge.grading.sources import language_of

        folder = is_folder(sub.path)
        language = language_of(sub.path, self.config, sub.entry_point) if folder else self.config.language_for(sub.path)
        result = unjudged(sub.student, problem.id, sub.display, problem.max_score, language.name if language else "")
        if sub.rejected:
            return self._reject(result, problem, Verdict.SV, sub.rejected)
        source, error, includes = gather(problem.path, sub.path, sub.entry_point, language, self.config.source_max_size)
        if source is not None:
            result.sha256 = source.sha256
        if language is None:
            return self._reject(result, problem, Verdict.CE, no_language(sub.path, self.config))
        result.language = language.name
        if error is not None or source is None:
            return self._reject(result, problem, Verdict.CE, error or _("cannot read the source"))
        tree = None
        module_trees: list[tuple[str, ast.AST]] = []
        runtime = runtime_of(language)
        if runtime.parse is not None:
            tree, ce = runtime.parse(source.text, source.name)
            if ce is None:
                module_trees, ce = parse_modules(runtime.parse, source, {name for name, _data in includes})
            if ce is not None:
                msg, line = ce
                result.line = line
                return self._reject(result, problem, Verdict.CE, msg)
        elif problem.rules != Rules() or any(t.rules is not None for t in problem.tests):
            # The rules (forbidden constructs, threads, ...) are checked on Python code only.
            return self._reject(
                result,
                problem,
                Verdict.RV,
                _(
                    "this problem has rules that are checked on Python solutions only: "
                    "submit a .py file, not {language}"
                ).format(language=language.name),
            )
        if language.compile:
            from judge.grading.compile import compile_source

            # In the sandbox: a student's source may name any file for the compiler to read.
            compiled = compile_source(
                language,
                source.data,
                source.name if source.extra or source.sources else sub.path.name,
                box=self.sandbox,
                extra=source.extra,
                sources=source.sources,
            )
            if compiled.binary is None:
                result.line = compiled.line
                return self._reject(
                    result,
                    problem,
                    Verdict.IE if compiled.internal else Verdict.CE,
                    compiled.internal or compiled.error or _("compilation failed"),
                )
            source.binary = compiled.binary
        violations = check_static(tree, problem.rules) if tree is not None else []
        for name, module in module_trees:  # a folder's other modules obey the rules too
            violations += [
                Violation(None, _("{file}: {violation}").format(file=name, violation=v), v.kind)
                for v in check_static(module, problem.rules)
            ]
        outcomes = self._run_tests(problem, source, language, sub.stop_at_first_failure)
        self._trace_first_failure(problem, source, language, outcomes)
        return self._finish(result, problem, source, tree, outcomes, violations, sub.reveal_hidden)

    # Failures a timeline explains (a deadlock's cycle, threads that never overlapped, an
    # unlocked overlap): their first hidden occurrence is run again, traced.
    _EXPLAINED = frozenset({Verdict.ILE, Verdict.WA, Verdict.RV, Verdict.TLE})

    def _trace_first_failure(
        self, problem: Problem, source: Source, language: Language, outcomes: list[Outcome]
    ) -> None:
        """The first failed test, when it is a hidden one that was not traced, run once more
        with tracing, for its timeline only: the verdict stays the first run's. A race may
        not show again: then there is no picture (the hint says it in words)."""
        first = next(
            ((case, o) for case, o in zip(problem.tests, outcomes) if o.verdict not in (Verdict.AC, Verdict.SK)), None
        )
        if first is None or first[1].timeline is not None or first[1].obs is None:
            return
        case, outcome = first
        if outcome.verdict not in self._EXPLAINED or problem.interactive:
            return
        if outcome.schedule is not None:  # the same seed, the same interleaving
            again = self._run_schedule(problem, case, source, language, self.sandbox, outcome.schedule, trace=True)
        else:
            again = self._run_test(problem, case, source, language, self.sandbox, trace=True)
        if again.verdict == outcome.verdict:
            outcome.timeline = again.timeline

    def _run_tests(
        self, problem: Problem, source: Source, language: Language, stop_at_first_failure: bool = False
    ) -> list[Outcome]:
        boxes = self.sandboxes
        cutoff = GroupCutoff(problem)
        if len(boxes) == 1 or len(problem.tests) == 1 or problem.timing_sensitive:
            # One at a time (a rule measures timing). Controlled schedules measure nothing: with
            # several sandboxes they run afterwards, side by side.
            inline = len(boxes) == 1
            outcomes: list[Outcome] = []
            for case in problem.tests:
                if stop_at_first_failure and any(o.verdict != Verdict.AC for o in outcomes):
                    outcomes.append(_skipped(_("not run: an earlier test failed")))
                elif (reason := cutoff.skipped(case.name)) is not None:
                    outcomes.append(_skipped(reason))
                else:
                    outcomes.append(self._run_test(problem, case, source, language, boxes[0], schedules=inline))
                    cutoff.record(case.name, outcomes[-1].verdict)
            if not inline:
                outcomes = self._on_boxes(
                    list(zip(problem.tests, outcomes)),
                    lambda pair, box: self._run_schedules(problem, pair[0], source, language, box, pair[1]),
                )
            return _settled(cutoff, outcomes)

        def one(case: TestCase, box: SandboxLike) -> Outcome:
            if (reason := cutoff.skipped(case.name)) is not None:
                return _skipped(reason)
            outcome = self._run_test(problem, case, source, language, box)
            cutoff.record(case.name, outcome.verdict)
            return outcome

        return _settled(cutoff, self._on_boxes(list(problem.tests), one))

    def _on_boxes(self, items: list[_T], work: Callable[[_T, SandboxLike], Outcome]) -> list[Outcome]:
        """work(item, box) for every item, in parallel over the sandboxes, results in order."""
        from concurrent.futures import ThreadPoolExecutor

        free = list(self.sandboxes)
        # A pool's thread does not inherit the context: its messages must be in the language
        # of the grading that started it.
        lang = current_language()

        def run(item: _T) -> Outcome:
            with self._lock:
                box = free.pop()
            try:
                with speaking(lang):
                    return work(item, box)
            finally:
                with self._lock:
                    free.append(box)

        with ThreadPoolExecutor(max_workers=len(self.sandboxes)) as ex:
            return list(ex.map(run, items))

    # -- one test ---------------------------------------------------------------------

    def _checker(self, problem: Problem, case: TestCase) -> Checker:
        key = (problem.path.as_posix() + problem.content_hash, case.name if case.checker_options else "")
        with self._lock:
            checker = self._checkers.get(key)
            if checker is None:
                options = problem.checker_options_for(case)
                source = str(problem.path / "problem.yaml")
                checker = make_checker(problem.checker, options, problem_dir=problem.path, source=source)
                self._checkers[key] = checker
            return checker

    def _spec(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        language: Language,
        trace: bool | None = None,
        schedule: int | None = None,
    ) -> RunSpec:
        """`trace`: None as the policy says (see __init__), else as given; `schedule`: a
        controlled schedule's seed (None: the real run)."""
        limits = case.limits or problem.limits
        if schedule is not None:
            # A schedule hands the baton from thread to thread through the OS: on a loaded
            # machine each hand-over waits for a free core, so its wall time says nothing of
            # the solution (its clock is virtual). The CPU limit still stops an endless loop;
            # the wall limit only a run stuck outside the scheduler.
            limits = replace(limits, wall_time=SCHEDULE_WALL_FACTOR * limits.wall + SCHEDULE_WALL_EXTRA)
        runtime = runtime_of(language)
        observe_run = problem.runtime.observe and runtime.observable
        env: list[tuple[str, str]] = []
        argv: tuple[str, ...]
        if observe_run:
            argv = (sys.executable, bootstrap_program(), source.name)
            start_method = problem.runtime.start_method or self.config.start_method
            if start_method:
                env.append(("JUDGE_START_METHOD", start_method))
            if schedule is not None:
                env.append(("JUDGE_SCHEDULE", str(schedule)))
            elif problem.runtime.switch_interval:
                env.append(("JUDGE_SWITCH_INTERVAL", repr(problem.runtime.switch_interval)))
        else:
            argv = tuple(
                part.replace("{python}", sys.executable)
                .replace("{source}", source.name)
                .replace("{binary}", "./solution")
                for part in language.run
            )
        # A compiled solution runs as the file ./solution (the sandbox makes ELF files executable).
        files: tuple[tuple[str, bytes], ...] = (
            (("solution", source.binary),) if source.binary is not None else ((source.name, source.data),)
        )
        if source.extra:  # a folder's other files, include files: beside it, the entry point first
            files += tuple((name, data) for name, data in source.extra if name != files[0][0])
        if trace is None:
            trace = case.sample or self.trace_hidden
        return RunSpec(
            argv=argv,
            limits=limits,
            files=files,
            env=tuple(env),
            observe=observe_run,
            trace=observe_run and trace,
            zygote=self.config.zygote and runtime.zygote,
            interactive=problem.interactive,
            schedule=schedule if observe_run else None,
            read_only_workdir=not problem.runtime.allow_file_writing,
        )

    def _run_test(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        language: Language,
        box: SandboxLike,
        trace: bool | None = None,
        schedules: bool = True,
    ) -> Outcome:
        """The test's real run, then (`schedules`) its controlled schedules."""
        if self.replay is not None and _schedulable(problem, language):
            return self._run_schedule(problem, case, source, language, box, self.replay, trace)
        outcome = self._run_real(problem, case, source, language, box, trace)
        if schedules:
            outcome = self._run_schedules(problem, case, source, language, box, outcome, trace)
        return outcome

    def _run_schedules(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        language: Language,
        box: SandboxLike,
        outcome: Outcome,
        trace: bool | None = None,
    ) -> Outcome:
        """After a passed real run, schedules 1..N: the first that fails is the outcome."""
        wanted = case.schedules if case.schedules is not None else problem.runtime.schedules
        count = wanted if _schedulable(problem, language) and self.replay is None else 0
        if outcome.verdict != Verdict.AC or not count:
            return outcome
        # The real run passed (and its timing rules held): now the interleavings it did not
        # happen to take. Seeds 1..N, the same on every machine: the verdict is a fact.
        for seed in range(1, count + 1):
            scheduled_outcome = self._run_schedule(problem, case, source, language, box, seed, trace=False)
            if scheduled_outcome.verdict != Verdict.AC:
                if trace or (trace is None and (case.sample or self.trace_hidden)):
                    # Traced as the policy says: the same seed again, the same interleaving.
                    again = self._run_schedule(problem, case, source, language, box, seed, trace=True)
                    if again.verdict == scheduled_outcome.verdict:
                        scheduled_outcome = again
                scheduled_outcome.schedules = seed
                scheduled_outcome.message = _(
                    "in controlled schedule {seed} of {count} (`judge check ... --schedule {seed}` replays it): "
                    "{message}"
                ).format(message=scheduled_outcome.message, seed=seed, count=count)
                return scheduled_outcome
        outcome.schedules = count
        return outcome

    def _run_schedule(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        language: Language,
        box: SandboxLike,
        seed: int,
        trace: bool | None = None,
    ) -> Outcome:
        """One run of the test under the controlled scheduler with `seed`."""
        spec = self._spec(problem, case, source, language, trace, schedule=seed)
        outcome = self._judge_run(problem, case, source, spec, box.run(spec, case.input_path))
        outcome.schedule = seed
        outcome.schedules = 1
        return outcome

    def _run_real(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        language: Language,
        box: SandboxLike,
        trace: bool | None = None,
    ) -> Outcome:
        spec = self._spec(problem, case, source, language, trace)
        repeats = case.repeats or problem.runtime.repeats
        outcome: Outcome | None = None
        # A rule that is a fact of the run (no lock taken) is RV in every run, before the
        # output (_judge_run). A measured rule's RV (not parallel) does not end the repeats: a
        # later wrong answer is the fact to report, as it is when it shows in the first run.
        violation: Outcome | None = None
        for i in range(repeats):
            outcome = self._measure(problem, case, source, spec, box)
            outcome.runs = i + 1
            if outcome.verdict == Verdict.RV:
                violation = violation or outcome
                continue
            if outcome.verdict != Verdict.AC:
                break
        assert outcome is not None
        if violation is not None and outcome.verdict in (Verdict.AC, Verdict.RV):
            violation.runs = outcome.runs
            return violation
        return outcome

    def _measure(self, problem: Problem, case: TestCase, source: Source, spec: RunSpec, box: SandboxLike) -> Outcome:
        """One run of the test, measured again while the machine's load alone explains a "not
        concurrent" verdict or a stop at the wall-time limit (judge/grading/remeasure.py)."""
        return remeasure.measured(lambda: self._run_once(problem, case, source, spec, box), problem, case, self.cores)

    def _run_once(self, problem: Problem, case: TestCase, source: Source, spec: RunSpec, box: SandboxLike) -> Outcome:
        if problem.interactive:
            interaction = self._interact(problem, case, spec, box)
            return self._judge_run(problem, case, source, spec, interaction.run, interaction)
        return self._judge_run(problem, case, source, spec, box.run(spec, case.input_path))

    def _interact(self, problem: Problem, case: TestCase, spec: RunSpec, box: SandboxLike) -> Interaction:
        from judge.checkers.external import ExternalChecker
        from judge.grading.interactive import Interactor, interact

        checker = self._checker(problem, case)
        assert isinstance(checker, ExternalChecker)  # the loader saw to it
        return interact(box, spec, Interactor.of(checker), case.input_path, case.answer_path)

    def _judge_run(
        self,
        problem: Problem,
        case: TestCase,
        source: Source,
        spec: RunSpec,
        run: RunResult,
        interaction: Interaction | None = None,
    ) -> Outcome:
        obs = observe(run) if spec.observe else None
        verdict, message = verdict_from_run(run, spec)
        if spec.schedule is not None and obs is not None and obs.deadlock and run.stopped is None:
            # Found at once, with every thread's stack: no idle wait for the wall limit.
            verdict = Verdict.ILE
            message = _("deadlock: every thread waits for another and none can go on")
            run = replace(run, stack_dump=obs.deadlock_dump)
        decision = None
        if interaction is not None:
            from judge.grading.interactive import decide

            decision = decide(interaction, (verdict, message))
            verdict, message = decision.verdict, decision.message
        out = Outcome(verdict=verdict, run=run, message=message, obs=obs)
        if interaction is not None:
            out.checker_message = interaction.interactor.message
        if spec.observe and spec.trace:
            out.timeline = build_timeline(
                run.observations, run_end=run.started_at + run.wall_time if run.started_at else None
            )
        if run.stderr:
            out.stderr = feedback.clean_stderr(run.stderr, source.name)
        if decision is not None and not decision.by_solution:
            # The interactor's word (WA, or IE for a broken interactor). On a hidden test only
            # what went wrong, never what the interactor said about the data.
            if not case.sample:
                out.message = _hidden(verdict, decision.hidden_message)
            return out
        if verdict == Verdict.RE or (verdict == Verdict.MLE and b"MemoryError" in run.stderr):
            crash = feedback.crash_info(run.stderr, source.name)
            out.exception, out.line = crash.exception, crash.line
            if verdict == Verdict.RE and crash.exception.startswith("OSError: [Errno 27]"):
                # Python ignores SIGXFSZ; RLIMIT_FSIZE shows as "File too large" instead.
                verdict = out.verdict = Verdict.OLE
                out.message = _("output limit exceeded: a file grew over the file size limit")
            if verdict == Verdict.RE and "netns" in run.isolation and network_refused(crash.exception):
                verdict = out.verdict = Verdict.SV  # the sandbox has no network: an attempt is SV
                out.message = _("network access is not allowed ({exception})").format(exception=crash.exception)
            if verdict == Verdict.RE:
                if crash.exception:
                    out.message = (
                        _("{error} (line {line})").format(error=crash.exception, line=crash.line)
                        if crash.line
                        else crash.exception
                    )
                if crash.traceback and case.sample:
                    out.diff = crash.traceback
        if verdict == Verdict.ILE and run.stack_dump:
            out.blocked = hintlib.blocked_threads(run.stack_dump, source.name, source.text.splitlines())
            dump = hintlib.format_blocked(out.blocked)
            if dump:
                out.message = _("{message}; where the threads wait:\n{dump}").format(message=message, dump=dump)
                out.dump = dump
        if verdict != Verdict.AC:
            return out
        return self._judge_answer(problem, case, spec, run, out, checked=interaction is None)

    def _judge_answer(
        self, problem: Problem, case: TestCase, spec: RunSpec, run: RunResult, out: Outcome, checked: bool
    ) -> Outcome:
        """A run that ended well: its rules and (`checked`: a batch problem's) output, in the
        order that makes the verdict a fact."""
        obs = out.obs
        if spec.schedule is not None and obs is not None and obs.output_race is not None:
            # Before the checker: a glued line is the symptom, the unordered writes the cause.
            violation = output_race(obs.output_race)
            out.verdict, out.violations, out.message = Verdict.RV, [violation], str(violation)
            out.line = violation.line
            return out
        violations: list[Violation] = []
        if obs is not None and spec.schedule is None:  # a schedule's clock is virtual: no timing rules
            violations, _notes = check_runtime(rules_for(problem, case), obs, self.cores)
        if any(v.kind not in MEASURED for v in violations):
            # Before the checker, as the glued line above: what the statement forbids (no lock
            # around the shared update, too few processes) shows in every run, while the lost
            # update it causes shows only in some. A verdict is a fact, not a draw.
            return _violated(out, violations)
        if checked:
            rejected = self._check(problem, case, run, out)
            if rejected is not None:
                return rejected
        # Measured rules (wall time, cores) after the checker: a wrong answer is the fact.
        return _violated(out, violations) if violations else out

    def _check(self, problem: Problem, case: TestCase, run: RunResult, out: Outcome) -> Outcome | None:
        """The checker's word on a batch problem's output: the outcome when it rejects."""
        try:
            if case.lock is not None:  # student copy: compare salted hashes, there is no answer
                from judge.problem.lock import check_locked

                checked = check_locked(self._checker(problem, case), case.lock, run.stdout)
            else:
                checked = self._checker(problem, case).check(CheckCase(case.input_path, case.answer_path, run.stdout))
        except Exception as exc:  # noqa: BLE001 - a crashing checker is IE, never WA
            out.verdict, out.message = (
                Verdict.IE,
                _("the checker failed: {error}").format(error=f"{type(exc).__name__}: {exc}"),
            )
            return out
        out.verdict, out.checker_message = checked.verdict, checked.message
        if checked.verdict != Verdict.AC:
            if case.sample:
                answer = case.answer_path.read_bytes()
                out.message = checked.message
                out.diff = feedback.sample_diff(answer, run.stdout, self.config.diff_lines)
            else:
                out.message = _hidden(checked.verdict)
            return out
        return None

    # -- the whole submission -----------------------------------------------------------

    def _start_method(self, problem: Problem) -> str:
        """The start method an observed run's multiprocessing used unless the solution chose
        one itself: the problem's, else the configured one, else the interpreter's default."""
        method = problem.runtime.start_method or self.config.start_method
        if method:
            return method
        import multiprocessing  # the judge's interpreter is the solutions' one

        return multiprocessing.get_all_start_methods()[0]  # documented: the default first

    def _reject(self, result: SubmissionResult, problem: Problem, verdict: Verdict, message: str) -> SubmissionResult:
        result.verdict = verdict
        result.message = message
        result.tests = [
            TestResult(
                name=t.name,
                group=t.group,
                sample=t.sample,
                verdict=Verdict.SK,
                max_points=t.points,
                locked=t.lock is not None,
            )
            for t in problem.tests
        ]
        return result

    def _finish(
        self,
        result: SubmissionResult,
        problem: Problem,
        source: Source,
        tree: ast.AST | None,
        outcomes: list[Outcome],
        violations: list[Violation],
        reveal_hidden: bool = False,
    ) -> SubmissionResult:
        tests: list[TestResult] = []
        for case, o in zip(problem.tests, outcomes):
            diff = o.diff
            if reveal_hidden and not case.sample and not diff:
                diff = self._teacher_diff(problem, case, source, o)
            t = TestResult(
                name=case.name,
                group=case.group,
                sample=case.sample,
                verdict=o.verdict,
                time=o.run.cpu_time,
                wall_time=o.run.wall_time,
                memory=o.run.memory,
                exit_code=o.run.exit_code,
                signal=o.run.signal,
                message=o.message,
                max_points=case.points,
                diff=diff,
                checker_message=o.checker_message if reveal_hidden else "",
                runs=o.runs,
                locked=case.lock is not None,
                zygote=o.run.warm,
                timeline=o.timeline.to_json() if o.timeline else None,
                schedule=o.schedule if o.verdict not in (Verdict.AC, Verdict.SK) else None,
                schedules=o.schedules,
            )
            if o.obs is not None and o.schedule is None:  # a schedule's times are virtual: nothing to show
                concurrency = o.obs.to_json()
                concurrency["start_method"] = self._start_method(problem)
                rules = rules_for(problem, case)
                if rules.concurrency is not None:
                    concurrency["sequential"] = rules.concurrency[0]
                    concurrency["max_wall"] = round(rules.concurrency[0] * rules.concurrency[1], 4)
                t.concurrency = concurrency
            tests.append(t)
        score_groups(problem, tests)
        result.tests = tests
        layers: list[str] = []
        for o in outcomes:
            layers.extend(layer for layer in o.run.isolation if layer not in layers)
        result.isolation = layers
        verdicts = [t.verdict for t in tests]
        # Group points are split into float shares per test; round the float noise away.
        result.score = round(sum(t.points for t in tests), 6)
        failing = next((i for i, t in enumerate(tests) if t.verdict not in (Verdict.AC, Verdict.SK)), None)
        if violations:
            result.verdict = Verdict.RV
            result.score = 0
            result.rule_violations = [str(v) for v in violations]
            result.message = str(violations[0])
            result.line = violations[0].line
        else:
            result.verdict = first_failure(verdicts)
            if failing is not None:
                t = tests[failing]
                result.message = _("test {name}: {message}").format(
                    name=t.name, message=t.message or t.verdict.description
                )
                result.line = outcomes[failing].line
                if t.verdict == Verdict.RV:
                    result.rule_violations = [str(v) for v in outcomes[failing].violations]
        self._add_hints(result, problem, source, tree, outcomes, violations)
        return result

    def _teacher_diff(self, problem: Problem, case: TestCase, source: Source, o: Outcome) -> str:
        """A failed hidden test as a sample shows it (expected vs got, a crash's traceback), for
        the teacher's own runs only (`judge validate`: the teacher owns the answers). Made here,
        from the run kept in the outcome, so a student's grading never computes it at all."""
        if o.verdict in (Verdict.WA, Verdict.PE) and not problem.interactive and case.lock is None:
            # WA and PE of a batch problem are the checker's word on this stdout. (An
            # interactive solution's stdout went to the interactor: nothing to compare.)
            try:
                answer = case.answer_path.read_bytes()
            except OSError:
                return ""
            return feedback.sample_diff(answer, o.run.stdout, self.config.diff_lines)
        if o.verdict == Verdict.RE and o.run.stderr:
            return feedback.crash_info(o.run.stderr, source.name).traceback
        return ""

    def _add_hints(
        self,
        result: SubmissionResult,
        problem: Problem,
        source: Source,
        tree: ast.AST | None,
        outcomes: list[Outcome],
        violations: list[Violation],
    ) -> None:
        if result.verdict == Verdict.AC:
            return
        failed = [(case, o) for case, o in zip(problem.tests, outcomes) if o.verdict not in (Verdict.AC, Verdict.SK)]
        failed_verdicts = {case.name: o.verdict for case, o in failed}
        texts = [
            hint.text
            for hint in problem.hints
            if hintlib.problem_hint_fires(hint, result.verdict, failed_verdicts, source.text)
        ]
        first = failed[0][1] if failed else None
        locks = set().union(*(o.obs.locks_acquired for _c, o in failed if o.obs)) if failed else set()
        clues = hintlib.Clues(
            source=source.text,
            tree=tree,
            verdict=result.verdict,
            exceptions=[o.exception for _c, o in failed if o.exception],
            stderr=first.stderr if first else "",
            stack_dump=first.dump if first else "",
            blocked=list(first.blocked) if first else [],
            rule_messages=[str(v) for _c, o in failed for v in o.violations] + result.rule_violations,
            rule_kinds=[v.kind for _c, o in failed for v in o.violations] + [v.kind for v in violations],
            uses_lock_rule=problem.rules.uses_lock is not None,
            locks_acquired=bool(locks),
        )
        recognised = hintlib.recognise(clues)
        result.hint_ids = [h.id for h in recognised]
        timeline = first.timeline if first else None
        texts.extend(hintlib.with_timeline(h, timeline, tree) for h in recognised)
        result.hints = list(dict.fromkeys(texts))


def _schedulable(problem: Problem, language: Language) -> bool:
    """Can the problem's runs go under the controlled scheduler (observed Python, not interactive)?"""
    return problem.runtime.observe and runtime_of(language).observable and not problem.interactive


def _hidden(verdict: Verdict, reason: str = "") -> str:
    """A hidden test's note: what went wrong, never the data."""
    if reason:
        return _("{verdict} on a hidden test: {reason}").format(verdict=verdict.description, reason=reason)
    return _("{verdict} on a hidden test").format(verdict=verdict.description)


def _settled(cutoff: GroupCutoff, outcomes: list[Outcome]) -> list[Outcome]:
    """The outcomes as if run one at a time (GroupCutoff.settle)."""
    cut = cutoff.settle([o.verdict for o in outcomes])
    return [_skipped(cut[i]) if i in cut else o for i, o in enumerate(outcomes)]
