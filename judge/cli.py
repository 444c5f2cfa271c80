"""Command line: the `judge` group, which loads each command from its own module on first use.

Each command lives beside its logic, in judge/commands/<name>.py (click's documented
LazyGroup pattern): `judge check` imports what checking needs, not what grading, importing or
the reports need. The options several commands share are defined once, in
judge/commands/options.py. Nothing else lives here but the entry point (`main`): its error
handling turns every failure into one line and an exit code.

Exit codes (a contract): check 0 accepted / 1 not; grade 0 finished (--strict: 1 if any
submission is not accepted); validate 0 all as expected / 1 not; 2 usage or data error;
3 internal error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from judge import __version__
from judge.commands.helptext import JudgeGroup
from judge.commands.options import CliState, lang_option, path_option
from judge.core.errors import JudgeError
from judge.core.exits import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from judge.core.i18n import _
from judge.core.registry import Registry

# name -> "module:attribute" of each command (judge/core/registry.py); a new command is one line here.
COMMANDS: Registry[click.Command] = Registry(
    {
        "check": "judge.commands.check:check_command",
        "doctor": "judge.commands.doctor:doctor_command",
        "export-student": "judge.commands.export_student:export_student_command",
        "generate": "judge.commands.new:generate_command",
        "grade": "judge.commands.grade:grade_command",
        "history": "judge.commands.listing:history_command",
        "import": "judge.commands.importing:import_command",
        "new": "judge.commands.new:new_command",
        "problems": "judge.commands.listing:problems_command",
        "show": "judge.commands.show:show_command",
        "validate": "judge.commands.validate:validate_command",
    }
)


class LazyJudgeGroup(JudgeGroup):
    """The `judge` group: a command's module is imported when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        command = COMMANDS.load(cmd_name)
        if not isinstance(command, click.Command) or command.name != cmd_name:
            raise TypeError(f"{COMMANDS[cmd_name]} is not the command {cmd_name!r}")
        return command


# JudgeGroup: every command's --help in the chosen language (judge/commands/helptext.py).
@click.group(cls=LazyJudgeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judge")
@path_option(
    "--config",
    "config_path",
    "config.yaml to use (default: $JUDGE_CONFIG, else ./config.yaml, else built-in defaults).",
)
@lang_option
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """judge: run Python solutions in a sandbox under limits, check them, write graded reports.

    \b
    Students:  judge check 3504 leap.py
    Teachers:  judge grade submissions/
    Problems:  judge validate          (every reference and wrong solution gets its verdict)
    Students' copy:  judge export-student problems/ student-problems/
    """
    from judge.core import i18n

    state = CliState(config_path)
    if ctx.meta.get("judge.lang_given"):  # --lang before the command: already active
        state.language_fixed = True
    else:
        # $JUDGE_LANG, else the locale; config.yaml may still say otherwise when it loads.
        state.language_fixed = i18n.explicit(None) is not None
        i18n.activate(i18n.choose(None))
    ctx.obj = state


# -- entry point ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> NoReturn:
    from judge.core.console import prepare_streams

    prepare_streams()  # a cp1251/cp866 or ASCII console gets escapes, never a UnicodeEncodeError
    try:
        cli.main(args=argv, prog_name="judge", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(_("judge: aborted"), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except JudgeError as exc:
        click.echo(_("judge: error: {error}").format(error=exc), err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo(_("judge: interrupted"), err=True)
        sys.exit(130)
    except SystemExit:
        raise
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the judge's own bug: one line, exit 3
        if os.environ.get("JUDGE_DEBUG"):
            raise
        click.echo(
            _("judge: internal error: {kind}: {error} (set JUDGE_DEBUG=1 for the traceback)").format(
                kind=type(exc).__name__, error=exc
            ),
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
