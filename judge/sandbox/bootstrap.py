"""Runs a Python solution as __main__ while observing its concurrency.

Usage (inside the sandbox): python bootstrap.py SOLUTION.py, with fd 3 open for events.

Standard library only, and nothing is imported that the solution would not import itself:
the hooks on threading, multiprocessing and asyncio are installed when the solution imports
those modules. Events are JSON lines on fd 3, written as they happen (a crash or a kill
loses nothing already written). A correct program prints exactly what it prints without us.

Environment (read once, then removed so the solution does not see it):
  JUDGE_START_METHOD     force multiprocessing's default start method (e.g. spawn)
  JUDGE_SWITCH_INTERVAL  sys.setswitchinterval(x): provoke races (the race amplifier)
"""

import os
import sys

_OBS_FD = 3


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
        os.write(_OBS_FD, ("{" + ",".join(parts) + "}\n").encode("utf-8", "replace"))
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

_state = {"in_mp_start": False, "start_method": None}
_observed_semlocks = {}
_PATCHES = {
    "threading": _patch_threading,
    "multiprocessing.process": _patch_mp_process,
    "multiprocessing.synchronize": _patch_mp_synchronize,
    "multiprocessing.context": _patch_mp_context,
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
    if not _state["in_mp_start"]:
        _emit("fork")


def _install():
    method = os.environ.pop("JUDGE_START_METHOD", "")
    interval = os.environ.pop("JUDGE_SWITCH_INTERVAL", "")
    if method:
        _state["start_method"] = method
    if interval:
        sys.setswitchinterval(float(interval))
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
        # On an idle timeout the sandbox sends SIGUSR1: every thread's stack goes to fd 3.
        _state["dump_file"] = open(_OBS_FD, "w", closefd=False)
        faulthandler.register(signal.SIGUSR1, file=_state["dump_file"], all_threads=True)
    except (ImportError, OSError, AttributeError, ValueError):
        pass


def _run(path):
    import types
    with open(path, "rb") as fh:
        source = fh.read()
    code = compile(source, path, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__file__ = path
    main.__builtins__ = __builtins__
    main.__cached__ = None
    sys.modules["__main__"] = main
    sys.argv[:] = [path]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    import time
    # The solution's own start: its wall time for the concurrency rules excludes the
    # interpreter's start-up, which a loaded machine can stretch to half a second.
    _emit("start", t=time.monotonic())
    exec(code, main.__dict__)


if __name__ == "__main__":
    _install()
    _run(sys.argv[1])
