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

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from judge.core.errors import UsageError
from judge.core.i18n import _
from judge.core.registry import Registry

if TYPE_CHECKING:
    from judge.core.config import Config
    from judge.importers.common import ImportResult, ProblemBuilder


class Importer(Protocol):
    """An importer module: reads `source` (a package in its format) into `builder`."""

    def convert(self, source: Path, builder: ProblemBuilder, config: Config) -> None: ...


# format name -> module (judge/core/registry.py): imported when its format is asked for
REGISTRY: Registry[Importer] = Registry(
    {
        "kattis": "judge.importers.kattis",
        "domjudge": "judge.importers.domjudge",
        "polygon": "judge.importers.polygon",
        "ejudge": "judge.importers.ejudge",
        "classroom": "judge.importers.classroom",
    }
)


def importer(name: str) -> Importer:
    if name not in REGISTRY:
        raise UsageError(
            _("unknown format {format} (expected one of {known})").format(format=repr(name), known=", ".join(REGISTRY))
        )
    return REGISTRY.load(name)


def import_problem(fmt: str, source: Path, dest: Path, config: Config, force: bool = False) -> ImportResult:
    """Convert `source` (in format `fmt`) into our problem folder `dest`."""
    from judge.importers.common import ProblemBuilder

    module = importer(fmt)
    if not source.exists():
        raise UsageError(_("{source}: no such file or folder").format(source=source))
    builder = ProblemBuilder(fmt, source, config)
    module.convert(source, builder, config)
    return builder.write(dest, force=force)


__all__ = ["REGISTRY", "Importer", "importer", "import_problem"]
