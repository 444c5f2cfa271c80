"""similarity.csv: pairs of submissions of one problem whose code is suspiciously similar once
names, literals and layout are normalised (judge/reports/fingerprints.py). report.html lists the same
pairs with the two sources side by side.

The threshold and the minimum program size come from config.yaml (`similarity:`). The CSV
headers are never translated; with the report's `csv_bom` the file starts with a UTF-8 BOM
(as grades.csv: judge/reports/csv_report.py)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from judge.core.results import SubmissionResult
from judge.reports import Report
from judge.reports.csv_report import BOM, wants_bom
from judge.reports.fingerprints import DEFAULT_MIN_TOKENS, DEFAULT_THRESHOLD, similar_pairs
from judge.reports.sources import Source, read_sources


@dataclass(frozen=True)
class SimilarPair:
    problem: str
    a: SubmissionResult
    b: SubmissionResult
    source_a: Source
    source_b: Source
    similarity: float
    lines_a: frozenset[int]  # lines of a that share fingerprints with b
    lines_b: frozenset[int]


def settings(report: Report) -> tuple[float, int]:
    config = report.config
    if config is None:
        return DEFAULT_THRESHOLD, DEFAULT_MIN_TOKENS
    return config.similarity_threshold, config.similarity_min_tokens


def find_pairs(report: Report, sources: dict[int, Source] | None = None) -> list[SimilarPair]:
    """Similar pairs of every problem, by problem, most similar first. `sources`: index in
    report.results -> source, when the caller has read them already."""
    results = report.results
    if sources is None:
        sources = read_sources(results)
    threshold, min_tokens = settings(report)
    groups: dict[tuple[str, str], dict[str, str]] = {}  # (problem, language) -> sources
    for i, src in sources.items():
        groups.setdefault((results[i].problem, results[i].language), {})[str(i)] = src.text
    pairs: list[SimilarPair] = []
    for problem, language in sorted(groups, key=lambda g: (_natural(g[0]), g[1])):
        for p in similar_pairs(problem, groups[problem, language], threshold, min_tokens):
            ia, ib = int(p.a), int(p.b)
            a, b = results[ia], results[ib]
            if (a.student, a.submission) > (b.student, b.submission):
                ia, ib = ib, ia
                a, b = b, a
                la, lb = p.lines_b, p.lines_a
            else:
                la, lb = p.lines_a, p.lines_b
            pairs.append(SimilarPair(problem, a, b, sources[ia], sources[ib], p.similarity, la, lb))
    return pairs


def render(report: Report, bom: bool | None = None) -> str:
    """`bom`: start with a UTF-8 byte order mark; None: as the report says (`wants_bom`)."""
    buf = io.StringIO()
    if wants_bom(report) if bom is None else bom:
        buf.write(BOM)
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["problem", "student_a", "student_b", "similarity", "submission_a", "submission_b"])
    for p in find_pairs(report):
        writer.writerow([p.problem, p.a.student, p.b.student, f"{p.similarity:.2f}", p.a.submission, p.b.submission])
    return buf.getvalue()


def _natural(name: str) -> tuple[int, object]:
    return (0, int(name)) if name.isdigit() else (1, name)
