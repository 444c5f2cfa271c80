"""config.yaml -> a typed Config. Every error names the file, the key and what was expected
(in the active language; the file and key names stay as they are)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from judge.core.i18n import _
from judge.core.limits import Limits
from judge.core.schema import Section, load_yaml

if TYPE_CHECKING:
    from judge.core.deadlines import Semester

# The isolation levels (judge/sandbox/layers.py gives each its layers) and start methods.
ISOLATION_LEVELS = ("auto", "strict", "standard", "basic", "portable")
REPORT_FORMATS = ("json", "csv", "md", "html")
START_METHODS = ("fork", "spawn", "forkserver")
# The user fields moodle.csv may identify students by (judge/semester/roster.py maps each to
# its roster column).
MOODLE_IDENTIFIERS = ("email", "idnumber")


@dataclass(frozen=True)
class Language:
    name: str
    extensions: tuple[str, ...]
    # argv to run a solution; "{python}" is the judge's interpreter, "{source}" the file,
    # "{binary}" the compiled program (languages with `compile`).
    run: tuple[str, ...]
    # argv to compile a solution once before its tests ("{source}" -> "{binary}"); None: none.
    compile: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # where it was read from (None: built-in defaults)
    problems_dir: Path = Path("problems")
    submissions_dir: Path = Path("submissions")
    # How a submission's path maps to (student, problem): "{student}/{problem}.{ext}".
    layout: str = "{student}/{problem}.{ext}"
    limits: Limits = field(default_factory=Limits)
    languages: tuple[Language, ...] = (Language("python", (".py",), ("{python}", "{source}")),)
    jobs: int | None = None  # None: usable cores
    out_dir: Path = Path("reports")
    formats: tuple[str, ...] = REPORT_FORMATS
    isolation: str = "auto"
    # Fork Python runs from a warm interpreter (docs/PERFORMANCE.md); --no-zygote turns it off.
    zygote: bool = True
    # multiprocessing's start method for observed Python runs (a problem's own wins); None:
    # the interpreter's default (fork on Linux before 3.14, forkserver from 3.14, else spawn).
    start_method: str | None = None
    source_max_size: int = 1024 * 1024
    diff_lines: int = 20  # lines of a sample diff shown to the student
    cache_dir: Path | None = None  # result cache (None: $JUDGE_CACHE_DIR, else ./.judge-cache)
    # The semester's attempts (None: $JUDGE_HISTORY, else judge-history.sqlite next to config.yaml).
    history: Path | None = None
    # Similar-code pairs (report.html, similarity.csv): Jaccard index of normalised fingerprints.
    similarity_threshold: float = 0.8
    similarity_min_tokens: int = 30  # shorter programs are not compared
    # The language the judge speaks (en, ru); None: --lang, $JUDGE_LANG or the locale decide.
    language: str | None = None
    # The semester: deadlines, the late policy, extensions (judge.core.deadlines.Semester).
    semester: Semester = field(default_factory=lambda: _empty_semester())
    roster: Path | None = None  # the LMS identifiers of the students (CSV student,email,id,name)
    # The user field moodle.csv identifies students by: "email" or "idnumber" (lms.moodle_identifier).
    moodle_identifier: str = "email"

    def language_for(self, path: Path) -> Language | None:
        for lang in self.languages:
            if path.suffix in lang.extensions:
                return lang
        return None


def _empty_semester() -> Semester:
    """No deadlines: nothing is ever late (imported when a Config is made, not with this module)."""
    from judge.core.deadlines import Semester

    return Semester()


DEFAULT = Config()


def find_config(explicit: Path | None) -> Path | None:
    """--config, else $JUDGE_CONFIG, else ./config.yaml when it exists."""
    if explicit is not None:
        return explicit
    env = os.environ.get("JUDGE_CONFIG")
    if env:
        return Path(env)
    local = Path("config.yaml")
    return local if local.is_file() else None


def load_config(path: Path | None) -> Config:
    if path is None:
        return DEFAULT
    root = Section(load_yaml(path), path)
    base = path.parent
    # The sections in the order their errors are reported (the first one wins).
    limits = DEFAULT.limits.merged(root.section("limits"))
    languages = _languages(root.section("languages")) if root.has("languages") else DEFAULT.languages
    reports = _reports(root.section("reports"))
    grading = _grading(root.section("grading"))
    similarity = _similarity(root.section("similarity"))
    lms = _lms(root.section("lms"))
    places = _places(root, base)
    from judge.core.i18n import LANGUAGES

    language = root.choice("language", LANGUAGES, None)
    from judge.core.deadlines import load_semester

    semester = load_semester(root)
    roster_raw = root.str("roster", None)
    roster = base / roster_raw if roster_raw is not None else None
    root.done()
    return Config(
        path=path,
        limits=limits,
        languages=languages,
        language=language,
        semester=semester,
        roster=roster,
        **reports,
        **grading,
        **similarity,
        **lms,
        **places,
    )


# What each section gives the Config: its fields by name, typed as the Config's.
class _Reports(TypedDict):
    formats: tuple[str, ...]
    out_dir: Path


class _Grading(TypedDict):
    jobs: int | None
    isolation: str
    zygote: bool
    start_method: str | None
    source_max_size: int
    diff_lines: int


class _Similarity(TypedDict):
    similarity_threshold: float
    similarity_min_tokens: int


class _Lms(TypedDict):
    moodle_identifier: str


class _Places(TypedDict):
    layout: str
    problems_dir: Path
    submissions_dir: Path
    cache_dir: Path | None
    history: Path | None


def _reports(reports: Section) -> _Reports:
    formats = tuple(reports.str_list("formats", list(DEFAULT.formats)))
    for i, fmt in enumerate(formats):
        if fmt not in _known_formats():
            raise reports.error(
                f"formats[{i}]",
                _("unknown report format {format} (expected one of {formats})").format(
                    format=repr(fmt), formats=", ".join(_known_formats())
                ),
            )
    out_dir = Path(reports.str("out", str(DEFAULT.out_dir)))
    reports.done()
    return {"formats": formats, "out_dir": out_dir}


def _grading(grading: Section) -> _Grading:
    jobs_raw = grading.raw("jobs", "auto")
    if jobs_raw == "auto" or jobs_raw is None:
        jobs = None
    elif isinstance(jobs_raw, int) and not isinstance(jobs_raw, bool) and jobs_raw >= 1:
        jobs = jobs_raw
    else:
        raise grading.error(
            "jobs", _("expected 'auto' or a whole number >= 1, got {value}").format(value=repr(jobs_raw))
        )
    fields: _Grading = {
        "jobs": jobs,
        "isolation": grading.choice("isolation", ISOLATION_LEVELS, DEFAULT.isolation),
        "zygote": grading.bool("zygote", DEFAULT.zygote),
        "start_method": grading.choice("start_method", START_METHODS, DEFAULT.start_method),
        "source_max_size": grading.size("source_max_size", DEFAULT.source_max_size),
        "diff_lines": grading.int("diff_lines", DEFAULT.diff_lines, minimum=1),
    }
    grading.done()
    return fields


def _similarity(similarity: Section) -> _Similarity:
    threshold = similarity.number("threshold", DEFAULT.similarity_threshold)
    if not 0 < threshold <= 1:
        raise similarity.error(
            "threshold", _("expected a number > 0 and <= 1, got {value}").format(value=repr(threshold))
        )
    min_tokens = similarity.int("min_tokens", DEFAULT.similarity_min_tokens, minimum=0)
    similarity.done()
    return {"similarity_threshold": threshold, "similarity_min_tokens": min_tokens}


def _lms(lms: Section) -> _Lms:
    """The gradebook exports' settings (judge/reports/moodle_report.py)."""
    identifier = lms.choice("moodle_identifier", MOODLE_IDENTIFIERS, DEFAULT.moodle_identifier)
    lms.done()
    return {"moodle_identifier": identifier}


def _places(root: Section, base: Path) -> _Places:
    """The layout and the folders (relative to the config file's own folder)."""
    layout = root.str("layout", DEFAULT.layout)
    if "{student}" not in layout or "{problem}" not in layout:
        raise root.error(
            "layout", _("expected a pattern with {{student}} and {{problem}}, got {value}").format(value=repr(layout))
        )
    cache_raw = root.str("cache_dir", None)
    history_raw = root.str("history", None)
    return {
        "layout": layout,
        "problems_dir": base / root.str("problems_dir", str(DEFAULT.problems_dir)),
        "submissions_dir": base / root.str("submissions_dir", str(DEFAULT.submissions_dir)),
        "cache_dir": base / cache_raw if cache_raw is not None else None,
        "history": base / history_raw if history_raw is not None else None,
    }


def _languages(section: Section) -> tuple[Language, ...]:
    result = []
    for name in list(section.data):
        lang = section.section(name)
        exts = tuple(lang.str_list("extensions"))
        for i, ext in enumerate(exts):
            if not ext.startswith("."):
                raise lang.error(
                    f"extensions[{i}]",
                    _("expected an extension starting with '.', got {value}").format(value=repr(ext)),
                )
        run = tuple(lang.str_list("run"))
        compile_argv = tuple(lang.str_list("compile")) if lang.has("compile") else None
        if compile_argv is not None:
            for placeholder in ("{source}", "{binary}"):
                if not any(placeholder in part for part in compile_argv):
                    raise lang.error(
                        "compile", _("expected a command containing {placeholder}").format(placeholder=placeholder)
                    )
            if not any("{binary}" in part for part in run):
                raise lang.error("run", _("expected a command containing {{binary}} (the compiled program)").format())
        elif not any("{source}" in part for part in run):
            raise lang.error("run", _("expected a command containing {placeholder}").format(placeholder="{source}"))
        lang.done()
        result.append(Language(str(name), exts, run, compile_argv))
    section.done()
    if not result:
        raise section.error("", _("expected at least one language"))
    return tuple(result)


def _known_formats() -> tuple[str, ...]:
    from judge.core.formats import REPORT_FORMATS

    return tuple(REPORT_FORMATS)
