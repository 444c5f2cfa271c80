"""The timeline of a run (issue 13): judge/trace.py is its public face; one module per job
here — model (the dataclasses), build (events -> Timeline), trace_event (Perfetto JSON),
analysis (deadlock cycle, sequential lanes), text (terminal) and svg (HTML report)."""
