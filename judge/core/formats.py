"""The report formats by name: where each is made and the file it writes. Data only (module
names, not modules): config.yaml is checked against it without importing any report;
judge/reports/ renders them (its REGISTRY is this)."""

from __future__ import annotations

# name -> (module, the file it writes)
REPORT_FORMATS: dict[str, tuple[str, str]] = {
    "json": ("judge.reports.json_report", "report.json"),
    "csv": ("judge.reports.csv_report", "grades.csv"),
    "md": ("judge.reports.md_report", "report.md"),
    "junit": ("judge.reports.junit_report", "junit.xml"),
    "gradescope": ("judge.reports.gradescope_report", "results.json"),
    "html": ("judge.reports.html_report", "report.html"),
    "similarity": ("judge.reports.similarity_report", "similarity.csv"),
    "moodle": ("judge.reports.moodle_report", "moodle.csv"),
    "canvas": ("judge.reports.canvas_report", "canvas.csv"),
    # A folder format: its module has write(report, folder) -> list[Path] instead of render.
    "feedback": ("judge.reports.feedback_report", "feedback"),
}

# Files a format writes beside its own, removed with it when the format is not asked for again.
COMPANION_FILES: dict[str, tuple[str, ...]] = {
    "moodle": ("moodle-unmatched.csv",),  # the students moodle.csv leaves out (moodle_report.py)
}
