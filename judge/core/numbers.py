"""Numbers in the reader's language: «1,15» in Russian, "1.15" in English.

The one place the judge writes a fractional number for a person to read — times, sizes,
ratios, cores, scores, timeline milliseconds — so every message agrees: judge/core/units.py,
the limit and rule messages, `judge check`'s concurrency line, timelines, report.md,
report.html, feedback/*.md, Gradescope and JUnit text. It follows the active language
(judge.core.i18n); Babel is a test dependency only, so the few rules it would know are here.

What programs read keeps Python's own dot and never comes through here: JSON values, CSV
cells, Trace Event JSON, SVG coordinates, HTML data- attributes, problem.yaml values written
back to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.core import i18n


@dataclass(frozen=True)
class Style:
    point: str  # the decimal separator
    # A whole value loses its decimals where a call allows it (`whole=True`): Russian writes
    # «256 МиБ», not «256,0 МиБ»; English keeps "256.0 MiB", as it always has.
    whole_without_decimals: bool


STYLES: dict[str, Style] = {
    "en": Style(".", False),
    "ru": Style(",", True),
}


def style(code: str | None = None) -> Style:
    """The number style of `code` (default: the active language); English for one without."""
    return STYLES.get(code or i18n.current(), STYLES[i18n.DEFAULT])


def decimal(value: float, places: int | None = None, *, trim: bool = False, whole: bool = False) -> str:
    """`value` for a person, with the active language's decimal separator.

    places: that many decimals ("1.00"); None: as few as the value needs, like "{:g}" ("1.5",
    "2"). trim: trailing zeros dropped, in every language ("3.5", "3" for places=1).
    whole: a whole value without its decimals where the language writes it so (Russian
    «256 МиБ»; English "256.0 MiB").
    """
    if places is None:
        text = f"{value:g}"
    else:
        text = f"{value:.{places}f}"
        if "." in text:
            integer, _point, fraction = text.partition(".")
            if trim:
                fraction = fraction.rstrip("0")
            elif whole and style().whole_without_decimals and not fraction.strip("0"):
                fraction = ""
            text = f"{integer}.{fraction}" if fraction else integer
        if text.startswith("-") and not text.strip("-0."):
            text = text[1:]  # a rounded -0.001 is 0, not "-0"
    return text.replace(".", style().point)
