"""Kattis 2025-09 `constants:` (problem.yaml): `{{name}}` and `{{name.variant}}` in a
package's text files replaced by the constant's value.

As the specification says: in Markdown statements (and `\\constant{name}` in LaTeX ones),
input and output validators, included files, example submissions and test_group.yaml; not in
test data nor in problem.yaml itself. A constant is a scalar (its `value`) or a map with a
`value` and variants (`tex: 5,000,000`). A sequence naming no constant is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from judge.core.errors import ConfigError
from judge.core.i18n import _

NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
SEQUENCE = re.compile(r"\{\{([a-zA-Z_][a-zA-Z0-9_]*)(?:\.([a-zA-Z_][a-zA-Z0-9_]*))?\}\}")
LATEX = re.compile(r"\\constant\{([a-zA-Z_][a-zA-Z0-9_]*)(?:\.([a-zA-Z_][a-zA-Z0-9_]*))?\}")
Constants = dict[str, dict[str, str]]  # name -> variant ("value", "tex", ...) -> text


def parse(raw: object, file: Path) -> Constants:
    """problem.yaml `constants:` -> name -> variant -> its text."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(file, "constants", _("expected a mapping of names to values"))
    out: Constants = {}
    for name, value in raw.items():
        key = f"constants.{name}"
        if not isinstance(name, str) or not NAME.match(name):
            raise ConfigError(file, key, _("a constant's name is a letter or _ then letters, digits, _"))
        variants = value if isinstance(value, dict) else {"value": value}
        if "value" not in variants:
            raise ConfigError(file, key, _("required: value"))
        texts = {}
        for variant, text in variants.items():
            if isinstance(text, bool) or not isinstance(text, (int, float, str)):
                raise ConfigError(
                    file,
                    f"{key}.{variant}",
                    _("expected an integer, a float or a string, got {value}").format(value=repr(text)),
                )
            texts[str(variant)] = str(text)
        out[name] = texts
    return out


def substitute(text: str, constants: Constants, latex: bool = False) -> str:
    """`text` with every known `{{name}}`/`{{name.variant}}` (and `\\constant{...}` in LaTeX)
    replaced."""
    if not constants:
        return text

    def value(match: re.Match[str]) -> str:
        variants = constants.get(match.group(1))
        if variants is None:
            return match.group(0)
        return variants.get(match.group(2) or "value", match.group(0))

    text = SEQUENCE.sub(value, text)
    return LATEX.sub(value, text) if latex else text


def substitute_bytes(data: bytes, constants: Constants) -> bytes:
    """A file's bytes with the constants replaced, when it is UTF-8 text; else as it is."""
    if not constants or b"{{" not in data:
        return data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    return substitute(text, constants).encode("utf-8")
