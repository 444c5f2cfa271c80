"""The files an observed run loads inside the sandbox, and their bytecode.

bootstrap.py and its pieces (boot/, 1,600 lines together) are run as a script and loaded by
path, and neither is cached as an import is: compiling them costs ~25 ms of CPU in every fresh
interpreter — each run without the zygote (every run on
macOS and Windows, each of a test's controlled schedules), and each child a solution spawns.
So the judge keeps bootstrap.py's bytecode beside it (`__pycache__`, as an import would) and
the sandbox runs that file; the children a solution spawns load it through the import
system's own loader, which checks it against the source.

The bytecode is hash-checked (PEP 552), not dated: an edit of bootstrap.py, even within the
same second at the same size, is never run from stale bytecode. Where it cannot be written
(a read-only install) or could not be read by the run's user, the source is run, as before.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from judge.sandbox.runspec import RunSpec

SANDBOX_DIR = Path(__file__).resolve().parent
BOOTSTRAP = str(SANDBOX_DIR / "bootstrap.py")
# The bootstrap's pieces (boot/, loaded by bootstrap.py's _load_pieces) and the scheduler
# (_load_scheduler): loaded by path inside the sandbox through the import system's loader, so
# a fresh `__pycache__` file beside each is used.
BOOT_PIECES = tuple(sorted(p for p in (SANDBOX_DIR / "boot").glob("*.py") if p.name != "__init__.py"))
_LOADED_BY_PATH = (SANDBOX_DIR / "schedule.py", *BOOT_PIECES)

_CHECKED_HASH = 0b11  # the pyc's flags word: hash-based, checked against the source


def _bytecode_file(source: Path) -> Path | None:
    """`__pycache__/NAME.TAG.pyc` beside `source`, whatever PYTHONPYCACHEPREFIX says: the
    sandbox sees the judge's own folder, not a cache folder of this process's choosing."""
    tag = sys.implementation.cache_tag
    return None if tag is None else source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc"


# Where bootstrap.py's bytecode is, when there is any: a run may name either file.
BOOTSTRAP_BYTECODE = str(_bytecode_file(Path(BOOTSTRAP)) or BOOTSTRAP)


def _fresh(source: Path, cfile: Path) -> bool:
    """Is `cfile` this interpreter's hash-checked bytecode of `source` as it is now, readable
    by whoever may read the source (a run's unprivileged user too)?"""
    try:
        with open(cfile, "rb") as fh:
            header = fh.read(16)
        data = source.read_bytes()
        cmode, smode = os.stat(cfile).st_mode, os.stat(source).st_mode
    except OSError:
        return False
    readers = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
    return (
        len(header) == 16
        and header[:4] == importlib.util.MAGIC_NUMBER
        and int.from_bytes(header[4:8], "little") == _CHECKED_HASH
        and header[8:16] == importlib.util.source_hash(data)
        and (smode & readers) & ~(cmode & readers) == 0
    )


def ensure_bytecode(source: Path) -> Path | None:
    """The fresh bytecode of `source` beside it, written if it is missing or stale and this
    process may write bytecode; None when there is none to use."""
    import py_compile

    cfile = _bytecode_file(source)
    if cfile is None:
        return None
    if _fresh(source, cfile):
        return cfile
    # Written even under PYTHONDONTWRITEBYTECODE: that setting keeps an image or a checkout free
    # of the bytecode of what is imported; this file is the judge's own, paid by every run (and
    # the sandbox helper, whose environment is scrubbed, keeps its bytecode here anyway).
    try:
        py_compile.compile(
            str(source),
            cfile=str(cfile),
            dfile=str(source),  # tracebacks and the hints' frame filter name the source
            doraise=True,
            invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH,
        )
    except (OSError, py_compile.PyCompileError):
        return None
    return cfile if _fresh(source, cfile) else None


@functools.cache
def bootstrap_program() -> str:
    """The file an observed run's interpreter runs: bootstrap.py's bytecode when it is fresh,
    else bootstrap.py itself. Decided once per process (a few stats and a hash of 60 KB)."""
    for source in _LOADED_BY_PATH:
        ensure_bytecode(source)
    compiled = ensure_bytecode(Path(BOOTSTRAP))
    return str(compiled) if compiled is not None else BOOTSTRAP


# A Python solution's interpreter starts without `site` (-S), as DMOJ's does (-BS). site runs
# every .pth file of site-packages at each start (an editable install's import finder, a
# distribution's hooks): 30-40 ms of a fresh interpreter's ~100 ms on a slow machine, paid by
# every run without the zygote (every run on macOS and Windows) and every process a solution
# spawns, for nothing a solution uses. The bootstrap gives the program what it would have of
# site (bootstrap.py _site: exit(), quit(), help(), copyright, credits, license); not
# site-packages: a solution has the standard library only, so its verdict cannot depend on
# what else the machine that judges it has installed.
NO_SITE = "-S"
PLAIN = "--plain"  # bootstrap.py PLAIN SOLUTION: run it as `python SOLUTION` would, unobserved


def plain_python(argv: tuple[str, ...] | list[str], source: str, observe: bool) -> bool:
    """Is `argv` a Python solution's own run: this interpreter on the solution, or on
    bootstrap.py (or its bytecode: either runs the same code) and the solution when it is
    observed? Those start without site (started_argv) and may be forked from the zygote."""
    if not argv or argv[0] != sys.executable:
        return False
    if not observe:
        return list(argv) == [sys.executable, source]
    return len(argv) == 3 and argv[1] in (BOOTSTRAP, BOOTSTRAP_BYTECODE) and argv[2] == source


def started_argv(spec: RunSpec) -> list[str]:
    """The command line that starts a run's fresh interpreter: a Python solution's own run
    (plain_python, on the first of its files) without site, through the bootstrap; any other
    command as it is."""
    source = spec.files[0][0] if spec.files else ""
    if not plain_python(spec.argv, source, spec.observe):
        return list(spec.argv)
    if spec.observe:
        return [sys.executable, NO_SITE, *spec.argv[1:]]
    return [sys.executable, NO_SITE, bootstrap_program(), PLAIN, source]
