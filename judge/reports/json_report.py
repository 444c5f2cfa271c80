"""report.json: the contract in docs/DESIGN.md ("Contracts"; schema judge-report/1)."""

from __future__ import annotations

import json

from judge.core.results import SCHEMA
from judge.reports import Report


def to_dict(report: Report) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "judge_version": report.judge_version,
        "created": report.created,
        "lang": report.lang,  # what messages and hints are written in: en, ru (issue 12)
        "environment": report.environment,
        "results": [r.to_json() for r in report.results],
    }


def render(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
