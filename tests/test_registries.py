"""Every kind the judge finds by name (judge/core/registry.py): checkers, importers, report
formats, commands. Each entry loads, is what its kind's Protocol or base class says, and the
tables cannot be changed at run time (no global mutable state)."""

from __future__ import annotations

import click
import pytest

from judge.checkers import REGISTRY as CHECKERS
from judge.checkers import Checker
from judge.cli import COMMANDS
from judge.commands.helptext import JudgeCommand
from judge.core.registry import Registry
from judge.importers import REGISTRY as IMPORTERS
from judge.reports import MODULES as REPORTS
from judge.reports import RemovesFolder, TextReport, WritesFiles


def test_every_checker_is_a_checker_class():
    for name in CHECKERS:
        loaded = CHECKERS.load(name)
        assert isinstance(loaded, type) and issubclass(loaded, Checker), name


def test_every_importer_converts():
    for name in IMPORTERS:
        assert callable(getattr(IMPORTERS.load(name), "convert", None)), name


def test_every_report_format_renders_a_text_or_writes_its_files():
    modules = {name: REPORTS.load(name) for name in REPORTS}
    writers = {name for name, module in modules.items() if isinstance(module, WritesFiles)}
    assert writers == {"feedback", "moodle"}  # a folder; a file and its companion
    assert {name for name, module in modules.items() if isinstance(module, RemovesFolder)} == {"feedback"}
    assert {name for name, module in modules.items() if not isinstance(module, TextReport)} <= writers


def test_every_command_is_a_judge_command_of_its_name():
    for name in COMMANDS:
        command = COMMANDS.load(name)
        assert isinstance(command, JudgeCommand) and command.name == name, name


def test_a_registry_is_read_only_and_names_only_until_asked():
    registry: Registry[click.Command] = Registry({"x": "judge.no_such_module:thing"})
    assert list(registry) == ["x"] and len(registry) == 1 and "x" in registry  # nothing imported yet
    with pytest.raises(TypeError):
        registry["y"] = "judge.cli:cli"  # type: ignore[index]
    with pytest.raises(ModuleNotFoundError):
        registry.load("x")
    with pytest.raises(KeyError):
        registry.load("y")
