"""Importers: a problem in another judge's format -> a problem folder in ours.

One module per format, imported only when used. Each module has

    convert(source: Path, builder: ProblemBuilder, config: Config) -> None

which reads `source` and fills the builder (judge/importers/common.py); `import_problem` then
writes the folder, loads it back with our own loader (so what was written is known to load)
and moves it to its destination. Anything the format says that we cannot honour is either
refused (a ConfigError naming the file and the field: exit 2) or, when the difference is
harmless, listed in the notes printed after the import.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from judge.core.errors import UsageError
from judge.core.i18n import _

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.importers.common import ImportResult

# format name -> module
REGISTRY: dict[str, str] = {
    "kattis": "judge.importers.kattis",
    "domjudge": "judge.importers.domjudge",
    "polygon": "judge.importers.polygon",
    "ejudge": "judge.importers.ejudge",
    "classroom": "judge.importers.classroom",
}


def importer(name: str) -> ModuleType:
    try:
        module = REGISTRY[name]
    except KeyError:
        raise UsageError(
            _("unknown format {format} (expected one of {known})").format(format=repr(name), known=", ".join(REGISTRY))
        ) from None
    return importlib.import_module(module)


def import_problem(fmt: str, source: Path, dest: Path, config: Config, force: bool = False) -> ImportResult:
    """Convert `source` (in format `fmt`) into our problem folder `dest`."""
    from judge.importers.common import ProblemBuilder

    module = importer(fmt)
    if not source.exists():
        raise UsageError(_("{source}: no such file or folder").format(source=source))
    builder = ProblemBuilder(fmt, source, config)
    module.convert(source, builder, config)
    return builder.write(dest, force=force)


__all__ = ["REGISTRY", "importer", "import_problem"]
