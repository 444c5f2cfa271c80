"""The bootstrap's hooks on asyncio: the solution's tasks (counted and traced) and its awaits
that may suspend a task.

Loaded by path inside the sandbox (bootstrap.py's _load_pieces), never imported there: the
earlier pieces it uses are given to it by name, as the TYPE_CHECKING imports below say.
"""

import sys

TYPE_CHECKING = False  # typing is not imported in the sandbox: the solution's modules only
if TYPE_CHECKING:
    from judge.sandbox.boot import channel, tracing


def _patch_asyncio(base_events):
    original = base_events.BaseEventLoop.create_task

    def create_task(self, coro, *args, **kwargs):
        name = getattr(getattr(coro, "cr_code", None), "co_name", "")
        if not tracing._tracing:
            channel._emit("task", name=name)
            return original(self, coro, *args, **kwargs)
        task = original(self, coro, *args, **kwargs)
        _trace_task(task, name, sys._getframe(1))
        return task

    base_events.BaseEventLoop.create_task = create_task


def _trace_task(task, name, frame):
    """The "task" event with its ID, and task_end when it is done (a done callback: it runs
    in the loop's thread right after the task ends)."""
    extra = ',"task":%d,"name":%s%s' % (
        id(task),
        tracing._json_str(name),
        tracing._line_field(tracing._student_line(frame)),
    )
    if not tracing._trace("task", extra):
        channel._emit("task", name=name)  # past the cap: the counting event as without tracing
        return
    try:
        task.add_done_callback(_task_done)
    except (AttributeError, RuntimeError):
        pass  # a custom task factory's object


def _task_done(task):
    if tracing._tracing:
        tracing._trace("task_end", ',"task":%d' % id(task))


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
    if not tracing._trace_on:
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
        if tracing._tracing and channel._caller_is_student(2) and tracing._may_block(blocks, args, kwargs):
            tag = _task_tag()
        if tag is None:
            return await original(*args, **kwargs)
        tracing._trace("wait", ',"what":"%s"%s%s' % (what, tracing._line_field(sys._getframe(1).f_lineno), tag))
        tracing._flush_trace()  # a run killed while its tasks wait (nothing wakes them) keeps this
        try:
            return await original(*args, **kwargs)
        finally:
            if tracing._tracing:
                tracing._trace("wait_end", tag)

    return tracing._named_as(hook, original)


def _gather_hook(original):
    def gather(*aws, **kwargs):
        future = original(*aws, **kwargs)
        tag = _task_tag() if tracing._tracing and channel._caller_is_student(2) else None
        if tag is not None and not future.done():
            tracing._trace("wait", ',"what":"await gather"%s%s' % (tracing._line_field(sys._getframe(1).f_lineno), tag))
            future.add_done_callback(lambda _f: tracing._tracing and tracing._trace("wait_end", tag))
        return future

    gather.__doc__, gather.__module__ = original.__doc__, original.__module__
    return gather
