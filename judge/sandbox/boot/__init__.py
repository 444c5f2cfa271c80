"""The bootstrap's pieces, one concern each (judge/sandbox/bootstrap.py loads them by path
inside the sandbox, where this is no importable package; the judge itself never imports them,
mypy checks them as this package):

- channel.py: the event channel and the state the pieces share;
- tracing.py: the TRACE events (buffered, capped, flushed);
- threads.py: the hooks on threading (threads, locks, semaphores, waits);
- mp.py: the hooks on multiprocessing (every start method, its locks and queues);
- aio.py: the hooks on asyncio (tasks and awaits).

bootstrap.py keeps what ties them together: installing the hooks, running the solution as
__main__, and the zygote.
"""
