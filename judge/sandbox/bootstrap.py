"""Runs a Python solution as __main__ while observing its concurrency.

Usage (inside the sandbox): python bootstrap.py SOLUTION.py (or its bytecode, bootfiles.py).

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
the clock of the "start" event's "t", which also gets the main thread's "tid"):
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

import _weakref
import os
import sys
from _thread import get_ident as _get_ident  # both loaded at every interpreter's start
from time import monotonic as _monotonic

_OBS_FD = 3  # the event channel's default: a pipe the sandbox opened for us
# Where this file is, for the interpreters multiprocessing starts (spawn, forkserver): they
# load it by path, as it is no importable module inside the sandbox. Taken at import time,
# before a zygote's child changes its working directory.
_BOOTSTRAP_PATH = os.path.abspath(__file__) if "__file__" in globals() else ""
if _BOOTSTRAP_PATH.endswith(".pyc"):  # run as its bytecode (bootfiles.py): the source, and its
    _BOOTSTRAP_PATH = os.path.join(os.path.dirname(os.path.dirname(_BOOTSTRAP_PATH)), "bootstrap.py")
    sys.path[:1] = [os.path.dirname(_BOOTSTRAP_PATH)]  # folder first, as the script's (the zygote's imports)


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


# --- tracing ---------------------------------------------------------------------------

_TRACE_CAP = 10000  # trace events per process, then one trace_cut and silence
# ... of which a child process (multiprocessing's, or a fork) gets the last 2500: eight
# workers at the cap cost the judge 8 x 10000 events to read, for spans it keeps only the
# earliest 2000 of (judge/timeline/build.py); the main process, where threads deadlock, keeps all.
_CHILD_TRACE_CAP = 2500
_TRACE_BATCH = 32  # events buffered before a write (a killed busy process loses these)
_PIPE_BUF = 4096  # POSIX: a pipe write of at most this many bytes is never split
_tracing = False  # write trace events now: JUDGE_TRACE, until this process's cap
_trace_on = False  # as configured: a forked child starts tracing afresh
_trace_pid = 0  # os.getpid(), kept: a system call per event would cost as much as the rest
_trace_count = None  # itertools.count(): next() is atomic, so threads never pass the cap
_trace_buf = None  # a deque of lines: append and popleft are atomic
# Held from popping lines to writing them: a daemon thread stopped by the interpreter's exit
# between the two took its lines with it (a thread's start, one run in ten), and the exit's
# own flush waits for a flush under way. Reentrant: the SIGTERM handler flushes too.
_flush_lock = None
_traced_locks = []  # weak references to the _TracedLock objects of this process


def _trace(event, extra=""):
    """Buffer one trace event; `extra`: its own fields, formatted (',"lock":12'). False when
    the cap had been reached (the caller may still emit an old counting event)."""
    n = next(_trace_count)
    if n >= _TRACE_CAP:
        if n == _TRACE_CAP:
            _cut_trace(n)
        return False
    # %.9f: the float to the nanosecond, at half the cost of repr() (the costliest part)
    _trace_buf.append(
        '{"e":"%s","pid":%d,"tid":%d,"t":%.9f%s}\n' % (event, _trace_pid, _get_ident(), _monotonic(), extra)
    )
    if len(_trace_buf) >= _TRACE_BATCH:
        _flush_trace()
    return True


def _cut_trace(n):
    global _tracing
    _tracing = False
    # Past the cap, the solution's locks go back to costing what they cost untraced.
    for ref in _traced_locks:
        lock = ref()
        if lock is not None:
            lock.__class__ = _ObservedLock
    _traced_locks.clear()
    _trace_buf.append(
        '{"e":"trace_cut","pid":%d,"tid":%d,"t":%.9f,"n":%d}\n' % (_trace_pid, _get_ident(), _monotonic(), n)
    )
    _flush_trace()


def _flush_trace():
    """Write what is buffered, in writes of whole lines of at most PIPE_BUF bytes."""
    if _flush_lock is None:
        return _flush_lines()
    with _flush_lock:
        return _flush_lines()


def _flush_lines():
    buf = _trace_buf
    lines = []
    try:
        while True:
            lines.append(buf.popleft())
    except IndexError:
        pass
    if not lines:
        return
    data = "".join(lines).encode("utf-8", "replace")
    if len(data) <= _PIPE_BUF:  # a batch of _TRACE_BATCH lines of ASCII: always
        _write_events(data)
        return
    chunk, size = [], 0
    for line in data.splitlines(keepends=True):
        if size + len(line) > _PIPE_BUF and chunk:
            _write_events(b"".join(chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    _write_events(b"".join(chunk))


def _write_events(data):
    try:
        os.write(_state["events_fd"], data)
    except OSError:
        pass


def _start_tracing(child=False):
    global _tracing, _trace_on, _trace_pid, _trace_count, _trace_buf, _flush_lock
    import _thread
    import itertools
    from _collections import deque

    _flush_lock = _thread.RLock()
    _tracing = _trace_on = True
    _trace_pid = os.getpid()
    _trace_count = itertools.count(_TRACE_CAP - _CHILD_TRACE_CAP if child else 0)
    _trace_buf = deque()
    _patch_sleep()


def _trace_before_fork():
    if _trace_on:
        _flush_trace()  # else the child would write the parent's lines again


def _trace_after_fork_in_child():
    """A forked child traces afresh: its own pid, buffer and cap. Its start is a process
    start unless multiprocessing's _bootstrap reports it (fork, or a forkserver's child)."""
    global _tracing, _trace_pid, _trace_count, _flush_lock
    import _thread

    parent = _trace_pid
    _trace_buf.clear()
    _flush_lock = _thread.RLock()  # another thread of the parent may have held it at fork
    _trace_pid = os.getpid()
    import itertools

    _trace_count = itertools.count(_TRACE_CAP - _CHILD_TRACE_CAP)
    _tracing = True
    if not _state["in_mp_start"] and _state["forkserver_pid"] != parent:
        _trace("pstart", ',"ppid":%d,"name":"fork"' % parent)


def _trace_exit():
    """atexit: the main process (or a bare fork of it) is about to end."""
    if _tracing:
        _trace("pend")
    if _trace_on:
        _flush_trace()


def _main_file():
    return getattr(sys.modules.get("__main__"), "__file__", None)


def _student_line(frame):
    """The line of the nearest frame (from `frame` outwards) in the solution's file."""
    main_file = _main_file()
    while frame is not None:
        if frame.f_code.co_filename == main_file:
            return frame.f_lineno
        frame = frame.f_back
    return None


def _creation_line(frame, skip):
    """The solution's line that created a lock: `frame` is the creator's; frames whose code
    `skip` accepts (a Condition's __init__ making its RLock) stand for their own callers.
    None when the creator is a library (a Queue's mutex, an Event's lock): not traced."""
    while frame is not None and skip(frame.f_code):
        frame = frame.f_back
    if frame is not None and frame.f_code.co_filename == _main_file():
        return frame.f_lineno
    return None


def _line_field(line):
    return ',"line":%d' % line if line is not None else ""


_JSON_ESCAPES = {i: "\\u%04x" % i for i in range(32)}
_JSON_ESCAPES.update({ord("\\"): "\\\\", ord('"'): '\\"'})


def _json_str(text):
    return '"%s"' % str(text)[:200].translate(_JSON_ESCAPES)


def _trace_lock(event, lock_id):
    if _tracing:
        _trace(event, ',"lock":%d' % lock_id)


def _trace_lock_new(lock_id, kind, line):
    _trace("lock_new", ',"lock":%d,"kind":"%s","line":%d' % (lock_id, kind, line))


def _traced_acquire(acquire, lock_id, wait, busy=None):
    """A traced lock's blocking acquire: a try first (acquire(False)); only when the lock is
    held elsewhere lock_req, then wait(), the call as the solution made it. lock_got once it
    has the lock.

    Under the controlled scheduler the try would be one switch point more than the untraced
    run has, and a traced replay must show the very interleaving of the untraced schedule:
    there `busy()` says whether the lock is held, and the acquire is the solution's one call."""
    if busy is not None and _state["sched"] is not None:
        if busy():
            _trace("lock_req", ',"lock":%d%s' % (lock_id, _line_field(_student_line(sys._getframe(2)))))
            _flush_trace()
        got = wait()
        if got and _tracing:
            _trace("lock_got", ',"lock":%d' % lock_id)
        return got
    got = acquire(False)
    if not got:
        _trace("lock_req", ',"lock":%d%s' % (lock_id, _line_field(_student_line(sys._getframe(2)))))
        _flush_trace()  # a deadlock is killed while it waits: its requests must be out
        got = wait()
    if got and _tracing:
        _trace("lock_got", ',"lock":%d' % lock_id)
    return got


def _wait_hook(original, what, blocks=None):
    """`original` (a function or a method) with a wait / wait_end pair around the calls of
    the solution's own code that (per `blocks(args, kwargs)`) may block."""

    def hook(*args, **kwargs):
        if _tracing and _caller_is_student(2) and _may_block(blocks, args, kwargs):
            return _traced_wait(what, sys._getframe(1).f_lineno, original, args, kwargs)
        return original(*args, **kwargs)

    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        try:
            setattr(hook, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass
    return hook


def _may_block(blocks, args, kwargs):
    try:
        return blocks is None or blocks(args, kwargs)
    except Exception:  # noqa: BLE001 - a bad call: the real one raises what it should
        return False


def _traced_wait(what, line, original, args, kwargs):
    _trace("wait", ',"what":"%s","line":%d' % (what, line))
    _flush_trace()
    try:
        return original(*args, **kwargs)
    finally:
        if _tracing:
            _trace("wait_end")


def _patch_sleep():
    import time

    def blocks(args, kwargs):
        return (args[0] if args else kwargs.get("secs", 0)) > 0  # sleep(0) only yields

    time.sleep = _wait_hook(time.sleep, "sleep", blocks)


# --- threading -------------------------------------------------------------------------


class _LockedStream:
    """sys.stdout shared by threads: CPython 3.11's buffered text stream can glue lines and
    even emit garbage bytes when several threads print at once (gh-118138, gh-119506). A
    correct solution must not get WA for an interpreter bug: every write takes one lock.

    And whole lines only: print() writes its text and its newline in two calls, so a line of
    one thread could otherwise end up glued to another's by chance — a verdict that depends
    on the machine's load. A thread's text waits until its line is complete (or a flush).
    Whether a solution prints without a lock is decided where it is certain: by the
    controlled scheduler's schedules (runtime.schedules), on every run."""

    def __init__(self, stream, lock):
        self._stream = stream
        self._lock = lock
        self._pending = {}  # thread ident -> its unfinished line's parts

    def write(self, text):
        if not isinstance(text, str):
            return self._stream.write(text)  # let the stream raise its own TypeError
        ident = _get_ident()
        with self._lock:
            pending = self._pending.get(ident)
            cut = text.rfind("\n") + 1
            if not cut:
                if pending is None:
                    self._pending[ident] = [text]
                else:
                    pending.append(text)
                return len(text)
            head = text[:cut]
            if pending is not None:
                pending.append(head)
                head = "".join(pending)
                del self._pending[ident]
            if cut < len(text):
                self._pending[ident] = [text[cut:]]
            self._stream.write(head)
            return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        with self._lock:
            self._write_pending()
            return self._stream.flush()

    def _write_pending(self):
        pending, self._pending = self._pending, {}
        for parts in pending.values():
            self._stream.write("".join(parts))

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _patch_threading(threading):
    sched = _state["sched"]
    if sched is not None:  # first: what follows wraps the scheduler's start, join and locks
        sched.patch("threading", threading)
    original_start = threading.Thread.start
    if sched is None and not isinstance(sys.stdout, _LockedStream) and sys.stdout is not None:
        sys.stdout = _LockedStream(sys.stdout, threading.RLock())

    def start(self, *args, **kwargs):
        cls = type(self)
        overrides_run = cls.run is not threading.Thread.run
        target = getattr(self, "_target", None)
        _emit(
            "thread",
            cls=cls.__name__,
            subclass=overrides_run,
            target=getattr(target, "__name__", "") if target is not None else "",
            has_target=target is not None,
            daemon=bool(self.daemon),
        )
        if not _tracing:
            return original_start(self, *args, **kwargs)
        # The parent's word that the thread exists: a daemon thread started just before the
        # program ends may never run its first line (tstart), and still has a lane.
        _trace("tspawn", ',"name":%s' % _json_str(self.name))
        _wrap_run(self, _student_line(sys._getframe(1)))
        try:
            return original_start(self, *args, **kwargs)
        except BaseException:
            self.__dict__.pop("run", None)
            raise

    threading.Thread.start = start

    # Locks: only acquisitions from the solution's own code count ("a lock is used").
    allocate = threading.Lock
    allocate_r = threading.RLock
    if _trace_on:
        # Traced locks are the solution's own: made by its code, or by a Condition it made.
        skip = {threading.Condition.__init__.__code__}
        _lock_creators["threading"] = skip.__contains__
        _patch_thread_waits(threading)
        _patch_semaphore(threading)
    threading.Lock = lambda: _ObservedLock(allocate, "Lock")
    threading.RLock = lambda *a, **k: _ObservedLock(lambda: allocate_r(*a, **k), "RLock")


# "threading": does this code make a lock on behalf of its caller (set when tracing)
_lock_creators = {"threading": frozenset().__contains__}


class _ObservedLock:
    """A threading Lock or RLock: notes the solution's first acquisition ("lock_acquired").
    When tracing, the ones the solution made (see _creation_line) become _TracedLock: the
    others, and every lock of a run without tracing, pay nothing for it."""

    __slots__ = ("_lock", "_seen", "__weakref__")

    def __init__(self, factory, kind):
        self._lock = factory()
        self._seen = False
        _emit("lock_created", kind=kind)
        if _tracing:  # frames: this, the lambda that is threading.Lock, its caller
            line = _creation_line(sys._getframe(2), _lock_creators["threading"])
            if line is not None:
                self.__class__ = _TracedRLock if kind == "RLock" else _TracedLock
                _traced_locks.append(_weakref.ref(self))
                _trace_lock_new(id(self), kind, line)

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


class _TracedLock(_ObservedLock):
    """A lock the solution made, in a traced run: lock_req / lock_got / lock_rel."""

    __slots__ = ()

    def acquire(self, blocking=True, timeout=-1):
        self._note()
        lock = self._lock
        if not _tracing:
            return lock.acquire(blocking, timeout)
        if blocking and (timeout == -1 or (isinstance(timeout, (int, float)) and timeout >= 0)):
            return _traced_acquire(lock.acquire, id(self), lambda: lock.acquire(True, timeout), lambda: _busy(lock))
        got = lock.acquire(blocking, timeout)  # a try, or a bad timeout that must raise
        if got:
            _trace_lock("lock_got", id(self))
        return got

    def release(self):
        if _tracing:
            _trace_lock("lock_rel", id(self))  # before: the next holder's lock_got comes after
        return self._lock.release()

    def __enter__(self):
        self._note()
        if _tracing:
            lock = self._lock
            return _traced_acquire(lock.acquire, id(self), lock.acquire, lambda: _busy(lock))
        return self._lock.__enter__()

    def __exit__(self, *exc):
        if _tracing:
            _trace_lock("lock_rel", id(self))
        return self._lock.__exit__(*exc)


def _busy(lock):
    """Is `lock` (a scheduled Lock, or the pure-Python RLock built on one) held by another?"""
    if hasattr(lock, "_held"):
        return lock._held
    owner = getattr(lock, "_owner", None)  # threading._PyRLock
    return owner is not None and owner != _get_ident()


class _TracedRLock(_TracedLock):
    """A Condition's wait() fully releases its RLock and takes it again through these two,
    which a timeline must see as a release and an acquisition. (Not on _TracedLock: for a
    Lock, Condition must not find them and uses release() and acquire().)"""

    __slots__ = ()

    def _release_save(self):
        if _tracing:
            _trace_lock("lock_rel", id(self))
        return self._lock._release_save()

    def _acquire_restore(self, state):
        self._lock._acquire_restore(state)
        if _tracing:
            _trace_lock("lock_got", id(self))


def _wrap_run(thread, line):
    """tstart first thing in the new thread, tend when its run() returns or raises."""
    run = thread.run
    extra = ',"name":%s%s' % (_json_str(thread.name), _line_field(line))

    def traced_run():
        if _tracing:
            _trace("tstart", extra)
        try:
            return run()
        finally:
            thread.__dict__.pop("run", None)  # the instance's own: no cycle left through it
            if _tracing:
                _trace("tend")
            if _trace_on:
                _flush_trace()

    try:
        thread.run = traced_run
    except AttributeError:
        pass  # a class that does not let run be set: its thread goes untraced


def _patch_thread_waits(threading):
    """Blocking calls of the solution's own code: join, Event.wait, Condition.wait(_for)."""
    thread, event, condition = threading.Thread, threading.Event, threading.Condition
    thread.join = _wait_hook(thread.join, "join", lambda a, k: a[0].is_alive())
    event.wait = _wait_hook(event.wait, "event", lambda a, k: not a[0].is_set())
    condition.wait = _wait_hook(condition.wait, "condition")
    condition.wait_for = _wait_hook(condition.wait_for, "condition")


def _patch_semaphore(threading):
    """threading.Semaphore (BoundedSemaphore too) made by the solution: traced as a lock."""
    sem, bounded = threading.Semaphore, threading.BoundedSemaphore
    init, acquire = sem.__init__, sem.acquire
    skip = {bounded.__init__.__code__}.__contains__

    def __init__(self, value=1):
        init(self, value)
        if _tracing:
            line = _creation_line(sys._getframe(1), skip)
            if line is not None:
                self._judge_traced = True
                _trace_lock_new(id(self), "Semaphore", line)

    def traced_acquire(self, blocking=True, timeout=None):
        if not (self._judge_traced and _tracing) or not blocking:
            got = acquire(self, blocking, timeout)
            if got and self._judge_traced:
                _trace_lock("lock_got", id(self))
            return got
        return _traced_acquire(
            lambda _b: acquire(self, False), id(self), lambda: acquire(self, True, timeout), lambda: self._value == 0
        )

    def release_hook(release):
        def traced_release(self, n=1):
            if self._judge_traced and _tracing:
                _trace_lock("lock_rel", id(self))
            return release(self, n)

        return traced_release

    sem._judge_traced = False
    sem.__init__ = __init__
    sem.acquire = sem.__enter__ = traced_acquire
    sem.release = release_hook(sem.release)
    bounded.release = release_hook(bounded.release)


# --- multiprocessing -------------------------------------------------------------------


def _patch_mp_process(process):
    original_start = process.BaseProcess.start

    def start(self, *args, **kwargs):
        _emit("process", cls=type(self).__name__, method=getattr(self, "_start_method", "") or "")
        _state["in_mp_start"] = True
        try:
            original_start(self, *args, **kwargs)
        finally:
            _state["in_mp_start"] = False
        if _tracing:  # the parent's word: a child killed before its first line still has a lane
            _trace("pspawn", ',"child":%d,"name":%s' % (self.pid or 0, _json_str(self.name)))

    process.BaseProcess.start = start
    if _trace_on:
        _trace_mp_processes(process.BaseProcess)


def _trace_mp_processes(base):
    """pstart and pend in every multiprocessing child, whatever its start method: _bootstrap
    is what runs the process object in the child (fork, spawn and forkserver alike), and
    its end is the child's os._exit (no atexit there)."""
    original = base._bootstrap

    def _bootstrap(self, *args, **kwargs):
        if _tracing:
            _trace("pstart", ',"ppid":%d,"name":%s' % (getattr(self, "_parent_pid", 0) or 0, _json_str(self.name)))
            _flush_trace()  # a pool worker is terminated (SIGTERM) without a chance to flush
        try:
            return original(self, *args, **kwargs)
        finally:
            if _tracing:
                _trace("pend")
            _flush_trace()

    def alive(args, kwargs):
        popen = args[0]._popen
        return popen is not None and popen.poll() is None

    base._bootstrap = _bootstrap
    base.join = _wait_hook(base.join, "join", alive)


_MP_KINDS = {"Lock": "mp.Lock", "RLock": "mp.RLock"}  # the others are semaphores


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
        if _trace_on:
            _trace_semlock_methods(self, raw_acquire, note)

    synchronize.SemLock._make_methods = _make_methods
    original_enter = synchronize.SemLock.__enter__

    def __enter__(self):
        note = _observed_semlocks.get(id(self))
        if note is not None:
            note()
        return original_enter(self)

    synchronize.SemLock.__enter__ = __enter__
    if _trace_on:
        _trace_semlocks(synchronize)


def _trace_semlock_methods(lock, raw_acquire, note):
    """A traced run's multiprocessing lock (in every process that has it): its acquire and
    release are traced when the solution's own code calls them."""
    raw_release = lock.release
    lock_id = lock._judge_id = _semlock_id(lock._semlock)

    def acquire(*args, **kwargs):
        note()
        if _tracing and _caller_is_student(2):
            return _traced_semlock_acquire(raw_acquire, lock_id, args, kwargs)
        return raw_acquire(*args, **kwargs)

    def release():
        if _tracing and _caller_is_student(2):
            _trace("lock_rel", ',"lock":%d' % lock_id)
        return raw_release()

    lock.acquire, lock.release = acquire, release


def _traced_semlock_acquire(raw_acquire, lock_id, args, kwargs):
    block = args[0] if args else kwargs.get("block", True)
    if block:
        return _traced_acquire(raw_acquire, lock_id, lambda: raw_acquire(*args, **kwargs))
    got = raw_acquire(*args, **kwargs)
    if got:
        _trace_lock("lock_got", lock_id)
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
        if _tracing:
            line = _creation_line(sys._getframe(1), skip)
            if line is not None:
                _trace_lock_new(self._judge_id, _MP_KINDS.get(type(self).__name__, "mp.Semaphore"), line)

    def __enter__(self):  # _patch_mp_synchronize's, traced (its note() looks 3 frames up)
        note = _observed_semlocks.get(id(self))
        if note is not None:
            note()
        sem = self._semlock
        if _tracing and _caller_is_student(2):
            return _traced_acquire(sem.acquire, self._judge_id, sem.acquire)
        return sem.__enter__()

    def __exit__(self, *exc):
        if _tracing and _caller_is_student(2):
            _trace("lock_rel", ',"lock":%d' % self._judge_id)
        return original_exit(self, *exc)

    synchronize.SemLock.__init__ = __init__
    synchronize.SemLock.__enter__ = __enter__
    synchronize.SemLock.__exit__ = __exit__


def _patch_mp_queues(queues):
    _observe_queue_calls(queues.Queue, "multiprocessing")
    _observe_queue_calls(queues.JoinableQueue, "multiprocessing")
    _observe_queue_calls(queues.SimpleQueue, "multiprocessing")


def _patch_queue(queue):
    if _state["sched"] is not None:
        _state["sched"].patch("queue", queue)
    _observe_queue_calls(queue.Queue, "threading")  # LifoQueue, PriorityQueue inherit them


def _observe_queue_calls(cls, kind):
    """One "queue" event per process, kind and operation, when the solution's own code puts
    or gets (a pool's internal queues do not count)."""
    for name in ("put", "get", "put_nowait", "get_nowait"):
        original = cls.__dict__.get(name)
        if original is not None:
            blocks = _QUEUE_BLOCKS.get((kind, name)) if _trace_on else None
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
    seen = _state["queues_seen"]

    def method(self, *args, **kwargs):
        # Keyed by pid: a forked child inherits the set, yet its own use is news.
        mark = (os.getpid(), kind, op)
        if mark not in seen and _caller_is_student(2):
            seen.add(mark)
            _emit("queue", kind=kind, op=op)
        return original(self, *args, **kwargs)

    def traced(self, *args, **kwargs):
        mark = (os.getpid(), kind, op)
        if mark not in seen and _caller_is_student(2):
            seen.add(mark)
            _emit("queue", kind=kind, op=op)
        if _tracing and _caller_is_student(2) and _may_block(blocks, (self,) + args, kwargs):
            return _traced_wait(op, sys._getframe(1).f_lineno, original, (self,) + args, kwargs)
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
    if not _BOOTSTRAP_PATH or not (forkserver or "multiprocessing.spawn import spawn_main" in program):
        return args, ()  # the resource tracker, or a frozen program: nothing of the solution's
    settings = {
        "path": _state["events_path"],
        "fd": -1,
        "forkserver": forkserver,
        "start_method": _state["start_method"] or "",
        "switch_interval": _state["switch_interval"] or "",
        "trace": _trace_on,
    }
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
    method = _state.get("start_method")
    if method:
        # Change the default, not the chosen context: a solution may still call
        # set_start_method() itself, as it would on Windows or macOS.
        context._default_context._default_context = context._concrete_contexts[method]


# --- asyncio ---------------------------------------------------------------------------


def _patch_asyncio(base_events):
    original = base_events.BaseEventLoop.create_task

    def create_task(self, coro, *args, **kwargs):
        name = getattr(getattr(coro, "cr_code", None), "co_name", "")
        if not _tracing:
            _emit("task", name=name)
            return original(self, coro, *args, **kwargs)
        task = original(self, coro, *args, **kwargs)
        _trace_task(task, name, sys._getframe(1))
        return task

    base_events.BaseEventLoop.create_task = create_task


def _trace_task(task, name, frame):
    """The "task" event with its ID, and task_end when it is done (a done callback: it runs
    in the loop's thread right after the task ends)."""
    extra = ',"task":%d,"name":%s%s' % (id(task), _json_str(name), _line_field(_student_line(frame)))
    if not _trace("task", extra):
        _emit("task", name=name)  # past the cap: the counting event as without tracing
        return
    try:
        task.add_done_callback(_task_done)
    except (AttributeError, RuntimeError):
        pass  # a custom task factory's object


def _task_done(task):
    if _tracing:
        _trace("task_end", ',"task":%d' % id(task))


# Awaits of the solution's own code that may suspend its task (traced runs only): the wait's
# "what" is "await " + this name. The predicate: would this call suspend (args[0]: self)?
_AWAITS = {
    ("tasks", "sleep"): ("sleep", lambda a, k: (a[0] if a else k.get("delay", 0)) > 0),
    ("tasks", "wait"): ("wait", None),
    ("tasks", "wait_for"): ("wait_for", None),
    ("queues", "Queue.get"): ("get", lambda a, k: a[0].empty()),
    ("queues", "Queue.put"): ("put", lambda a, k: a[0].full()),
    ("locks", "Event.wait"): ("event", lambda a, k: not a[0].is_set()),
    ("locks", "Lock.acquire"): ("lock", lambda a, k: a[0].locked()),
    ("locks", "Lock.__aenter__"): ("lock", lambda a, k: a[0].locked()),  # async with lock
    ("locks", "Semaphore.acquire"): ("semaphore", lambda a, k: a[0].locked()),
    ("locks", "Semaphore.__aenter__"): ("semaphore", lambda a, k: a[0].locked()),
    ("locks", "Condition.wait"): ("condition", None),
    ("locks", "Condition.wait_for"): ("condition", None),
}


def _patch_asyncio_awaits(module):
    """wait / wait_end with the task's ID around the awaits listed in _AWAITS (and gather,
    which returns a future: from the call to the future's end)."""
    if not _trace_on:
        return
    part = module.__name__.rpartition(".")[2]
    for (where, path), (what, blocks) in _AWAITS.items():
        if where != part:
            continue
        owner, _, name = path.rpartition(".")
        target = getattr(module, owner) if owner else module
        setattr(target, name, _await_hook(getattr(target, name), "await " + what, blocks))
    if part == "tasks":
        module.gather = _gather_hook(module.gather)


def _task_tag():
    """',"task":ID' of the running asyncio task, or None outside one."""
    tasks = sys.modules.get("asyncio.tasks")
    try:
        task = tasks.current_task() if tasks is not None else None
    except RuntimeError:  # no running loop
        return None
    return None if task is None else ',"task":%d' % id(task)


def _await_hook(original, what, blocks):
    async def hook(*args, **kwargs):
        tag = None
        if _tracing and _caller_is_student(2) and _may_block(blocks, args, kwargs):
            tag = _task_tag()
        if tag is None:
            return await original(*args, **kwargs)
        _trace("wait", ',"what":"%s"%s%s' % (what, _line_field(sys._getframe(1).f_lineno), tag))
        _flush_trace()  # a run killed while its tasks wait (nothing wakes them) keeps this
        try:
            return await original(*args, **kwargs)
        finally:
            if _tracing:
                _trace("wait_end", tag)

    for attr in ("__name__", "__qualname__", "__doc__", "__module__"):
        try:
            setattr(hook, attr, getattr(original, attr))
        except (AttributeError, TypeError):
            pass
    return hook


def _gather_hook(original):
    def gather(*aws, **kwargs):
        future = original(*aws, **kwargs)
        tag = _task_tag() if _tracing and _caller_is_student(2) else None
        if tag is not None and not future.done():
            _trace("wait", ',"what":"await gather"%s%s' % (_line_field(sys._getframe(1).f_lineno), tag))
            future.add_done_callback(lambda _f: _tracing and _trace("wait_end", tag))
        return future

    gather.__doc__, gather.__module__ = original.__doc__, original.__module__
    return gather


# --- install ---------------------------------------------------------------------------

_state = {
    "in_mp_start": False,
    "start_method": None,
    "switch_interval": None,
    "events_fd": _OBS_FD,
    "events_path": "",
    "forkserver_pid": None,
    "queues_seen": set(),
    "sched": None,  # the controlled scheduler (JUDGE_SCHEDULE), in the main process only
}
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
    "asyncio.tasks": _patch_asyncio_awaits,
    "asyncio.queues": _patch_asyncio_awaits,
    "asyncio.locks": _patch_asyncio_awaits,
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
    _configure(
        os.environ.pop("JUDGE_EVENTS_PATH", ""),
        os.environ.pop("JUDGE_START_METHOD", ""),
        os.environ.pop("JUDGE_SWITCH_INTERVAL", ""),
        os.environ.pop("JUDGE_TRACE", "") == "1",
    )
    seed = os.environ.pop("JUDGE_SCHEDULE", "")
    if seed:
        _state["sched"] = _load_scheduler(int(seed))
    _install_hooks()


def _load_scheduler(seed):
    """The controlled scheduler, from the file beside this one (no importable package here)."""
    import importlib.util

    path = os.path.join(os.path.dirname(_BOOTSTRAP_PATH), "schedule.py")
    spec = importlib.util.spec_from_file_location("_judge_schedule", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _state["sched_module"] = module
    return module.Scheduler(seed, _emit, _on_deadlock, _student_line)


def _on_deadlock():
    """The scheduler found a deadlock: every thread's stack to the channel (after its
    sched_deadlock event), the trace and the output flushed, before it exits."""
    try:
        import faulthandler

        dump = _state.get("dump_file") or open(_state["events_fd"], "w", closefd=False)
        dump.flush()
        faulthandler.dump_traceback(file=dump, all_threads=True)
    except (ImportError, OSError, ValueError):
        pass
    if _trace_on:
        _flush_trace()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - the exit comes anyway
            pass


def _install_in_child(settings):
    """An interpreter that multiprocessing started (spawn, forkserver), before its own
    program: the parent's settings come on its command line (see _observed_command)."""
    global _tracing
    if settings["fd"] >= 0:
        _state["events_fd"] = settings["fd"]
    _configure(
        settings["path"],
        settings["start_method"],
        settings["switch_interval"],
        settings.get("trace", False),
        child=True,
    )
    if settings["forkserver"]:
        _state["forkserver_pid"] = os.getpid()
        _tracing = False  # a helper, not the solution's: its children trace (after the fork)
    _install_hooks()


def _configure(events_path, method, interval, trace=False, child=False):
    if events_path:
        _open_events(events_path)
    if method:
        _state["start_method"] = method
    if interval:
        _state["switch_interval"] = interval
        sys.setswitchinterval(float(interval))
    if trace:
        _start_tracing(child)


def _install_hooks():
    for name in list(_PATCHES):
        module = sys.modules.get(name)
        if module is not None:  # imported already at startup: patch now
            _PATCHES[name](module)
    sys.meta_path.insert(0, _PatchingFinder)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_parent=_after_fork_in_parent)
        if _state["sched"] is not None:  # a forked child's one thread is its own again
            os.register_at_fork(after_in_child=_state["sched"].deactivate)
        if _trace_on:
            os.register_at_fork(before=_trace_before_fork, after_in_child=_trace_after_fork_in_child)
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
    sched = _state["sched"]
    if sched is not None:
        global _monotonic

        sys.stdout = _state["sched_module"].ScheduledStream(sys.stdout, sched)
        sched.activate(path)
        _monotonic = sched.trace_clock  # trace events on the schedule's clock
    # The solution's own start: its wall time for the concurrency rules excludes the
    # interpreter's start-up, which a loaded machine can stretch to half a second.
    _emit("start", t=_monotonic(), tid=_get_ident())
    if _trace_on:
        import atexit

        # Registered now, so it runs after the solution's own handlers and multiprocessing's
        # (atexit runs the last registered first), and before a zygote child's _fast_exit.
        atexit.register(_trace_exit)
    if sched is None:
        exec(code, main.__dict__)
        return
    try:
        exec(code, main.__dict__)
    finally:
        sched.main_exit()  # the non-daemon threads, under the scheduler, before the end


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
            )
        )
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
        buffer = open(fd, mode + "b", -1, closefd=False)
        buffer.raw.name = "<%s>" % attr
        line_buffering = buffer.raw.isatty() or fd == 2
        stream = io.TextIOWrapper(
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
