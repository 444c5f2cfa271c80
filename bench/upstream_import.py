#!/usr/bin/env python3
"""The upstream example problems through `judge import` and `judge validate` (issue 23).

Reads the example packages out of the bare git snapshots of the three repositories (no
network): the problem package format's `examples/problems`, problemtools' `examples`,
DOMjudge's `example_problems` and `example_scoring_problems`. For each package it runs
`judge import kattis PACKAGE DEST`, and for each imported one `judge validate DEST
--all-tests`, then prints a Markdown table: imported or refused (with the one line), and
how many of its Python, C and C++ submissions got their expected verdict.

    python bench/upstream_import.py                       # the snapshots under /work/.mirror
    python bench/upstream_import.py --mirror DIR --work /tmp/upstream-run --only hello,guess

A submission is a file or a folder right under `submissions/<folder>/`; it counts as Python,
C or C++ by its files' extensions. "expected" counts the ones the import gave an expected
verdict (the others are listed with the reason: a folder naming no verdict, a language not
configured); "as expected" those `judge validate` passed. Each mismatch is listed with
validate's line. Blobs missing from a snapshot are written as empty files and listed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (snapshot folder under --mirror, folder in the repository, its short name, `judge import` format)
SOURCES = (
    ("Kattis+problem-package-format", "examples/problems", "ppf", "kattis"),
    ("Kattis+problemtools", "examples", "problemtools", "kattis"),
    ("DOMjudge+domjudge", "example_problems", "domjudge", "domjudge"),
    ("DOMjudge+domjudge", "example_scoring_problems", "domjudge-scoring", "domjudge"),
)
LANGUAGES = {".py": "python", ".c": "c", ".cc": "cpp", ".cpp": "cpp", ".cxx": "cpp", ".c++": "cpp", ".C": "cpp"}
LINE = re.compile(r"^(ok|FAIL)\s+(\S+?): expected (.*?), got (\S+)")


@dataclass
class Package:
    source: str  # ppf, problemtools, ...
    name: str
    path: Path
    fmt: str  # kattis or domjudge
    missing: list[str] = field(default_factory=list)  # files the snapshot lacks
    refused: str = ""  # the import's one line
    notes: list[str] = field(default_factory=list)
    submissions: dict[str, str] = field(default_factory=dict)  # submissions/<f>/<entry> -> language
    lines: dict[str, str] = field(default_factory=dict)  # solution path -> validate's line
    validate_error: str = ""


def heads(mirror: Path) -> str:
    """Each snapshot's commit, for the record."""
    out = []
    for repo in dict.fromkeys(repo for repo, _f, _s, _fmt in SOURCES):
        line = subprocess.run(
            ["git", "--git-dir", str(mirror / repo / "repo"), "log", "-1", "--format=%h %ad", "--date=short"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        out.append(f"{repo.replace('+', '/')} {line}")
    return "; ".join(out)


def extract(mirror: Path, work: Path) -> list[Package]:
    """Every example package of the snapshots, written under work/src/<source>/<name>."""
    packages = []
    for repo, folder, short, fmt in SOURCES:
        git_dir = mirror / repo / "repo"
        listing = subprocess.run(
            ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "HEAD", "--", folder],
            capture_output=True,
            check=True,
        ).stdout.split(b"\0")
        entries = []
        for raw in filter(None, listing):
            meta, path = raw.split(b"\t", 1)
            mode, kind, obj = meta.decode().split()
            if kind == "blob":
                entries.append((mode, obj, path.decode("utf-8", "surrogateescape")))
        found: dict[str, Package] = {}
        for mode, obj, path in entries:
            relative = Path(path).relative_to(folder)
            if len(relative.parts) < 2:
                continue  # the collection's own README, Makefile, contest.yaml
            name = relative.parts[0]
            package = found.setdefault(name, Package(short, name, work / "src" / short / name, fmt))
            target = work / "src" / short / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            blob = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "blob", obj], capture_output=True)
            if mode == "120000":  # a symlink: the blob is its target
                if target.is_symlink() or target.exists():
                    target.unlink()
                os.symlink(blob.stdout.decode(), target)
                continue
            if blob.returncode != 0:
                package.missing.append(str(Path(*relative.parts[1:])))
            target.write_bytes(blob.stdout)
            if mode == "100755":
                target.chmod(0o755)
        packages.extend(p for p in found.values() if (p.path / "problem.yaml").is_file())
    for package in packages:
        # A test whose file the snapshot lacks is left out whole (its .in and .ans), and listed.
        for missing in [m for m in package.missing if m.startswith("data/")]:
            stem = (package.path / missing).with_suffix("")
            for suffix in (".in", ".ans"):
                stem.with_suffix(suffix).unlink(missing_ok=True)
    return packages


def submissions(package: Path) -> dict[str, str]:
    """submissions/<folder>/<entry> -> language, for the Python, C and C++ ones."""
    out = {}
    root = package / "submissions"
    if not root.is_dir():
        return out
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        for entry in sorted(folder.iterdir()):
            files = [entry] if entry.is_file() else sorted(p for p in entry.rglob("*") if p.is_file())
            languages = [LANGUAGES[p.suffix] for p in files if p.suffix in LANGUAGES]
            if languages:
                out[f"{folder.name}/{entry.name}"] = languages[0]
    return out


def judge(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "judge", *args], capture_output=True, text=True, env=env, cwd=ROOT)


def run(package: Package, work: Path, env: dict[str, str]) -> None:
    package.submissions = submissions(package.path)
    dest = work / "problems" / f"{package.source}-{package.name}"
    imported = judge("import", package.fmt, str(package.path), str(dest), "--force", env=env)
    if imported.returncode != 0:
        package.refused = (imported.stderr.strip().splitlines() or ["?"])[-1]
        return
    package.notes = [line.strip()[2:] for line in imported.stdout.splitlines() if line.startswith("  - ")]
    validated = judge("validate", str(dest), "--all-tests", env=env)
    for line in validated.stdout.splitlines():
        match = LINE.match(line)
        if match:
            package.lines[match.group(2)] = line
    if not package.lines:
        package.validate_error = (validated.stderr.strip().splitlines() or ["no solutions"])[-1]


def origin(package: Package, solution_line: str) -> str:
    """validate's solution path -> the upstream submission it came from (by name)."""
    path = LINE.match(solution_line).group(2)  # type: ignore[union-attr]
    return path.split("/solutions/", 1)[-1]


def table(packages: list[Package]) -> str:
    rows = [
        "| package | import | Python/C/C++ submissions | with an expected verdict | as expected |",
        "|---|---|---:|---:|---:|",
    ]
    total = expected = matched = 0
    for p in packages:
        count = len(p.submissions)
        if p.refused:
            rows.append(f"| {p.source}/{p.name} | refused: {p.refused} | {count} | – | – |")
            continue
        ok = sum(line.startswith("ok") for line in p.lines.values())
        total += count
        expected += len(p.lines)
        matched += ok
        status = "imported" + (f" ({len(p.missing)} files missing from the snapshot)" if p.missing else "")
        rows.append(f"| {p.source}/{p.name} | {status} | {count} | {len(p.lines)} | {ok} |")
    share = f"{100 * matched / expected:.1f} %" if expected else "–"
    rows.append(f"| **imported packages** | | {total} | {expected} | {matched} ({share}) |")
    return "\n".join(rows)


def details(packages: list[Package]) -> str:
    out = []
    for p in packages:
        if p.refused:
            continue
        bad = [line for line in p.lines.values() if not line.startswith("ok")]
        skipped = [n for n in p.notes if "skipped" in n or "not imported" in n]
        if p.missing:
            out.append(f"- {p.source}/{p.name}: missing from the snapshot (tests left out): {', '.join(p.missing)}")
        if p.validate_error:
            out.append(f"- {p.source}/{p.name}: validate: {p.validate_error}")
        for line in bad:
            out.append(f"- {p.source}/{p.name}: {line}")
        for note in skipped:
            out.append(f"- {p.source}/{p.name}: note: {note}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="folder of the git snapshots")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a fresh temporary one)")
    parser.add_argument("--only", default="", help="comma-separated package names")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="upstream-import-"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, JUDGE_CACHE_DIR=str(work / "cache"), JUDGE_LANG="en", JUDGE_HISTORY=str(work / "h.sqlite"))
    env.pop("JUDGE_CONFIG", None)
    packages = extract(args.mirror, work)
    if args.only:
        wanted = set(args.only.split(","))
        packages = [p for p in packages if p.name in wanted]
    for package in packages:
        print(f"{package.source}/{package.name} ...", file=sys.stderr, flush=True)
        run(package, work, env)
    print(f"snapshots: {heads(args.mirror)}\n")
    print(table(packages))
    print()
    print(details(packages))
    print(f"\n(work folder: {work})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
