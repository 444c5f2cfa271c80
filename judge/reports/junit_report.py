"""junit.xml: the common JUnit XML (the Jenkins/Ant schema) that CI systems publish.

One <testsuite> per submission (name `student/problem`), one <testcase> per test (classname
`student.problem`). WA/PE/TLE/ILE/MLE/OLE/RV/SV give <failure type=VERDICT>, RE/CE/IE give
<error type=VERDICT>, SK gives <skipped/>. When no test explains why a submission is not
accepted (a CE or a rule broken in the source: every test skipped or passed), one more
testcase named `(submission)` carries the verdict, so CI never shows it green.

Hidden (secret) tests carry only the message the report already has: never their data.
Messages are in the active language; element and attribute names, verdict types and the
`(submission)` case name are not translated (CI tracks test cases by name).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from judge.core.i18n import _
from judge.core.results import SubmissionResult, TestResult
from judge.core.verdicts import Verdict
from judge.reports import Report

ERRORS = frozenset({Verdict.RE, Verdict.CE, Verdict.IE})
SUBMISSION_CASE = "(submission)"

# Characters XML 1.0 cannot carry at all (even escaped).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: str) -> str:
    return _INVALID_XML.sub("\ufffd", value)


def _secs(x: float) -> str:
    return f"{x:.3f}"


def _kind(verdict: Verdict) -> str | None:
    if verdict == Verdict.AC:
        return None
    if verdict == Verdict.SK:
        return "skipped"
    return "error" if verdict in ERRORS else "failure"


def _num(x: float) -> str:
    return f"{x:g}"


def _testcase(
    suite: ET.Element, classname: str, name: str, verdict: Verdict, time: float, message: str, body: str
) -> str | None:
    case = ET.SubElement(suite, "testcase", name=_text(name), classname=_text(classname), time=_secs(time))
    kind = _kind(verdict)
    if kind == "skipped":
        el = ET.SubElement(case, "skipped")
        if message:
            el.set("message", _text(message))
    elif kind is not None:
        el = ET.SubElement(case, kind, message=_text(message or verdict.description), type=verdict.value)
        if body:
            el.text = _text(body)
    return kind


def _test_message(t: TestResult) -> tuple[str, str]:
    """(message attribute, element text): the diff only for sample tests."""
    first = t.message.splitlines()[0] if t.message else t.verdict.description
    if t.sample:
        body = "\n".join(part for part in (t.message, t.diff) if part)
    else:
        body = t.message  # what the report already shows for a hidden test: no data
    return first, body


def _explained(r: SubmissionResult) -> bool:
    return r.verdict == Verdict.AC or any(t.verdict not in (Verdict.AC, Verdict.SK) for t in r.tests)


def _suite(root: ET.Element, r: SubmissionResult, index: int, timestamp: str) -> dict[str, int | float]:
    suite = ET.SubElement(root, "testsuite", name=_text(f"{r.student}/{r.problem}"))
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("verdict", r.verdict.value),
        ("score", _num(r.score)),
        ("max_score", _num(r.max_score)),
        ("submission", r.submission),
    ):
        ET.SubElement(props, "property", name=key, value=_text(value))
    classname = f"{r.student}.{r.problem}"
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "time": 0.0}
    cases: list[tuple[str, Verdict, float, str, str]] = []
    if not _explained(r):
        body = "\n".join([r.message] + [_("hint: {hint}").format(hint=h) for h in r.hints]).strip("\n")
        first = r.message.splitlines()[0] if r.message else r.verdict.description
        cases.append((SUBMISSION_CASE, r.verdict, 0.0, first, body))
    for t in r.tests:
        message, body = _test_message(t)
        cases.append((t.name, t.verdict, t.wall_time, message, body))
    for name, verdict, time, message, body in cases:
        kind = _testcase(suite, classname, name, verdict, time, message, body)
        counts["tests"] += 1
        counts["time"] += time
        if kind == "failure":
            counts["failures"] += 1
        elif kind == "error":
            counts["errors"] += 1
        elif kind == "skipped":
            counts["skipped"] += 1
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, str(counts[key]))
    suite.set("time", _secs(counts["time"]))
    suite.set("id", str(index))
    if timestamp:
        suite.set("timestamp", timestamp)
    return counts


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="judge")
    timestamp = report.created.removesuffix("Z")  # Ant writes local ISO 8601 without a zone
    totals = {"tests": 0, "failures": 0, "errors": 0, "time": 0.0}
    for i, r in enumerate(sorted(report.results, key=lambda r: (r.student, r.problem))):
        counts = _suite(root, r, i, timestamp)
        for key in totals:
            totals[key] += counts[key]
    for key in ("tests", "failures", "errors"):
        root.set(key, str(totals[key]))
    root.set("time", _secs(totals["time"]))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
