"""What ran when, as the student and the teacher see it (issue 13): `judge check --trace`
and `--timeline`, the hints that point into the timeline, and report.html's SVG timeline in
a real browser. Real solutions of the concurrency exercises, real sandbox runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from judge.timeline import Timeline, trace_events, validate_trace
from tests.conftest import PROBLEMS, CLIResult, graded_once, invoke_judge, run_judge
from tests.test_html_report import Page, browser  # noqa: F401 - the browser fixture

DEADLOCK = PROBLEMS / "philosophers" / "solutions" / "ile" / "naive_deadlock.py"
SEQUENTIAL = PROBLEMS / "threads-counters" / "solutions" / "rv" / "start_join_same_loop.py"
# A few wrong solutions of the exercises, one per kind of picture (the deadlock among them).
WRONG = {
    "philosophers": DEADLOCK,
    "threads-counters": SEQUENTIAL,
    "processes-lock": PROBLEMS / "processes-lock" / "solutions" / "rv" / "no_lock.py",
    "asyncio-gather": PROBLEMS / "asyncio-gather" / "solutions" / "rv" / "sequential_await.py",
}


def test_check_writes_a_valid_trace_per_test_and_prints_the_timeline(tmp_path):
    traces = tmp_path / "traces"
    r = run_judge("check", "philosophers", str(DEADLOCK), "--trace", str(traces), "--timeline", "--lang", "en")
    assert r.code == 1, r.err
    assert "verdict: ILE" in r.out
    files = sorted(p.name for p in traces.iterdir())
    tests = sorted(p.name for p in (PROBLEMS / "philosophers" / "tests").rglob("*.in"))
    assert len(files) == len(tests) and "sample-01.trace.json" in files, files
    for path in traces.iterdir():
        data = json.loads(path.read_text(encoding="utf-8"))
        assert not validate_trace(data), (path.name, validate_trace(data)[:3])
        names = {e["args"]["name"] for e in data["traceEvents"] if e.get("ph") == "M" and e["name"] == "thread_name"}
        assert any(n.startswith("Thread-") for n in names), names
    # The text timeline under the sample tests: a row per thread and the locks' legend.
    assert "Thread-1" in r.out and "lock 1" in r.out and "█ running" in r.out or "# running" in r.out
    # The deadlock hint names the cycle: who holds what, who waits for what.
    assert "holds lock" in r.out and "and waits for lock" in r.out, r.out


# What `judge check` prints of the sweeps' runs of these solutions (the same code renders it:
# tests/test_acceptance.py check_output), not a judging of their own: the warm sweep judges in
# Russian, the fresh one in English.


def test_the_deadlock_cycle_in_russian(warm_sweep):
    from tests.test_acceptance import check_output

    out = check_output("philosophers", warm_sweep.result(DEADLOCK), "ru")
    assert "вердикт: ILE" in out
    assert "ждёт" in out or "ждет" in out, out


def test_the_sequential_threads_are_named_in_the_hint(fresh_sweep):
    from tests.test_acceptance import check_output

    out = check_output("threads-counters", fresh_sweep.of("threads-counters").result(SEQUENTIAL), "en")
    assert "verdict: RV" in out
    assert "start() and join() in the same loop" in out
    assert "never at the same time" in out, out


def test_a_student_copy_writes_the_traces_of_the_samples_only(tmp_path):
    dest = tmp_path / "student"
    assert invoke_judge("export-student", "problems", str(dest)).code == 0
    locked = [p for p in (dest / "threads-lock" / "tests" / "secret").glob("*.lock")]
    assert locked, "threads-lock's hidden answers are locked in a student copy"
    traces = tmp_path / "traces"
    sol = PROBLEMS / "threads-lock" / "solutions" / "ac" / "ref.py"
    r = run_judge("check", "threads-lock", str(sol), "--problems-dir", str(dest), "--trace", str(traces))
    assert r.code == 0, r.out + r.err
    names = sorted(p.name for p in traces.iterdir())
    assert names and all(n.startswith("sample-") for n in names), names
    teacher = tmp_path / "teacher"
    assert run_judge("check", "threads-lock", str(sol), "--trace", str(teacher)).code == 0
    assert any(p.name.startswith("secret-") for p in teacher.iterdir())


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("timeline-class")
    for problem, solution in WRONG.items():
        student = root / "subs" / f"{problem}_{solution.stem}"
        student.mkdir(parents=True)
        shutil.copyfile(solution, student / f"{problem}.py")
    out = root / "out"

    def grade(out: Path) -> CLIResult:
        return run_judge(
            "grade", str(root / "subs"), "--out", str(out), "--format", "json,html", "-q", "--lang", "en", timeout=900
        )

    r = graded_once("timeline-class", out, grade)
    assert r.code == 0, r.err
    return out


def test_report_json_keeps_the_sample_timelines_only(graded):
    data = json.loads((graded / "report.json").read_text(encoding="utf-8"))
    for res in data["results"]:
        samples = [t for t in res["tests"] if t["sample"] and t["verdict"] != "SK"]
        assert samples and all(t.get("timeline") for t in samples), res["submission"]
        assert not any("timeline" in t for t in res["tests"] if not t["sample"])
        for t in samples:
            assert not validate_trace(trace_events(Timeline.from_json(t["timeline"])))


def test_report_html_carries_an_svg_timeline_per_exercise(graded):
    html = (graded / "report.html").read_text(encoding="utf-8")
    assert html.count('class="timeline"') == len(WRONG)
    assert 'class="deadlock"' in html


@pytest.mark.chromium
def test_the_timeline_and_the_deadlock_cycle_in_a_browser(browser, graded):  # noqa: F811
    page = Page(browser, graded / "report.html")
    p = page.page
    try:
        row = p.locator("#matrix tbody tr", has=p.locator("th", has_text="philosophers_naive_deadlock"))
        row.locator("td button").first.click()
        panel = p.locator("section.detail:visible")
        svg = panel.locator("svg.timeline")
        assert svg.count() == 1 and svg.is_visible()
        lanes = svg.locator("g.lane")
        assert lanes.count() >= 3  # main + the philosophers
        names = [lanes.nth(i).get_attribute("data-lane") or "" for i in range(lanes.count())]
        assert "main" in names and any(n.startswith("Thread-1") for n in names), names
        cycle = svg.locator(".deadlock")
        assert cycle.count() >= 1 and cycle.first.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 60
        assert not page.errors and all(u.startswith("file:") for u in page.requests), (page.errors, page.requests)
    finally:
        page.close()


def test_a_lost_update_shows_where_the_threads_overlapped_without_a_lock():
    sol = PROBLEMS / "threads-lock" / "solutions" / "rv" / "starter_no_lock.py"
    r = run_judge("check", "threads-lock", str(sol), "--lang", "en")
    assert r.code == 1
    assert "No lock protects the shared value" in r.out and "ran at the same time from" in r.out, r.out
    # ... and the read-modify-write of the code that interleaved there.
    assert "`balance` is read on line 11 and written back on line 13" in r.out, r.out


@pytest.mark.parametrize(
    "code, found",
    [
        ("c = 0\ndef f():\n    global c\n    c += 1\n", ("c", 4, 4)),
        ("def f(counter):\n    for _ in range(9):\n        counter.value += 1\n", ("counter.value", 3, 3)),
        ("b = 0\ndef f():\n    global b\n    x = b\n    sleep(0)\n    b = x + 1\n", ("b", 4, 6)),
        ("c = 0\ndef f(lock):\n    global c\n    with lock:\n        c += 1\n", None),
        ("def f():\n    c = 0\n    c += 1\n", None),  # a local: nobody else sees it
    ],
)
def test_the_read_modify_write_of_a_shared_value_is_found(code, found):
    import ast

    from judge.grading.hints import shared_update

    update = shared_update(ast.parse(code))
    assert (None if update is None else (update.name, update.read, update.write)) == found


def test_an_overlap_under_a_lock_is_no_lost_update_window():
    from judge.timeline import HOLD, THREAD, Lane, Span, unlocked_overlap
    from judge.timeline.model import Timeline as Model

    def lane(name: str, start: float, end: float, holds: list[tuple[float, float]]) -> Lane:
        return Lane(
            name=name,
            kind=THREAD,
            pid=1,
            tid=hash(name),
            start=start,
            end=end,
            spans=[Span(HOLD, s, e, lock=1) for s, e in holds],
        )

    locked = Model.from_json(
        Model(lanes=[lane("Thread-1", 0, 10, [(0, 10)]), lane("Thread-2", 2, 12, [(10, 12)])]).to_json()
    )
    assert unlocked_overlap(locked) is None
    free = Model.from_json(Model(lanes=[lane("Thread-1", 0, 10, [(0, 4)]), lane("Thread-2", 2, 12, [])]).to_json())
    found = unlocked_overlap(free)
    assert found is not None and (found[2], found[3]) == (4, 10)


def test_only_the_samples_are_traced_and_a_hidden_failure_is_run_again_for_its_picture(tmp_path):
    """The tracing policy (Grader.trace_hidden off, as in grade and validate): an accepted
    solution's hidden runs are not traced; a solution whose first failure is a hidden test gets
    that test run again, traced, and the hint names what the picture showed."""
    from judge.core.config import DEFAULT
    from judge.grading.grader import Grader
    from judge.grading.submission import Submission
    from judge.problem import load_problem
    from judge.sandbox.factory import make_sandbox

    problem = load_problem(PROBLEMS / "threads-lock", DEFAULT.limits)
    right = PROBLEMS / "threads-lock" / "solutions" / "ac" / "ref.py"
    # The lock only for small inputs (the samples): a hidden test runs without one.
    wrong = tmp_path / "lock_when_small.py"
    wrong.write_text(
        """\
import threading
import time

balance = 0
lock = threading.Lock()
n, m = map(int, input().split())


class NoLock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


guard = lock if n * m <= 2000 else NoLock()


def deposit():
    global balance
    with guard:
        b = balance
        time.sleep(0)
        balance = b + 1


threads = [threading.Thread(target=lambda: [deposit() for _ in range(m)]) for _ in range(n)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(balance)
""",
        encoding="utf-8",
    )
    with make_sandbox("auto", zygote=DEFAULT.zygote) as box:
        grader = Grader(DEFAULT, box)
        ok = grader.grade(problem, Submission(right, "t", problem.id, str(right)))
        assert ok.verdict.value == "AC"
        assert all((t.timeline is not None) == t.sample for t in ok.tests if t.concurrency), [
            (t.name, t.sample, t.timeline is not None) for t in ok.tests
        ]
        bad = grader.grade(problem, Submission(wrong, "t", problem.id, str(wrong)))
    # No lock taken on the hidden tests: RV (a fact of every run), before its lost updates (WA).
    assert bad.verdict.value == "RV", bad.message
    first = next(t for t in bad.tests if t.verdict.value != "AC")
    assert not first.sample and first.timeline is not None, (first.name, first.verdict)
    assert any("ran at the same time from" in h for h in bad.hints), bad.hints
