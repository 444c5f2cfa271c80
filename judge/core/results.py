"""Result objects: plain typed dataclasses that serialise to the JSON report (a contract)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, NotRequired, TypedDict

from judge.core.verdicts import Verdict

SCHEMA = "judge-report/1"


class Concurrency(TypedDict):
    """How an observed run used threads, processes and cores (judge.grading.observe.Observation's
    to_json), with what the grader adds: the start method, and the bound of a concurrency rule."""

    threads_started: int
    processes_started: int
    tasks: int
    peak_threads: int
    locks: list[str]
    queues: list[str]
    leftover_processes: int
    cpu_time: float
    wall_time: float
    cores_wanted: float
    start_method: NotRequired[str]
    sequential: NotRequired[float]  # the rule's sequential time, s
    max_wall: NotRequired[float]  # the wall time the rule allows, s


@dataclass
class TestResult:
    name: str  # "sample/01"
    group: str
    sample: bool
    verdict: Verdict
    time: float = 0.0  # CPU seconds of the tree
    wall_time: float = 0.0
    memory: int = 0  # peak bytes
    exit_code: int | None = None
    signal: int | None = None
    message: str = ""  # for secret tests: never the data, only what went wrong
    points: float = 0
    max_points: float = 0
    # Extensions (allowed by the contract: new fields only).
    # Expected vs got, whitespace made visible: sample tests only, but in `judge validate`
    # (the teacher's run of solutions/, Submission.reveal_hidden) hidden tests' too.
    diff: str = ""
    locked: bool = False  # judged against a salted hash (student copy)
    runs: int = 1  # how many times it ran (repeats)
    concurrency: Concurrency | None = None  # threads/processes/wall vs sequential, if observed
    zygote: bool = False  # forked from a warm interpreter (time and memory count from the fork)
    # What ran when (judge.timeline.Timeline.to_json()) for an observed run. Every test has it in
    # memory (`judge check --trace`); report.json keeps it for sample tests only.
    timeline: dict[str, object] | None = None
    # The controlled schedule (its seed) whose run decided a failed verdict; None: the real run.
    # `judge check PROBLEM FILE --schedule SEED` replays it.
    schedule: int | None = None
    schedules: int = 0  # how many controlled schedules the test ran
    # What the checker (a Kattis validator's judgemessage.txt, an interactor's) said of this
    # test, whatever its verdict: the teacher's runs only (`judge validate` checks submissions.yaml's
    # `message` against it), never a student's report.
    checker_message: str = ""

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["verdict"] = self.verdict.value
        if self.schedule is None:
            data.pop("schedule")
        if not self.schedules:
            data.pop("schedules")
        for key in ("time", "wall_time"):
            data[key] = round(data[key], 4)
        data["points"] = _num(self.points)
        data["max_points"] = _num(self.max_points)
        if not self.diff:
            data.pop("diff")
        if not self.checker_message:
            data.pop("checker_message")
        if not self.concurrency:
            data.pop("concurrency")
        if not self.timeline or not self.sample:
            data.pop("timeline")
        return data


@dataclass
class SubmissionResult:
    student: str
    problem: str
    submission: str  # path as given / relative to the submissions folder's parent
    sha256: str
    language: str
    verdict: Verdict
    score: float
    max_score: float
    message: str = ""
    hints: list[str] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    # Extensions.
    hint_ids: list[str] = field(default_factory=list)
    line: int | None = None  # the offending source line for CE / RE / RV, when known
    rule_violations: list[str] = field(default_factory=list)
    isolation: list[str] = field(default_factory=list)  # layers in force for its runs
    # The semester (judge grade with deadlines, --times, --at-deadline): when it was handed in,
    # by when it was due (extension included), how late, the penalty (a fraction of the score)
    # and the score before it; `score` is after it. None / 0 when unknown or not applicable.
    submitted_at: str | None = None  # ISO 8601 with offset
    deadline: str | None = None
    late_seconds: float = 0
    penalty: float = 0
    raw_score: float | None = None  # None: no penalty was assessed (score is the raw score)
    commit: str | None = None  # the git commit graded or dated by, when known
    # Where submitted_at came from: "times-csv" (--times, the LMS's record), "git" (the last
    # commit's time, as the student's machine claimed it) or "file" (the file's date: a copy's
    # time, a hint only). None when no hand-in time was looked up.
    submitted_from: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "student": self.student,
            "problem": self.problem,
            "submission": self.submission,
            "sha256": self.sha256,
            "language": self.language,
            "verdict": self.verdict.value,
            "score": _num(self.score),
            "max_score": _num(self.max_score),
            "message": self.message,
            "hints": list(self.hints),
            "tests": [t.to_json() for t in self.tests],
            "hint_ids": list(self.hint_ids),
            "line": self.line,
            "rule_violations": list(self.rule_violations),
            "isolation": list(self.isolation),
            "submitted_at": self.submitted_at,
            "deadline": self.deadline,
            "late_seconds": _num(self.late_seconds),
            "penalty": _num(self.penalty),
            "raw_score": _num(self.score if self.raw_score is None else self.raw_score),
            "commit": self.commit,
            "submitted_from": self.submitted_from,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubmissionResult:
        tests = [TestResult(**{**t, "verdict": Verdict(t["verdict"])}) for t in data.get("tests", [])]
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "tests"}
        fields["verdict"] = Verdict(data["verdict"])
        return cls(**fields, tests=tests)


def _num(x: float) -> float | int:
    """Scores print as 60, not 60.0, when they are whole."""
    return int(x) if float(x).is_integer() else round(x, 4)


def late_mark(result: SubmissionResult) -> str:
    """'late -20%' for a result handed in after its deadline (the penalty as a percentage of
    the score; 'late' alone within the grace); '' when on time or not assessed. A code, like
    the verdicts: the same in every language (grades.csv is read by scripts)."""
    if result.late_seconds <= 0:
        return ""
    return f"late -{round(result.penalty * 100)}%" if result.penalty else "late"


def unjudged(
    student: str, problem: str, submission: str, max_score: float, language: str = "", message: str = ""
) -> SubmissionResult:
    """A result no run has decided yet: IE with score 0. The grader starts from it and fills
    it in; a judge failure (an exception while grading, a cluster worker lost) is it, with
    the reason as the message. `language`: the submission's language, when known."""
    return SubmissionResult(
        student=student,
        problem=problem,
        submission=submission,
        sha256="",
        language=language,
        verdict=Verdict.IE,
        score=0,
        max_score=max_score,
        message=message,
    )
