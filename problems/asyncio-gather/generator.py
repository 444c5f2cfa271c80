#!/usr/bin/env python3
"""Regenerate tests/ for asyncio-gather (deterministic, stdlib only, any cwd).

Input: K, then K lines `start end D`. The program prints START; coroutine i prints
`Coroutine i: v` for v = start .. end-1 with `await asyncio.sleep(D / 1000)` after each line;
when all are done, END.
Per-test yaml: min_tasks = K, concurrency {sequential: S, max_ratio: 0.6} where
S = sum((end - start) * D) / 1000. Every test keeps S >= 4 x the longest thread (the spec
asks for >= 3 x; 4 x leaves >= 0.56 s for interpreter startup under load) and the longest
thread <= 0.5 s, so a correct program needs about (longest + startup) <= 0.6 S.
"""
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 3405
MAX_RATIO = 0.6
LABEL = "Coroutine"


def fmt(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{fmt_key(k)}: {fmt(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def fmt_key(key):
    return key if key.isidentifier() else fmt(key)


def dump_yaml(data):
    lines = []
    for key, value in data.items():
        lines.append(f"{key}:")
        for k, v in value.items():
            lines.append(f"  {fmt_key(k)}: {fmt(v)}")
    return "\n".join(lines) + "\n"


def check(threads):
    assert 1 <= len(threads) <= 8
    for start, end, d in threads:
        assert 0 <= start <= end <= start + 50 and 0 <= d <= 500
    durations = [(e - s) * d for s, e, d in threads]
    longest, total = max(durations), sum(durations)
    assert longest <= 500, threads
    assert total >= 4 * longest, threads
    return total / 1000


def answer(threads):
    out = [f"{LABEL} {i}: {v}" for i, (s, e, _) in enumerate(threads, 1) for v in range(s, e)]
    return "\n".join(["START"] + out + ["END"]) + "\n"


def write(kind, num, threads):
    seq = check(threads)
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    text = f"{len(threads)}\n" + "".join(f"{s} {e} {d}\n" for s, e, d in threads)
    (folder / f"{num:02d}.in").write_text(text)
    (folder / f"{num:02d}.ans").write_text(answer(threads))
    rules = {"min_tasks": len(threads),
             "concurrency": {"sequential": round(seq, 3), "max_ratio": MAX_RATIO}}
    (folder / f"{num:02d}.yaml").write_text(dump_yaml({"rules": rules}))


def thread(rng, d, n):
    start = rng.randint(0, 100)
    return (start, start + n, d)


def main():
    rng = random.Random(SEED)
    samples = [
        [(3, 7, 100), (5, 9, 100), (0, 4, 100), (8, 12, 100)],
        [(3, 10, 50), (5, 12, 50), (10, 10, 500), (0, 3, 0), (1, 3, 175), (2, 9, 50)],
    ]
    secret = [
        # four equal threads: 0.4 s each, S = 1.6 = 4 x longest
        [thread(rng, 100, 4), thread(rng, 50, 8), thread(rng, 40, 10), thread(rng, 80, 5)],
        # eight threads with many short sleeps
        [thread(rng, d, 250 // d - rng.randint(0, 5)) for d in (10, 10, 12, 15, 16, 20, 10, 8)],
        # an empty range and D = 0 (lines at once) next to four 0.4 s threads
        [thread(rng, 100, 4), (17, 17, 250), thread(rng, 0, 6), thread(rng, 80, 5),
         thread(rng, 40, 10), thread(rng, 200, 2)],
        # six threads, mixed delays, longest 0.3 s
        [thread(rng, d, 300 // d) for d in (25, 50, 75, 90, 150, 45)],
        # few long sleeps, up to the limit D = 500
        [thread(rng, 500, 1), thread(rng, 250, 2), thread(rng, 125, 4), thread(rng, 100, 5)],
    ]
    for num, threads in enumerate(samples, 1):
        write("sample", num, threads)
    for num, threads in enumerate(secret, 1):
        write("secret", num, threads)


if __name__ == "__main__":
    main()
