"""`judge check --trace DIR`: one Trace Event file per test, for Perfetto or chrome://tracing.

A student copy's hidden tests are locked (their answers are salted hashes): their traces are
not written there, so a student sees the timeline of the samples only, as the reports show
it; the teacher's copy writes every test's.
"""

from __future__ import annotations

import json
from pathlib import Path

from judge.core.results import SubmissionResult
from judge.timeline.model import Timeline
from judge.timeline.trace_event import trace_events


def trace_file_name(test_name: str) -> str:
    """ "sample/01" -> "sample-01.trace.json"."""
    return test_name.replace("/", "-").replace("\\", "-") + ".trace.json"


def write_traces(result: SubmissionResult, folder: Path) -> list[Path]:
    """Write the trace of every test that has a timeline (samples only for locked tests)."""
    from judge.core.files import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for test in result.tests:
        if not test.timeline or (test.locked and not test.sample):
            continue
        path = folder / trace_file_name(test.name)
        write_atomic(path, json.dumps(trace_events(Timeline.from_json(test.timeline)), ensure_ascii=False) + "\n")
        written.append(path)
    return written


def traces_written(count: int, folder: Path) -> str:
    """What `judge check --trace` and `judge validate --trace` say when they are done."""
    from judge.core.i18n import ngettext

    return ngettext(
        "trace: {n} file in {folder} (open it in Perfetto: https://ui.perfetto.dev)",
        "traces: {n} files in {folder} (open them in Perfetto: https://ui.perfetto.dev)",
        count,
    ).format(n=count, folder=folder)
