"""Interactive problems: the solution talks to the problem's interactor through two pipes.

The interactor is a Kattis output validator run as `interactor INPUT ANSWER FEEDBACK_DIR/ [args]`:
its stdout is the solution's stdin and the solution's stdout is its stdin; it exits with 42
(accepted) or 43 (wrong answer) and may explain itself in FEEDBACK_DIR/judgemessage.txt.

It is the teacher's program, so it runs as a trusted process of the judge (not in the
sandbox): in its own process group, with rlimits on CPU and memory and a wall-clock budget of
its checker `timeout` plus the run's wall limit, after which its whole group is killed.
The solution runs in the sandbox as always, with the two other pipe ends as its stdin and
stdout (RunSpec.interactive). Who ended first decides between their verdicts (see `decide`
and docs/PROBLEM_FORMAT.md, "Interactive problems").
"""

from __future__ import annotations

import math
import os
import shutil
import signal as signals
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from judge.checkers.external import KATTIS_AC, KATTIS_WA, ExternalChecker, Program, feedback_dir_arg, kattis_message
from judge.core.i18n import _
from judge.core.numbers import decimal
from judge.core.verdicts import Verdict
from judge.sandbox.runspec import BUSY_SHARE, STOP_HELPER_LOST, STOP_WALL, RunResult, RunSpec

if TYPE_CHECKING:
    from judge.sandbox.factory import SandboxLike

STDERR_CAP = 64 * 1024  # bytes of the interactor's stderr kept for the message
MESSAGE_TAIL = 2048  # characters of it shown
INTERACTOR_MEMORY = 2 * 1024**3  # RLIMIT_DATA: a backstop against a runaway interactor
# "First" by the clock needs a margin: each end is seen by a different process (the solution's
# by its sandbox helper, the interactor's by a thread of the judge), each a few ms late on a
# busy machine, while a peer reacts to the other's end within a few ms.
FIRST_MARGIN = 0.1
# An interactor that ends with anything but "accepted" decides the test (WA or IE) whatever
# the solution does next: the solution is stopped this long after, unless it ended by itself
# (most do at once, on EOF or a broken pipe). Longer than FIRST_MARGIN, so that the stop
# still reads as "the interactor ended first".
STOP_AFTER = 2 * FIRST_MARGIN
# A solution whose last words are these died of the conversation's end, not of a bug of its
# own: its peer had closed the pipes (the interactor was done) before it read or wrote.
_PIPE_ENDED = (
    b"BrokenPipeError",
    b"EOFError",
    b"ConnectionResetError",
    b"ValueError: invalid literal for int() with base 10: ''",
)


@dataclass(frozen=True)
class Interactor:
    """How to start a problem's interactor."""

    program: Program
    args: tuple[str, ...] = ()
    timeout: float = 10.0  # seconds on top of the run's wall limit

    @classmethod
    def of(cls, checker: ExternalChecker) -> Interactor:
        return cls(checker.runner, tuple(checker.args), checker.timeout)


@dataclass(frozen=True)
class InteractorResult:
    """How the interactor ended."""

    exit_code: int | None = None
    signal: int | None = None
    ended_at: float | None = None  # time.monotonic() at its exit (None: it did not start)
    cpu_time: float = 0.0
    timed_out: bool = False  # still running at its deadline: the judge killed it
    budget: float = 0.0  # its wall-clock budget (timeout + the run's wall limit)
    error: str = ""  # why it could not start
    stderr: bytes = b""
    message: str = ""  # its judgemessage.txt

    @property
    def started(self) -> bool:
        return not self.error

    def with_message(self, message: str) -> InteractorResult:
        return replace(self, message=message)

    def failure(self) -> str:
        """What went wrong with it, in words that reveal no test data."""
        if self.error:
            return _("the interactor could not start: {error}").format(error=self.error)
        if self.timed_out:
            return _("the interactor did not finish within {budget} s (its timeout plus the wall limit)").format(
                budget=decimal(self.budget)
            )
        if self.signal is not None:
            name = _signal_name(self.signal)
            if name is None:
                return _("the interactor was killed by signal {number}").format(number=self.signal)
            return _("the interactor was killed by {signal}").format(signal=name)
        if self.exit_code is None:
            return _("the interactor ended, but its exit status was lost (reaped elsewhere)")
        return _("the interactor exited with code {code} (expected 42 or 43)").format(code=self.exit_code)


@dataclass(frozen=True)
class Interaction:
    """One test's conversation: the solution's run and the interactor's end."""

    run: RunResult
    interactor: InteractorResult
    wall_limit: float = 0.0  # the solution's wall-time limit (its own time; see runspec.WALL_STRETCH)

    @property
    def solution_ended_at(self) -> float:
        return self.run.started_at + self.run.wall_time

    @property
    def interactor_first(self) -> bool:
        """Did the interactor end before the solution? When the solution died of the closed
        pipes (EOF on its stdin, EPIPE on its stdout: a consequence), or else by the clock,
        clearly (FIRST_MARGIN): a solution that crashed on its own is not blamed on the
        interactor that reacted to its end."""
        ended = self.interactor.ended_at
        if ended is None or self.interactor.timed_out:
            return False
        return _died_of_closed_pipes(self.run) or ended + FIRST_MARGIN <= self.solution_ended_at


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    message: str  # may quote the interactor (judgemessage, stderr): samples only
    hidden_message: str  # the same without any data, for hidden tests
    by_solution: bool  # the solution's own verdict, to be explained as in batch problems


def interact(
    box: SandboxLike, spec: RunSpec, interactor: Interactor, input_path: Path, answer_path: Path
) -> Interaction:
    """Run the interactor and the solution connected to each other; both are over when this
    returns (the sandbox has killed the solution's tree, the interactor's group is killed)."""
    budget = interactor.timeout + spec.limits.wall
    command = interactor.program.command()
    if isinstance(command, str):  # a C++ interactor that does not compile
        return Interaction(RunResult(), InteractorResult(error=command, budget=budget))
    scratch = Path(tempfile.mkdtemp(prefix="judge-interactor-"))
    try:
        feedback = scratch / "feedback"
        feedback.mkdir()
        argv = [
            *command,
            str(input_path.resolve()),
            str(answer_path.resolve()),
            feedback_dir_arg(feedback),
            *interactor.args,
        ]
        to_solution_r, to_solution_w = os.pipe()
        to_interactor_r, to_interactor_w = os.pipe()
        try:
            process = _start(argv, to_interactor_r, to_solution_w, scratch, budget)
        except OSError as error:
            for fd in (to_solution_r, to_solution_w, to_interactor_r, to_interactor_w):
                os.close(fd)
            return Interaction(
                RunResult(), InteractorResult(error=f"{argv[0]}: {error.strerror or error}", budget=budget)
            )
        # Only the interactor holds its ends now: when it exits, the solution reads EOF and
        # its writes fail, instead of blocking on a pipe the judge keeps open.
        os.close(to_interactor_r)
        os.close(to_solution_w)
        watch = _Watch(process, time.monotonic() + budget, budget, box.canceller(), grace=interactor.timeout)
        run: RunResult | None = None
        try:
            run = box.run(spec, stdio=(to_solution_r, to_interactor_w))
        finally:
            ended = watch.finish(kill_now=run is None)
        return Interaction(run, ended.with_message(kattis_message(feedback)), spec.limits.wall)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def decide(interaction: Interaction, solution: tuple[Verdict, str]) -> Decision:
    """The test's verdict from the solution's own (as for a batch problem: limits, crashes)
    and the interactor's end. Mirrors Kattis problemtools:

    1. an interactor that did not start or did not finish in its budget: IE;
    2. the interactor ended first: 43 is WA, whatever the solution did next (it read EOF, its
       writes broke, it waited or spun until a limit); a crash or another exit code is IE;
       42 leaves the verdict to the solution (a limit, a crash, else AC);
    3. the solution ended first: its own verdict when not AC (a limit, a crash: RE) - except
       an idleness limit while the interactor was busy computing, which is IE; else the
       interactor's 42 is AC, 43 is WA, anything else IE.
    """
    run, ended = interaction.run, interaction.interactor
    verdict, message = solution
    if run.stopped == STOP_HELPER_LOST:  # the solution attacked the sandbox: nothing else counts
        return Decision(verdict, message, message, by_solution=True)
    if not ended.started or ended.timed_out:
        return _internal(ended.failure(), ended)
    accepted = ended.signal is None and ended.exit_code == KATTIS_AC
    rejected = ended.signal is None and ended.exit_code == KATTIS_WA
    if interaction.interactor_first:
        if rejected:
            return _rejected(ended)
        if not accepted:
            return _internal(ended.failure(), ended)
        return Decision(verdict, message, message, by_solution=True)
    # Busy while the solution waited: measured against the solution's own limit, not its wall
    # time, which a busy machine stretches (the interactor then got less CPU too).
    waited_for = interaction.wall_limit or run.wall_time
    if verdict == Verdict.ILE and run.stopped == STOP_WALL and ended.cpu_time >= BUSY_SHARE * waited_for:
        return _internal(
            _(
                "the solution waited {wall} s while the interactor computed for {cpu} s of CPU: "
                "a slow interactor (raise limits.wall_time)"
            ).format(wall=decimal(run.wall_time, 2), cpu=decimal(ended.cpu_time, 2)),
            ended,
        )
    if verdict != Verdict.AC:
        return Decision(verdict, message, message, by_solution=True)
    if accepted:
        return Decision(Verdict.AC, "", "", by_solution=True)
    if rejected:
        return _rejected(ended)
    return _internal(ended.failure(), ended)


# -- the interactor's process -------------------------------------------------------------


def _start(argv: list[str], stdin: int, stdout: int, cwd: Path, budget: float) -> subprocess.Popen[bytes]:
    # Its own process group, for killpg; but the judge's session, which is what tells the
    # judge's own children from a solution's orphans when a run kills its sandbox helper
    # (client._kill_orphans kills processes of other sessions).
    process = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, cwd=cwd, process_group=0)
    # Its rlimits are set from here rather than in a preexec_fn, which is not safe in a
    # threaded judge (parallel tests). The program has just exec'd: it is a trusted one, and
    # the limits are a backstop against a runaway, not a fence against an attack.
    import resource  # POSIX only (interactive problems need the POSIX sandbox)

    cpu = math.ceil(budget) + 1
    for which, value in (
        (resource.RLIMIT_CPU, (cpu, cpu + 1)),
        (resource.RLIMIT_DATA, (INTERACTOR_MEMORY, INTERACTOR_MEMORY)),
        (resource.RLIMIT_CORE, (0, 0)),
    ):
        try:
            resource.prlimit(process.pid, which, value)
        except (OSError, ValueError):
            pass  # it ended already, or a hard limit is lower: keep that one
    return process


class _Watch:
    """Waits for the interactor in the background, timing its exit; reads its stderr."""

    def __init__(
        self,
        process: subprocess.Popen[bytes],
        deadline: float,
        budget: float,
        stop_solution: Callable[[], None] = lambda: None,
        grace: float = 0.0,
    ) -> None:
        self.process = process
        self.stop_solution = stop_solution
        self.deadline = deadline
        self.budget = budget
        # Once the solution has ended, the interactor still gets its own timeout to see the
        # EOF and answer: on a loaded machine the solution's end (a wall-clock kill) comes
        # late, and a deadline counted only from the start would leave the interactor no
        # time at all (IE for a solution that earned ILE).
        self.grace = grace
        self._lock = threading.Lock()
        self._reaped = False
        self._done = threading.Event()
        self._status: int | None = None
        self._cpu = 0.0
        self._ended_at: float | None = None
        self._stderr = bytearray()
        self._waiter = threading.Thread(target=self._wait, name="interactor-wait", daemon=True)
        self._reader = threading.Thread(target=self._read, name="interactor-stderr", daemon=True)
        self._waiter.start()
        self._reader.start()

    def _wait(self) -> None:
        pid = self.process.pid
        try:
            # Wait without reaping: while the zombie holds its pid, its group id cannot be
            # reused, so killing what is left of the group hits nobody else. (Linux, as the
            # sandbox: waitid and prlimit are not everywhere.)
            os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            self._ended_at = time.monotonic()
            with self._lock:
                _end_group(pid)  # children it left behind
                _pid, wait_status, rusage = os.wait4(pid, 0)
                self._reaped = True
            self._status = wait_status
            self._cpu = rusage.ru_utime + rusage.ru_stime
            # Popen must not wait for it again.
            self.process.returncode = os.waitstatus_to_exitcode(wait_status)
        except ChildProcessError:
            self._ended_at = self._ended_at or time.monotonic()
        finally:
            self._done.set()
        status = self._status
        if status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == KATTIS_AC:
            return  # accepted: now the solution's own end decides (a limit, a crash, else AC)
        # Rejected, or the interactor failed: decided. A solution that ignores its closed
        # pipes would otherwise sleep or spin into its limit; stop it.
        time.sleep(STOP_AFTER)
        self.stop_solution()

    def _read(self) -> None:
        stream = self.process.stderr
        assert stream is not None
        fd = stream.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            room = STDERR_CAP - len(self._stderr)
            if room > 0:
                self._stderr += chunk[:room]

    def finish(self, kill_now: bool = False) -> InteractorResult:
        timed_out = False
        deadline = max(self.deadline, time.monotonic() + self.grace)
        if kill_now or not self._done.wait(max(0.0, deadline - time.monotonic())):
            with self._lock:
                if not self._reaped:
                    timed_out = not kill_now
                    _kill_group(self.process.pid)
            self._done.wait()
        self._reader.join(timeout=1.0)
        if self.process.stderr is not None:
            self.process.stderr.close()
        status = self._status
        exit_code = sig = None
        if status is not None:
            if os.WIFSIGNALED(status):
                sig = os.WTERMSIG(status)
            else:
                exit_code = os.WEXITSTATUS(status)
        if timed_out:
            exit_code, sig = None, None
        return InteractorResult(
            exit_code=exit_code,
            signal=sig,
            ended_at=self._ended_at,
            cpu_time=self._cpu,
            timed_out=timed_out,
            budget=self.budget,
            stderr=bytes(self._stderr),
        )


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signals.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _end_group(leader: int) -> None:
    """Kill what is left of the (exited) interactor's group and reap the members that came to
    the judge: it is a subreaper, so a dead interactor's orphans are its children now."""
    _kill_group(leader)
    import psutil

    deadline = time.monotonic() + 1.0
    while True:
        waiting = False
        for child in psutil.Process().children():
            if child.pid == leader:  # its status is for wait4, after this
                continue
            try:
                if os.getpgid(child.pid) != leader or os.waitpid(child.pid, os.WNOHANG)[0]:
                    continue
            except (OSError, ChildProcessError):
                continue
            waiting = True  # killed, not yet a zombie
        if not waiting or time.monotonic() > deadline:
            return
        time.sleep(0.005)


# -- verdict helpers -----------------------------------------------------------------------


def _rejected(ended: InteractorResult) -> Decision:
    said = ended.message.strip()
    return Decision(
        Verdict.WA, said or _("the interactor rejected the conversation (exit code 43)"), "", by_solution=False
    )


def _internal(reason: str, ended: InteractorResult) -> Decision:
    detail = ended.stderr.decode("utf-8", "replace").strip() or ended.message.strip()
    if len(detail) > MESSAGE_TAIL:
        detail = "[...]\n" + detail[-MESSAGE_TAIL:]
    return Decision(Verdict.IE, reason + (f":\n{detail}" if detail else ""), reason, by_solution=False)


def _died_of_closed_pipes(run: RunResult) -> bool:
    if run.signal == signals.SIGPIPE:
        return True
    if run.exit_code in (0, None):
        return False
    lines = run.stderr.rstrip().splitlines()
    return bool(lines) and (lines[-1].startswith(_PIPE_ENDED) or any(b"BrokenPipeError" in line for line in lines[-3:]))


def _signal_name(number: int) -> str | None:
    try:
        return signals.Signals(number).name
    except ValueError:
        return None
