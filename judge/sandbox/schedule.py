"""A controlled scheduler for thread exercises: one interleaving, chosen by a seed, every time.

Loaded by path by the bootstrap (judge/sandbox/bootstrap.py) inside the sandbox when
JUDGE_SCHEDULE=SEED is set; standard library only, like the bootstrap. The approach is that of
CHESS and PCT (Burckhardt et al., "A Randomized Scheduler with Probabilistic Guarantees of
Finding Bugs", ASPLOS 2010):

- Only one of the solution's threads runs at a time. Each has a gate (a real lock it waits on);
  the running thread hands over by opening the next one's gate and closing its own.
- It may be switched at every line of the solution's own code (sys.settrace on its frames) and
  at the primitives it uses: lock acquire and release (every Condition, Event, Queue and
  Semaphore is built on them), each write to stdout, sleep, start and join.
- The next thread is the runnable one with the highest priority. Priorities are random (from
  the seed) when a thread starts; at change points — after a random number of weighted steps,
  where a primitive's step weighs SYNC_WEIGHT lines — the running thread drops below every
  other thread (PCT's priority change points, each one a preemption). Seeds differ in how
  often change points come (GAPS). A thread runs until a change point or until it blocks or
  sleeps: a thread that wakes up with a higher priority waits for that moment (preempting at
  every wake-up would hand over at every queue item, and a switch costs an OS context switch).
- Time is virtual: sleep() and every timeout wait on a clock that jumps to the next wake-up
  when no thread can run, so a schedule takes milliseconds whatever it sleeps, and gives the
  same output for the same seed on any machine under any load.
- No thread runnable and none sleeping is a deadlock: reported at once (an event, every
  thread's stack) and the run ends with DEADLOCK_EXIT.
- Output written by two threads whose writes are not ordered by the program's synchronisation
  (start, join, a lock's release and the next acquire: vector clocks, as a data-race detector
  keeps them) is an output race: reported once as an event. With every lock of the run under
  the scheduler's control, the order it sees is complete, so a race is never a false alarm.

What it does not control: processes, asyncio (a thread exercise forbids them), locks made
before the solution started, threads not started through threading.Thread.
"""

import _thread
import os
import sys
import time as _time

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from collections.abc import Callable

# The bootstrap's pieces (boot/, beside this file): their frames stand for their callers too.
_BOOT_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "boot", "")

DEADLOCK_EXIT = 86
LINE_WEIGHT = 1
SYNC_WEIGHT = 8
# Mean weighted steps between change points, by seed (seed % len(GAPS)): often, then rarely.
GAPS = (16, 64, 256, 1024)
# Change points fall in the first EXPLORED weighted steps of a run; after them its threads go
# on without preemption (a thread runs until it blocks or sleeps) and the solution's lines are
# no longer traced. A race of these exercises shows in its first operations (bench/bench_schedule.py
# and the stability table: every seed finds them); a test of 8000 queue items would otherwise cost
# seconds a schedule.
EXPLORED = 20000

RUNNABLE, BLOCKED, SLEEPING, DONE = "runnable", "blocked", "sleeping", "done"

_allocate = _thread.allocate_lock
_get_ident = _thread.get_ident
_real_sleep = _time.sleep
_real_clocks: "dict[str, Callable[[], float]]" = {
    "monotonic": _time.monotonic,
    "time": _time.time,
    "perf_counter": _time.perf_counter,
}


class _Thread:
    """One thread under the scheduler."""

    __slots__ = ("name", "ident", "gate", "state", "priority", "wake", "daemon", "vc", "joiners")

    def __init__(self, name, priority, daemon=False):
        self.name = name
        self.ident = None  # set by the thread itself when it first runs
        self.gate = _allocate()
        self.gate.acquire()  # closed: the thread waits here until it is chosen
        self.state = RUNNABLE
        self.priority = priority
        self.wake = None  # virtual time of a sleep's or a timeout's end
        self.daemon = daemon
        self.vc = {}  # vector clock: _Thread -> epoch
        self.joiners = []


class Scheduler:
    def __init__(self, seed, emit, on_deadlock, student_line):
        import random

        self.seed = seed
        self.rng = random.Random(seed)
        self.gap = GAPS[seed % len(GAPS)]
        self.steps = 0
        self.next_change = self._gap()
        self.changes = 0
        self.threads = []
        self.current = None
        self.now = 0.0  # virtual seconds since activation
        self.active = False
        self.emit = emit
        self.on_deadlock = on_deadlock  # flush what the bootstrap buffers, before the exit
        self.student_line = student_line  # frame -> the solution's line (or None)
        self.main_file = None
        self.last_write = {}  # _Thread -> (epoch, line) of its last write to stdout
        self.race = False
        self.bases = {}

    # --- the clock ------------------------------------------------------------------------

    def _gap(self):
        return 1 + int(self.rng.expovariate(1.0 / self.gap))

    def monotonic(self):
        return self.bases["monotonic"] + self.now if self.active else _real_clocks["monotonic"]()

    def time(self):
        return self.bases["time"] + self.now if self.active else _real_clocks["time"]()

    def perf_counter(self):
        return self.bases["perf_counter"] + self.now if self.active else _real_clocks["perf_counter"]()

    def trace_clock(self):
        """For the trace events: virtual time, plus a microsecond a step so that what happened
        at one virtual instant still shows in its order."""
        return self.bases["monotonic"] + self.now + self.steps * 1e-6

    def sleep(self, seconds):
        me = self.me()
        if me is None:
            return _real_sleep(seconds)
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        self.point(SYNC_WEIGHT)
        if seconds > 0:
            me.state, me.wake = SLEEPING, self.now + seconds
            self._switch_from(me)

    # --- threads --------------------------------------------------------------------------

    def activate(self, main_file):
        self.main_file = main_file
        self.bases = {name: clock() for name, clock in _real_clocks.items()}
        main = self._new("main", daemon=False)
        main.ident = _get_ident()
        main.vc[main] = 1
        self.current = main
        self.active = True
        _time.sleep, _time.monotonic, _time.time, _time.perf_counter = (
            self.sleep,
            self.monotonic,
            self.time,
            self.perf_counter,
        )
        for name in ("threading", "queue"):
            if name in sys.modules:
                self.patch(name, sys.modules[name])
        sys.settrace(self._global_trace)

    def deactivate(self):
        sys.settrace(None)
        self.active = False
        self.current = None
        for name, clock in _real_clocks.items():
            setattr(_time, name, clock)
        _time.sleep = _real_sleep

    def me(self):
        """The running thread's record, when the caller is it (else None: not ours)."""
        current = self.current
        if current is not None and current.ident == _get_ident():
            return current
        return None

    def _new(self, name, daemon):
        record = _Thread(name, 1.0 + self.rng.random(), daemon)
        self.threads.append(record)
        return record

    def started(self, thread, parent):
        """A thread is about to start: runnable at once (its OS thread may come later)."""
        record = self._new(thread.name, bool(thread.daemon))
        record.vc = dict(parent.vc)
        record.vc[record] = 1
        parent.vc[parent] += 1
        return record

    def run_thread(self, record, body):
        """The new OS thread: wait to be chosen, run, hand over for good."""
        record.gate.acquire()
        record.ident = _get_ident()
        sys.settrace(self._global_trace)
        try:
            body()
        finally:
            sys.settrace(None)
            self._finish(record)

    def _finish(self, record):
        record.state = DONE
        for joiner in record.joiners:
            self._wake(joiner)
        record.joiners = []
        if not self.active:
            return
        nxt = self._pick()
        self.current = nxt
        nxt.gate.release()

    def join(self, record, timeout):
        """Thread.join of a thread under the scheduler: True when it is done."""
        me = self.me()
        self.point(SYNC_WEIGHT)
        deadline = None if timeout is None else self.now + max(0.0, timeout)
        while record.state != DONE:
            if deadline is not None and self.now >= deadline:
                return False
            record.joiners.append(me)
            me.state, me.wake = BLOCKED, deadline
            self._switch_from(me)
            if me in record.joiners:
                record.joiners.remove(me)
        self._merge(me, record.vc)
        return True

    def main_exit(self):
        """The solution's main thread ended: as the interpreter does at shutdown, run
        threading's exit hooks (a pool's workers are told to stop), wait for every non-daemon
        thread, then let go (daemon threads stay where they are: the process ends)."""
        me = self.me()
        if me is None:
            return
        threading = sys.modules.get("threading")
        for call in reversed(list(getattr(threading, "_threading_atexits", ()))):
            call()
        for record in list(self.threads):
            while record is not me and not record.daemon and record.state != DONE:
                record.joiners.append(me)
                me.state, me.wake = BLOCKED, None
                self._switch_from(me)
        self.deactivate()

    # --- switching ------------------------------------------------------------------------

    def point(self, weight):
        """A place where the running thread may be switched."""
        current = self.current
        if current is None or current.ident != _get_ident():
            return
        self.steps += weight
        if self.steps >= self.next_change and self.steps < EXPLORED:
            # PCT's change point: the running thread drops below every starting priority;
            # a later change point drops its thread a little less far.
            self.changes += 1
            current.priority = -float(self.changes)
            self.next_change = self.steps + self._gap()
        else:
            return
        nxt = self._pick()
        if nxt is not current:
            self.current = nxt
            nxt.gate.release()
            current.gate.acquire()

    def _switch_from(self, me):
        """`me` cannot go on (blocked or asleep): run another until `me` is chosen again."""
        nxt = self._pick()
        if nxt is me:
            return
        self.current = nxt
        nxt.gate.release()
        me.gate.acquire()

    def _wake(self, record):
        if record.state in (BLOCKED, SLEEPING):
            record.state, record.wake = RUNNABLE, None

    def _pick(self):
        while True:
            best = None
            for record in self.threads:
                if record.state == RUNNABLE and (best is None or record.priority > best.priority):
                    best = record
            if best is not None:
                return best
            waiting = [r for r in self.threads if r.state in (BLOCKED, SLEEPING) and r.wake is not None]
            if not waiting:
                self._deadlock()
            self.now = max(self.now, min(r.wake for r in waiting))
            for record in waiting:
                if record.wake <= self.now:  # a sleep or a timeout ended: it finds out by itself
                    record.state, record.wake = RUNNABLE, None

    def _deadlock(self):
        stuck = [r for r in self.threads if r.state != DONE]
        self.emit(
            "sched_deadlock",
            seed=self.seed,
            threads=", ".join(r.name for r in stuck),
        )
        self.on_deadlock()
        import os

        os._exit(DEADLOCK_EXIT)

    # --- locks ----------------------------------------------------------------------------

    def _merge(self, me, vc):
        if vc:
            mine = me.vc
            for record, epoch in vc.items():
                if mine.get(record, 0) < epoch:
                    mine[record] = epoch

    def acquire(self, lock, blocking, timeout):
        me = self.me()
        if me is None:
            return lock._acquire_unmanaged(blocking, timeout)
        if lock._points:
            self.point(SYNC_WEIGHT)
        if lock._held:
            if not blocking:
                return False
            deadline = None if timeout < 0 else self.now + timeout
            while lock._held:
                if deadline is not None and self.now >= deadline:
                    return False
                lock._waiters.append(me)
                me.state, me.wake = BLOCKED, deadline
                self._switch_from(me)
                if me in lock._waiters:
                    lock._waiters.remove(me)
        lock._held = True
        self._merge(me, lock._vc)
        return True

    def release(self, lock):
        me = self.me()
        lock._held = False
        if me is not None:
            lock._vc = dict(me.vc)
            me.vc[me] += 1
        waiters, lock._waiters = lock._waiters, []
        for waiter in waiters:
            self._wake(waiter)
        if me is not None and lock._points:
            self.point(SYNC_WEIGHT)

    # --- output ---------------------------------------------------------------------------

    def wrote(self, frame):
        """A write to stdout by the running thread: a switch point, and the race check."""
        me = self.me()
        if me is None:
            return
        self.point(SYNC_WEIGHT)
        line = self.student_line(frame)
        if not self.race:
            for other, (epoch, other_line) in self.last_write.items():
                if other is not me and me.vc.get(other, 0) < epoch:
                    self.race = True
                    self.emit(
                        "output_race",
                        thread=me.name,
                        line=line or 0,
                        other=other.name,
                        other_line=other_line or 0,
                        seed=self.seed,
                    )
                    break
        self.last_write[me] = (me.vc[me], line)

    # --- tracing the solution's lines -----------------------------------------------------

    def _global_trace(self, frame, event, arg):
        if frame.f_code.co_filename == self.main_file:
            return self._line_trace
        return None

    def _line_trace(self, frame, event, arg):
        if self.steps >= EXPLORED:  # explored: this frame, and this thread's new ones, untraced
            frame.f_trace = None
            sys.settrace(None)
            return None
        if event == "line":
            self.point(LINE_WEIGHT)
        return self._line_trace

    # --- modules --------------------------------------------------------------------------

    def solution_made(self, frame):
        """Was the lock being made for the solution's own code (its Lock, RLock, Condition,
        Event, Semaphore), not for a library's insides (a Queue's mutex, a pool's)? Frames of
        threading and of the judge's own files stand for their callers."""
        while frame is not None:
            name = frame.f_code.co_filename
            if name == self.main_file:
                return True
            if not (name.endswith(("threading.py", "schedule.py", "bootstrap.py")) or name.startswith(_BOOT_FOLDER)):
                return False
            frame = frame.f_back
        return False

    def patch(self, name, module):
        if name == "threading":
            self._patch_threading(module)
        elif name == "queue" and not getattr(module, "_judge_scheduled", False):
            module._judge_scheduled = True
            # The C SimpleQueue blocks where the scheduler cannot see (a pool's workers wait
            # on one); the pure-Python one is built on threading's primitives.
            module.SimpleQueue = getattr(module, "_PySimpleQueue", module.SimpleQueue)
            module.time = self.monotonic
            # A queue's own locks are no switch points (a library's insides); its put and get are.
            for method in ("put", "get"):
                setattr(module.Queue, method, self._switching(getattr(module.Queue, method)))

    def _switching(self, method):
        sched = self

        def switching(*args, **kwargs):
            sched.point(SYNC_WEIGHT)
            return method(*args, **kwargs)

        switching.__name__ = method.__name__
        switching.__qualname__ = method.__qualname__
        return switching

    def _patch_threading(self, threading):
        if getattr(threading, "_judge_scheduled", False):
            return
        threading._judge_scheduled = True
        sched = self

        def make_lock():
            return CoopLock(sched, sched.solution_made(sys._getframe(1)))

        threading._allocate_lock = make_lock
        threading.Lock = make_lock
        threading._CRLock = None  # RLock() is then the pure-Python one, on our locks
        threading._time = self.monotonic
        thread_class = threading.Thread
        original_start = thread_class.start
        original_join = thread_class.join
        original_alive = thread_class.is_alive

        def start(self):
            parent = sched.me()
            if parent is None or getattr(self, "_judge_record", None) is not None:
                return original_start(self)
            record = sched.started(self, parent)
            self._judge_record = record
            body = self._bootstrap
            self._bootstrap = lambda: sched.run_thread(record, body)
            try:
                original_start(self)  # waits for the thread's _started: a wait under us
            except BaseException:
                record.state = DONE
                raise
            sched.point(SYNC_WEIGHT)

        def join(self, timeout=None):
            record = getattr(self, "_judge_record", None)
            if record is None or sched.me() is None:
                return original_join(self, timeout)
            if not self._started.is_set():
                raise RuntimeError("cannot join thread before it is started")
            if self is threading.current_thread():
                raise RuntimeError("cannot join current thread")
            if sched.join(record, timeout):
                original_join(self)  # its OS thread is ending: a moment, not a wait

        def is_alive(self):
            record = getattr(self, "_judge_record", None)
            if record is None or not sched.active:
                return original_alive(self)
            return record.state != DONE

        thread_class.start = start
        thread_class.join = join
        thread_class.is_alive = is_alive


class CoopLock:
    """threading.Lock under the scheduler: waiting for it is a switch, never a real block."""

    __slots__ = ("_sched", "_points", "_held", "_waiters", "_vc", "__weakref__")

    def __init__(self, sched, points=True):
        self._sched = sched
        self._points = points  # its acquire and release are switch points (the solution's lock)
        self._held = False
        self._waiters = []
        self._vc = None

    def acquire(self, blocking=True, timeout=-1):
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        if timeout < 0 and timeout != -1:
            raise ValueError("timeout value must be a non-negative number")
        return self._sched.acquire(self, blocking, timeout)

    def _acquire_unmanaged(self, blocking, timeout):
        """A thread the scheduler does not run (or after it let go): a polite spin."""
        deadline = None if timeout < 0 else _real_clocks["monotonic"]() + timeout
        while self._held:
            if not blocking or (deadline is not None and _real_clocks["monotonic"]() >= deadline):
                return False
            _real_sleep(0.0005)
        self._held = True
        return True

    def release(self):
        if not self._held:
            raise RuntimeError("release unlocked lock")
        self._sched.release(self)

    def locked(self):
        return self._held

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def _at_fork_reinit(self):
        self._held = False
        self._waiters = []

    def __repr__(self):
        return "<%s scheduled lock at %#x>" % ("locked" if self._held else "unlocked", id(self))


class ScheduledStream:
    """sys.stdout under the scheduler: every write is a switch point and a race check, and
    goes straight through (a schedule shows the glued lines that its interleaving makes)."""

    def __init__(self, stream, sched):
        self._stream = stream
        self._sched = sched

    def write(self, text):
        self._sched.wrote(sys._getframe(1))
        return self._stream.write(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
