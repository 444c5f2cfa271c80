"""Runs a Python solution as __main__ while observing its concurrency.

Usage (inside the sandbox): python -S bootstrap.py SOLUTION.py (or its bytecode, bootfiles.py);
python -S bootstrap.py --plain SOLUTION.py runs it unobserved, as `python SOLUTION.py` would
(bootfiles.started_argv: without site, whose part a program sees _site gives).

Standard library only, and nothing is imported that the solution would not import itself:
the hooks on threading, multiprocessing and asyncio are installed when the solution imports
those modules. Events are JSON lines on the event channel, written as they happen, one
os.write per line (a crash or a kill loses nothing already written, and lines of several
processes never interleave mid-line). A correct program prints exactly what it prints
without us.

The event channel is fd 3, unless JUDGE_EVENTS_PATH names a file, opened O_WRONLY|O_APPEND|
O_CREAT (where no fd can be passed: Windows, macOS). The SIGUSR1 stack dump goes there too.

Child processes are observed under every start method: a forked child inherits the hooks;
the interpreters that spawn and forkserver start get a prologue in their `-c` program that
loads this file by path and installs the same hooks before multiprocessing's code runs, with
the parent's settings and channel (see _observed_command). Every event names its pid.

Zygote mode (python bootstrap.py --zygote FD): a warm interpreter forks a child per run for
the sandbox helper (zygote.py); the child enters the run's confinement, rebinds its streams
and runs the solution here, as a fresh interpreter would.

Environment (read once, then removed so the solution does not see it):
  JUDGE_EVENTS_PATH      write the events to this file instead of fd 3 (the interpreters
                         that multiprocessing starts get it on their command line)
  JUDGE_START_METHOD     force multiprocessing's default start method (e.g. spawn)
  JUDGE_SWITCH_INTERVAL  sys.setswitchinterval(x): provoke races (the race amplifier)
  JUDGE_TRACE            1: also write the TRACE events below (RunSpec.trace sets it)
  JUDGE_SCHEDULE         SEED: the solution's threads under the controlled scheduler
                         (schedule.py, loaded by path): one at a time, switched where the
                         seed says, on a virtual clock. Its events: sched_deadlock (seed,
                         threads; every thread's stack follows, then exit DEADLOCK_EXIT),
                         output_race (thread, line, other, other_line, seed: two threads
                         wrote to stdout without an order between the writes)

TRACE events (JUDGE_TRACE=1; read by judge/timeline/build.py). Besides "e" and "pid", each
has "tid" (threading.get_ident() of the thread that writes it) and "t" (time.monotonic(),
the clock of the "start" event's "t", which also gets the main thread's "tid" and, on Linux,
"waited": the nanoseconds the process waited for a CPU before the solution's first line):
  tspawn   name            Thread.start() called (the parent's word; the thread may never run)
  tstart   name, line      first thing a started thread runs (line: where start() was called)
  tend                     its run() returned or raised
  pstart   ppid, name      first thing a multiprocessing child runs (name "fork": a bare fork)
  pend                     a process is about to exit (none when it is killed)
  pspawn   child, name     the parent's start() of a multiprocessing child returned (child:
                           its pid): the child's lane even if it dies before its pstart
  task     task, name, line     an asyncio task was created (the counting event, extended:
                                task = id(task), name = its coroutine's name)
  task_end task            it is done (a done callback, in the loop's thread)
  lock_new lock, kind, line     the solution made a lock: kind Lock, RLock (a Condition's
                                too), Semaphore (threading's), mp.Lock, mp.RLock, mp.Semaphore
  lock_req lock, line      acquire() has to wait (only then: a free lock goes to lock_got)
  lock_got lock            acquire() returned True
  lock_rel lock            release() (written just before: the next lock_got comes later)
  wait     what, line      a blocking call of the solution's own code begins: what is join
                           (a thread or process), get, put (a queue that is empty / full),
                           sleep (> 0), event or condition
  wait_end                 it returned (same tid; waits are not nested)
                           Both carry "task" (its ID) for an await of an asyncio task that may
                           suspend it: what is "await " + sleep, wait, wait_for, get, put,
                           event, lock, semaphore, condition or gather
  trace_cut n              the cap (n = _TRACE_CAP; a child process gets the last
                           _CHILD_TRACE_CAP of it): nothing more of it is traced; the
                           counting events go on
"line" is a line of the solution's file (the nearest frame in it), left out when there is
none. Lock IDs: id() of the lock; a multiprocessing lock's is the same in every process
(its name's last characters as a negative number, or its handle under fork). Traced locks
are those the solution made; a multiprocessing lock's acquire and release are traced when
the solution's own code calls them, in any process.

They are batched (writes of whole lines, at most PIPE_BUF bytes each, so lines of several
processes never mix) and flushed before anything that may block, when a thread or process
ends and before a fork: a process killed while it runs loses at most its last batch. Lines
of one process are not always in "t" order (two threads may flush at once): readers sort
by "t". Off, tracing costs nothing: its hooks are not installed, or check one flag.
"""

import os
import sys
from _thread import get_ident as _get_ident  # loaded at every interpreter's start

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from types import ModuleType
    from typing import Any

# Where this file is, for the interpreters multiprocessing starts (spawn, forkserver): they
# load it by path, as it is no importable module inside the sandbox. Taken at import time,
# before a zygote's child changes its working directory.
_BOOTSTRAP_PATH = os.path.abspath(__file__) if "__file__" in globals() else ""
if _BOOTSTRAP_PATH.endswith(".pyc"):  # run as its bytecode (bootfiles.py): the source, and its
    _BOOTSTRAP_PATH = os.path.join(os.path.dirname(os.path.dirname(_BOOTSTRAP_PATH)), "bootstrap.py")
    sys.path[:1] = [os.path.dirname(_BOOTSTRAP_PATH)]  # folder first, as the script's (the zygote's imports)


def _site():
    """The interpreter was started without `site` (-S, bootfiles.started_argv: its .pth files
    cost every start more than the rest of it): what site gives a program, exit() and quit(),
    help(), copyright, credits and license. Not site-packages: the standard library only."""
    import site  # under -S its import runs nothing

    site.setquit()
    site.setcopyright()
    site.sethelper()
    site.ENABLE_USER_SITE = False  # (True or False once site has run: no user site is on sys.path)


if sys.flags.no_site:
    _site()


def _load_pieces():
    """The bootstrap's pieces (judge/sandbox/boot/: one concern each), loaded by path as this
    file is run: no importable package inside the sandbox, and nothing in sys.modules for the
    solution to find. Each gets the pieces before it by name, as its TYPE_CHECKING imports
    say; from its fresh bytecode when there is some (bootfiles.py), as an import would."""
    folder = os.path.join(os.path.dirname(_BOOTSTRAP_PATH), "boot")
    loaded: dict[str, ModuleType] = {}
    for name in _PIECES:
        loaded[name] = _load(os.path.join(folder, name + ".py"), "_judge_boot_" + name, loaded)
    return loaded


def _load(path, name, given):
    """The module at `path` (through the import system's loader: its fresh bytecode, else
    its source), with the names `given` in its namespace first; in no sys.modules."""
    from importlib.machinery import SourceFileLoader  # loaded at every interpreter's start

    module = type(sys)(name)
    module.__file__ = path
    module.__dict__.update(given)
    code = SourceFileLoader(name, path).get_code(name)
    if code is None:
        raise ImportError(path)
    exec(code, module.__dict__)
    return module


_PIECES = ("channel", "tracing", "threads", "mp", "aio")  # each after those it uses
_pieces = _load_pieces()
channel, tracing, threads, mp, aio = (_pieces[name] for name in _PIECES)


_PATCHES = {
    "threading": threads._patch_threading,
    "queue": mp._patch_queue,
    "multiprocessing.process": mp._patch_mp_process,
    "multiprocessing.synchronize": mp._patch_mp_synchronize,
    "multiprocessing.queues": mp._patch_mp_queues,
    "multiprocessing.context": mp._patch_mp_context,
    "multiprocessing.util": mp._patch_mp_util,
    "multiprocessing.spawn": mp._patch_mp_spawn,
    "asyncio.base_events": aio._patch_asyncio,
    "asyncio.tasks": aio._patch_asyncio_awaits,
    "asyncio.queues": aio._patch_asyncio_awaits,
    "asyncio.locks": aio._patch_asyncio_awaits,
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

        loader.exec_module = exec_module  # type: ignore[method-assign]  # the post-import hook
        return spec


def _after_fork_in_parent():
    # A forkserver forks once per Process.start(), which the parent already reported.
    if not channel._state["in_mp_start"] and channel._state["forkserver_pid"] != os.getpid():
        channel._emit("fork")


def _open_events(path):
    """Make the file at `path` the event channel. O_APPEND: every process that writes to it
    (forked or started by multiprocessing) appends whole lines, never over another's."""
    try:
        channel._state["events_fd"] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        channel._state["events_path"] = path
    except OSError:
        channel._state["events_fd"] = -1  # nowhere to write: the run goes on unobserved


def _install():
    """The solution's interpreter: settings from the environment, hidden from the solution."""
    _configure(
        os.environ.pop("JUDGE_EVENTS_PATH", ""),
        os.environ.pop("JUDGE_START_METHOD", ""),
        os.environ.pop("JUDGE_SWITCH_INTERVAL", ""),
        os.environ.pop("JUDGE_TRACE", "") == "1",
    )
    seed = os.environ.pop("JUDGE_SCHEDULE", "")
    if seed:
        channel._state["sched"] = _load_scheduler(int(seed))
    _install_hooks()


def _load_scheduler(seed):
    """The controlled scheduler, from the file beside this one (no importable package here)."""
    module = _load(os.path.join(os.path.dirname(_BOOTSTRAP_PATH), "schedule.py"), "_judge_schedule", {})
    channel._state["sched_module"] = module
    return module.Scheduler(seed, channel._emit, _on_deadlock, tracing._student_line)


def _on_deadlock():
    """The scheduler found a deadlock: every thread's stack to the channel (after its
    sched_deadlock event), the trace and the output flushed, before it exits."""
    try:
        import faulthandler

        dump = channel._state.get("dump_file") or open(channel._state["events_fd"], "w", closefd=False)
        dump.flush()
        faulthandler.dump_traceback(file=dump, all_threads=True)
    except (ImportError, OSError, ValueError):
        pass
    if tracing._trace_on:
        tracing._flush_trace()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the exit comes anyway
            pass


def _install_in_child(settings):
    """An interpreter that multiprocessing started (spawn, forkserver), before its own
    program: the parent's settings come on its command line (see _observed_command)."""
    if settings["fd"] >= 0:
        channel._state["events_fd"] = settings["fd"]
    _configure(
        settings["path"],
        settings["start_method"],
        settings["switch_interval"],
        settings.get("trace", False),
        child=True,
    )
    if settings["forkserver"]:
        channel._state["forkserver_pid"] = os.getpid()
        tracing._tracing = False  # a helper, not the solution's: its children trace (after the fork)
    _install_hooks()


def _configure(events_path, method, interval, trace=False, child=False):
    if events_path:
        _open_events(events_path)
    if method:
        channel._state["start_method"] = method
    if interval:
        channel._state["switch_interval"] = interval
        sys.setswitchinterval(float(interval))
    if trace:
        tracing._start_tracing(child)


def _install_hooks():
    for name in list(_PATCHES):
        module = sys.modules.get(name)
        if module is not None:  # imported already at startup: patch now
            _PATCHES[name](module)
    sys.meta_path.insert(0, _PatchingFinder)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_parent=_after_fork_in_parent)
        if channel._state["sched"] is not None:  # a forked child's one thread is its own again
            os.register_at_fork(after_in_child=channel._state["sched"].deactivate)
        if tracing._trace_on:
            os.register_at_fork(before=tracing._trace_before_fork, after_in_child=tracing._trace_after_fork_in_child)
    try:
        import faulthandler
        import signal

        # On an idle timeout the sandbox sends SIGUSR1: every thread's stack goes to the
        # event channel.
        channel._state["dump_file"] = open(channel._state["events_fd"], "w", closefd=False)
        faulthandler.register(signal.SIGUSR1, file=channel._state["dump_file"], all_threads=True)
    except (ImportError, OSError, AttributeError, ValueError):
        pass


def _run(path, script=None):
    """Run the solution as __main__. `script`: how the command line named it, for a run
    without observation that stands in for `python sol.py` (whose __file__ is absolute)."""
    with open(path, "rb") as fh:
        source = fh.read()
    code = compile(source, path, "exec", dont_inherit=True)
    # type(sys), not types.ModuleType: nothing is imported once a warm child has dropped to
    # the run's uid, which may not read the standard library (a Python under /root).
    main = type(sys)("__main__")
    main.__file__ = path
    main.__dict__.update(__builtins__=__builtins__, __cached__=None)
    sys.modules["__main__"] = main
    sys.argv[:] = [script or path]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    sched = channel._state["sched"]
    if sched is not None:
        sys.stdout = channel._state["sched_module"].ScheduledStream(sys.stdout, sched)
        sched.activate(path)
        tracing._monotonic = sched.trace_clock  # trace events on the schedule's clock
    # The solution's own start: its wall time for the concurrency rules excludes the
    # interpreter's start-up, which a loaded machine can stretch to half a second; so does
    # the CPU wait that may excuse a "not concurrent" verdict (judge/grading/remeasure.py).
    waited = _waited_ns()
    if waited is None:
        channel._emit("start", t=tracing._monotonic(), tid=_get_ident())
    else:
        channel._emit("start", t=tracing._monotonic(), tid=_get_ident(), waited=waited)
    if tracing._trace_on:
        import atexit

        # Registered now, so it runs after the solution's own handlers and multiprocessing's
        # (atexit runs the last registered first), and before a zygote child's _fast_exit.
        atexit.register(tracing._trace_exit)
    if sched is None:
        exec(code, main.__dict__)
        return
    try:
        exec(code, main.__dict__)
    finally:
        sched.main_exit()  # the non-daemon threads, under the scheduler, before the end


def _zygote(fd):
    """Serve fork requests until the helper closes the socket; return only in a forked child,
    confined and ready, with (solution path, script name or None, observe)."""
    baseline = set(sys.modules)
    import _socket
    import marshal

    # This file's folder is sys.path[0]: the two helpers are loaded by path, outside the
    # judge package, and dropped again in every child.
    if TYPE_CHECKING:
        from judge.sandbox import confine, linux
    else:
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
                fds += [
                    int.from_bytes(payload[i : i + fd_size], sys.byteorder, signed=True)
                    for i in range(0, usable, fd_size)
                ]
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


def _waited_ns():
    """Nanoseconds this process's threads have waited for a CPU so far (Linux schedstat, as
    judge/sandbox/proctree.py run_delay reads it from outside), or None where it cannot tell."""
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return None
    total = 0
    for tid in tids:
        try:
            with open("/proc/self/task/%s/schedstat" % tid, "rb") as fh:
                total += int(fh.read().split()[1])
        except (OSError, ValueError, IndexError):
            return None
    return total


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
        confine.enter(
            confine.Child(
                stdin_fd=stdin_fd,
                out_w=out_w,
                err_w=err_w,
                obs_w=obs_w,
                workdir=request["workdir"],
                cgroup_procs=request["cgroup_procs"],
                limits=request["rlimits"],
                uid=request["uid"],
                no_new_privs=linux.set_no_new_privs,
                python_signals=True,
                cpus=request["cpus"],
            )
        )
        os.environ.clear()
        os.environ.update(request["env"])
        site: Any = sys.modules.get("site")
        if site is not None and site.USER_BASE is not None:  # the zygote's HOME's: a run's comes from its own
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
        buffer: Any = open(fd, mode + "b", -1, closefd=False)
        buffer.raw.name = "<%s>" % attr
        line_buffering = buffer.raw.isatty() or fd == 2
        stream: Any = io.TextIOWrapper(
            buffer, old.encoding if old else "utf-8", old.errors if old else "strict", "\n", line_buffering, False
        )
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
        channel._state["exit"] = _exit_status(exc.code)
        raise
    except KeyboardInterrupt:
        channel._state["exit"] = "SIGINT"  # CPython ends by killing itself with SIGINT
        raise
    except BaseException:
        channel._state["exit"] = 1
        raise
    channel._state["exit"] = 0


def _clear_main():
    """Drop the solution's globals as a fresh interpreter does at exit, where __main__, held
    by nothing else, is freed with its dict: values released in insertion order. So the
    __del__ of what they held runs, and prints, as there. Only the solution's own objects
    are freed: no page shared with the zygote is written."""
    main = sys.modules.get("__main__")
    if main is None or main.__dict__.get("__name__") != "__main__" or main.__dict__ is globals():
        return  # (this file itself when the solution never started: its globals are still needed)
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
    status = channel._state.get("exit", 0)
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
    elif len(sys.argv) > 2 and sys.argv[1] == "--plain":  # (bootfiles.PLAIN) as `python SOLUTION`
        _run(os.path.abspath(sys.argv[2]), sys.argv[2])
    else:
        _install()
        _run(sys.argv[1])
