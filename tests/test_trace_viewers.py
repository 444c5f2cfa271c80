"""Traces that every viewer draws right (issue 25): every trace `judge validate --trace` writes
for the solutions of the concurrency exercises passes the stricter validator and shows every
lane; locks released in the order taken stay off the thread's stack of slices; and speedscope
(from npm, in headless Chromium) loads each trace without a warning, one profile per lane.

The solutions are judged once for the run, by the warm sweep of the acceptance suite (one real
`judge validate --trace`, tests/conftest.py warm_sweep); the validator test and the browser
test read the same traces.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from judge.commands.validate import trace_folder
from judge.timeline import validate_trace
from tests.conftest import PROBLEMS, SWEEPS, run_judge
from tests.test_html_report import browser  # noqa: F401 - the browser fixture: one for the module

pytestmark = pytest.mark.xdist_group(SWEEPS)  # (tests/conftest.py SWEEPS)

CONCURRENCY = sorted(
    p.name
    for p in PROBLEMS.iterdir()
    if (p / "problem.yaml").is_file() and "observe: true" in (p / "problem.yaml").read_text(encoding="utf-8")
)
SOLUTIONS = [(pid, sol) for pid in CONCURRENCY for sol in sorted((PROBLEMS / pid / "solutions").rglob("*.py"))]
# The traces whose every lane the browser test photographs (looked at for issue 25's note).
SHOWN = {
    "philosophers/ac-ref secret-01.trace.json",
    "threads-lock/ac-ref sample-01.trace.json",
    "processes-primes/ac-pool sample-01.trace.json",
    "fifo_release secret-01.trace.json",
}


@dataclass
class Judged:
    problem: str
    solution: Path
    folder: Path  # its traces, one per test
    report: dict  # the --json report

    @property
    def name(self) -> str:
        return f"{self.problem}/{self.solution.parent.name}-{self.solution.stem}"

    def tests(self) -> dict[str, dict]:
        """Test name as in the trace file's name ("sample-01") -> its report entry."""
        [result] = self.report["results"]
        return {t["name"].replace("/", "-"): t for t in result["tests"]}


def _sweep_key() -> str:
    """What the traces depend on: the judge's code, the concurrency problems and this file."""
    import hashlib

    from judge.core.code_digest import code_digest

    harness = Path(__file__).read_bytes() + (Path(__file__).parent / "conftest.py").read_bytes()
    digest = hashlib.sha256(code_digest().encode() + harness)
    for pid in CONCURRENCY:
        for path in sorted((PROBLEMS / pid).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(PROBLEMS).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="module")
def judged(request) -> list[Judged]:
    """Every solution of every concurrency exercise, every test it ran traced: the warm sweep's
    (tests/conftest.py warm_sweep, one `judge validate --trace` that the acceptance suite
    checks the verdicts of).

    The traces and reports are kept in pytest's cache folder under a key of everything they
    depend on, so the browser test of .ci/run's second phase reads the traces the first phase
    wrote instead of judging every solution again. Any change to the judge, the problems or
    the tests' harness makes a new key."""
    store = getattr(request.config, "cache", None)  # None: pytest -p no:cacheprovider
    if store is not None:
        cache = Path(store.mkdir("judge-trace-sweep"))
    else:
        cache = request.getfixturevalue("tmp_path_factory").mktemp("judge-trace-sweep")
    kept = cache / _sweep_key()
    index = kept / "index.json"
    if index.is_file():
        return [
            Judged(item["problem"], PROBLEMS / item["solution"], kept / item["folder"], item["report"])
            for item in json.loads(index.read_text(encoding="utf-8"))
        ]
    sweep = request.getfixturevalue("warm_sweep")
    assert sweep.traces is not None and sweep.traces.is_dir(), sweep.run.err[-2000:]
    judged = []
    for pid, solution in SOLUTIONS:
        folder = sweep.traces / trace_folder(pid, solution)
        result = sweep.result(solution)
        judged.append(Judged(pid, solution, folder, {"results": [result]}))
    entries = [
        {
            "problem": j.problem,
            "solution": j.solution.relative_to(PROBLEMS).as_posix(),
            "folder": j.folder.relative_to(sweep.traces).as_posix(),
            "report": j.report,
        }
        for j in judged
    ]
    part = kept.with_name(kept.name + ".part")
    for old in cache.iterdir():  # one sweep kept: the last one
        shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(sweep.traces, part)
    (part / "index.json").write_text(json.dumps(entries), encoding="utf-8")
    os.replace(part, kept)  # whole, or not there
    return judged


def _traces(item: Judged) -> dict[str, dict]:
    """Test ("sample-01") -> its trace."""
    return {
        path.name.removesuffix(".trace.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(item.folder.glob("*.trace.json"))
    }


def _tracks(trace: dict) -> dict[tuple[int, int], str]:
    """(pid, tid) -> the name speedscope gives the profile of that track."""
    events = trace["traceEvents"]
    processes = {e["pid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
    return {
        (e["pid"], e["tid"]): f"{processes[e['pid']]} (pid {e['pid']}), {e['args']['name']} (tid {e['tid']})"
        for e in events
        if e["ph"] == "M" and e["name"] == "thread_name"
    }


def test_every_trace_of_every_solution_passes_the_validator_and_shows_every_lane(judged):
    assert len(judged) == len(SOLUTIONS) >= 50
    for item in judged:
        traces, tests = _traces(item), item.tests()
        assert sorted(traces) == sorted(name for name, t in tests.items() if t["verdict"] != "SK"), item.name
        for test, trace in traces.items():
            where = f"{item.name} {test}"
            problems = validate_trace(trace)
            assert problems == [], f"{where}: {problems[:5]}"
            events = trace["traceEvents"]
            # A lane of its own for every thread, process and task, with at least one slice.
            tracks = _tracks(trace)
            sliced = {(e["pid"], e["tid"]) for e in events if e["ph"] in "XB"}
            assert set(tracks) <= sliced, f"{where}: lanes without a slice: {set(tracks) - sliced}"
            # Names carry no pid: the viewers add their own.
            names = [e["args"]["name"] for e in events if e["ph"] == "M" and e["name"].endswith("_name")]
            assert not [n for n in names if "(pid " in n], f"{where}: {names}"
            # Every process started has its lane: the main process's and one per child.
            counts = tests[test].get("concurrency")
            if counts:
                children = len({pid for pid, _tid in tracks}) - 1
                assert children <= counts["processes_started"], (where, children, counts)
                if item.report["results"][0]["verdict"] == "AC":
                    assert children == counts["processes_started"], (where, children, counts)


# Ordered acquisition, released in the order taken (first in, first out): correct, and each
# second fork's hold outlasts the first's without nesting in it.
FIFO_RELEASE = """\
import sys
import threading
import time

print_lock = threading.Lock()


def philosopher(i, n, m, forks):
    left, right = i - 1, i % n
    first, second = forks[min(left, right)], forks[max(left, right)]
    for j in range(1, m + 1):
        first.acquire()
        second.acquire()
        with print_lock:
            print(f"{i} eats {j}")
        time.sleep(0.0002)  # eating: longer than the timeline's resolution (0.1 ms)
        first.release()
        time.sleep(0.0002)
        second.release()


n, m = map(int, sys.stdin.read().split())
forks = [threading.Lock() for _ in range(n)]
threads = [threading.Thread(target=philosopher, args=(i, n, m, forks)) for i in range(1, n + 1)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("DONE")
"""


@pytest.fixture(scope="module")
def fifo(tmp_path_factory) -> Path:
    """The traces of FIFO_RELEASE's run of philosophers (the browser test loads them too)."""
    root = tmp_path_factory.mktemp("fifo")
    solution = root / "fifo_release.py"
    solution.write_text(FIFO_RELEASE, encoding="utf-8")
    folder = root / "traces"
    r = run_judge("check", "philosophers", str(solution), "--trace", str(folder), "--lang", "en")
    assert r.code == 0, r.out[-2000:] + r.err[-2000:]
    return folder


def test_locks_released_in_the_order_taken_stay_off_the_threads_stack(fifo):
    """The second fork's hold overlaps the first's without nesting: an async b/e pair with an
    id of its own, never a slice of the thread (which the format requires to nest)."""
    loose = 0
    for path in sorted(fifo.glob("*.trace.json")):
        trace = json.loads(path.read_text(encoding="utf-8"))
        assert validate_trace(trace) == [], (path.name, validate_trace(trace)[:5])
        events = trace["traceEvents"]
        assert not [e for e in events if e["ph"] == "X" and e["cat"] == "lock"]
        begins = [e for e in events if e["ph"] == "b"]
        assert len(begins) == sum(e["ph"] == "e" for e in events)
        assert len({e["id"] for e in begins}) == len(begins)
        assert all(e["cat"] == "lock" and e["name"].startswith("lock ") for e in begins)
        loose += len(begins)
    assert loose > 0, "no hold overlapped another without nesting: the test proves nothing"


# -- speedscope in a browser ----------------------------------------------------------

SPEEDSCOPE = "1.25.0"  # pinned: the importer whose warnings the test reads


def _cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "judge-tests" / f"speedscope-{SPEEDSCOPE}"


@pytest.fixture(scope="module")
def speedscope() -> Path:
    """speedscope's page (its npm package ships the built app), installed once into a cache
    folder; a skip, with the reason, without npm or when npm cannot fetch it."""
    folder = _cache()
    page = folder / "node_modules" / "speedscope" / "dist" / "release" / "index.html"
    if page.is_file():
        return page
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip(f"npm not installed (optional: speedscope@{SPEEDSCOPE} comes from npm): apt-get install npm")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f".speedscope-{SPEEDSCOPE}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run installing it at the same time
        if not page.is_file():
            done = subprocess.run(
                [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--ignore-scripts"]
                + [f"speedscope@{SPEEDSCOPE}"],
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode != 0 or not page.is_file():
                pytest.skip(f"npm could not install speedscope@{SPEEDSCOPE}: {done.stderr.strip()[-500:]}")
    return page


class Speedscope:
    """speedscope's page, loading one trace after another through its Import button (as a
    person does), with everything it says on the console."""

    def __init__(self, browser, page: Path) -> None:  # noqa: F811 - the fixture's value
        self.page = browser.new_page(viewport={"width": 1400, "height": 700})
        self.messages: list[tuple[str, str]] = []
        self.page.on("console", lambda m: self.messages.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))
        self.page.on("dialog", lambda d: (self.messages.append(("dialog", d.message)), d.dismiss()))
        self.page.goto(page.as_uri())
        self.page.wait_for_selector("#file", state="attached")
        self.loaded = False

    def load(self, path: Path) -> list[str]:
        """Load `path`; the warnings and errors said while importing it."""
        self.messages.clear()
        if not self.loaded:
            self.page.set_input_files("#file", str(path))  # the landing page's own file input
        else:
            with self.page.expect_file_chooser() as chooser:
                self.page.get_by_text("Import").click()
            chooser.value.set_files(str(path))
        self.loaded = True
        for _ in range(1000):  # speedscope logs "import: N ms" when done; an alert when it fails
            if any(kind in ("dialog", "pageerror") or text.startswith("import:") for kind, text in self.messages):
                break
            self.page.wait_for_timeout(10)
        else:
            raise AssertionError(f"speedscope did not finish importing {path}")
        # The GL driver's own notes (software rendering without a GPU) are not about the trace.
        return [
            f"{kind}: {text}"
            for kind, text in self.messages
            if kind in ("warning", "error", "pageerror", "dialog") and not text.startswith("[.WebGL-")
        ]

    def profiles(self) -> list[str]:
        """The profiles' names: its profile list (hidden until hovered), or the one shown."""
        rows = self.page.eval_on_selector_all("tr[title]", "rows => rows.map(r => r.title)")
        if rows:
            return sorted(rows)
        head = self.page.evaluate("document.body.innerText").splitlines()
        return [line for line in head if re.search(r"\(pid \d+\), .* \(tid \d+\)$", line)][:1]

    def profiles_once_drawn(self, expected: list[str]) -> list[str]:
        """profiles(), given the page a moment to draw the trace just imported."""
        for _ in range(300):
            names = self.profiles()
            if names == expected:
                break
            self.page.wait_for_timeout(10)
        return names


@pytest.mark.chromium
def test_speedscope_draws_every_trace_without_a_warning_one_profile_per_lane(
    browser,  # noqa: F811
    speedscope,
    judged,
    fifo,
    tmp_path_factory,
):
    """Every trace of the sweep, and the FIFO release's: speedscope warns when an E does not
    close the slice on top of its stack (the staircase of a hold that did not nest, a thread
    broken by slices of no length) and draws one profile per track with a slice."""
    viewer = Speedscope(browser, speedscope)
    # JUDGE_TEST_SCREENSHOTS=DIR keeps them where a person can look at them after the run.
    kept = os.environ.get("JUDGE_TEST_SCREENSHOTS")
    shots = Path(kept) if kept else tmp_path_factory.mktemp("speedscope-screenshots")
    traces = [
        (f"{item.name} {path.name}", path) for item in judged for path in sorted(item.folder.glob("*.trace.json"))
    ]
    traces += [(f"fifo_release {path.name}", path) for path in sorted(fifo.glob("*.trace.json"))]
    try:
        for where, path in traces:
            warnings = viewer.load(path)
            assert warnings == [], f"{where}: {warnings[:3]}"
            expected = _tracks(json.loads(path.read_text(encoding="utf-8")))
            assert viewer.profiles_once_drawn(sorted(expected.values())) == sorted(expected.values()), where
            if where in SHOWN:
                folder = where.removesuffix(".trace.json").replace("/", "_").replace(" ", "_")
                _screenshots(viewer, shots / folder, len(expected))
        # Every run of the sweep: the warm sweep stops a wrong solution at its first failed test
        # (validate), so a trace per test each solution ran, at least its samples.
        ran = sum(1 for item in judged for t in item.tests().values() if t["verdict"] != "SK")
        assert len(traces) - len(list(fifo.glob("*.trace.json"))) == ran >= 2 * len(SOLUTIONS) >= 100
        print(f"speedscope screenshots: {shots}")
    finally:
        viewer.page.close()


def _screenshots(viewer: Speedscope, folder: Path, profiles: int) -> None:
    """A screenshot of every profile (lane) of the trace just loaded: 'n' shows the next."""
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(profiles):
        viewer.page.wait_for_timeout(100)  # a frame drawn
        viewer.page.screenshot(path=str(folder / f"{index + 1:02d}.png"))
        viewer.page.keyboard.press("n")
