"""The bootstrap's hooks on threading: the solution's threads, locks, semaphores and waits,
counted (events) and traced (TRACE events); the lock wrappers that stand for its locks.

Loaded by path inside the sandbox (bootstrap.py's _load_pieces), never imported there: the
earlier pieces it uses are given to it by name, as the TYPE_CHECKING imports below say.
"""

import _weakref
import sys
from _thread import get_ident as _get_ident  # loaded at every interpreter's start

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from judge.sandbox.boot import channel, tracing


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
    sched = channel._state["sched"]
    if sched is not None:  # first: what follows wraps the scheduler's start, join and locks
        sched.patch("threading", threading)
    original_start = threading.Thread.start
    if sched is None and not isinstance(sys.stdout, _LockedStream) and sys.stdout is not None:
        sys.stdout = _LockedStream(sys.stdout, threading.RLock())

    def start(self, *args, **kwargs):
        cls = type(self)
        overrides_run = cls.run is not threading.Thread.run
        target = getattr(self, "_target", None)
        channel._emit(
            "thread",
            cls=cls.__name__,
            subclass=overrides_run,
            target=getattr(target, "__name__", "") if target is not None else "",
            has_target=target is not None,
            daemon=bool(self.daemon),
        )
        if not tracing._tracing:
            return original_start(self, *args, **kwargs)
        # The parent's word that the thread exists: a daemon thread started just before the
        # program ends may never run its first line (tstart), and still has a lane.
        tracing._trace("tspawn", ',"name":%s' % tracing._json_str(self.name))
        _wrap_run(self, tracing._student_line(sys._getframe(1)))
        try:
            return original_start(self, *args, **kwargs)
        except BaseException:
            self.__dict__.pop("run", None)
            raise

    threading.Thread.start = start

    # Locks: only acquisitions from the solution's own code count ("a lock is used").
    allocate = threading.Lock
    allocate_r = threading.RLock
    if tracing._trace_on:
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
        channel._emit("lock_created", kind=kind)
        if tracing._tracing:  # frames: this, the lambda that is threading.Lock, its caller
            line = tracing._creation_line(sys._getframe(2), _lock_creators["threading"])
            if line is not None:
                self.__class__ = _TracedRLock if kind == "RLock" else _TracedLock
                tracing._traced_locks.append(_weakref.ref(self))
                tracing._trace_lock_new(id(self), kind, line)

    def _note(self):
        if not self._seen and channel._caller_is_student(3):
            self._seen = True
            channel._emit("lock_acquired", kind="threading")

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
    _untraced = _ObservedLock  # what it becomes past the trace's cap (tracing._cut_trace)

    def acquire(self, blocking=True, timeout=-1):
        self._note()
        lock = self._lock
        if not tracing._tracing:
            return lock.acquire(blocking, timeout)
        if blocking and (timeout == -1 or (isinstance(timeout, (int, float)) and timeout >= 0)):
            return tracing._traced_acquire(
                lock.acquire, id(self), lambda: lock.acquire(True, timeout), lambda: _busy(lock)
            )
        got = lock.acquire(blocking, timeout)  # a try, or a bad timeout that must raise
        if got:
            tracing._trace_lock("lock_got", id(self))
        return got

    def release(self):
        if tracing._tracing:
            tracing._trace_lock("lock_rel", id(self))  # before: the next holder's lock_got comes after
        return self._lock.release()

    def __enter__(self):
        self._note()
        if tracing._tracing:
            lock = self._lock
            return tracing._traced_acquire(lock.acquire, id(self), lock.acquire, lambda: _busy(lock))
        return self._lock.__enter__()

    def __exit__(self, *exc):
        if tracing._tracing:
            tracing._trace_lock("lock_rel", id(self))
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
        if tracing._tracing:
            tracing._trace_lock("lock_rel", id(self))
        return self._lock._release_save()

    def _acquire_restore(self, state):
        self._lock._acquire_restore(state)
        if tracing._tracing:
            tracing._trace_lock("lock_got", id(self))


def _wrap_run(thread, line):
    """tstart first thing in the new thread, tend when its run() returns or raises."""
    run = thread.run
    extra = ',"name":%s%s' % (tracing._json_str(thread.name), tracing._line_field(line))

    def traced_run():
        if tracing._tracing:
            tracing._trace("tstart", extra)
        try:
            return run()
        finally:
            thread.__dict__.pop("run", None)  # the instance's own: no cycle left through it
            if tracing._tracing:
                tracing._trace("tend")
            if tracing._trace_on:
                tracing._flush_trace()

    try:
        thread.run = traced_run
    except AttributeError:
        pass  # a class that does not let run be set: its thread goes untraced


def _patch_thread_waits(threading):
    """Blocking calls of the solution's own code: join, Event.wait, Condition.wait(_for)."""
    thread, event, condition = threading.Thread, threading.Event, threading.Condition
    thread.join = tracing._wait_hook(thread.join, "join", lambda a, k: a[0].is_alive())
    event.wait = tracing._wait_hook(event.wait, "event", lambda a, k: not a[0].is_set())
    condition.wait = tracing._wait_hook(condition.wait, "condition")
    condition.wait_for = tracing._wait_hook(condition.wait_for, "condition")


def _patch_semaphore(threading):
    """threading.Semaphore (BoundedSemaphore too) made by the solution: traced as a lock."""
    sem, bounded = threading.Semaphore, threading.BoundedSemaphore
    init, acquire = sem.__init__, sem.acquire
    skip = {bounded.__init__.__code__}.__contains__

    def __init__(self, value=1):
        init(self, value)
        if tracing._tracing:
            line = tracing._creation_line(sys._getframe(1), skip)
            if line is not None:
                self._judge_traced = True
                tracing._trace_lock_new(id(self), "Semaphore", line)

    def traced_acquire(self, blocking=True, timeout=None):
        if not (self._judge_traced and tracing._tracing) or not blocking:
            got = acquire(self, blocking, timeout)
            if got and self._judge_traced:
                tracing._trace_lock("lock_got", id(self))
            return got
        return tracing._traced_acquire(
            lambda _b: acquire(self, False), id(self), lambda: acquire(self, True, timeout), lambda: self._value == 0
        )

    def release_hook(release):
        def traced_release(self, n=1):
            if self._judge_traced and tracing._tracing:
                tracing._trace_lock("lock_rel", id(self))
            return release(self, n)

        return traced_release

    sem._judge_traced = False
    sem.__init__ = __init__
    sem.acquire = sem.__enter__ = traced_acquire
    sem.release = release_hook(sem.release)
    bounded.release = release_hook(bounded.release)
