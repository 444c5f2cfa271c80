"""Runs a Python solution as __main__ while observing its concurrency.

Usage (inside the sandbox): python bootstrap.py SOLUTION.py, with fd 3 open for events
(or JUDGE_EVENTS_PATH naming a file for them, where no fd can be passed).

Standard library only, and nothing is imported that the solution would not import itself:
the hooks on threading, multiprocessing and asyncio are installed when the solution imports
those modules. Events are JSON lines on the event channel, written as they happen, one
os.write per line (a crash or a kill loses nothing already written, and lines of several
processes never interleave mid-line). A correct program prints exactly what it prints
without us.

The event channel is fd 3, unless JUDGE_EVENTS_PATH is set: then that file, opened with
O_WRONLY|O_APPEND|O_CREAT (for sandboxes that cannot pass an fd, as on Windows and macOS).
The SIGUSR1 stack dump goes to the same channel.

Child processes are observed under every start method: a forked child inherits the hooks;
the interpreters that spawn and forkserver start get a prologue in their `-c` program that
loads this file by path and installs the same hooks before multiprocessing's code runs, with
the parent's settings and channel (see _observed_command). Every event names its pid.

Zygote mode (python bootstrap.py --zygote FD): a warm interpreter that forks one child per
run on request from the sandbox helper (see judge/sandbox/zygote.py); the child enters the
run's confinement, rebinds its standard streams and runs the solution here, as a fresh
interpreter would.

Environment (read once, then removed so the solution does not see it):
  JUDGE_EVENTS_PATH      write the events to this file instead of fd 3 (the interpreters
                         that multiprocessing starts get it on their command line)
  JUDGE_START_METHOD     force multiprocessing's default start method (e.g. spawn)
  JUDGE_SWITCH_INTERVAL  sys.setswitchinterval(x): provoke races (the race amplifier)
"""

import os
import sys

_OBS_FD = 3  # the event channel's default: a pipe the sandbox opened for us
# Where this file is, for the interpreters multiprocessing starts (spawn, forkserver): they
# load it by path, as it is no importable module inside the sandbox. Taken at import time,
# before a zygote's child changes its working directory.
_BOOTSTRAP_PATH = os.path.abspath(__file__) if "__file__" in globals() else ""


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


# --- threading -------------------------------------------------------------------------

class _LockedStream:
    """sys.stdout shared by threads: CPython 3.11's buffered text stream can glue lines and
    even emit garbage bytes when several threads print at once (gh-118138, gh-119506). A
    correct solution must not get WA for an interpreter bug: every write takes one lock."""

    def __init__(self, stream, lock):
        self._stream = stream
        self._lock = lock

    def write(self, text):
        with self._lock:
            return self._stream.write(text)

    def writelines(self, lines):
        with self._lock:
            return self._stream.writelines(lines)

    def flush(self):
        with self._lock:
            return self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _patch_threading(threading):
    original_start = threading.Thread.start
    if not isinstance(sys.stdout, _LockedStream) and sys.stdout is not None:
        sys.stdout = _LockedStream(sys.stdout, threading.RLock())

    def start(self, *args, **kwargs):
        cls = type(self)
        overrides_run = cls.run is not threading.Thread.run
        target = getattr(self, "_target", None)
        _emit("thread", cls=cls.__name__, subclass=overrides_run,
              target=getattr(target, "__name__", "") if target is not None else "",
              has_target=target is not None, daemon=bool(self.daemon))
        return original_start(self, *args, **kwargs)

    threading.Thread.start = start

    # Locks: only acquisitions from the solution's own code count ("a lock is used").
    allocate = threading.Lock
    allocate_r = threading.RLock

    class _ObservedLock:
        __slots__ = ("_lock", "_seen", "__weakref__")

        def __init__(self, factory, kind):
            self._lock = factory()
            self._seen = False
            _emit("lock_created", kind=kind)

        def _note(self):
            if not self._seen and _caller_is_student(3):
                self._seen = True
                _emit("lock_acquired", kind="threading")

        def acquire(self, blocking=True, timeout=-1):
            self._note()
            return self._lock.acquire(blocking, timeout)

        def release(self):
            return self._lock.release()

        def locked(self):
            return self._lock.locked()

        def __enter__(self):
            self._note()
            return self._lock.__enter__()

        def __exit__(self, *exc):
            return self._lock.__exit__(*exc)

        def __repr__(self):
            return repr(self._lock)

        def __getattr__(self, name):
            # Everything else (_at_fork_reinit, _is_owned, _release_save, ...) is the real
            # lock's: the standard library relies on those private methods.
            return getattr(self._lock, name)

    threading.Lock = lambda: _ObservedLock(allocate, "Lock")
    threading.RLock = lambda *a, **k: _ObservedLock(lambda: allocate_r(*a, **k), "RLock")


# --- multiprocessing -------------------------------------------------------------------

def _patch_mp_process(process):
    original_start = process.BaseProcess.start

    def start(self, *args, **kwargs):
        _emit("process", cls=type(self).__name__, method=getattr(self, "_start_method", "") or "")
        _state["in_mp_start"] = True
        try:
            return original_start(self, *args, **kwargs)
        finally:
            _state["in_mp_start"] = False

    process.BaseProcess.start = start


def _patch_mp_synchronize(synchronize):
    original = synchronize.SemLock._make_methods

    def _make_methods(self):
        original(self)
        raw_acquire = self.acquire
        seen = []

        def note():
            if not seen and _caller_is_student(3):
                seen.append(1)
                _emit("lock_acquired", kind="multiprocessing")

        def acquire(*args, **kwargs):
            note()
            return raw_acquire(*args, **kwargs)

        self.acquire = acquire
        _observed_semlocks[id(self)] = note

    synchronize.SemLock._make_methods = _make_methods
    original_enter = synchronize.SemLock.__enter__

    def __enter__(self):
        note = _observed_semlocks.get(id(self))
        if note is not None:
            note()
        return original_enter(self)

    synchronize.SemLock.__enter__ = __enter__


def _patch_mp_queues(queues):
    _observe_queue_calls(queues.Queue, "multiprocessing")
    _observe_queue_calls(queues.JoinableQueue, "multiprocessing")
    _observe_queue_calls(queues.SimpleQueue, "multiprocessing")


def _patch_queue(queue):
    _observe_queue_calls(queue.Queue, "threading")  # LifoQueue, PriorityQueue inherit them


def _observe_queue_calls(cls, kind):
    """One "queue" event per process, kind and operation, when the solution's own code puts
    or gets (a pool's internal queues do not count)."""
    for name in ("put", "get", "put_nowait", "get_nowait"):
        original = cls.__dict__.get(name)
        if original is not None:
            setattr(cls, name, _queue_method(original, kind, name.split("_")[0]))


def _queue_method(original, kind, op):
    seen = _state["queues_seen"]

    def method(self, *args, **kwargs):
        # Keyed by pid: a forked child inherits the set, yet its own use is news.
        mark = (os.getpid(), kind, op)
        if mark not in seen and _caller_is_student(2):
            seen.add(mark)
            _emit("queue", kind=kind, op=op)
        return original(self, *args, **kwargs)

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
    helpers = (("multiprocessing.forkserver", "_forkserver", "_forkserver_alive_fd", "_forkserver_pid"),
               ("multiprocessing.resource_tracker", "_resource_tracker", "_fd", "_pid"))
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
    if not _BOOTSTRAP_PATH or not (forkserver or "multiprocessing.spawn import spawn_main" in program):
        return args, ()  # the resource tracker, or a frozen program: nothing of the solution's
    settings = {"path": _state["events_path"], "fd": -1, "forkserver": forkserver,
                "start_method": _state["start_method"] or "",
                "switch_interval": _state["switch_interval"] or ""}
    extra = ()
    if not settings["path"] and sys.platform != "win32":
        try:
            os.fstat(_state["events_fd"])  # a solution may have closed it: then pass nothing
            settings["fd"] = _state["events_fd"]
            extra = (_state["events_fd"],)
        except OSError:
            pass
    if settings["fd"] < 0 and not settings["path"]:
        return args, ()
    args[at] = _CHILD_PROLOGUE % (_BOOTSTRAP_PATH, _BOOTSTRAP_PATH, settings) + program
    return args, extra


# The start of a multiprocessing child's `-c` program: this file, run as a module that is not
# __main__ (nothing of it stays in the child's namespace), installs the hooks.
_CHILD_PROLOGUE = """\
with open(%r, "rb") as _judge_file:
    _judge = {"__name__": "_judge_bootstrap", "__file__": %r, "__builtins__": __builtins__}
    exec(compile(_judge_file.read(), _judge["__file__"], "exec"), _judge)
_judge["_install_in_child"](%r)
del _judge_file, _judge
"""


def _patch_mp_context(context):
    method = _state.get("start_method")
    if method:
        # Change the default, not the chosen context: a solution may still call
        # set_start_method() itself, as it would on Windows or macOS.
        context._default_context._default_context = context._concrete_contexts[method]


# --- asyncio ---------------------------------------------------------------------------

def _patch_asyncio(base_events):
    original = base_events.BaseEventLoop.create_task

    def create_task(self, coro, *args, **kwargs):
        _emit("task", name=getattr(getattr(coro, "cr_code", None), "co_name", ""))
        return original(self, coro, *args, **kwargs)

    base_events.BaseEventLoop.create_task = create_task


# --- install ---------------------------------------------------------------------------

_state = {"in_mp_start": False, "start_method": None, "switch_interval": None,
          "events_fd": _OBS_FD, "events_path": "", "forkserver_pid": None, "queues_seen": set()}
_observed_semlocks = {}
_PATCHES = {
    "threading": _patch_threading,
    "queue": _patch_queue,
    "multiprocessing.process": _patch_mp_process,
    "multiprocessing.synchronize": _patch_mp_synchronize,
    "multiprocessing.queues": _patch_mp_queues,
    "multiprocessing.context": _patch_mp_context,
    "multiprocessing.util": _patch_mp_util,
    "multiprocessing.spawn": _patch_mp_spawn,
    "asyncio.base_events": _patch_asyncio,
}


class _PatchingFinder:
    """Patches a module right after it is first imported (a post-import hook)."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name not in _PATCHES:
            return None
        from importlib.machinery import PathFinder
        spec = PathFinder.find_spec(name, path, target)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        original_exec = loader.exec_module

        def exec_module(module):
            original_exec(module)
            _PATCHES[name](module)

        loader.exec_module = exec_module
        return spec


def _after_fork_in_parent():
    # A forkserver forks once per Process.start(), which the parent already reported.
    if not _state["in_mp_start"] and _state["forkserver_pid"] != os.getpid():
        _emit("fork")


def _open_events(path):
    """Make the file at `path` the event channel. O_APPEND: every process that writes to it
    (forked or started by multiprocessing) appends whole lines, never over another's."""
    try:
        _state["events_fd"] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _state["events_path"] = path
    except OSError:
        _state["events_fd"] = -1  # nowhere to write: the run goes on unobserved


def _install():
    """The solution's interpreter: settings from the environment, hidden from the solution."""
    _configure(os.environ.pop("JUDGE_EVENTS_PATH", ""), os.environ.pop("JUDGE_START_METHOD", ""),
               os.environ.pop("JUDGE_SWITCH_INTERVAL", ""))
    _install_hooks()


def _install_in_child(settings):
    """An interpreter that multiprocessing started (spawn, forkserver), before its own
    program: the parent's settings come on its command line (see _observed_command)."""
    if settings["fd"] >= 0:
        _state["events_fd"] = settings["fd"]
    _configure(settings["path"], settings["start_method"], settings["switch_interval"])
    if settings["forkserver"]:
        _state["forkserver_pid"] = os.getpid()
    _install_hooks()


def _configure(events_path, method, interval):
    if events_path:
        _open_events(events_path)
    if method:
        _state["start_method"] = method
    if interval:
        _state["switch_interval"] = interval
        sys.setswitchinterval(float(interval))


def _install_hooks():
    for name in list(_PATCHES):
        module = sys.modules.get(name)
        if module is not None:  # imported already at startup: patch now
            _PATCHES[name](module)
    sys.meta_path.insert(0, _PatchingFinder)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_parent=_after_fork_in_parent)
    try:
        import faulthandler
        import signal
        # On an idle timeout the sandbox sends SIGUSR1: every thread's stack goes to the
        # event channel.
        _state["dump_file"] = open(_state["events_fd"], "w", closefd=False)
        faulthandler.register(signal.SIGUSR1, file=_state["dump_file"], all_threads=True)
    except (ImportError, OSError, AttributeError, ValueError):
        pass


def _run(path, script=None):
    """Run the solution as __main__. `script`: how the command line named it, for a run
    without observation that stands in for `python sol.py` (whose __file__ is absolute)."""
    import types
    with open(path, "rb") as fh:
        source = fh.read()
    code = compile(source, path, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = __builtins__
    main.__cached__ = None
    sys.modules["__main__"] = main
    sys.argv[:] = [script or path]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    import time
    # The solution's own start: its wall time for the concurrency rules excludes the
    # interpreter's start-up, which a loaded machine can stretch to half a second.
    _emit("start", t=time.monotonic())
    exec(code, main.__dict__)


# --- the zygote --------------------------------------------------------------------------

def _zygote(fd):
    """Serve fork requests until the helper closes the socket; return only in a forked child,
    confined and ready, with (solution path, script name or None, observe)."""
    baseline = set(sys.modules)
    import _socket
    import marshal
    # This file's folder is sys.path[0]: the two helpers are loaded by path, outside the
    # judge package, and dropped again in every child.
    import confine
    import linux
    linux.preload()
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_SEQPACKET, 0, fd)
    fd_size = 4
    while True:
        try:
            data, ancdata, _, _ = sock.recvmsg(1 << 20, _socket.CMSG_SPACE(8 * fd_size))
        except InterruptedError:
            continue
        if not data:
            os._exit(0)
        fds = []
        for level, kind, payload in ancdata:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                usable = len(payload) - len(payload) % fd_size
                fds += [int.from_bytes(payload[i:i + fd_size], sys.byteorder, signed=True)
                        for i in range(0, usable, fd_size)]
        request = marshal.loads(data)
        pid = _fork_grandchild()
        if pid == 0:  # the run's child
            sock.detach()  # its fd goes with closerange(); the object must not close a reused fd
            return _enter_run(request, fds, baseline, confine, linux)
        for extra in fds:
            os.close(extra)
        try:
            sock.send(marshal.dumps((pid, _own_rss())))
        except OSError:
            os._exit(0)


def _fork_grandchild():
    """Fork twice and let the middle process exit, so that the run's child is reparented to
    the helper (a child subreaper): the helper waits for it, gets its rusage and owns its
    tree exactly as for a child it forked itself. Returns 0 in that child, else its pid,
    once the reparenting is done (-1 if a fork failed)."""
    r, w = os.pipe()
    middle = os.fork()
    if middle == 0:
        os.close(r)
        # Only the middle process holds gone_w: the grandchild sees EOF on gone_r when the
        # middle exits, and then waits out the short gap until it is reparented.
        gone_r, gone_w = os.pipe()
        me = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os._exit(1)
        if pid == 0:
            os.close(w)
            os.close(gone_w)
            _wait_for_reparenting(gone_r, me)
            return 0
        os.write(w, pid.to_bytes(8, "little"))
        os._exit(0)
    os.close(w)
    data = b""
    while len(data) < 8:
        chunk = os.read(r, 8 - len(data))
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(middle, 0)  # after this the grandchild's parent is the helper
    return int.from_bytes(data, "little") if len(data) == 8 else -1


def _wait_for_reparenting(gone_r, middle):
    """Return once this process's parent is no longer the middle process. A solution that
    starts with os.kill(os.getppid(), 9) must reach the helper, as in a fresh run, not the
    middle process that was about to exit anyway (a race that made the outcome vary)."""
    try:
        while os.read(gone_r, 1):
            pass
    except OSError:
        pass
    os.close(gone_r)
    # The middle's files close before its children are handed on (do_exit: exit_files,
    # then exit_notify): the gap is microseconds.
    while os.getppid() == middle:
        os.sched_yield()


def _own_rss():
    """The zygote's anonymous resident memory: what a forked child's RSS starts with (fork
    copies the page table entries of anonymous memory; file pages come in as touched)."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _enter_run(request, fds, baseline, confine, linux):
    try:
        stdin_fd, out_w, err_w = fds[0], fds[1], fds[2]
        obs_w = fds[3] if request["observe"] else -1
        confine.enter(stdin_fd, out_w, err_w, obs_w, request["workdir"], request["cgroup_procs"],
                      request["rlimits"], request["uid"], linux.set_no_new_privs, python_signals=True)
        os.environ.clear()
        os.environ.update(request["env"])
        site = sys.modules.get("site")
        if site is not None:  # computed from the zygote's HOME: a fresh run's comes from its own
            site.USER_BASE = site.USER_SITE = None
            site.getusersitepackages()
        _rebind_stdio()
        # What the zygote loaded for itself is not the solution's to find in sys.modules.
        for name in list(sys.modules):
            if name not in baseline:
                del sys.modules[name]
        random = sys.modules.get("random")
        if random is not None:  # random reseeds after a fork by itself; make sure of it
            random.seed()
        name = request["source"]
        sys.orig_argv[:] = request["argv"]
        if request["observe"]:
            return name, None, True
        return os.path.abspath(name), name, False
    except BaseException as exc:  # noqa: BLE001 - a child that cannot start must end here
        try:
            os.write(2, ("judge-sandbox: cannot start the solution: %s\n" % exc).encode())
        finally:
            os._exit(127)


def _rebind_stdio():
    """New sys.stdin/stdout/stderr on the run's fds 0-2, built as CPython's start-up builds
    them (create_stdio): buffered, "\n" newlines, line buffering only for a tty and stderr,
    the zygote's encoding and error handlers (the same environment chose them)."""
    import io
    for fd, attr, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        old = getattr(sys, "__%s__" % attr)
        buffer = io.open(fd, mode + "b", -1, closefd=False)
        buffer.raw.name = "<%s>" % attr
        line_buffering = buffer.raw.isatty() or fd == 2
        stream = io.TextIOWrapper(buffer, old.encoding if old else "utf-8", old.errors if old else "strict",
                                  "\n", line_buffering, False)
        stream.mode = mode
        setattr(sys, attr, stream)
        setattr(sys, "__%s__" % attr, stream)


def _run_warm(path, script):
    """_run in a zygote's child, which ends without CPython's final teardown.

    Tearing down a forked interpreter frees objects whose pages it shares with the zygote,
    and every freed object copies a page: ~8 ms for a trivial solution, most of its cost.
    Everything a program can observe of its own end happens as in a fresh interpreter:
    the traceback or SystemExit message, non-daemon threads joined, atexit handlers (ours is
    registered first, so it runs last), std streams flushed, the same exit status, and the
    destructors of objects the solution's globals still hold (__main__ is cleared as CPython
    clears it). Skipped: destructors of objects held only elsewhere or in reference cycles.
    """
    imported = "atexit" in sys.modules
    import atexit
    atexit.register(_fast_exit)
    if not imported:
        del sys.modules["atexit"]  # as a fresh interpreter's: not imported yet
    try:
        _run(path, script)
    except SystemExit as exc:
        _state["exit"] = _exit_status(exc.code)
        raise
    except KeyboardInterrupt:
        _state["exit"] = "SIGINT"  # CPython ends by killing itself with SIGINT
        raise
    except BaseException:
        _state["exit"] = 1
        raise
    _state["exit"] = 0


def _clear_main():
    """Drop the solution's globals as a fresh interpreter does at exit, where __main__, held
    by nothing else, is freed with its dict: values released in insertion order. So the
    __del__ of what they held runs, and prints, as there. Only the solution's own objects
    are freed: no page shared with the zygote is written."""
    main = sys.modules.get("__main__")
    if main is None or main.__dict__.get("__name__") != "__main__":
        return
    namespace = main.__dict__
    for name in list(namespace):
        if name != "__builtins__":  # functions keep their own reference to the builtins
            namespace.pop(name, None)


def _exit_status(code):
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    return 1  # CPython prints the message to stderr and exits 1


def _fast_exit():
    status = _state.get("exit", 0)
    _clear_main()
    # The original streams too: when a program replaced sys.stdout, CPython's teardown
    # still flushes the original as it frees it (a daemon thread alive can keep it from
    # doing so, a corner where the two may differ).
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # noqa: BLE001 - as CPython: a failed final flush is status 120
            status = 120
    if status == "SIGINT":
        import signal
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        status = 130
    os._exit(status)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--zygote":
        _path, _script, _observe = _zygote(int(sys.argv[2]))
        if _observe:
            _install()
        _run_warm(_path, _script)
    else:
        _install()
        _run(sys.argv[1])
