#!/usr/bin/env python3
"""Regenerate tests/ for threads-daemon (deterministic, stdlib only, any cwd).

Input: `K M`, then K lines `start end D`. K daemon threads print `Thread i: v` for
v = start .. end-1, sleeping D ms after each line (line v is due at (v - start) * D ms);
the main thread sleeps M ms, prints END and exits without joining.

Test design (asserted below):
  * no line is due within 100 ms of M, so whether a line comes before END never depends on
    scheduling noise, and no daemon thread prints while the interpreter shuts down;
  * min_lines of thread i = its lines due at <= M - 200 ms (a margin measured beside a CPU
    burner: 150 ms flipped once in 1,712 loaded runs); in every test but one some thread needs
    >= 2 lines, so a program that prints END at once (without sleeping) fails;
  * the longest thread runs >= 3 M: a program that joins its threads runs >= 3 M, and the rule
    concurrency {sequential: M/1000, max_ratio: 2.0} (wall <= 2 M) rejects it;
  * M >= 400 (the spec allows 300): a correct run takes M + startup, and the bound 2 M leaves
    >= 0.4 s for interpreter startup on a loaded machine.
The .ans holds every line every thread would print if it ran to the end (in time order), then
END: the checker's prefix mode accepts any prefix of each thread's lines (>= min_lines).
"""
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 7321
MARGIN = 100      # ms: no line due in (M - MARGIN, M + MARGIN)
REQUIRED = 200    # ms: lines due at <= M - REQUIRED are required
MAX_RATIO = 2.0


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


def analyse(m, threads):
    assert 400 <= m <= 1000 and 1 <= len(threads) <= 8
    min_lines = {}
    for i, (start, end, d) in enumerate(threads, 1):
        assert 0 <= start <= end <= start + 50 and 0 <= d <= 500
        due = [(v - start) * d for v in range(start, end)]
        assert all(abs(t - m) >= MARGIN for t in due), (m, i, due)
        need = sum(1 for t in due if t <= m - REQUIRED)
        if need:
            min_lines[str(i)] = need
    assert max((e - s) * d for s, e, d in threads) >= 3 * m
    return min_lines


def answer(threads):
    events = sorted(((v - s) * d, i, v) for i, (s, e, d) in enumerate(threads, 1)
                    for v in range(s, e))
    return "".join(f"Thread {i}: {v}\n" for _, i, v in events) + "END\n"


def write(kind, num, m, threads):
    min_lines = analyse(m, threads)
    folder = HERE / "tests" / kind
    folder.mkdir(parents=True, exist_ok=True)
    text = f"{len(threads)} {m}\n" + "".join(f"{s} {e} {d}\n" for s, e, d in threads)
    (folder / f"{num:02d}.in").write_text(text)
    (folder / f"{num:02d}.ans").write_text(answer(threads))
    data = {"rules": {"min_threads": len(threads),
                      "concurrency": {"sequential": m / 1000, "max_ratio": MAX_RATIO}},
            "checker": {"min_lines": min_lines}}
    (folder / f"{num:02d}.yaml").write_text(dump_yaml(data))
    return min_lines


def main():
    rng = random.Random(SEED)

    def t(d, n, start=None):
        start = rng.randint(0, 100) if start is None else start
        return (start, start + n, d)

    samples = [
        (500, [(3, 11, 200), (5, 10, 300)]),
        (400, [(0, 6, 250), (10, 13, 0), (7, 10, 100)]),
    ]
    secret = [
        (400, [t(250, 5), t(100, 3), t(500, 2)]),
        (600, [t(250, 8), t(400, 5), t(350, 4), t(450, 3), t(500, 2), t(50, 9), t(0, 7),
               t(100, 5)]),
        (450, [t(300, 5), t(280, 5), t(320, 3), t(250, 0)]),
        (500, [t(300, 6), t(200, 8), t(50, 8), t(0, 1), t(300, 2)]),
        (450, [t(300, 5), t(320, 4), t(280, 3), t(100, 4), t(0, 4), t(280, 2)]),
    ]
    for num, (m, threads) in enumerate(samples, 1):
        write("sample", num, m, threads)
    needs = [write("secret", num, m, threads) for num, (m, threads) in enumerate(secret, 1)]
    assert sum(max(n.values()) >= 2 for n in needs) >= len(secret) - 1


if __name__ == "__main__":
    main()
