#!/usr/bin/env python3
"""Where the test suite's time goes: per file, from a pytest JUnit XML report or a ledger.

    pytest --junitxml=/tmp/suite.xml            # the README's command, any options
    python bench/suite_times.py /tmp/suite.xml [--top 15] [--markdown]
    JUDGE_TEST_LEDGER=/tmp/ledger.csv pytest    # the workers' ledger (tests/conftest.py)
    python bench/suite_times.py /tmp/ledger.csv [--top 15] [--markdown]

Per file: the tests, their summed time (setup + call + teardown), the share of the total, and
the slowest test. Under pytest-xdist the sum is machine time spread over the workers, not the
wall time of the run (pytest prints that at the end). A ledger also says how much of it a
worker spent waiting for the other's sweep (tests/conftest.py one_sweep): the "wait" column;
the time figures are then the work alone. Its "cpu" column is what the tests cost the machine:
CPU seconds of the worker and of every process it waited for (the judges, their sandboxes).
"""

from __future__ import annotations

import argparse
import collections
import xml.etree.ElementTree as ET


def per_file(report: str) -> tuple[dict[str, list[tuple[float, str]]], float]:
    files: dict[str, list[tuple[float, str]]] = collections.defaultdict(list)
    for case in ET.parse(report).getroot().iter("testcase"):
        path = case.get("classname", "").split(".")
        name = "/".join(path[:2]) + ".py" if len(path) >= 2 else case.get("file", "?")
        files[name].append((float(case.get("time") or 0), case.get("name", "")))
    total = sum(t for cases in files.values() for t, _ in cases)
    return files, total


def per_file_ledger(
    ledger: str,
) -> tuple[dict[str, list[tuple[float, str]]], float, dict[str, float], dict[str, float]]:
    """The same from the workers' ledger (worker, test, seconds, waited[, cpu]): work without
    waits, and the CPU seconds per file (empty for a ledger without them)."""
    import csv

    files: dict[str, list[tuple[float, str]]] = collections.defaultdict(list)
    waits: dict[str, float] = collections.defaultdict(float)
    cpu: dict[str, float] = collections.defaultdict(float)
    with open(ledger, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["test"].split("::", 1)[0]
            waited = float(row["waited"])
            files[name].append((float(row["seconds"]) - waited, row["test"].split("::", 1)[-1]))
            waits[name] += waited
            if row.get("cpu"):
                cpu[name] += float(row["cpu"])
    total = sum(t for cases in files.values() for t, _ in cases)
    return files, total, waits, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("--top", type=int, default=0, help="only the N slowest files")
    ap.add_argument("--markdown", action="store_true", help="a Markdown table (for docs)")
    args = ap.parse_args()
    cpu: dict[str, float] = {}
    if args.report.endswith(".csv"):
        files, total, waits, cpu = per_file_ledger(args.report)
    else:
        (files, total), waits = per_file(args.report), {}
    rows = sorted(files.items(), key=lambda kv: -sum(t for t, _ in kv[1]))
    if args.top:
        rows = rows[: args.top]
    if args.markdown:
        print(
            "| file | tests | time | share | slowest test |" + (" wait |" if waits else "") + (" CPU |" if cpu else "")
        )
        print("|---|---|---|---|---|" + ("---|" if waits else "") + ("---|" if cpu else ""))
    for name, cases in rows:
        spent = sum(t for t, _ in cases)
        slow_t, slow_name = max(cases)
        if args.markdown:
            wait = f" {waits[name]:.0f} s |" if waits else ""
            used = f" {cpu[name]:.0f} s |" if cpu else ""
            print(
                f"| {name} | {len(cases)} | {spent:.0f} s | {spent / total:.0%} | {slow_name} ({slow_t:.0f} s) |{wait}{used}"
            )
        else:
            wait = f"  (+{waits[name]:.0f} s waiting)" if waits.get(name) else ""
            wait += f"  [{cpu[name]:.0f} CPU-s]" if cpu else ""
            print(
                f"{spent:8.1f} s {spent / total:5.0%} {len(cases):5d}  {name}  (slowest {slow_t:.1f} s: {slow_name}){wait}"
            )
    n = sum(len(c) for c in files.values())
    waited = f", and {sum(waits.values()):.0f} s waiting for another worker's sweep" if waits else ""
    used = f", {sum(cpu.values()):.0f} CPU-s" if cpu else ""
    print(f"\n{n} tests, {total:.0f} s of test time in all{waited}{used}")


if __name__ == "__main__":
    main()
