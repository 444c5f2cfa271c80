"""Which problem a solution file is for, from its name: `judge check 3504_leap.py`.

Students name files after the problem (`3504.py`), add a word (`3504_leap.py`,
`philosophers-v2.py`) or a folder (`philosophers/solution.py`). The candidates are tried in a
fixed order and the first problem folder that exists wins; when none does, the error lists
every name tried, so the student sees why and can pass PROBLEM explicitly.
"""

from __future__ import annotations

import re
from pathlib import Path

from judge.core.errors import UsageError
from judge.core.i18n import _

_FOLDERS = 4  # how many enclosing folders' names are tried


def candidates(solution: Path) -> list[str]:
    """Problem ids to try for `solution`, most specific first, without repeats."""
    stem = solution.stem
    names = [stem]
    # Shorter and shorter prefixes split at _ or - : "threads-counters_v2" -> "threads-counters",
    # "threads"; "3504_leap" -> "3504".
    pieces = re.split(r"([_\-])", stem)
    for end in range(len(pieces) - 2, 0, -2):
        names.append("".join(pieces[:end]))
    digits = re.match(r"\d+", stem)
    if digits:
        names.append(digits.group(0))  # "3504leap" -> "3504"
    # The folders it is in, nearest first: philosophers/solution.py,
    # problems/3504/solutions/wa/only_div4.py.
    names += [folder.name for folder in list(solution.resolve().parents)[:_FOLDERS]]
    return [n for n in dict.fromkeys(names) if n]


def infer_problem(solution: Path, problems_dir: Path) -> str:
    """The problem id for `solution`, or a UsageError naming every id tried."""
    tried = candidates(solution)
    for name in tried:
        if (problems_dir / name / "problem.yaml").is_file():
            return name
    raise UsageError(
        _(
            "{file}: cannot tell the problem from the file name (tried: {names} in {folder}); "
            "name it: judge check PROBLEM {file}"
        ).format(file=solution, names=", ".join(tried), folder=problems_dir)
    )
