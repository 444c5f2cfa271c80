"""The bootstrap's hooks on multiprocessing: processes started under every start method (the
prologue that spawned and forkserver children run), their locks, semaphores and queues.

Loaded by path inside the sandbox (bootstrap.py's _load_pieces), never imported there: the
earlier pieces it uses are given to it by name, as the TYPE_CHECKING imports below say.
"""

import os
import sys

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypedDict

    from judge.sandbox.boot import channel, tracing

    class _ChildSettings(TypedDict):
        """What a multiprocessing child's prologue passes to bootstrap._install_in_child."""

        path: str  # the events file ("": the fd)
        fd: int  # the events pipe passed to the child (-1: none)
        forkserver: bool
        start_method: str
        switch_interval: str
        trace: bool


def _patch_mp_process(process):
    original_start = process.BaseProcess.start

    def start(self, *args, **kwargs):
        channel._emit("process", cls=type(self).__name__, method=getattr(self, "_start_method", "") or "")
        channel._state["in_mp_start"] = True
        try:
            original_start(self, *args, **kwargs)
        finally:
            channel._state["in_mp_start"] = False
        if tracing._tracing:  # the parent's word: a child killed before its first line still has a lane
            tracing._trace("pspawn", ',"child":%d,"name":%s' % (self.pid or 0, tracing._json_str(self.name)))

    process.BaseProcess.start = start
    if tracing._trace_on:
        _trace_mp_processes(process.BaseProcess)


def _trace_mp_processes(base):
    """pstart and pend in every multiprocessing child, whatever its start method: _bootstrap
    is what runs the process object in the child (fork, spawn and forkserver alike), and
    its end is the child's os._exit (no atexit there)."""
    original = base._bootstrap

    def _bootstrap(self, *args, **kwargs):
        if tracing._tracing:
            tracing._trace(
                "pstart", ',"ppid":%d,"name":%s' % (getattr(self, "_parent_pid", 0) or 0, tracing._json_str(self.name))
            )
            tracing._flush_trace()  # a pool worker is terminated (SIGTERM) without a chance to flush
        try:
            return original(self, *args, **kwargs)
        finally:
            if tracing._tracing:
                tracing._trace("pend")
            tracing._flush_trace()

    def alive(args, kwargs):
        popen = args[0]._popen
        return popen is not None and popen.poll() is None

    base._bootstrap = _bootstrap
    base.join = tracing._wait_hook(base.join, "join", alive)


_MP_KINDS = {"Lock": "mp.Lock", "RLock": "mp.RLock"}  # the others are semaphores


def _patch_mp_synchronize(synchronize):
    original = synchronize.SemLock._make_methods

    def _make_methods(self):
        original(self)
        raw_acquire = self.acquire
        seen: list[int] = []

        def note():
            if not seen and channel._caller_is_student(3):
                seen.append(1)
                channel._emit("lock_acquired", kind="multiprocessing")

        def acquire(*args, **kwargs):
            note()
            return raw_acquire(*args, **kwargs)

        self.acquire = acquire
        _observed_semlocks[id(self)] = note
        if tracing._trace_on:
            _trace_semlock_methods(self, raw_acquire, note)

    synchronize.SemLock._make_methods = _make_methods
    original_enter = synchronize.SemLock.__enter__

    def __enter__(self):
        note = _observed_semlocks.get(id(self))
        if note is not None:
            note()
        return original_enter(self)

    synchronize.SemLock.__enter__ = __enter__
    if tracing._trace_on:
        _trace_semlocks(synchronize)


def _trace_semlock_methods(lock, raw_acquire, note):
    """A traced run's multiprocessing lock (in every process that has it): its acquire and
    release are traced when the solution's own code calls them."""
    raw_release = lock.release
    lock_id = lock._judge_id = _semlock_id(lock._semlock)

    def acquire(*args, **kwargs):
        note()
        if tracing._tracing and channel._caller_is_student(2):
            return _traced_semlock_acquire(raw_acquire, lock_id, args, kwargs)
        return raw_acquire(*args, **kwargs)

    def release():
        if tracing._tracing and channel._caller_is_student(2):
            tracing._trace("lock_rel", ',"lock":%d' % lock_id)
        return raw_release()

    lock.acquire, lock.release = acquire, release


def _traced_semlock_acquire(raw_acquire, lock_id, args, kwargs):
    block = args[0] if args else kwargs.get("block", True)
    if block:
        return tracing._traced_acquire(raw_acquire, lock_id, lambda: raw_acquire(*args, **kwargs))
    got = raw_acquire(*args, **kwargs)
    if got:
        tracing._trace_lock("lock_got", lock_id)
    return got


def _semlock_id(semlock):
    """One ID for a multiprocessing lock in every process: spawn and forkserver children
    reopen it by name (its random last 6 characters, negative: never an id() or an
    address), a fork child has the same handle (an address in shared memory)."""
    name = getattr(semlock, "name", None)
    if name:
        return -int.from_bytes(name.encode("utf-8", "replace")[-6:], "big")
    return getattr(semlock, "handle", id(semlock))


def _trace_semlocks(synchronize):
    """lock_new for the multiprocessing locks the solution made (directly, through a
    context, or as a Value's or Array's lock); releases through `with` of its own code."""
    folder = os.path.dirname(synchronize.__file__)
    factories = {os.path.join(folder, "context.py"), os.path.join(folder, "sharedctypes.py")}
    inits = {"SemLock.__init__", "Semaphore.__init__", "BoundedSemaphore.__init__", "Lock.__init__", "RLock.__init__"}
    own = synchronize.__file__

    def skip(code):
        return code.co_filename in factories or (
            code.co_filename == own and getattr(code, "co_qualname", code.co_name) in inits
        )

    init, original_exit = synchronize.SemLock.__init__, synchronize.SemLock.__exit__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if tracing._tracing:
            line = tracing._creation_line(sys._getframe(1), skip)
            if line is not None:
                tracing._trace_lock_new(self._judge_id, _MP_KINDS.get(type(self).__name__, "mp.Semaphore"), line)

    def __enter__(self):  # _patch_mp_synchronize's, traced (its note() looks 3 frames up)
        note = _observed_semlocks.get(id(self))
        if note is not None:
            note()
        sem = self._semlock
        if tracing._tracing and channel._caller_is_student(2):
            return tracing._traced_acquire(sem.acquire, self._judge_id, sem.acquire)
        return sem.__enter__()

    def __exit__(self, *exc):
        if tracing._tracing and channel._caller_is_student(2):
            tracing._trace("lock_rel", ',"lock":%d' % self._judge_id)
        return original_exit(self, *exc)

    synchronize.SemLock.__init__ = __init__
    synchronize.SemLock.__enter__ = __enter__
    synchronize.SemLock.__exit__ = __exit__


def _patch_mp_queues(queues):
    _observe_queue_calls(queues.Queue, "multiprocessing")
    _observe_queue_calls(queues.JoinableQueue, "multiprocessing")
    _observe_queue_calls(queues.SimpleQueue, "multiprocessing")


def _patch_queue(queue):
    if channel._state["sched"] is not None:
        channel._state["sched"].patch("queue", queue)
    _observe_queue_calls(queue.Queue, "threading")  # LifoQueue, PriorityQueue inherit them


def _observe_queue_calls(cls, kind):
    """One "queue" event per process, kind and operation, when the solution's own code puts
    or gets (a pool's internal queues do not count)."""
    for name in ("put", "get", "put_nowait", "get_nowait"):
        original = cls.__dict__.get(name)
        if original is not None:
            blocks = _QUEUE_BLOCKS.get((kind, name)) if tracing._trace_on else None
            setattr(cls, name, _queue_method(original, kind, name.split("_")[0], blocks))


def _block_arg(args, kwargs, at):
    return args[at] if len(args) > at else kwargs.get("block", True)


def _mp_put_blocks(args, kwargs):
    sem = getattr(args[0], "_sem", None)  # a SimpleQueue has none: its put never waits
    return _block_arg(args, kwargs, 2) and sem is not None and sem._semlock._is_zero()


# Would this call of the solution's wait (for an item, or for room)? args[0] is the queue.
_QUEUE_BLOCKS = {
    ("threading", "get"): lambda a, k: _block_arg(a, k, 1) and not a[0]._qsize(),
    ("threading", "put"): lambda a, k: _block_arg(a, k, 2) and a[0].maxsize > 0 and a[0]._qsize() >= a[0].maxsize,
    ("multiprocessing", "get"): lambda a, k: _block_arg(a, k, 1) and a[0].empty(),
    ("multiprocessing", "put"): _mp_put_blocks,
}


def _queue_method(original, kind, op, blocks=None):
    seen = channel._state["queues_seen"]

    def method(self, *args, **kwargs):
        # Keyed by pid: a forked child inherits the set, yet its own use is news.
        mark = (os.getpid(), kind, op)
        if mark not in seen and channel._caller_is_student(2):
            seen.add(mark)
            channel._emit("queue", kind=kind, op=op)
        return original(self, *args, **kwargs)

    def traced(self, *args, **kwargs):
        mark = (os.getpid(), kind, op)
        if mark not in seen and channel._caller_is_student(2):
            seen.add(mark)
            channel._emit("queue", kind=kind, op=op)
        if tracing._tracing and channel._caller_is_student(2) and tracing._may_block(blocks, (self,) + args, kwargs):
            return tracing._traced_wait(op, sys._getframe(1).f_lineno, original, (self,) + args, kwargs)
        return original(self, *args, **kwargs)

    if blocks is not None:  # a traced run's put() or get()
        method = traced
    method.__name__, method.__qualname__ = original.__name__, original.__qualname__
    method.__doc__ = original.__doc__
    return method


def _patch_mp_util(util):
    """On POSIX, spawn and forkserver start their interpreters through spawnv_passfds with a
    `-c` program: those get the hooks before the program runs, and the event channel."""
    original = util.spawnv_passfds

    def spawnv_passfds(path, args, passfds):
        args, extra = _observed_command(list(args))
        return original(path, args, tuple(passfds) + extra)

    util.spawnv_passfds = spawnv_passfds
    # multiprocessing's own exit work first (joining children, finalizers that unregister
    # semaphores from the resource tracker), then its helper processes: atexit runs the
    # last registered first, so ours replaces its registration.
    import atexit

    original_exit = util._exit_function

    def exit_function(*args, **kwargs):
        try:
            return original_exit(*args, **kwargs)
        finally:
            _stop_mp_helpers()

    atexit.unregister(original_exit)
    atexit.register(exit_function)


def _stop_mp_helpers():
    """Stop the forkserver and the resource tracker this process started (spawn and
    forkserver start them; fork does not). Left running, they end a moment after the
    solution, which the sandbox counts as processes left behind: a rule like
    no_leftover_processes would fail a correct solution only because of the start method.
    Each ends once its pipe from us closes; waited for briefly, never blocking the exit
    (a process of the solution still alive may hold the tracker's pipe too)."""
    helpers = (
        ("multiprocessing.forkserver", "_forkserver", "_forkserver_alive_fd", "_forkserver_pid"),
        ("multiprocessing.resource_tracker", "_resource_tracker", "_fd", "_pid"),
    )
    waiting = []
    for module, name, fd_attr, pid_attr in helpers:
        helper = getattr(sys.modules.get(module), name, None)
        fd, pid = getattr(helper, fd_attr, None), getattr(helper, pid_attr, None)
        if not isinstance(fd, int) or not isinstance(pid, int):
            continue  # not started here (a child only inherits the tracker's fd)
        try:
            os.close(fd)
            setattr(helper, fd_attr, None)
            setattr(helper, pid_attr, None)
        except (OSError, AttributeError):
            continue
        waiting.append(pid)
    _reap_briefly(waiting, 1.0)


def _reap_briefly(pids, timeout):
    import time

    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline:
        for pid in list(pids):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                pids.remove(pid)
        if pids:
            time.sleep(0.002)


def _patch_mp_spawn(spawn):
    """On Windows, spawn builds its command line here and starts it with CreateProcess: no fd
    is passed, so only the file channel (JUDGE_EVENTS_PATH) reaches the child."""
    if sys.platform != "win32":
        return  # POSIX: spawnv_passfds does it, for forkserver too
    original = spawn.get_command_line

    def get_command_line(**kwds):
        return _observed_command(original(**kwds))[0]

    spawn.get_command_line = get_command_line


def _observed_command(args):
    """(args, extra fds to pass): a multiprocessing child's command line, its `-c` program
    prefixed with loading this file and installing its hooks with the parent's settings."""
    try:
        at = args.index("-c") + 1
        program = args[at]
    except (ValueError, IndexError):
        return args, ()
    forkserver = "multiprocessing.forkserver import main" in program
    if not channel.BOOTSTRAP_PATH or not (forkserver or "multiprocessing.spawn import spawn_main" in program):
        return args, ()  # the resource tracker, or a frozen program: nothing of the solution's
    settings: _ChildSettings = {
        "path": channel._state["events_path"],
        "fd": -1,
        "forkserver": forkserver,
        "start_method": channel._state["start_method"] or "",
        "switch_interval": channel._state["switch_interval"] or "",
        "trace": tracing._trace_on,
    }
    extra: tuple[int, ...] = ()
    if not settings["path"] and sys.platform != "win32":
        try:
            os.fstat(channel._state["events_fd"])  # a solution may have closed it: then pass nothing
            settings["fd"] = channel._state["events_fd"]
            extra = (channel._state["events_fd"],)
        except OSError:
            pass
    if settings["fd"] < 0 and not settings["path"]:
        return args, ()
    args[at] = _CHILD_PROLOGUE % (channel.BOOTSTRAP_PATH, channel.BOOTSTRAP_PATH, settings) + program
    return args, extra


# The start of a multiprocessing child's `-c` program: this file, run as a module that is not
# __main__ (nothing of it stays in the child's namespace), installs the hooks; from its bytecode
# when that is fresh (bootfiles.py: compiling costs each child ~25 ms).
_CHILD_PROLOGUE = """\
import importlib.machinery as _judge_loader
_judge = {"__name__": "_judge_bootstrap", "__file__": %r, "__builtins__": __builtins__}
exec(_judge_loader.SourceFileLoader("_judge_bootstrap", %r).get_code("_judge_bootstrap"), _judge)
_judge["_install_in_child"](%r)
del _judge_loader, _judge
"""


def _patch_mp_context(context):
    method = channel._state.get("start_method")
    if method:
        # Change the default, not the chosen context: a solution may still call
        # set_start_method() itself, as it would on Windows or macOS.
        context._default_context._default_context = context._concrete_contexts[method]


_observed_semlocks: "dict[int, Callable[[], None]]" = {}  # id(SemLock) -> its note()
