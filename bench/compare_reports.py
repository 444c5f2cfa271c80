#!/usr/bin/env python3
"""Two report.json files, result by result, test by test, timing aside: what a refactor must
not change (issue 15). Prints every difference and a summary line; exit 1 when any differs.

    judge grade submissions/ --no-cache -q --format json --out /tmp/before   # on the old commit
    judge grade submissions/ --no-cache -q --format json --out /tmp/after    # on the new one
    python bench/compare_reports.py /tmp/before/report.json /tmp/after/report.json

Left out: times, memory, timelines, the concurrency figures, and the wording of a TLE (its
seconds). A concurrency exercise's wrong solutions differ from run to run by design (race
counts, interleavings): read those rows, do not count them.
"""

from __future__ import annotations

import json
import sys
from typing import Any

VOLATILE = {"time", "wall_time", "memory", "timeline", "zygote", "concurrency", "runs"}
Key = tuple[str, str, str]


def normalised(path: str) -> dict[Key, tuple[dict[str, Any], list[dict[str, Any]]]]:
    with open(path, encoding="utf-8") as fh:
        results = json.load(fh)["results"]
    out = {}
    for r in results:
        tests = [
            {
                k: ("TLE" if k == "message" and t.get("verdict") == "TLE" else v)
                for k, v in t.items()
                if k not in VOLATILE
            }
            for t in r["tests"]
        ]
        out[(r["student"], r["problem"], r["submission"])] = ({k: v for k, v in r.items() if k != "tests"}, tests)
    return out


def differences(a: dict[Key, Any], b: dict[Key, Any]) -> list[str]:
    lines = []
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            lines.append(f"{key}: only in {'the second' if key not in a else 'the first'}")
            continue
        (ra, ta), (rb, tb) = a[key], b[key]
        for field in sorted(set(ra) | set(rb)):
            if ra.get(field) != rb.get(field):
                lines.append(f"{key} {field}: {ra.get(field)!r:.150} | {rb.get(field)!r:.150}")
        for x, y in zip(ta, tb):
            for field in sorted(set(x) | set(y)):
                if x.get(field) != y.get(field):
                    lines.append(f"{key} {x.get('name')} {field}: {x.get(field)!r:.120} | {y.get(field)!r:.120}")
    return lines


def main() -> int:
    a, b = normalised(sys.argv[1]), normalised(sys.argv[2])
    found = differences(a, b)
    print("\n".join(found))
    differ = len({line.split(")")[0] for line in found})
    print(f"{len(a)} vs {len(b)} results, {differ} differ")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
