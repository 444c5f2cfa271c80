"""A Kattis package's limits and run rules -> problem.yaml `limits:` and `runtime:` (what
DOMjudge and problemtools give a run where the package says nothing; docs/IMPORT.md)."""

from __future__ import annotations

from judge.core.errors import ConfigError
from judge.core.i18n import _
from judge.importers.common import ProblemBuilder, format_bytes, format_seconds
from judge.importers.kattis_package import Package

# The problem package format's "typical system default" limits (2025-09, "Limits"): DOMjudge's too.
TYPICAL_LIMITS = {"memory": 2048 * 1024**2, "output": 8 * 1024**2}


def limits(pkg: Package, builder: ProblemBuilder) -> dict[str, str | int]:
    limits = pkg.meta.get("limits") or {}
    if not isinstance(limits, dict):
        raise pkg.error("limits", _("expected a mapping"))
    out: dict[str, str | int] = {}
    time_limit = limits.get("time_limit")
    if time_limit is not None:
        out["time"] = format_seconds(positive(pkg, "limits.time_limit", time_limit))
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
            mib = positive(pkg, f"limits.{key}", limits[key])
            out[key] = format_bytes(int(mib * 1024**2))
            continue
        # No limit in the package: the format's typical system default, what Kattis and
        # DOMjudge judge with and the package's own expected results were found under (a
        # deep recursion that is TLE there must not be MLE here under config.yaml's 256 MiB).
        typical = TYPICAL_LIMITS[key]
        out[key] = format_bytes(typical)
        if typical != getattr(builder.config.limits, key):
            builder.note(
                _(
                    "no {key} limit in the package: {limit}, the problem package format's typical default "
                    "(config.yaml's differs; set limits.{key} in problem.yaml to change it)"
                ).format(key=key, limit=format_bytes(typical))
            )
    # Both reference judges run every submission with an unlimited stack (DOMjudge's
    # runguard, problemtools), the memory limit bounding it: deep recursion is the package's.
    out["stack"] = "unlimited"
    if pkg.dialect == "domjudge" and "time" in out:
        # DOMjudge's wall-clock limit is the time limit itself (runguard's soft limit; the
        # run is killed at the hard one, time + overshoot, but judged TLE at the soft one).
        out["wall_time"] = out["time"]
    if pkg.dialect == "domjudge":
        # DOMjudge pins each judging to one CPU core (a judgedaemon per core); its packages'
        # submissions may rely on it (hello's test-cpu-pinning.c does).
        out["cores"] = 1
    return out


def allow_file_writing(pkg: Package) -> bool:
    """2023-07 and 2025-09: the package's `allow_file_writing` (false unless it says true);
    DOMjudge: never (its rule, which its `hello` example checks); legacy Kattis packages:
    their format has no such rule, so the run's work dir stays writable."""
    if pkg.dialect == "domjudge":
        return False
    if pkg.legacy:
        return True
    value = pkg.meta.get("allow_file_writing", False)
    if not isinstance(value, bool):
        raise pkg.error("allow_file_writing", _("expected true or false, got {value}").format(value=repr(value)))
    return value


def positive(pkg: Package, key: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise pkg.error(key, _("expected a positive number, got {value}").format(value=repr(value)))
    return float(value)
