"""The bootstrap's event channel (judge/sandbox/bootstrap.py has the event format): where the
events go (fd 3, or the file JUDGE_EVENTS_PATH names), the state every piece shares, and the
counting events, one os.write per JSON line.

Loaded by path inside the sandbox (bootstrap.py's _load_pieces), never imported there: the
earlier pieces it uses are given to it by name, as the TYPE_CHECKING imports below say.
"""

import os
import sys

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from types import ModuleType
    from typing import IO, TypedDict

    from judge.sandbox.schedule import Scheduler

    class _State(TypedDict, total=False):
        in_mp_start: bool  # inside Process.start(): a fork then is that process's, already reported
        start_method: str | None  # JUDGE_START_METHOD
        switch_interval: str | None  # JUDGE_SWITCH_INTERVAL, as given
        events_fd: int
        events_path: str
        forkserver_pid: int | None
        queues_seen: set[tuple[int, str, str]]  # (pid, kind, op) of the queue events emitted
        sched: Scheduler | None
        sched_module: ModuleType  # schedule.py, loaded by path (the scheduler's module)
        dump_file: IO[str]  # the channel as a text file, for faulthandler's stack dumps
        exit: int | str  # how the solution ended: its exit status, or "SIGINT" (bootstrap._run)


_OBS_FD = 3  # the event channel's default: a pipe the sandbox opened for us
# bootstrap.py, beside this folder: the interpreters multiprocessing starts (spawn, forkserver)
# load it by path, as it is no importable module inside the sandbox.
BOOTSTRAP_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bootstrap.py")
# What the pieces share, in this process.
_state: "_State" = {
    "in_mp_start": False,
    "start_method": None,
    "switch_interval": None,
    "events_fd": _OBS_FD,
    "events_path": "",
    "forkserver_pid": None,
    "queues_seen": set(),
    "sched": None,  # the controlled scheduler (JUDGE_SCHEDULE), in the main process only
}


def _emit(event, **fields):
    parts = ['"e":"%s"' % event, '"pid":%d' % os.getpid()]
    for key, value in fields.items():
        if isinstance(value, bool):
            parts.append('"%s":%s' % (key, "true" if value else "false"))
        elif isinstance(value, (int, float)):
            parts.append('"%s":%r' % (key, value))
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            parts.append('"%s":"%s"' % (key, text[:200]))
    try:
        os.write(_state["events_fd"], ("{" + ",".join(parts) + "}\n").encode("utf-8", "replace"))
    except OSError:
        pass


def _caller_is_student(depth):
    """Was the frame `depth` levels up the solution's own code (not a library's)?"""
    try:
        frame = sys._getframe(depth)
    except ValueError:
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return frame.f_code.co_filename == main_file
