"""Kattis problem packages -> our problem folder: the legacy format and 2025-09.

What maps to what (docs/IMPORT.md has the long version):

- data/sample and data/secret, with nested test data groups: every test case becomes one of
  our tests; a test in a group folder is named after its path, `secret/group1-03` for
  data/secret/group1/03.in, in the order Kattis uses (lexicographic per folder). When joining
  the path with '-' would change that order, the names get a numeric prefix.
- limits: problem.yaml `limits.time_limit` (2025-09), else the package's `.timelimit` file;
  `limits.memory` and `limits.output` (MiB).
- the default output validator -> our `tokens` checker with Kattis's defaults
  (case_sensitive: false unless the `case_sensitive` flag is given, ...); the validator flags of
  problem.yaml (`validator_flags`, legacy), testdata.yaml (`output_validator_flags`, legacy),
  test_group.yaml / <test>.yaml (`output_validator_args`, 2025-09) -> checker options, the
  problem's most common ones in problem.yaml and the others per test in tests/<kind>/NN.yaml.
- a custom output validator (output_validators/<one program> in legacy, output_validator/ in
  2025-09; one C++ or Python program) -> `external` checker with protocol kattis; its files
  are copied into checker/; the flags become its `args`.
- interactive problems (`validation: custom interactive` in legacy, `type: interactive` or
  `type: [pass-fail, interactive]` in 2023-07 / 2025-09) -> `interactive: true`, the output
  validator being the interactor (the same external checker).
- scoring problems -> our groups with points (see _legacy_groups and _groups_2025).
- submissions/<verdict>/ -> solutions/<ac|wa|tle|re|...>/ for the languages config.yaml runs.
- languages: `name` (a string or a map by language) and each statement's \\problemname -> title
  {ru, en}; problem_statement/problem.<lang>.{md,tex} (legacy) or statement/problem.<lang>.{md,tex}
  (2025-09) in Russian and English -> statement.md (Russian, `---`, English; LaTeX converted to
  Markdown roughly); the statement folder is also copied to statement/ as it is.

Refused with a clear message: multi-pass and submit-answer problems, custom graders, validators
that write score.txt, test cases with .files or args.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judge.core.errors import ConfigError
from judge.core.i18n import N_, _
from judge.core.schema import load_yaml
from judge.importers.common import (
    GroupSpec,
    ProblemBuilder,
    format_bytes,
    format_seconds,
    has_cyrillic,
    tex_to_markdown,
)

SOLUTION_FOLDERS = {
    "accepted": "ac",
    "wrong_answer": "wa",
    "time_limit_exceeded": "tle",
    "run_time_error": "re",
    "runtime_error": "re",
    "memory_limit_exceeded": "mle",
    "output_limit_exceeded": "ole",
    "compile_error": "ce",
    "presentation_error": "pe",
}
# Kattis folders that do not name a single verdict.
AMBIGUOUS = {
    "partially_accepted": N_("its score is below the maximum, the verdict is not fixed"),
    "rejected": N_("any rejection"),
    "brute_force": N_("run time error or time limit"),
}
FLAGS_WITH_VALUE = ("float_tolerance", "float_absolute_tolerance", "float_relative_tolerance")
FLAGS = ("case_sensitive", "space_change_sensitive", *FLAGS_WITH_VALUE)
CPP = (".cpp", ".cc", ".cxx", ".c++")
SCORE_MODES = ("sum", "avg", "min", "max")
NO_INTERACTOR = N_(
    "an interactive problem needs its interactor: a custom output validator "
    "(output_validators/ in legacy, output_validator/ in 2025-09)"
)


@dataclass
class _Leaf:
    parts: tuple[str, ...]  # folders under data/<kind>/
    stem: str
    input: Path
    answer: Path
    args: list[str]  # output validator flags for this test
    args_from: tuple[Path, str]  # where they were set (file, field), for messages
    hint: str | None = None


@dataclass
class _Node:
    """A folder of test data and what its testdata.yaml / test_group.yaml says."""

    path: Path
    parts: tuple[str, ...]
    settings: dict[str, Any]
    settings_file: Path | None  # the file the settings came from (legacy: maybe an ancestor)
    own: dict[str, Any]  # this folder's own file (2025-09 scoring keys)
    children: list[Any] = field(default_factory=list)  # _Leaf and _Node, in Kattis order


class _Package:
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
        self.meta: dict[str, Any] = meta
        version = str(meta.get("problem_format_version", "legacy"))
        self.legacy = version.startswith("legacy")
        self.version = version

    def error(self, key: str | None, text: str, file: Path | None = None) -> ConfigError:
        return ConfigError(file or self.yaml_path, key, text)


def convert(source: Path, builder: ProblemBuilder, config: Any) -> None:
    pkg = _Package(source)
    scoring, custom, interactive = _problem_type(pkg)
    builder.set_title(_title(pkg), str(pkg.yaml_path))
    builder.origin = _origin(pkg)
    builder.limits = _limits(pkg, builder)
    problem_flags = _split(pkg.meta.get("validator_flags", ""), pkg.yaml_path, "validator_flags")

    data = source / "data"
    if not (data / "secret").is_dir():
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
        for relative, path in files.items():
            builder.add_file(relative, path)
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
            if custom:
                options = {**base, "args": list(leaf.args)}
            else:
                options = _tokens_options(leaf.args, *leaf.args_from)
            test = builder.add_test(kind, stem, leaf.input, leaf.answer, checker=options, origin=str(leaf.input))
            names[id(leaf)] = test.name
            if leaf.hint:
                builder.hints.append({"when": {"test": test.name}, "text": leaf.hint})

    if scoring:
        sample = [t.name for t in builder.tests if t.kind == "sample"]
        groups = [GroupSpec("sample", sample, 0)] if sample else []
        if pkg.legacy:
            found, _total = _legacy_groups(pkg, trees["secret"], names)
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
    _statement(pkg, builder)
    _solutions(pkg, builder)
    if (source / "include").is_dir():
        builder.note(_("include/ is not imported: its files are not added to submissions"))


# -- problem.yaml -------------------------------------------------------------------------


def _problem_type(pkg: _Package) -> tuple[bool, bool, bool]:
    """(scoring, custom output validator, interactive)"""
    meta = pkg.meta
    if pkg.legacy:
        kind = meta.get("type", "pass-fail")
        if kind not in ("pass-fail", "scoring"):
            raise pkg.error("type", _("expected pass-fail or scoring, got {value}").format(value=repr(kind)))
        validation = str(meta.get("validation", "default")).split()
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
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list) or not all(isinstance(k, str) for k in kinds):
        raise pkg.error("type", _("expected a string or a list of strings"))
    for unsupported in ("multi-pass", "submit-answer"):
        if unsupported in kinds:
            raise pkg.error("type", _("{type} problems are not supported").format(type=unsupported))
    custom = (pkg.root / "output_validator").is_dir() or (pkg.root / "output_validators").is_dir()
    interactive = "interactive" in kinds
    if interactive and not custom:
        raise pkg.error("type", _(NO_INTERACTOR))
    return "scoring" in kinds, custom, interactive


def _title(pkg: _Package) -> dict[str, str]:
    """problem.yaml `name` (a string: English, unless it is Cyrillic; or a map by language),
    completed by the \\problemname of each LaTeX statement (where legacy packages keep it)."""
    name = pkg.meta.get("name")
    titles: dict[str, str] = {}
    if isinstance(name, str) and name.strip():
        titles["ru" if has_cyrillic(name) else "en"] = name.strip()
    elif isinstance(name, dict) and name:
        titles = {str(k): str(v) for k, v in name.items() if v is not None}
    for lang, path in _statement_files(pkg).items():
        if path.suffix == ".tex" and lang not in titles:
            found = _problemname(path.read_text(encoding="utf-8", errors="replace"))
            if found:
                titles[lang] = found
    return titles or {"en": pkg.root.name}


def _problemname(tex: str) -> str | None:
    match = re.search(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    return tex_to_markdown(match.group(1)).strip() if match else None


def _origin(pkg: _Package) -> str | dict[str, str]:
    meta = pkg.meta
    parts = []
    source = meta.get("source")
    if isinstance(source, dict):
        source = [source]
    if isinstance(source, list):
        texts = []
        for item in source:
            if isinstance(item, dict):
                texts.append(" ".join(str(item[k]) for k in ("name", "url") if item.get(k)))
            elif item:
                texts.append(str(item))
        source = "; ".join(texts)
    if source:
        parts.append(str(source) + (f" ({meta['source_url']})" if meta.get("source_url") else ""))
    author = meta.get("author")
    credits = meta.get("credits")
    if isinstance(credits, str):
        author = credits
    elif isinstance(credits, dict) and credits.get("authors"):
        authors = credits["authors"]
        author = ", ".join(map(str, authors)) if isinstance(authors, list) else str(authors)
    # Written into problem.yaml in both languages, whatever language the user speaks.
    if not parts and not author:
        return {"ru": f"пакет Kattis {pkg.root.name}", "en": f"Kattis package {pkg.root.name}"}
    if not author:
        return "; ".join(parts)
    return {"ru": "; ".join(parts + [f"автор: {author}"]), "en": "; ".join(parts + [f"author: {author}"])}


def _limits(pkg: _Package, builder: ProblemBuilder) -> dict[str, str]:
    limits = pkg.meta.get("limits") or {}
    if not isinstance(limits, dict):
        raise pkg.error("limits", _("expected a mapping"))
    out: dict[str, str] = {}
    time_limit = limits.get("time_limit")
    if time_limit is not None:
        out["time"] = format_seconds(_positive(pkg, "limits.time_limit", time_limit))
    else:
        marker = pkg.root / ".timelimit"
        if marker.is_file():
            text = marker.read_text(encoding="utf-8", errors="replace").split()
            try:
                value = float(text[0])
                if value <= 0:
                    raise ValueError
            except (IndexError, ValueError):
                raise ConfigError(marker, None, _("expected a positive number of seconds")) from None
            out["time"] = format_seconds(value)
        else:
            builder.note(
                _("no time limit in the package (limits.time_limit or .timelimit): the default of config.yaml applies")
            )
    for key in ("memory", "output"):
        if limits.get(key) is not None:
            mib = _positive(pkg, f"limits.{key}", limits[key])
            out[key] = format_bytes(int(mib * 1024**2))
    return out


def _positive(pkg: _Package, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise pkg.error(key, _("expected a positive number, got {value}").format(value=repr(value)))
    return float(value)


# -- test data ----------------------------------------------------------------------------


def _settings_name(pkg: _Package) -> str:
    return "testdata.yaml" if pkg.legacy else "test_group.yaml"


def _settings_file(pkg: _Package, folder: Path) -> Path | None:
    path = folder / _settings_name(pkg)
    if not path.is_file() and not pkg.legacy and (folder / "testdata.yaml").is_file():
        path = folder / "testdata.yaml"  # 2023-07 drafts still used the old name
    return path if path.is_file() else None


def _read_settings(pkg: _Package, folder: Path) -> dict[str, Any] | None:
    path = _settings_file(pkg, folder)
    if path is None:
        return None
    data = load_yaml(path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, None, _("expected a mapping"))
    if data.get("grading") == "custom":
        raise ConfigError(path, "grading", _("custom graders are not supported"))
    for key in ("args", "static_validation_score"):
        if data.get(key):
            raise ConfigError(
                path, key, _("not supported (no command-line arguments for submissions, no static validation)")
            )
    return data


def _walk(
    pkg: _Package,
    folder: Path,
    parts: tuple[str, ...],
    inherited: dict[str, Any],
    inherited_file: Path | None,
    problem_flags: list[str],
) -> _Node:
    own = _read_settings(pkg, folder)
    own_file = _settings_file(pkg, folder)
    if pkg.legacy:
        # Legacy: the closest testdata.yaml applies as a whole.
        settings, settings_file = (own, own_file) if own is not None else (inherited, inherited_file)
    else:
        # 2025-09: validator arguments are inherited key by key; scoring keys are per group.
        settings = {k: v for k, v in inherited.items() if k not in ("max_score", "score_aggregation", "require_pass")}
        settings.update(own or {})
        settings_file = own_file or inherited_file
    node = _Node(folder, parts, settings, settings_file, own or {})
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
                if isinstance(meta.get("hint"), str):
                    hint = meta["hint"].strip() or None
        node.children.append(_Leaf(parts, name, path, answer, args, args_from, hint))
    return node


def _flags(
    pkg: _Package, settings: dict[str, Any], settings_file: Path | None, problem_flags: list[str]
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


def _split(value: Any, file: Path, key: str) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v) for v in value]
    raise ConfigError(file, key, _("expected a string or a list of strings, got {value}").format(value=repr(value)))


def _leaves(node: _Node):
    for child in node.children:
        if isinstance(child, _Node):
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


def _tokens_options(flags: list[str], file: Path | None, key: str) -> dict[str, Any]:
    options: dict[str, Any] = {"case_sensitive": False}  # Kattis's default
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


def _group_name(node: _Node) -> str:
    return "-".join(node.parts) or "secret"


def _members(node: _Node, names: dict[int, str]) -> list[str]:
    return [names[id(leaf)] for leaf in _leaves(node)]


def _legacy_groups(pkg: _Package, node: _Node, names: dict[int, str]) -> tuple[list[GroupSpec], float]:
    """Legacy scoring: a test scores accept_score; a group aggregates its tests and subgroups by
    its grader_flags mode (sum by default, avg, min). sum -> our `each` groups; min -> one
    all-or-nothing group over the subtree (exact when the subgroups are all-or-nothing too)."""
    settings = node.settings
    file = node.settings_file or pkg.yaml_path
    flags = str(settings.get("grader_flags", "") or "").split()
    for flag in flags:
        if flag in ("always_accept", "accept_if_any_accepted"):
            raise ConfigError(file, "grader_flags", _("{flag} is not supported").format(flag=flag))
    mode = next((f for f in reversed(flags) if f in SCORE_MODES), "sum")
    if mode == "max":
        raise ConfigError(file, "grader_flags", _("the 'max' score mode is not supported"))
    try:
        accept = float(settings.get("accept_score", 1))
    except (TypeError, ValueError):
        raise ConfigError(
            file, "accept_score", _("expected a number, got {value}").format(value=repr(settings.get("accept_score")))
        ) from None
    if accept < 0:
        raise ConfigError(file, "accept_score", _("expected a number >= 0"))
    direct = [names[id(c)] for c in node.children if isinstance(c, _Leaf)]
    subs = [_legacy_groups(pkg, c, names) for c in node.children if isinstance(c, _Node)]
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


def _groups_2025(pkg: _Package, secret: _Node, names: dict[int, str], builder: ProblemBuilder) -> list[GroupSpec]:
    """2025-09 scoring: secret has max_score (100) and score_aggregation (sum); its groups
    (the folders right under secret/) have max_score and score_aggregation (pass-fail)."""
    file = _settings_file(pkg, secret.path) or secret.path / "test_group.yaml"
    own = secret.own
    max_score = own.get("max_score", 100)
    if max_score == "unbounded" or not isinstance(max_score, (int, float)) or max_score < 0:
        raise ConfigError(
            file, "max_score", _("expected a number of points, got {value}").format(value=repr(max_score))
        )
    aggregation = own.get("score_aggregation", "sum")
    if aggregation not in ("sum", "pass-fail", "min"):
        raise ConfigError(
            file, "score_aggregation", _("expected sum, min or pass-fail, got {value}").format(value=repr(aggregation))
        )
    groups = [c for c in secret.children if isinstance(c, _Node)]
    direct = [names[id(c)] for c in secret.children if isinstance(c, _Leaf)]
    if not groups:
        return [GroupSpec("secret", direct, float(max_score), "each" if aggregation == "sum" else "all")]
    if aggregation == "pass-fail":
        return [GroupSpec("secret", _members(secret, names), float(max_score), "all")]
    if aggregation == "min":
        raise ConfigError(file, "score_aggregation", _("min over test data groups is not supported"))
    if direct:
        raise ConfigError(file, None, _("data/secret holds both test cases and test data groups"))
    out = []
    for group in groups:
        gfile = _settings_file(pkg, group.path) or group.path / "test_group.yaml"
        points = group.own.get("max_score")
        if points is None or points == "unbounded" or not isinstance(points, (int, float)) or points < 0:
            raise ConfigError(
                gfile,
                "max_score",
                _("required: the points of test data group {group} (got {value})").format(
                    group=group.path.name, value=repr(points)
                ),
            )
        mode = group.own.get("score_aggregation", "pass-fail")
        if mode not in ("sum", "pass-fail", "min"):
            raise ConfigError(
                gfile, "score_aggregation", _("expected sum, min or pass-fail, got {value}").format(value=repr(mode))
            )
        if group.own.get("require_pass"):
            builder.note(
                _("{group}: require_pass is not imported (our groups have no dependencies)").format(
                    group=group.path.name
                )
            )
        out.append(
            GroupSpec(_group_name(group), _members(group, names), float(points), "each" if mode == "sum" else "all")
        )
    total = sum(g.points for g in out)
    if abs(total - max_score) > 1e-9:
        builder.note(
            _("secret max_score is {max_score} but its groups add up to {total}: our maximum is {total}").format(
                max_score=max_score, total=f"{total:g}"
            )
        )
    return out


# -- output validator ---------------------------------------------------------------------


def _validator(pkg: _Package) -> tuple[str, dict[str, Path]]:
    """(program path for checker.program, files to copy) of the one custom output validator."""
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
    if program.is_file():
        files = [program]
        main = program
    else:
        files = sorted(p for p in program.iterdir() if p.is_file() and not p.name.startswith("."))
        names = {p.name for p in files}
        if names & {"build", "run"}:
            raise ConfigError(program, None, _("validators with build/run scripts are not supported"))
        python = [p for p in files if p.suffix == ".py"]
        cpp = [p for p in files if p.suffix in CPP]
        if (program / "__main__.py").is_file():
            main = program / "__main__.py"
        elif len(cpp) == 1 and not python:
            main = cpp[0]
        elif len(python) == 1 and not cpp:
            main = python[0]
        elif any(p.suffix == ".c" for p in files) and not cpp and not python:
            raise ConfigError(program, None, _("C output validators are not supported (C++ and Python are)"))
        else:
            raise ConfigError(program, None, _("expected one C++ or one Python source file in the output validator"))
    if main.suffix == ".c":
        raise ConfigError(main, None, _("C output validators are not supported (C++ and Python are)"))
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


# -- statement and submissions --------------------------------------------------------------

_STATEMENT = re.compile(r"^problem(?:\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?))?\.(md|tex)$")


def _statement_folder(pkg: _Package) -> Path | None:
    return next((pkg.root / name for name in ("statement", "problem_statement") if (pkg.root / name).is_dir()), None)


def _statement_files(pkg: _Package) -> dict[str, Path]:
    """language -> its statement file: problem.<lang>.md before problem.<lang>.tex; a bare
    problem.md/problem.tex is English (the legacy default)."""
    folder = _statement_folder(pkg)
    found: dict[str, Path] = {}
    if folder is None:
        return found
    for path in sorted(folder.iterdir(), key=lambda p: (p.suffix != ".md", p.name)):
        match = _STATEMENT.match(path.name)
        if match and path.is_file():
            lang = (match.group(1) or "en").lower().replace("_", "-")
            found.setdefault(lang, path)
    return found


def _statement(pkg: _Package, builder: ProblemBuilder) -> None:
    folder = _statement_folder(pkg)
    if folder is None:
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            builder.add_file(f"statement/{path.relative_to(folder).as_posix()}", path)
    builder.note(_("the statement ({folder}/) is copied to statement/ as it is").format(folder=folder.name))
    for lang, path in _statement_files(pkg).items():
        shown = path.relative_to(pkg.root).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        title = builder.title.get(lang) or _problemname(text) or next(iter(builder.title.values()), "")
        if path.suffix == ".tex":
            body = tex_to_markdown(re.sub(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}", "", text))
            builder.note(
                _("statement.md: the {lang} part is {file} converted from LaTeX to Markdown roughly: check it").format(
                    lang=lang, file=shown
                )
            )
        else:
            body = text.strip() + "\n"
        if not body.lstrip().startswith("# "):
            body = f"# {title}\n\n{body}"
        builder.add_statement(lang, body, shown)


def _solutions(pkg: _Package, builder: ProblemBuilder) -> None:
    root = pkg.root / "submissions"
    if not root.is_dir():
        builder.note(_("no submissions/: nothing for `judge validate` to run"))
        return
    if (root / "submissions.yaml").is_file():
        builder.note(
            _("submissions/submissions.yaml is not imported: each submission is expected to get its folder's verdict")
        )
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        verdict = SOLUTION_FOLDERS.get(folder.name)
        if verdict is None:
            why = _(AMBIGUOUS[folder.name]) if folder.name in AMBIGUOUS else _("not a verdict we know")
            builder.note(_("skipped submissions/{folder}/ ({why})").format(folder=folder.name, why=why))
            continue
        for entry in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            shown = f"submissions/{folder.name}/{entry.name}"
            if entry.is_file():
                builder.add_solution(verdict, entry, shown=shown)
                continue
            sources = [p for p in entry.iterdir() if p.is_file() and not p.name.startswith(".")]
            if len(sources) == 1:
                builder.add_solution(verdict, sources[0], name=entry.name + sources[0].suffix, shown=shown)
            else:
                builder.note(_("skipped {submission}/: a submission of several files").format(submission=shown))
