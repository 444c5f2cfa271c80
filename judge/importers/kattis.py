"""Kattis problem packages -> our problem folder: the legacy format and 2025-09. (The package as
read: kattis_package.py; its statements, include/ and submissions/: kattis_files.py.)

What maps to what (docs/IMPORT.md has the long version):

- data/sample and data/secret, with nested test data groups: every test case becomes one of
  our tests; a test in a group folder is named after its path, `secret/group1-03` for
  data/secret/group1/03.in, in the order Kattis uses (lexicographic per folder). When joining
  the path with '-' would change that order, the names get a numeric prefix.
- limits: problem.yaml `limits.time_limit` (2025-09), else the package's `.timelimit` file;
  `limits.memory` and `limits.output` (MiB; none: the format's typical system default, 2048 and
  8); the stack unlimited, as DOMjudge and problemtools run every submission; for DOMjudge
  packages the wall-clock limit is the time limit, as DOMjudge's runguard judges it.
- `allow_file_writing` (2023-07, 2025-09; false by default) -> `runtime.allow_file_writing`:
  false for DOMjudge packages (its rule); legacy packages keep a writable work dir.
- `constants:` -> `{{name}}` replaced where the specification says (judge/importers/constants.py).
- a package with no data/secret/ is judged on its samples, as DOMjudge does.
- the default output validator -> our `tokens` checker with Kattis's defaults
  (case_sensitive: false unless the `case_sensitive` flag is given, ...); the validator flags of
  problem.yaml (`validator_flags`, legacy), testdata.yaml (`output_validator_flags`, legacy),
  test_group.yaml / <test>.yaml (`output_validator_args`, 2025-09) -> checker options, the
  problem's most common ones in problem.yaml and the others per test in tests/<kind>/NN.yaml.
- a custom output validator (output_validators/<one program> in legacy, output_validator/ in
  2025-09) -> `external` checker with protocol kattis; its files are copied into checker/ (a
  program of several files: the folder is the program, judge/checkers/build.py); the flags
  become its `args`. Input validators run on every test input at import
  (judge/importers/input_validators.py).
- include/<language>/ -> include/<our language>/, added to every submission.
- interactive problems (`validation: custom interactive` in legacy, `type: interactive` or
  `type: [pass-fail, interactive]` in 2023-07 / 2025-09) -> `interactive: true`, the output
  validator being the interactor (the same external checker).
- scoring problems -> our groups with points (see _legacy_groups, _groups_2025 and, for
  `judge import domjudge`, _domjudge_groups).
- submissions/<folder>/<file or folder> -> solutions/<ac|wa|tle|re|...>/ and
  solutions/expected.yaml (judge/importers/expectations.py), for the languages config.yaml runs.
- languages: `name` (a string or a map by language) and each statement's \\problemname -> title
  {ru, en}; problem_statement/problem.<lang>.{md,tex} (legacy) or statement/problem.<lang>.{md,tex}
  (2025-09) in Russian and English -> statement.md (Russian, `---`, English; LaTeX converted to
  Markdown roughly); the statement folder is also copied to statement/ as it is.

Refused with a clear message naming the feature: multi-pass and submit-answer problems (a
one-run judge would get them wrong), custom graders, validators that write score.txt, test
cases with .files or args, test inputs the package's input validators reject.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from judge.core.errors import ConfigError
from judge.core.i18n import N_, _
from judge.core.numbers import decimal
from judge.core.schema import as_float, load_yaml
from judge.importers import constants as consts
from judge.importers import kattis_files, kattis_limits
from judge.importers.common import (
    GroupSpec,
    ProblemBuilder,
)
from judge.importers.kattis_package import Leaf, Node, Package

if TYPE_CHECKING:
    from judge.core.config import Config

FLAGS_WITH_VALUE = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")
FLAGS = ("case_sensitive", "space_change_sensitive", *FLAGS_WITH_VALUE)
CPP = (".cpp", ".cc", ".cxx", ".c++")
SCORE_MODES = ("sum", "avg", "min", "max")
# 2025-09's scoring keys (and its drafts' `scoring:` map): per group, never inherited.
SCORING_KEYS = ("max_score", "score_aggregation", "require_pass", "scoring")
# Legacy testdata.yaml's: a 2023-07 draft package may still score with them (problemtools does).
LEGACY_SCORING_KEYS = ("accept_score", "reject_score", "grader_flags", "range", "on_reject")
# Refused by name: judged with the one-run-per-test model, either would get wrong verdicts.
MULTI_PASS = N_(
    "multi-pass problems are not supported: the judge runs a submission once per test, a "
    "multi-pass problem runs it again on the input its output validator writes for the next pass"
)
SUBMIT_ANSWER = N_(
    "submit-answer problems are not supported: the judge runs programs, a submit-answer "
    "submission is the answers themselves"
)
NO_INTERACTOR = N_(
    "an interactive problem needs its interactor: a custom output validator "
    "(output_validators/ in legacy, output_validator/ in 2025-09)"
)


def convert(source: Path, builder: ProblemBuilder, config: Config, dialect: str = "kattis") -> None:
    """`dialect`: "kattis", or "domjudge" (judge/importers/domjudge.py): the same package
    format, scored and annotated as DOMjudge does."""
    pkg = Package(source)
    pkg.dialect = dialect
    scoring, custom, interactive = _problem_type(pkg)
    pkg.constants = consts.parse(pkg.meta.get("constants"), pkg.yaml_path)
    builder.set_title(kattis_files.title(pkg), str(pkg.yaml_path))
    builder.origin = kattis_files.origin(pkg)
    builder.limits = kattis_limits.limits(pkg, builder)
    if not kattis_limits.allow_file_writing(pkg):
        builder.runtime["allow_file_writing"] = False
    problem_flags = _split(pkg.meta.get("validator_flags", ""), pkg.yaml_path, "validator_flags")

    data = source / "data"
    samples_only = not (data / "secret").is_dir()
    if samples_only and not (data / "sample").is_dir():
        raise pkg.error(None, _("missing: a Kattis package keeps its tests in data/secret/"), data / "secret")
    root_settings = _read_settings(pkg, data) or {}
    root_file = _settings_file(pkg, data)
    trees = {}
    for kind in ("sample", "secret"):
        folder = data / kind
        if folder.is_dir():
            trees[kind] = _walk(pkg, folder, (), root_settings, root_file, problem_flags)

    if custom:
        program, files = _validator(pkg)
        if scoring:
            _refuse_score_files(files)
        for relative, path in files.items():
            builder.add_file(relative, consts.substitute_bytes(path.read_bytes(), pkg.constants))
        builder.checker_name = "external"
        builder.interactive = interactive
        base = {"program": program, "protocol": "kattis"}
    else:
        builder.checker_name = "tokens"
        base = {}

    names: dict[int, str] = {}  # id(leaf) -> our test name
    for kind, tree in trees.items():
        leaves = list(_leaves(tree))
        for leaf, stem in zip(leaves, _names(leaf.parts + (leaf.stem,) for leaf in leaves)):
            options: dict[str, object]
            if custom:
                options = {**base, "args": list(leaf.args)}
            else:
                options = _tokens_options(leaf.args, *leaf.args_from)
            test = builder.add_test(kind, stem, leaf.input, leaf.answer, checker=options, origin=str(leaf.input))
            names[id(leaf)] = test.name
            pkg.tests["/".join((kind, *leaf.parts, leaf.stem))] = test.name
            if leaf.hint:
                builder.hints.append({"when": {"test": test.name}, "text": leaf.hint})

    _groups(pkg, builder, trees, names, samples_only, scoring)
    from judge.importers.input_validators import Input, check_inputs

    inputs = [Input(leaf.input, leaf.input_args) for tree in trees.values() for leaf in _leaves(tree)]
    check_inputs(source, inputs, pkg.constants, builder.note)
    kattis_files.includes(pkg, builder, config)
    kattis_files.statement(pkg, builder)
    kattis_files.solutions(pkg, builder, config)


def _groups(
    pkg: Package,
    builder: ProblemBuilder,
    trees: dict[str, Node],
    names: dict[int, str],
    samples_only: bool,
    scoring: bool,
) -> None:
    """Our groups: the samples alone (no data/secret), the scoring of the package's dialect
    (legacy keys, 2025-09's, DOMjudge's reading), or our default groups (pass-fail)."""
    if samples_only:
        # DOMjudge judges a package without data/secret on its samples: so do we.
        builder.groups = [GroupSpec("sample", [t.name for t in builder.tests], 100)]
        builder.note(
            _(
                "no data/secret/: the problem is judged on the sample tests alone, as DOMjudge judges "
                "such a package (they share 100 points, and students see them in full)"
            )
        )
    elif scoring:
        sample = [t.name for t in builder.tests if t.kind == "sample"]
        groups = [GroupSpec("sample", sample, 0)] if sample else []
        if _legacy_scoring(pkg, trees["secret"]) and pkg.dialect == "domjudge":
            found, _total = _domjudge_groups(pkg, trees["secret"], names)
        elif _legacy_scoring(pkg, trees["secret"]):
            found, _total = _legacy_groups(pkg, trees["secret"], names, builder)
        else:
            found = _groups_2025(pkg, trees["secret"], names, builder)
        builder.groups = groups + [g for g in found if g.members]
    else:
        builder.note(
            _(
                "pass-fail problem: our default groups apply (secret tests share 100 points); "
                "Kattis itself accepts all or nothing - add `scoring: all` to match"
            )
        )


# -- problem.yaml -------------------------------------------------------------------------


def _problem_type(pkg: Package) -> tuple[bool, bool, bool]:
    """(scoring, custom output validator, interactive)"""
    meta = pkg.meta
    if pkg.legacy:
        kind = meta.get("type", "pass-fail")
        if kind not in ("pass-fail", "scoring"):
            raise pkg.error("type", _("expected pass-fail or scoring, got {value}").format(value=repr(kind)))
        validation = str(meta.get("validation", "default")).split()
        if "multi-pass" in validation:
            raise pkg.error("validation", _(MULTI_PASS))
        if not validation or validation[0] not in ("default", "custom"):
            raise pkg.error(
                "validation",
                _("expected 'default' or 'custom ...', got {value}").format(value=repr(meta.get("validation"))),
            )
        interactive = "interactive" in validation
        if interactive and validation[0] != "custom":
            raise pkg.error("validation", _(NO_INTERACTOR))
        if "score" in validation:
            raise pkg.error(
                "validation",
                _(
                    "validators that write score.txt ('custom score') are not "
                    "supported: the score comes from our groups' points"
                ),
            )
        custom = validation[0] == "custom"
        if not custom and (pkg.root / "output_validators").is_dir():
            raise pkg.error(
                "validation",
                _("the package has output_validators/ but validation is 'default': which validator is meant?"),
            )
        if interactive and not (pkg.root / "output_validators").is_dir():
            raise pkg.error("validation", _(NO_INTERACTOR))
        return kind == "scoring", custom, interactive
    kinds = meta.get("type", "pass-fail")
    # A string may name several types ("pass-fail interactive", as the examples write it).
    kinds = kinds.split() if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise pkg.error("type", _("expected a string or a list of strings"))
    if "multi-pass" in kinds:
        raise pkg.error("type", _(MULTI_PASS))
    if "submit-answer" in kinds:
        raise pkg.error("type", _(SUBMIT_ANSWER))
    unknown = [k for k in kinds if k not in ("pass-fail", "scoring", "interactive")]
    if unknown:
        raise pkg.error(
            "type",
            _("unknown problem type {type} (expected pass-fail, scoring, interactive)").format(type=repr(unknown[0])),
        )
    custom = (pkg.root / "output_validator").is_dir() or (pkg.root / "output_validators").is_dir()
    interactive = "interactive" in kinds
    if interactive and not custom:
        raise pkg.error("type", _(NO_INTERACTOR))
    return "scoring" in kinds, custom, interactive


# -- test data ----------------------------------------------------------------------------


def _settings_name(pkg: Package) -> str:
    return "testdata.yaml" if pkg.legacy else "test_group.yaml"


def _settings_file(pkg: Package, folder: Path) -> Path | None:
    path = folder / _settings_name(pkg)
    if not path.is_file() and not pkg.legacy and (folder / "testdata.yaml").is_file():
        path = folder / "testdata.yaml"  # 2023-07 drafts still used the old name
    return path if path.is_file() else None


def _read_settings(pkg: Package, folder: Path) -> dict[str, object] | None:
    path = _settings_file(pkg, folder)
    if path is None:
        return None
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("expected a mapping"))
    if pkg.constants:  # test_group.yaml may use the constants (judge/importers/constants.py)
        data = {k: _substituted(v, pkg.constants) for k, v in data.items()}
    if data.get("grading") == "custom":
        raise ConfigError(path, "grading", _("custom graders are not supported"))
    for key in ("args", "static_validation_score"):
        if data.get(key):
            raise ConfigError(
                path, key, _("not supported (no command-line arguments for submissions, no static validation)")
            )
    return data


def _walk(
    pkg: Package,
    folder: Path,
    parts: tuple[str, ...],
    inherited: dict[str, object],
    inherited_file: Path | None,
    problem_flags: list[str],
) -> Node:
    own = _read_settings(pkg, folder)
    own_file = _settings_file(pkg, folder)
    if pkg.legacy:
        # Legacy: the closest testdata.yaml applies as a whole.
        settings, settings_file = (own, own_file) if own is not None else (inherited, inherited_file)
    else:
        # 2025-09: validator arguments are inherited key by key; scoring keys are per group.
        settings = {k: v for k, v in inherited.items() if k not in SCORING_KEYS}
        settings.update(own or {})
        settings_file = own_file or inherited_file
    node = Node(folder, parts, settings, settings_file, own or {})
    entries: list[tuple[str, str, Path]] = []
    for path in folder.iterdir():
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if path.name.endswith(".files"):
                raise ConfigError(path, None, _("test cases with input files (.files) are not supported"))
            entries.append((path.name, "dir", path))
        elif path.suffix == ".in":
            entries.append((path.stem, "test", path))
    for name, kind, path in sorted(entries):
        if kind == "dir":
            node.children.append(_walk(pkg, path, parts + (name,), settings, settings_file, problem_flags))
            continue
        answer = path.with_suffix(".ans")
        if not answer.is_file():
            raise ConfigError(answer, None, _("missing: test {test} has no answer file").format(test=path.name))
        args, args_from = _flags(pkg, settings, settings_file, problem_flags)
        input_args = _input_args(settings, settings_file)
        hint = None
        if pkg.legacy:
            hint_file = path.with_suffix(".hint")
            if hint_file.is_file():
                hint = hint_file.read_text(encoding="utf-8", errors="replace").strip() or None
        else:
            test_yaml = path.with_suffix(".yaml")
            if test_yaml.is_file():
                meta = load_yaml(test_yaml) or {}
                if not isinstance(meta, dict):
                    raise ConfigError(test_yaml, None, _("expected a mapping"))
                if meta.get("args"):
                    raise ConfigError(test_yaml, "args", _("command-line arguments for submissions are not supported"))
                if "output_validator_args" in meta:
                    args = _split(meta["output_validator_args"], test_yaml, "output_validator_args")
                    args_from = (test_yaml, "output_validator_args")
                if "input_validator_args" in meta:
                    input_args = _input_args(meta, test_yaml)
                if isinstance(meta.get("hint"), str):
                    hint = meta["hint"].strip() or None
        node.children.append(Leaf(parts, name, path, answer, args, args_from, hint, input_args))
    return node


def _input_args(settings: Mapping[str, object], file: Path | None) -> list[str] | dict[str, list[str]]:
    """The input validators' arguments: `input_validator_args` (2025-09: a list, or a map by
    validator name) or `input_validator_flags` (legacy: a string)."""
    key = "input_validator_args" if "input_validator_args" in settings else "input_validator_flags"
    value = settings.get(key)
    if value is None or value == "":
        return []
    where = file or Path("test_group.yaml")
    if isinstance(value, dict):
        return {str(name): _split(flags, where, f"{key}.{name}") for name, flags in value.items()}
    return _split(value, where, key)


def _substituted(value: object, constants: consts.Constants) -> object:
    if isinstance(value, str):
        return consts.substitute(value, constants)
    if isinstance(value, list):
        return [_substituted(v, constants) for v in value]
    if isinstance(value, dict):
        return {k: _substituted(v, constants) for k, v in value.items()}
    return value


def _flags(
    pkg: Package, settings: Mapping[str, object], settings_file: Path | None, problem_flags: list[str]
) -> tuple[list[str], tuple[Path, str]]:
    key = "output_validator_flags" if pkg.legacy else "output_validator_args"
    if not pkg.legacy and key not in settings and "output_validator_flags" in settings:
        key = "output_validator_flags"
    value = settings.get(key)
    if isinstance(value, dict):  # legacy {name: validator, flags: "..."}
        value = value.get("flags", "")
    flags = _split(value or "", settings_file or pkg.yaml_path, key)
    where = (settings_file, key) if flags and settings_file else (pkg.yaml_path, "validator_flags")
    return problem_flags + flags, where


def _split(value: object, file: Path, key: str) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise ConfigError(file, key, _("expected a string or a list of strings, got {value}").format(value=repr(value)))


def _leaves(node: Node):
    for child in node.children:
        if isinstance(child, Node):
            yield from _leaves(child)
        else:
            yield child


def _names(paths) -> list[str]:
    """Our test stems for Kattis test paths given in Kattis order: 'group1-03'; prefixed by
    their position when plain joining would sort differently or collide."""
    paths = list(paths)
    names = ["-".join(p) for p in paths]
    if sorted(names) == names and len(set(names)) == len(names):
        return names
    width = max(2, len(str(len(names))))
    return [f"{i:0{width}d}-{name}" for i, name in enumerate(names, 1)]


def _tokens_options(flags: list[str], file: Path | None, key: str) -> dict[str, object]:
    options: dict[str, object] = {"case_sensitive": False}  # Kattis's default
    i = 0
    while i < len(flags):
        flag = flags[i]
        if flag in ("case_sensitive", "space_change_sensitive"):
            options[flag] = True
        elif flag in FLAGS_WITH_VALUE:
            if i + 1 >= len(flags):
                raise ConfigError(file, key, _("{flag} needs a value, like '{flag} 1e-6'").format(flag=flag))
            try:
                value = float(flags[i + 1])
                if value < 0 or value != value:
                    raise ValueError
            except ValueError:
                raise ConfigError(
                    file,
                    key,
                    _("{flag}: expected a non-negative number, got {value}").format(
                        flag=flag, value=repr(flags[i + 1])
                    ),
                ) from None
            options[flag] = value
            i += 1
        else:
            raise ConfigError(
                file,
                key,
                _("unknown flag {flag} for the default output validator (known: {known})").format(
                    flag=repr(flag), known=", ".join(FLAGS)
                ),
            )
        i += 1
    return options


# -- scoring ------------------------------------------------------------------------------


def _group_name(node: Node) -> str:
    return "-".join(node.parts) or "secret"


def _members(node: Node, names: dict[int, str]) -> list[str]:
    return [names[id(leaf)] for leaf in _leaves(node)]


def _legacy_scoring(pkg: Package, secret: Node) -> bool:
    """Score with legacy testdata.yaml keys? Legacy packages do; a 2023-07 draft package whose
    test data files still hold legacy keys and none of 2025-09's does too, as problemtools
    scores it."""
    if pkg.legacy:
        return True
    keys: set[str] = set()
    stack = [secret]
    while stack:
        node = stack.pop()
        keys |= set(node.own)
        stack.extend(c for c in node.children if isinstance(c, Node))
    return not keys & set(SCORING_KEYS) and bool(keys & set(LEGACY_SCORING_KEYS))


def _legacy_groups(
    pkg: Package, node: Node, names: dict[int, str], builder: ProblemBuilder
) -> tuple[list[GroupSpec], float]:
    """Legacy scoring: a test scores accept_score; a group aggregates its tests and subgroups by
    its grader_flags mode (sum by default, avg, min). sum -> our `each` groups; min -> one
    all-or-nothing group over the subtree (exact when the subgroups are all-or-nothing too)."""
    settings = node.settings
    file = node.settings_file or pkg.yaml_path
    flags = str(settings.get("grader_flags", "") or "").split()
    for flag in flags:
        if flag in ("always_accept", "accept_if_any_accepted"):
            # Kattis's verdict only: the score adds up the same.
            builder.note(
                _(
                    "grader_flags {flag} ({file}): it changes Kattis's verdict, not the score; here the "
                    "verdict is the first failed test's"
                ).format(flag=flag, file=file.relative_to(pkg.root).as_posix())
            )
    mode = next((f for f in reversed(flags) if f in SCORE_MODES), "sum")
    if mode == "max":
        raise ConfigError(file, "grader_flags", _("the 'max' score mode is not supported"))
    try:
        accept = as_float(settings.get("accept_score", 1))
    except (TypeError, ValueError):
        raise ConfigError(
            file, "accept_score", _("expected a number, got {value}").format(value=repr(settings.get("accept_score")))
        ) from None
    if accept < 0:
        raise ConfigError(file, "accept_score", _("expected a number >= 0"))
    direct = [names[id(c)] for c in node.children if isinstance(c, Leaf)]
    subs = [_legacy_groups(pkg, c, names, builder) for c in node.children if isinstance(c, Node)]
    maxima = [accept] * len(direct) + [m for _found, m in subs]
    if not maxima:
        return [], 0.0
    if mode == "min":
        best = min(maxima)
        return [GroupSpec(_group_name(node), _members(node, names), best, "all")], best
    groups = [GroupSpec(_group_name(node), direct, accept * len(direct))] if direct else []
    for found, _most in subs:
        groups.extend(found)
    if mode == "avg":
        share = 1 / len(maxima)
        for g in groups:
            g.points *= share
        return groups, sum(maxima) * share
    return groups, sum(maxima)


def _domjudge_groups(pkg: Package, node: Node, names: dict[int, str]) -> tuple[list[GroupSpec], float]:
    """DOMjudge's scoring of legacy testdata.yaml keys (its SubmissionService): a folder without
    subfolders scores its own `accept_score` when all its tests pass, else 0 (no key: 0), one
    all-or-nothing group; a folder with subfolders combines their scores by its own
    grader_flags: sum (the default), avg, min. Nothing is inherited from the folder above.
    Tests beside subfolders count for nothing there."""
    file = _settings_file(pkg, node.path) or node.path / "testdata.yaml"
    flags = str(node.own.get("grader_flags", "") or "").split()
    mode = next((f for f in reversed(flags) if f in SCORE_MODES), "sum")
    subs = [c for c in node.children if isinstance(c, Node)]
    direct = [names[id(c)] for c in node.children if isinstance(c, Leaf)]
    if not subs:
        try:
            accept = as_float(node.own.get("accept_score", 0) or 0)
        except (TypeError, ValueError):
            raise ConfigError(
                file,
                "accept_score",
                _("expected a number, got {value}").format(value=repr(node.own.get("accept_score"))),
            ) from None
        return [GroupSpec(_group_name(node), direct, accept, "all")], accept
    if mode == "max":
        raise ConfigError(file, "grader_flags", _("the 'max' score mode is not supported"))
    results = [_domjudge_groups(pkg, c, names) for c in subs]
    maxima = [m for _g, m in results]
    if mode == "min":
        best = min(maxima)
        members = [m for g, _m in results for group in g for m in group.members]
        groups = [GroupSpec(_group_name(node), members, best, "all")]
    else:
        share = 1 / len(results) if mode == "avg" else 1.0
        groups = [replace(g, points=g.points * share) for found, _m in results for g in found]
        best = sum(maxima) * share
    if direct:
        groups.insert(0, GroupSpec(_group_name(node), direct, 0.0))
    return groups, best


@dataclass(frozen=True)
class _Scoring:
    """A 2025-09 group's scoring: `max_score`, `score_aggregation`, `require_pass` (the
    drafts' `scoring: {score, aggregation, require_pass}` mean the same)."""

    max_score: float | None  # None: not given, and no default
    aggregation: str
    require_pass: object  # as given: only whether it is set is read
    file: Path


def _scoring(pkg: Package, node: Node, default_score: float | None, default_aggregation: str) -> _Scoring:
    file = _settings_file(pkg, node.path) or node.path / "test_group.yaml"
    own = dict(node.own)
    draft = own.get("scoring")
    if draft is not None:
        if not isinstance(draft, dict):
            raise ConfigError(file, "scoring", _("expected a mapping"))
        own = {
            "max_score": draft.get("score", own.get("max_score")),
            "score_aggregation": draft.get("aggregation", own.get("score_aggregation")),
            "require_pass": draft.get("require_pass", own.get("require_pass")),
        }
        key_score, key_aggregation = "scoring.score", "scoring.aggregation"
    else:
        key_score, key_aggregation = "max_score", "score_aggregation"
    max_score = own.get("max_score")
    max_score = default_score if max_score is None else max_score
    if max_score is not None and (
        max_score == "unbounded"
        or isinstance(max_score, bool)
        or not isinstance(max_score, (int, float))
        or max_score < 0
    ):
        if max_score == "unbounded":
            raise ConfigError(
                file, key_score, _("unbounded scores (a validator's score.txt) are not supported: give the points")
            )
        raise ConfigError(file, key_score, _("expected a number of points, got {value}").format(value=repr(max_score)))
    points = max_score if isinstance(max_score, (int, float)) else None  # a number >= 0, or None: checked above
    aggregation = own.get("score_aggregation") or default_aggregation
    if aggregation not in ("sum", "pass-fail", "min"):
        raise ConfigError(
            file, key_aggregation, _("expected sum, min or pass-fail, got {value}").format(value=repr(aggregation))
        )
    return _Scoring(points, str(aggregation), own.get("require_pass"), file)


def _groups_2025(pkg: Package, secret: Node, names: dict[int, str], builder: ProblemBuilder) -> list[GroupSpec]:
    """2025-09 scoring: secret has max_score (100) and score_aggregation (sum); its test data
    groups (the folders right under secret/; folders further down are part of their group)
    have max_score and score_aggregation (pass-fail). min over a group's tests is all or
    nothing: our `scoring: all`."""
    top = _scoring(pkg, secret, 100, "sum")
    assert top.max_score is not None  # 100 unless given, and a given one is a number
    groups = [c for c in secret.children if isinstance(c, Node)]
    direct = [names[id(c)] for c in secret.children if isinstance(c, Leaf)]
    if not groups:
        mode = "each" if top.aggregation == "sum" else "all"
        return [GroupSpec("secret", direct, float(top.max_score), mode)]
    if top.aggregation == "pass-fail":
        return [GroupSpec("secret", _members(secret, names), float(top.max_score), "all")]
    if top.aggregation == "min":
        key = "scoring.aggregation" if "scoring" in secret.own else "score_aggregation"
        raise ConfigError(top.file, key, _("min over test data groups is not supported"))
    if direct:
        raise ConfigError(top.file, None, _("data/secret holds both test cases and test data groups"))
    out = []
    for group in groups:
        scoring = _scoring(pkg, group, None, "pass-fail")
        if scoring.max_score is None:
            key = "scoring.score" if "scoring" in group.own else "max_score"
            raise ConfigError(
                scoring.file,
                key,
                _("required: the points of test data group {group} (got {value})").format(
                    group=group.path.name, value=repr(None)
                ),
            )
        if scoring.require_pass:
            builder.note(
                _("{group}: require_pass is not imported (our groups have no dependencies)").format(
                    group=group.path.name
                )
            )
        mode = "each" if scoring.aggregation == "sum" else "all"
        out.append(GroupSpec(_group_name(group), _members(group, names), float(scoring.max_score), mode))
    total = sum(g.points for g in out)
    if abs(total - top.max_score) > 1e-9:
        builder.note(
            _("secret max_score is {max_score} but its groups add up to {total}: our maximum is {total}").format(
                max_score=decimal(top.max_score), total=decimal(total)
            )
        )
    return out


# -- output validator ---------------------------------------------------------------------


def _validator(pkg: Package) -> tuple[str, dict[str, Path]]:
    """(program path for checker.program, files to copy) of the one custom output validator.

    One Python file (or `__main__.py` with its modules) or one C++ file with its headers is
    copied as it is and named as the program; any other program of several files (build/run
    scripts, C sources, several C/C++ sources) is copied whole into checker/ and the folder is
    the program, built as problemtools builds it (judge/checkers/build.py)."""
    from judge.checkers.build import files_of, kind_of

    legacy_dir = pkg.root / "output_validators"
    if legacy_dir.is_dir():
        programs = sorted(p for p in legacy_dir.iterdir() if not p.name.startswith("."))
        if len(programs) != 1:
            raise ConfigError(
                legacy_dir, None, _("expected exactly one output validator, found {count}").format(count=len(programs))
            )
        program = programs[0]
    else:
        program = pkg.root / "output_validator"
        inside = [p for p in program.iterdir() if not p.name.startswith(".")]
        if len(inside) == 1 and inside[0].is_dir():  # 2023-07 drafts: output_validator/<name>/
            program = inside[0]
    if program.is_file():
        if program.suffix == ".c":
            return "checker", {f"checker/{program.name}": program}
        files = [program]
        main = program
    else:
        if any(p.is_dir() and not p.name.startswith(".") for p in program.iterdir()):
            raise ConfigError(program, None, _("an output validator with subfolders is not supported"))
        files = files_of(program)
        kind = kind_of(program)
        python = [p for p in files if p.suffix == ".py"]
        cpp = [p for p in files if p.suffix in CPP]
        if kind is None:
            raise ConfigError(
                program,
                None,
                _(
                    "no program in the output validator (a build or run script, __main__.py, a Python file or C/C++ sources)"
                ),
            )
        if kind == "main":
            main = program / "__main__.py"
        elif kind == "python":
            main = python[0]
        elif kind == "cpp" and len(cpp) == 1 and not any(p.suffix == ".c" for p in files):
            main = cpp[0]
        else:  # a program of several sources, C, or build/run scripts: the folder is the program
            return "checker", {f"checker/{p.name}": p for p in files}
    if main.suffix not in (".py", *CPP):
        raise ConfigError(main, None, _("expected a .py or a C++ output validator"))
    copied: dict[str, Path] = {}
    for path in files:
        name = path.name
        if path == main and name.endswith((".cxx", ".c++")):
            name = path.stem + ".cpp"
        copied[f"checker/{name}"] = path
    main_name = main.stem + ".cpp" if main.suffix in (".cxx", ".c++") else main.name
    return f"checker/{main_name}", copied


def _refuse_score_files(files: dict[str, Path]) -> None:
    """A scoring problem's validator that writes score.txt gives each test its own score:
    our groups cannot take it, and its verdicts alone would score every accepted test in full."""
    for path in files.values():
        text = path.read_bytes()
        if b"score.txt" in text or b"score_multiplier.txt" in text:
            raise ConfigError(
                path,
                None,
                _(
                    "validators that write score.txt are not supported: the score of a test comes "
                    "from our groups' points, not from the validator"
                ),
            )
