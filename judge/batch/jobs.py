"""Many submissions: a pool of worker threads, each driving its own sandbox helper."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING

from judge.batch.cache import lookup
from judge.batch.job import Job, internal_error
from judge.batch.options import BatchOptions
from judge.core import i18n
from judge.core.config import Config
from judge.core.limits import usable_cores
from judge.core.results import SubmissionResult
from judge.grading.grader import Grader
from judge.sandbox.factory import SandboxLike, make_sandbox

if TYPE_CHECKING:
    from judge.batch.cache import ResultCache


class SharedExclusiveLock:
    """Most jobs share the machine; a timing-sensitive job (a concurrency or parallelism
    bound) runs alone, so other runs cannot steal the cores it is measured on."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._shared = 0
        self._exclusive = False
        self._waiting_exclusive = 0

    def acquire(self, exclusive: bool) -> None:
        with self._cond:
            if exclusive:
                self._waiting_exclusive += 1
                self._cond.wait_for(lambda: not self._exclusive and self._shared == 0)
                self._waiting_exclusive -= 1
                self._exclusive = True
            else:
                self._cond.wait_for(lambda: not self._exclusive and self._waiting_exclusive == 0)
                self._shared += 1

    def release(self, exclusive: bool) -> None:
        with self._cond:
            if exclusive:
                self._exclusive = False
            else:
                self._shared -= 1
            self._cond.notify_all()


class _Workers:
    """One Sandbox + Grader per worker thread (a helper serves one run at a time)."""

    def __init__(self, config: Config, isolation: str, trace_hidden: bool = False) -> None:
        self.config = config
        self.isolation = isolation
        self.trace_hidden = trace_hidden
        self._local = threading.local()
        self._all: list[SandboxLike] = []
        self._lock = threading.Lock()

    def grader(self) -> Grader:
        grader = getattr(self._local, "grader", None)
        if grader is None:
            with self._lock:
                box = make_sandbox(self.isolation, slot=len(self._all), zygote=self.config.zygote)
                self._all.append(box)
            grader = Grader(self.config, box, trace_hidden=self.trace_hidden)
            self._local.grader = grader
        return grader

    def close(self) -> None:
        for box in self._all:
            box.close()


def resolve_jobs(jobs: int | None) -> int:
    return max(1, jobs if jobs else usable_cores())


def grade_one(grader: Grader, job: Job) -> SubmissionResult:
    """Never raises: a judge failure on one submission is an IE result for that one only."""
    try:
        return grader.grade(job.problem, job.submission)
    except Exception as exc:  # noqa: BLE001 - one failure must not stop the batch
        return internal_error(grader.config, job, exc)


def run_jobs(
    config: Config,
    jobs: Iterable[Job],
    options: BatchOptions,
    on_result: Callable[[Job, SubmissionResult], None] | None = None,
    cache: ResultCache | None = None,
) -> list[SubmissionResult]:
    """Grade every job; results come back in the order of `jobs`.

    With a cache, a job whose key is known is not run (unless `options.rerun`), and every
    new result is stored the moment it is known: a killed run resumes where it stopped.
    """
    job_list = list(jobs)
    if options.cluster is not None:
        from judge.batch.cluster import run_on_cluster

        return run_on_cluster(config, job_list, options, on_result, cache)
    isolation, workers = options.isolation, options.workers
    results: list[SubmissionResult | None] = [None] * len(job_list)
    pool = _Workers(config, isolation, options.trace_hidden)
    gate = SharedExclusiveLock()
    sensitive = {id(j.problem): j.problem.timing_sensitive for j in job_list}

    def work(job: Job) -> SubmissionResult:
        # Without a cache nothing is looked up (nor the file read twice: the grader reads it).
        key = None
        # A teacher's run (reveal_hidden) has hidden tests' diffs: never into a cache that a
        # student-facing grading could read them back from.
        if cache is not None and not job.submission.reveal_hidden:
            found = lookup(cache, job.problem, job.submission, isolation, config.start_method, options.rerun)
            if found.hit is not None:
                return found.hit
            key = found.key
        exclusive = workers > 1 and sensitive[id(job.problem)]
        gate.acquire(exclusive)
        try:
            result = grade_one(pool.grader(), job)
        finally:
            gate.release(exclusive)
        if key is not None:
            cache.put(key, result)  # type: ignore[union-attr]
        return result

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="judge-worker") as ex:
            # bind: a worker thread speaks the language of the command (threads do not
            # inherit context variables).
            futures = {ex.submit(i18n.bind(work), j): i for i, j in enumerate(job_list)}
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                if on_result is not None:
                    on_result(job_list[i], results[i])  # type: ignore[arg-type]
    finally:
        pool.close()
    return [r for r in results if r is not None]
