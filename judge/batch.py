"""Many submissions: a pool of worker threads, each driving its own sandbox helper."""

from __future__ import annotations

import threading
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from judge import i18n
from judge.config import Config
from judge.grader import Grader, Submission
from judge.limits import usable_cores
from judge.problem import Problem
from judge.results import SubmissionResult
from judge.sandbox import Sandbox
from judge.sandbox.factory import make_sandbox
from judge.verdicts import Verdict

if TYPE_CHECKING:
    from judge.cache import ResultCache


@dataclass(frozen=True)
class Job:
    problem: Problem
    submission: Submission


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


def timing_sensitive(problem: Problem) -> bool:
    rules = [problem.rules] + [t.rules for t in problem.tests if t.rules is not None]
    return any(r.concurrency is not None or r.parallelism is not None for r in rules)


class _Workers:
    """One Sandbox + Grader per worker thread (a helper serves one run at a time)."""

    def __init__(self, config: Config, isolation: str) -> None:
        self.config = config
        self.isolation = isolation
        self._local = threading.local()
        self._all: list[Sandbox] = []
        self._lock = threading.Lock()

    def grader(self) -> Grader:
        grader = getattr(self._local, "grader", None)
        if grader is None:
            with self._lock:
                box = make_sandbox(self.isolation, slot=len(self._all), zygote=self.config.zygote)
                self._all.append(box)
            grader = Grader(self.config, box)
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
        return internal_error(job, exc)


def internal_error(job: Job, exc: BaseException) -> SubmissionResult:
    sub = job.submission
    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return SubmissionResult(student=sub.student, problem=job.problem.id, submission=sub.display,
                            sha256="", language="python", verdict=Verdict.IE, score=0,
                            max_score=job.problem.max_score,
                            message=i18n._("internal error while grading: {detail}").format(detail=detail))


def run_jobs(config: Config, jobs: Iterable[Job], workers: int,
             on_result: Callable[[Job, SubmissionResult], None] | None = None,
             isolation: str = "auto", cache: "ResultCache | None" = None,
             rerun: bool = False, cluster: str | None = None) -> list[SubmissionResult]:
    """Grade every job; results come back in the order of `jobs`.

    With a cache, a job whose key is known is not run (unless `rerun`), and every new
    result is stored the moment it is known: a killed run resumes where it stopped.
    """
    from judge.cache import cache_key, relabel

    job_list = list(jobs)
    if cluster is not None:
        from judge.cluster import run_on_cluster
        return run_on_cluster(cluster, config, job_list, isolation, on_result, cache, rerun)
    results: list[SubmissionResult | None] = [None] * len(job_list)
    pool = _Workers(config, isolation)
    gate = SharedExclusiveLock()
    sensitive = {id(j.problem): timing_sensitive(j.problem) for j in job_list}

    def key_of(job: Job) -> str | None:
        if cache is None:
            return None
        sub = job.submission
        try:
            data = None if sub.rejected or sub.path.is_dir() else sub.path.read_bytes()
        except OSError:
            return None
        return cache_key(job.problem, data, isolation, sub.rejected, config.start_method)

    def work(job: Job) -> SubmissionResult:
        key = key_of(job)
        if key is not None and not rerun:
            hit = cache.get(key)  # type: ignore[union-attr]
            if hit is not None:
                return relabel(hit, job.submission.student, job.submission.display)
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
