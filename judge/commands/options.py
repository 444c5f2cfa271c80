"""What every command of the command line shares: its state (config.yaml, read once, on first
use), the options several commands take (each defined once, with one help text), and the
parsing of option values that more than one command reads.

The commands themselves live in judge/commands/<name>.py, each beside its logic; judge/cli.py
is the group that loads them on first use.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from judge.core.config import ISOLATION_LEVELS, START_METHODS
from judge.core.i18n import LANGUAGES, _

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from click.decorators import FC

    from judge.core.config import Config
    from judge.core.errors import JudgeError


class CliState:
    """The `judge` group's object, handed to every command (`@click.pass_obj`)."""

    def __init__(self, config_path: Path | None) -> None:
        self.config_path = config_path
        self._config: Config | None = None
        # True once --lang or $JUDGE_LANG chose the language: config.yaml must not change it.
        self.language_fixed = False

    @property
    def config(self) -> Config:
        if self._config is None:
            from judge.core.config import find_config, load_config

            self._config = load_config(find_config(self.config_path))
            if self._config.language and not self.language_fixed:
                from judge.core import i18n

                i18n.activate(self._config.language)
        return self._config

    def config_for(self, no_zygote: bool, start_method: str | None = None) -> Config:
        config = replace(self.config, zygote=False) if no_zygote else self.config
        return replace(config, start_method=start_method) if start_method else config

    def problems_dir(self, override: Path | None) -> Path:
        return override if override is not None else self.config.problems_dir

    def isolation(self, override: str | None) -> str:
        return override if override is not None else self.config.isolation


# -- options several commands take ---------------------------------------------------------

isolation_option = click.option(
    "--isolation",
    type=click.Choice(list(ISOLATION_LEVELS)),
    default=None,
    help="Sandbox layers: auto = the strongest available (portable off Linux); strict = refuse to "
    "run without the root layers (cgroup, unprivileged uid, no network, own pid namespace); "
    "standard = namespaces where available; basic = rlimits, session, subreaper, polling only; "
    "portable = subprocess and psutil polling only (macOS, Windows). Default: config.yaml.",
)

zygote_option = click.option(
    "--no-zygote",
    is_flag=True,
    help="Start a fresh interpreter for every Python run instead of forking a warm one "
    "(slower; same verdicts). Default: config.yaml grading.zygote.",
)

start_method_option = click.option(
    "--start-method",
    type=click.Choice(list(START_METHODS)),
    default=None,
    help="multiprocessing's start method for the solutions (a problem's own runtime.start_method "
    "wins). Default: config.yaml grading.start_method, else the interpreter's default.",
)

problems_dir_option = click.option(
    "--problems-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of problems (default: from config.yaml, else ./problems).",
)

jobs_option = click.option(
    "-j", "--jobs", default=None, metavar="N|auto", help="Parallel workers (default: usable cores)."
)


def path_option(flag: str, dest: str, help: str, metavar: str | None = None) -> Callable[[FC], FC]:
    """An option naming a file or folder (--config, --out, --trace, ...): one shape everywhere."""
    return click.option(flag, dest, type=click.Path(path_type=Path), default=None, metavar=metavar, help=help)


def csv_option(flag: str, dest: str, help: str) -> Callable[[FC], FC]:
    """A CSV file the command reads (--times, --roster)."""
    return path_option(flag, dest, help, metavar="CSV")


def _set_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """--lang wins over everything, wherever it is given (before or after the command)."""
    if value is not None:
        from judge.core import i18n

        i18n.activate(value)
        ctx.meta["judge.lang_given"] = True
        state = ctx.find_object(CliState)
        if state is not None:
            state.language_fixed = True
    return value


def lang_option(fn: FC) -> FC:
    return click.option(
        "--lang",
        type=click.Choice(list(LANGUAGES)),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_language,
        help="Language of everything the judge says (default: $JUDGE_LANG, else config.yaml "
        "language, else the locale, else English).",
    )(fn)


# -- option values -------------------------------------------------------------------------


def usage(message: str) -> JudgeError:
    """A usage error (exit 2, one line): what the command line got wrong."""
    from judge.core.errors import UsageError

    return UsageError(message)


def worker_count(value: str | None, default: int | None) -> int:
    """-j N|auto (else config.yaml's jobs) as a number of workers."""
    from judge.batch.jobs import resolve_jobs

    return resolve_jobs(_jobs(value) if value is not None else default)


def _jobs(value: str) -> int | None:
    if value == "auto":
        return None
    try:
        n = int(value)
    except ValueError:
        raise usage(_("-j: expected a number or 'auto', got {value}").format(value=repr(value))) from None
    if n < 1:
        raise usage(_("-j: expected at least 1, got {n}").format(n=n))
    return n


def moment(name: str, value: str | None) -> datetime | None:
    """An ISO 8601 time with its UTC offset (a time without one means different moments on
    the teacher's laptop and on the server)."""
    if value is None:
        return None
    from datetime import datetime

    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise usage(
            _("{option}: expected an ISO 8601 time with a UTC offset, e.g. 2026-12-20T23:59+03:00, got {value}").format(
                option=name, value=repr(value)
            )
        )
    return when
