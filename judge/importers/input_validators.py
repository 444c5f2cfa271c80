"""A package's input validators, run at import on every test's input, as problemtools'
verifyproblem runs them: a test they reject is the package's error, and nothing is imported.

The validators are `input_validators/` (legacy also `input_format_validators/`): each file or
folder is one program, built as judge/checkers/build.py builds a folder (build/run scripts,
`__main__.py`, one Python file, C or C++ sources) or, for one file, run with Python or compiled
as C or C++. It runs as `validator [arguments] < input` and accepts with exit code 42. The
arguments are the test's `input_validator_args` (2025-09: a list, or a map by validator name)
or `input_validator_flags` (legacy testdata.yaml). Checktestdata (`.ctd`) and VIVA (`.viva`)
files are not run (a note says so). The constants of problem.yaml are put into the programs'
text first (judge/importers/constants.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.importers.constants import Constants, substitute_bytes

FOLDERS = ("input_validators", "input_format_validators")
NOT_RUN = (".ctd", ".viva")
TIMEOUT = 60.0
ACCEPT = 42


@dataclass(frozen=True)
class Input:
    path: Path  # the test's .in
    args: list[str] | dict[str, list[str]]  # for every validator, or by validator name


def check_inputs(package: Path, inputs: list[Input], constants: Constants, note: Callable[[str], None]) -> None:
    """Run every input validator of the package on every input; ConfigError for a rejected one."""
    programs = [
        p
        for folder in FOLDERS
        if (package / folder).is_dir()
        for p in sorted((package / folder).iterdir())
        if not p.name.startswith(".")
    ]
    if not programs:
        return
    with tempfile.TemporaryDirectory(prefix="judge-input-validators-") as scratch:
        for program in programs:
            shown = program.relative_to(package).as_posix()
            if program.suffix in NOT_RUN:
                note(
                    _("input validator {validator} is not run (Checktestdata and VIVA are not supported)").format(
                        validator=shown
                    )
                )
                continue
            command = _build(program, Path(scratch), constants)
            if isinstance(command, str):
                note(_("input validator {validator} is not run: {why}").format(validator=shown, why=command))
                continue
            for case in inputs:
                args = (
                    case.args.get(program.stem, case.args.get(program.name, []))
                    if isinstance(case.args, dict)
                    else case.args
                )
                _validate(command, args, case.path, shown, Path(scratch))
            note(_("input validator {validator} accepted every test input").format(validator=shown))


def _build(program: Path, scratch: Path, constants: Constants) -> list[str] | str:
    """The validator's command: a copy (with the constants put in) built like a folder program."""
    from judge.checkers.build import build_folder
    from judge.checkers.external import _run

    folder = scratch / program.stem
    folder.mkdir(exist_ok=True)
    sources = [program] if program.is_file() else sorted(p for p in program.iterdir() if p.is_file())
    for path in sources:
        (folder / path.name).write_bytes(substitute_bytes(path.read_bytes(), constants))
        shutil.copymode(path, folder / path.name)
    if program.is_file() and program.suffix not in (".py", ".c", ".cc", ".cpp", ".cxx", ".c++"):
        if not program.stat().st_mode & 0o111:
            return _("not a Python, C or C++ program and not executable")
        return [str(folder / program.name)]
    return build_folder(folder, _run)


def _validate(command: list[str], args: list[str], input_path: Path, shown: str, cwd: Path) -> None:
    """One run on one input, in the scratch folder (never in the package)."""
    from judge.checkers.external import _run

    with input_path.open("rb") as handle:
        data = handle.read()
    result = _run([*command, *args], data, cwd, TIMEOUT)
    if isinstance(result, str):
        raise ConfigError(
            input_path,
            None,
            _("the input validator {validator} did not finish: {problem}").format(validator=shown, problem=result),
        )
    if result.returncode != ACCEPT:
        said = result.said.splitlines()[0] if result.said else ""
        raise ConfigError(
            input_path,
            None,
            _("rejected by the input validator {validator} (exit code {code}){said}").format(
                validator=shown, code=result.returncode, said=f": {said}" if said else ""
            ),
        )
