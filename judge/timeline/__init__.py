"""See concurrency: a timeline of every thread, process and asyncio task of one run.

The bootstrap writes trace events on its event channel when JUDGE_TRACE=1 (lane starts and
ends, lock creation / request / acquisition / release, blocking waits; see "TRACE events" in
judge/sandbox/bootstrap.py). This module turns them into a Timeline and shows it:

    tl = build(result.observations)            # the event channel's bytes
    tl.to_json() / Timeline.from_json(d)       # stored in report.json, compact
    trace_events(tl)                           # Trace Event JSON: Perfetto, chrome://tracing, speedscope
    validate_trace(obj)                        # what the format and the viewers need, in words
    text_timeline(tl, width=60, ascii=False)   # the terminal
    svg_timeline(tl, width=900)                # the HTML report
    deadlock_cycle(tl), describe_cycle(cycle)  # who waits for whom at the end
    never_overlap(tl), describe_sequential(tl) # threads that ran one after another

The work is done here, one module per job — model (the dataclasses), build (events ->
Timeline), trace_event (Trace Event JSON), trace_check (its validator), analysis (deadlock
cycle, sequential lanes, unlocked overlaps), text (terminal), svg (HTML report), files
(writing traces); this package's namespace is the API the grader, the CLI and the reports
import.
"""

from __future__ import annotations

from judge.timeline.analysis import (
    Wait,
    cycle_sentences,
    deadlock_cycle,
    describe_cycle,
    describe_sequential,
    describe_unlocked_overlap,
    never_overlap,
    unlocked_overlap,
)
from judge.timeline.build import MAX_LANES, MAX_SPANS, build, parse
from judge.timeline.model import HOLD, MAIN, PROCESS, RESOLUTION, RUN, TASK, THREAD, WAIT, Lane, Lock, Span, Timeline
from judge.timeline.svg import svg_timeline
from judge.timeline.text import text_timeline
from judge.timeline.trace_check import validate_trace
from judge.timeline.trace_event import trace_events

__all__ = [
    "HOLD",
    "MAIN",
    "MAX_LANES",
    "MAX_SPANS",
    "PROCESS",
    "RESOLUTION",
    "RUN",
    "TASK",
    "THREAD",
    "WAIT",
    "Lane",
    "Lock",
    "Span",
    "Timeline",
    "Wait",
    "build",
    "parse",
    "cycle_sentences",
    "deadlock_cycle",
    "describe_cycle",
    "describe_sequential",
    "never_overlap",
    "unlocked_overlap",
    "describe_unlocked_overlap",
    "svg_timeline",
    "text_timeline",
    "trace_events",
    "validate_trace",
]
