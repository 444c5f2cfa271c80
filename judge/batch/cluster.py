"""Grading on a Dask distributed cluster: `judge grade --cluster tcp://HOST:8786`.

Every worker needs the judge installed and the problems folder at the same path (a shared
or copied folder); submissions travel with the task as bytes (a folder submission as its
entries, rebuilt on the worker as they were: files, and what the grader refuses in one). A worker grades a submission
exactly as `judge grade` does locally — same grader, same sandbox, same isolation level —
and sends the result back as the JSON report's dict. The local result cache is consulted
before anything is sent and stored as results come back, so a cluster run is resumable too.
"""

from __future__ import annotations

import atexit
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from judge.batch.job import Job, internal_error
from judge.batch.options import BatchOptions
from judge.core.config import Config
from judge.core.errors import JudgeError
from judge.core.i18n import _
from judge.core.results import SubmissionResult

if TYPE_CHECKING:
    from judge.batch.cache import ResultCache
    from judge.sandbox.factory import SandboxLike


@dataclass(frozen=True)
class RemoteJob:
    """What a worker needs to grade one submission: it travels pickled with the task."""

    problem_path: str  # the problems folder is at the same path on every worker
    source: bytes | None  # the submission's bytes (None: rejected before it was read)
    file_name: str
    student: str
    display: str
    rejected: str | None
    isolation: str
    language: str = "en"  # the command's: the worker's messages and hints are in it, as locally
    # A folder submission: its entries by name, (FILE, bytes), (FOLDER, b"") or (LINK, target);
    # None: a single file (`source`).
    folder: tuple[tuple[str, str, bytes], ...] | None = None
    entry_point: str | None = None  # the folder's named entry point (Submission.entry_point)


FILE, FOLDER, LINK = "file", "folder", "link"


def folder_entries(path: Path) -> tuple[tuple[str, str, bytes], ...]:
    """A folder submission's entries as they travel (OSError when one cannot be read)."""
    out = []
    for child in sorted(path.iterdir()):
        if child.is_symlink():
            out.append((child.name, LINK, str(child.readlink()).encode()))
        elif child.is_dir():
            out.append((child.name, FOLDER, b""))
        else:
            out.append((child.name, FILE, child.read_bytes()))
    return tuple(out)


def _rebuild(folder: Path, entries: tuple[tuple[str, str, bytes], ...]) -> None:
    """The entries as they were: the worker's grader says of them what the local one would."""
    folder.mkdir()
    for name, kind, data in entries:
        if kind == FILE:
            (folder / name).write_bytes(data)
        elif kind == FOLDER:
            (folder / name).mkdir()
        else:
            (folder / name).symlink_to(data.decode())


def grade_remote(config: Config, job: RemoteJob) -> dict[str, object]:
    """Runs on a worker. Imports stay inside: the worker unpickles only this function's name."""
    from judge.core import i18n
    from judge.grading.grader import Grader
    from judge.grading.submission import Submission
    from judge.problem import load_problem

    problem = load_problem(Path(job.problem_path), config.limits)
    with tempfile.TemporaryDirectory(prefix="judge-task-") as tmp:
        path = Path(tmp) / job.file_name
        if job.folder is not None:
            _rebuild(path, job.folder)
        elif job.source is not None:
            path.write_bytes(job.source)
        sub = Submission(
            path=path,
            student=job.student,
            problem=problem.id,
            display=job.display,
            rejected=job.rejected,
            entry_point=job.entry_point,
        )
        with i18n.using(job.language):
            return Grader(config, _thread_sandbox(job.isolation, config.zygote)).grade(problem, sub).to_json()


# Each worker thread's sandbox, kept for its next tasks as a local batch keeps its workers':
# a sandbox per task started a helper and a zygote (~0.2 s) for every submission. The state a
# Dask worker process holds between tasks; closed when the process exits (the helper and the
# zygote also leave when their socket closes).
_THREAD = threading.local()


def _thread_sandbox(isolation: str, zygote: bool) -> SandboxLike:
    from judge.sandbox.factory import make_sandbox

    key = (isolation, zygote)
    if getattr(_THREAD, "key", None) != key:
        if getattr(_THREAD, "box", None) is not None:
            _THREAD.box.close()
        # distinct uids for a worker's parallel threads
        _THREAD.box = make_sandbox(isolation, slot=threading.get_ident() % 64, zygote=zygote)
        _THREAD.key = key
        atexit.register(_THREAD.box.close)
    return _THREAD.box


def _reachable(address: str, timeout: float = 10.0) -> None:
    """Raise OSError at once when nothing listens at a tcp:// address: Dask's Client retries a
    refused connection until its timeout, and a mistyped port cost the teacher 10 s."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp" or parts.hostname is None or parts.port is None:
        return  # tls://, ucx://, ...: Dask's own connection says what is wrong
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout):
        pass


def run_on_cluster(
    config: Config,
    jobs: list[Job],
    options: BatchOptions,
    on_result: Callable[[Job, SubmissionResult], None] | None,
    cache: ResultCache | None,
) -> list[SubmissionResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise JudgeError(_("--cluster needs Dask: pip install 'judge[cluster]'")) from None
    from judge.batch.cache import lookup
    from judge.core.i18n import current

    address, isolation = options.cluster, options.isolation
    assert address is not None  # run_jobs sends a batch here only with --cluster
    results: list[SubmissionResult | None] = [None] * len(jobs)
    try:
        _reachable(address)
        client = Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise JudgeError(
            _("--cluster {address}: cannot connect to the Dask scheduler ({error})").format(address=address, error=exc)
        ) from None
    try:
        futures = {}
        for i, job in enumerate(jobs):
            sub = job.submission
            found = lookup(cache, job.problem, sub, isolation, config.start_method, options.rerun)
            if found.hit is not None:
                results[i] = found.hit
                if on_result is not None:
                    on_result(job, found.hit)
                continue
            data, key = found.data, found.key
            try:
                entries = folder_entries(sub.path) if sub.path.is_dir() and not sub.rejected else None
            except OSError as exc:  # as the local grader would: that submission's own failure
                result = internal_error(config, job, exc)
                results[i] = result
                if on_result is not None:
                    on_result(job, result)
                continue
            remote = RemoteJob(
                problem_path=str(job.problem.path.resolve()),
                source=data,
                file_name=sub.path.name,
                student=sub.student,
                display=sub.display,
                rejected=sub.rejected,
                isolation=isolation,
                language=current(),
                folder=entries,
                entry_point=sub.entry_point,
            )
            fut = client.submit(grade_remote, config, remote, pure=False)
            futures[fut] = (i, key)
        for fut in as_completed(list(futures)):
            i, key = futures[fut]
            try:
                result = SubmissionResult.from_json(fut.result())
            except Exception as exc:  # noqa: BLE001 - a worker's failure is that job's IE
                result, key = internal_error(config, jobs[i], exc), None
            results[i] = result
            if key is not None:
                cache.put(key, result)  # type: ignore[union-attr]
            if on_result is not None:
                on_result(jobs[i], result)
    finally:
        client.close()
    return [r for r in results if r is not None]
