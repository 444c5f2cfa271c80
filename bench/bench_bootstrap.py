"""What bootstrap.py's bytecode saves a fresh interpreter (judge/sandbox/bootfiles.py).

Runs the same observed solution in the sandbox without the zygote (as every run on macOS and
Windows, each `--no-zygote` run, and each controlled schedule there), alternating the two
programs an observed run can start: bootstrap.py itself (compiled at every start) and its
bytecode. The CPU time of the run (the sandbox's own measure, the interpreter's start
included) is compared; a solution that spawns two processes shows the children's share.

    python bench/bench_bootstrap.py --runs 30
    python bench/bench_bootstrap.py --runs 30 --isolation portable
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from judge.core.limits import Limits  # noqa: E402
from judge.sandbox.bootfiles import BOOTSTRAP, bootstrap_program  # noqa: E402
from judge.sandbox.factory import make_sandbox  # noqa: E402
from judge.sandbox.runspec import RunSpec  # noqa: E402

SOLUTIONS = {
    "threads": "import threading\nt = threading.Thread(target=print, args=(input(),))\nt.start()\nt.join()\n",
    "spawn-2": (
        "import multiprocessing as mp\n"
        "if __name__ == '__main__':\n"
        "    mp.set_start_method('spawn')\n"
        "    ps = [mp.Process(target=print, args=(i,)) for i in range(2)]\n"
        "    [p.start() for p in ps]\n"
        "    [p.join() for p in ps]\n"
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="runs of each program per solution")
    parser.add_argument("--isolation", default="basic", help="sandbox level (default: basic)")
    args = parser.parse_args()
    compiled = bootstrap_program()
    if compiled == BOOTSTRAP:
        sys.exit("bootstrap.py's bytecode could not be written beside it: nothing to compare")
    limits = Limits(time=5, wall_time=10, memory=512 * 1024**2)
    stdin = Path(tempfile.mkdtemp()) / "in.txt"
    stdin.write_text("5\n")
    box = make_sandbox(args.isolation, slot=0, zygote=False)
    try:
        print(f"{args.isolation}, no zygote, {args.runs} runs each, alternating; CPU per run (median)")
        for name, code in SOLUTIONS.items():
            cpu: dict[str, list[float]] = {"source": [], "bytecode": []}
            for _ in range(args.runs):
                for label, program in (("source", BOOTSTRAP), ("bytecode", compiled)):
                    spec = RunSpec(
                        argv=(sys.executable, program, "sol.py"),
                        limits=limits,
                        files=(("sol.py", code.encode()),),
                        observe=True,
                        zygote=False,
                    )
                    result = box.run(spec, stdin)
                    assert result.exit_code == 0, result.stderr[-500:]
                    cpu[label].append(result.cpu_time)
            source, bytecode = (statistics.median(cpu[k]) * 1000 for k in ("source", "bytecode"))
            print(
                f"  {name:8} source {source:6.1f} ms   bytecode {bytecode:6.1f} ms   "
                f"saved {source - bytecode:5.1f} ms ({(source - bytecode) / source:.0%})"
            )
    finally:
        box.close()


if __name__ == "__main__":
    main()
