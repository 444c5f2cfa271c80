#!/usr/bin/env python3
"""Optional comparison with DMOJ's judge (dmoj-cli) on the same A+B problem.

Never a CI dependency. DMOJ needs a C toolchain and libseccomp to install:

    apt-get install -y libseccomp-dev && python3 -m venv /tmp/dmoj-venv \
        && /tmp/dmoj-venv/bin/pip install dmoj
    python bench/bench_dmoj.py --dmoj-cli /tmp/dmoj-venv/bin/dmoj-cli [--tests 10] [--rounds 5]

Builds an A+B problem with N tests (and one with 4N) in both formats, then times, side by
side and alternating: the bare loop, `judge check` (zygote and fresh) and
`dmoj-cli submit aplusb PY3 sol.py` (self-test skipped), all with this script's Python.
Prints whole-command and marginal per-test figures, as bench_check.py does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import alternate, make_problem, report  # noqa: E402


def dmoj_problem(store: Path, judge_problem: Path) -> None:
    """The same tests as a DMOJ problem folder (init.yml)."""
    folder = store / "aplusb"
    folder.mkdir(parents=True)
    lines = ["test_cases:"]
    for i, inp in enumerate(sorted(judge_problem.glob("tests/*/*.in")), 1):
        shutil.copy(inp, folder / f"{i}.in")
        shutil.copy(inp.with_suffix(".ans"), folder / f"{i}.out")
        lines.append(f"- {{in: {i}.in, out: {i}.out, points: 1}}")
    (folder / "init.yml").write_text("\n".join(lines) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dmoj-cli", default=shutil.which("dmoj-cli") or "/tmp/dmoj-venv/bin/dmoj-cli")
    ap.add_argument("--tests", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not os.access(args.dmoj_cli, os.X_OK):
        print(f"dmoj-cli not found at {args.dmoj_cli}: skipped (see this script's docstring)")
        return 0
    py = sys.executable
    root = Path(tempfile.mkdtemp(prefix="judge-bench-dmoj-"))
    try:
        n = args.tests
        commands: dict[str, list[str]] = {}
        for label, count in (("", n), ("@4N", 4 * n)):
            prob, sol = make_problem(root / f"ours{label}", count, "trivial")
            store = root / f"dmoj{label}" / "problems"
            dmoj_problem(store, prob)
            config = root / f"dmoj{label}" / "config.yml"
            config.write_text(f"problem_storage_globs:\n  - {store}/*\nruntime:\n  python3: {os.path.realpath(py)}\n")
            if not label:
                ins = sorted(prob.glob("tests/*/*.in"))
                out = root / "out"
                out.mkdir()
                commands["bare"] = ["bash", "-c", "; ".join(f"{py} {sol} < {p} > {out / p.name}.out" for p in ins)]
            commands["zygote" + label] = [py, "-m", "judge", "check", str(prob), str(sol)]
            commands["fresh" + label] = [py, "-m", "judge", "check", str(prob), str(sol), "--no-zygote"]
            commands["dmoj" + label] = [
                args.dmoj_cli,
                "-c",
                str(config),
                "--no-ansi",
                "--skip-self-test",
                "-e",
                "PY3",
                "submit",
                "aplusb",
                "PY3",
                str(sol),
            ]
        times = alternate(commands, args.rounds, root)
        print(f"python: {py} ({sys.version.split()[0]}); tests: {n} and {4 * n}; rounds: {args.rounds}")
        report(times, ["zygote", "fresh", "dmoj"], n)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
