"""The judge's own code as one digest: a cached verdict is only as good as the code that gave it.

`judge.__version__` has not moved with every fix, and an editable install changes with every
`git pull` or edit; so the result cache keys on the bytes of every file of the installed
package instead — the checkers, graders and bootstrap, the catalogs, the report templates.
Hashing the ~1.3 MB package takes a few milliseconds, once per process.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # judge/
_SKIPPED_SUFFIXES = (".pyc", ".pyo")  # the interpreter's byproducts, not the code


def package_files(package: Path = PACKAGE) -> list[Path]:
    """Every file of the package that can change what the judge does, in a stable order."""
    files = [
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(_SKIPPED_SUFFIXES)
    ]
    return sorted(files, key=lambda path: path.relative_to(package).as_posix())


@functools.cache
def code_digest() -> str:
    """A hash of the package's files, names and bytes (16 hex digits)."""
    digest = hashlib.sha256()
    for path in package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]
