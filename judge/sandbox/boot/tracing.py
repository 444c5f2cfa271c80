"""The bootstrap's TRACE events (JUDGE_TRACE=1; their format: judge/sandbox/bootstrap.py):
buffered per process, written in whole lines of at most PIPE_BUF bytes, capped, flushed
before anything that may block; the line of the solution's own code each event names.

Loaded by path inside the sandbox (bootstrap.py's _load_pieces), never imported there: the
earlier pieces it uses are given to it by name, as the TYPE_CHECKING imports below say.
"""

import os
import sys
from _thread import get_ident as _get_ident  # loaded at every interpreter's start
from time import monotonic as _monotonic  # bootstrap._run puts the schedule's clock here

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    import _thread
    import itertools
    from collections import deque
    from typing import Any

    from judge.sandbox.boot import channel


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
# Both set by _start_tracing, before any event (a trace hook is installed only then):
_trace_count: "itertools.count[int]" = None  # type: ignore[assignment]  # next() is atomic: no thread passes the cap
_trace_buf: "deque[str]" = None  # type: ignore[assignment]  # lines; append and popleft are atomic
# Held from popping lines to writing them: a daemon thread stopped by the interpreter's exit
# between the two took its lines with it (a thread's start, one run in ten), and the exit's
# own flush waits for a flush under way. Reentrant: the SIGTERM handler flushes too.
_flush_lock: "_thread.RLock | None" = None  # set once tracing starts
# Weak references to the _TracedLock objects of this process (threads.py's, which imports this
# module: naming the class here would be an import cycle); _cut_trace makes them plain again.
_traced_locks: "list[Any]" = []


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
            lock.__class__ = lock._untraced
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
    chunk: list[bytes] = []
    size = 0
    for line in data.splitlines(keepends=True):
        if size + len(line) > _PIPE_BUF and chunk:
            _write_events(b"".join(chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    _write_events(b"".join(chunk))


def _write_events(data):
    try:
        os.write(channel._state["events_fd"], data)
    except OSError:
        pass


def _start_tracing(child=False):
    global _tracing, _trace_on, _trace_pid, _trace_count, _trace_buf, _flush_lock
    import _thread
    import itertools
    from _collections import deque  # type: ignore[import-not-found]  # collections' own, loaded early

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
    if not channel._state["in_mp_start"] and channel._state["forkserver_pid"] != parent:
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
    if busy is not None and channel._state["sched"] is not None:
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
        if _tracing and channel._caller_is_student(2) and _may_block(blocks, args, kwargs):
            return _traced_wait(what, sys._getframe(1).f_lineno, original, args, kwargs)
        return original(*args, **kwargs)

    return _named_as(hook, original)


def _named_as(hook, original):
    """`hook` under `original`'s name, qualified name, doc and module: a wrapper the solution
    (or a library that looks) cannot tell from what it wraps by those."""
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
