#!/usr/bin/env python3
"""What tracing (RunSpec.trace, the bootstrap's TRACE events) costs a concurrency exercise.

Grades every accepted solution (problems/*/solutions/ac/*.py) of the problems whose
problem.yaml has runtime.observe: true on all their tests, through judge.grading.grader.Grader with
the sandbox `judge check` uses (judge.sandbox.factory.make_sandbox, the zygote on), once
with tracing off (make_sandbox(..., trace=False) overrides RunSpec.trace of every observed
run) and once on: as the grader asks (the sample tests' runs; a hidden test's only when it is
the first failure, run again traced), or with --all-runs every observed run (the cost of a
traced run itself), alternating, round after round. "On" includes the judge's side: the
grader building each traced run's timeline. Prints per solution, medians over the rounds:
  grade   the wall time of grading it (every test, the problem's repeats included), off and
          on, and their ratio
  runs    the sum of its runs' own wall times (RunResult.wall_time: the sandboxed solution
          only, no checker or judge work around it), off/on ratio
  events  the trace events its runs wrote (all runs of one grading)
and the verdicts (both must be AC). The summary lines give the median, geometric mean and
maximum of the ratios; the target is at most 1.10.

    python bench/bench_trace.py [--rounds 5] [--problems threads-lock,philosophers]
                                [--isolation basic] [--boxes 1] [--ref-only] [--json FILE]
                                [--all-runs]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from judge.core.config import DEFAULT, Config  # noqa: E402
from judge.grading.grader import Grader  # noqa: E402
from judge.grading.observe import TRACE_EVENTS  # noqa: E402
from judge.grading.submission import Submission  # noqa: E402
from judge.problem import Problem, load_problem  # noqa: E402
from judge.sandbox.factory import make_sandbox  # noqa: E402

_TRACE_PREFIXES = tuple(b'{"e":"%s"' % name.encode() for name in TRACE_EVENTS)


@dataclass
class Case:
    problem: Problem
    solution: Path
    times: dict[bool, list[float]] = field(default_factory=lambda: {False: [], True: []})
    runs: dict[bool, list[float]] = field(default_factory=lambda: {False: [], True: []})
    verdicts: dict[bool, set[str]] = field(default_factory=lambda: {False: set(), True: set()})
    events: list[int] = field(default_factory=list)  # trace events per traced round

    @property
    def name(self) -> str:
        return f"{self.problem.path.name}/{self.solution.name}"

    def ratio(self) -> float:
        return statistics.median(self.times[True]) / statistics.median(self.times[False])

    def runs_ratio(self) -> float:
        return statistics.median(self.runs[True]) / statistics.median(self.runs[False])


class CountingBox:
    """A sandbox that counts the trace events and the wall time of the runs through it."""

    def __init__(self, box: Any) -> None:
        self.box = box
        self.events = 0
        self.wall = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.box, name)

    def run(self, spec: Any, stdin_path: Any = None, stdio: Any = None) -> Any:
        result = self.box.run(spec, stdin_path, stdio)
        self.wall += result.wall_time
        self.events += sum(line.startswith(_TRACE_PREFIXES) for line in result.observations.splitlines())
        return result


def observed_problems(root: Path, only: set[str] | None) -> list[Path]:
    import yaml

    found = []
    for path in sorted(root.glob("*/problem.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if (data.get("runtime") or {}).get("observe") and (only is None or path.parent.name in only):
            found.append(path.parent)
    return found


def cases(config: Config, problems: list[Path], ref_only: bool) -> list[Case]:
    result = []
    for folder in problems:
        problem = load_problem(folder, config.limits)
        for solution in sorted((folder / "solutions" / "ac").glob("*.py")):
            if not ref_only or solution.stem == "ref":
                result.append(Case(problem, solution))
    return result


def grade_once(config: Config, boxes: list[CountingBox], case: Case, trace: bool, all_runs: bool = False) -> None:
    sub = Submission(path=case.solution, student="bench", problem=case.problem.id, display=case.name)
    for box in boxes:
        box.events, box.wall = 0, 0.0
    start = time.perf_counter()
    result = Grader(config, boxes, trace_hidden=trace and all_runs).grade(case.problem, sub)  # type: ignore[arg-type]
    case.times[trace].append(time.perf_counter() - start)
    case.runs[trace].append(sum(box.wall for box in boxes))
    case.verdicts[trace].add(result.verdict.value)
    if trace:
        case.events.append(sum(box.events for box in boxes))


def measure(
    config: Config, all_cases: list[Case], rounds: int, isolation: str, nboxes: int, all_runs: bool = False
) -> None:
    """ "on": the grader's tracing policy (the samples' runs, and a failure's rerun), or with
    `all_runs` every observed run; "off": none."""
    sandboxes = {
        trace: [
            CountingBox(
                make_sandbox(
                    isolation,
                    slot=i + (nboxes if trace else 0),
                    zygote=config.zygote,
                    trace=(True if all_runs else None) if trace else False,
                )
            )
            for i in range(nboxes)
        ]
        for trace in (False, True)
    }
    try:
        for boxes in sandboxes.values():
            for box in boxes:
                box.start()
        for case in all_cases:  # one round to warm caches and helpers: not counted
            for trace in (False, True):
                grade_once(config, sandboxes[trace], case, trace, all_runs)
                case.times[trace].clear()
                case.runs[trace].clear()
                case.verdicts[trace].clear()
            case.events.clear()
        for number in range(rounds):
            order = (False, True) if number % 2 == 0 else (True, False)
            for case in all_cases:
                for trace in order:
                    grade_once(config, sandboxes[trace], case, trace, all_runs)
            print(f"round {number + 1}/{rounds} done", file=sys.stderr, flush=True)
    finally:
        for boxes in sandboxes.values():
            for box in boxes:
                box.close()


def report(all_cases: list[Case]) -> dict[str, Any]:
    print(
        f"{'solution':36} {'grade off':>9} {'on':>7} {'on/off':>7} {'runs off':>9} {'on':>7} "
        f"{'on/off':>7} {'events':>7}  verdicts"
    )
    rows = []
    for case in all_cases:
        off, on = statistics.median(case.times[False]), statistics.median(case.times[True])
        runs_off, runs_on = statistics.median(case.runs[False]), statistics.median(case.runs[True])
        events = int(statistics.median(case.events)) if case.events else 0
        verdicts = "/".join(",".join(sorted(case.verdicts[t])) for t in (False, True))
        print(
            f"{case.name:36} {off:9.3f} {on:7.3f} {on / off:7.3f} {runs_off:9.3f} {runs_on:7.3f} "
            f"{runs_on / runs_off:7.3f} {events:7d}  {verdicts}"
        )
        rows.append(
            {
                "solution": case.name,
                "off": round(off, 4),
                "on": round(on, 4),
                "ratio": round(on / off, 4),
                "runs_off": round(runs_off, 4),
                "runs_on": round(runs_on, 4),
                "runs_ratio": round(runs_on / runs_off, 4),
                "events": events,
                "verdicts": verdicts,
            }
        )
    figures: dict[str, Any] = {"rows": rows}
    for label, ratio, field_name in (("grade", Case.ratio, "times"), ("runs", Case.runs_ratio, "runs")):
        ratios = [ratio(case) for case in all_cases]
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        total_off = sum(statistics.median(getattr(c, field_name)[False]) for c in all_cases)
        total_on = sum(statistics.median(getattr(c, field_name)[True]) for c in all_cases)
        print(
            f"{label}: median ratio {statistics.median(ratios):.3f}, geometric mean {geo:.3f}, "
            f"max {max(ratios):.3f}; all solutions: {total_off:.2f} s off, {total_on:.2f} s on "
            f"({total_on / total_off:.3f})"
        )
        figures[label] = {
            "median_ratio": statistics.median(ratios),
            "geomean_ratio": geo,
            "max_ratio": max(ratios),
            "total_off": total_off,
            "total_on": total_on,
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--problems", default="", help="comma-separated problem folders (default: all observed)")
    parser.add_argument("--problems-dir", type=Path, default=ROOT / "problems")
    parser.add_argument("--isolation", default=DEFAULT.isolation)
    parser.add_argument("--boxes", type=int, default=1, help="sandboxes per mode (tests in parallel)")
    parser.add_argument("--ref-only", action="store_true", help="only solutions/ac/ref.py")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--all-runs",
        action="store_true",
        help="on: trace every observed run (hidden tests too), not the grader's policy",
    )
    args = parser.parse_args()
    config = DEFAULT
    only = set(args.problems.split(",")) if args.problems else None
    all_cases = cases(config, observed_problems(args.problems_dir, only), args.ref_only)
    if not all_cases:
        raise SystemExit("no observed problem with an accepted solution")
    measure(config, all_cases, args.rounds, args.isolation, args.boxes, args.all_runs)
    figures = report(all_cases)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
