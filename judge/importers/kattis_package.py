"""A Kattis problem package as read: its problem.yaml, its version and dialect, its constants,
and the tree of its test data (judge/importers/kattis.py walks it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.core.schema import load_yaml
from judge.importers import constants as consts

# Kattis's language codes of the languages table -> config.yaml's names (the rest: the same).
LANGUAGES = {"python3": "python", "cpp": "cpp", "c": "c"}


@dataclass
class Leaf:
    parts: tuple[str, ...]  # folders under data/<kind>/
    stem: str
    input: Path
    answer: Path
    args: list[str]  # output validator flags for this test
    args_from: tuple[Path, str]  # where they were set (file, field), for messages
    hint: str | None = None
    # input validator arguments: for every validator, or by validator name
    input_args: list[str] | dict[str, list[str]] = field(default_factory=list)


@dataclass
class Node:
    """A folder of test data and what its testdata.yaml / test_group.yaml says."""

    path: Path
    parts: tuple[str, ...]
    settings: dict[str, object]
    settings_file: Path | None  # the file the settings came from (legacy: maybe an ancestor)
    own: dict[str, object]  # this folder's own file (2025-09 scoring keys)
    children: list[Leaf | Node] = field(default_factory=list)  # in Kattis order


class Package:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.yaml_path = root / "problem.yaml"
        if not root.is_dir():
            raise ConfigError(root, None, _("expected a Kattis package folder (unzip a .zip/.kpp first)"))
        if not self.yaml_path.is_file():
            raise ConfigError(self.yaml_path, None, _("missing: not a Kattis problem package"))
        meta = load_yaml(self.yaml_path)
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise ConfigError(self.yaml_path, None, _("expected a mapping"))
        self.meta: dict[str, object] = meta
        version = str(meta.get("problem_format_version", "legacy"))
        self.legacy = version.startswith("legacy")
        self.version = version
        self.constants: consts.Constants = {}
        self.dialect = "kattis"
        # A test case's path under data/ without .in ("secret/group1/03") -> our test's name,
        # for submissions.yaml's expectations per test data group.
        self.tests: dict[str, str] = {}

    def error(self, key: str | None, text: str, file: Path | None = None) -> ConfigError:
        return ConfigError(file or self.yaml_path, key, text)
