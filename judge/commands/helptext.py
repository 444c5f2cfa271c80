"""`judge --help` and every command's `--help` in the chosen language.

The help texts stay English in judge/commands/*.py (docstrings, `help=`); they are translated when a
help page is drawn, through the same catalogs as everything else (judge/locale/<lang>/help.po):
each paragraph is one message (its lines joined, so re-wrapping a docstring keeps its
translation; a `\\b` block, drawn as written, is one message with its line breaks), and each
upper-case word of a metavar (PROBLEM, PATH, DIR, ...) is one message. click's own words
("Usage:", "Options", "Commands", "default: ...") are said again here, because click says them
through the standard library's gettext, which knows no catalog of ours.

`JudgeGroup` is set once, on the `judge` group; its commands are `JudgeCommand`s
(`command_class`), so a new command or option needs nothing more than its English help and a
Russian line in help.po (tests/test_catalog.py fails without it: `messages()` walks the command
tree for the catalog check).

Which language: the page is drawn before the command's own code runs, and `--help` is eager,
so it may be handled before a `--lang` written after it. The page therefore chooses for itself,
as the command would: `--lang` anywhere on the command line, else $JUDGE_LANG, else config.yaml
`language:`, else the locale. The choice is made per page, inside `i18n.using(...)`: nothing is
left behind in the process (a test's CliRunner calls do not see each other's language).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

from judge.core import i18n
from judge.core.i18n import _

ARGV_KEY = "judge.argv"  # ctx.meta: the whole command line, kept by the root command

# An upper-case word of a metavar: PROBLEM, SUBMISSIONS_DIR, PATH in PATH|-, HOST in
# tcp://HOST:8786; one letter (N in N|auto) is a variable's name and stays.
_TERM = re.compile(r"(?<!\w)[A-Z][A-Z0-9_]*[A-Z0-9](?!\w)")

try:  # click's own shortening of a description for the command list
    from click.utils import _make_default_short_help as _short_help
except ImportError:  # click 8.1 (the public name is a deprecated alias since 8.2)
    from click.utils import make_default_short_help as _short_help  # type: ignore[no-redef]


# -- what is translated ------------------------------------------------------------------


def _paragraphs(text: str) -> list[list[str]]:
    """`text`'s paragraphs as click's help formatter sees them: lines between empty lines."""
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if line:
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [par for par in out if par]


def _message(par: list[str]) -> tuple[bool, str]:
    """(drawn as written?, the catalog's msgid) of a paragraph: a `\\b` block keeps its lines,
    prose is one line with single spaces (click re-wraps it anyway)."""
    if par[0].strip() == "\b":
        return True, "\n".join(par[1:])
    return False, " ".join(" ".join(par).split())


def help_messages(text: str | None) -> list[str]:
    """The msgids of a help text: one per paragraph."""
    if not text:
        return []
    return [msgid for _raw, msgid in map(_message, _paragraphs(inspect.cleandoc(text))) if msgid]


def translate_help(text: str | None) -> str:
    """A help text in the active language, paragraph by paragraph; an untranslated
    paragraph (English, or a translation missing) is left exactly as written."""
    if not text:
        return ""
    out = []
    for par in _paragraphs(inspect.cleandoc(text)):
        raw, msgid = _message(par)
        said = _(msgid) if msgid else msgid
        if said == msgid:
            out.append("\n".join(par))
        elif raw:
            out.append(f"{par[0]}\n{said}")
        else:
            indent = par[0][: len(par[0]) - len(par[0].lstrip())]
            out.append(indent + said)
    return "\n\n".join(out)


def metavar_terms(metavar: str) -> list[str]:
    return _TERM.findall(metavar)


def translate_metavar(metavar: str) -> str:
    """[PROBLEM] -> [ЗАДАЧА], PATH|- -> ПУТЬ|-: each upper-case word through the catalog."""
    return _TERM.sub(lambda m: _(m.group(0)), metavar)


def _names_values(param: click.Parameter) -> bool:
    """A metavar click makes of a Choice's values ([auto|strict|...]) lists values: they stay."""
    return param.metavar is None and isinstance(param.type, click.Choice)


def _usage_pieces(command: click.Command, ctx: click.Context) -> list[tuple[str, bool]]:
    """The usage line's pieces, each with whether its words are translated."""
    pieces = [(command.options_metavar, True)] if command.options_metavar else []
    for param in command.get_params(ctx):
        pieces += [(piece, not _names_values(param)) for piece in param.get_usage_pieces(ctx)]
    if isinstance(command, click.Group):
        pieces.append((command.subcommand_metavar, True))
    return pieces


_EXTRAS = re.compile(r"(\s*)\[([^\n]*)\]\Z")


def _translate_extras(extras: str) -> str:
    """click's `  [default: 300s; x>=1; required]` after an option's help, in our words."""
    match = _EXTRAS.fullmatch(extras)
    if match is None:
        return extras
    items = []
    for item in match.group(2).split("; "):
        if item == "required":
            item = _("required")
        elif item.startswith("default: "):
            item = _("default: {default}").format(default=item.removeprefix("default: "))
        elif item.startswith("env var: "):
            item = _("env var: {var}").format(var=item.removeprefix("env var: "))
        items.append(item)
    return f"{match.group(1)}[{'; '.join(items)}]"


def _translate_record(param: click.Parameter, record: tuple[str, str]) -> tuple[str, str]:
    spec, text = record
    if not _names_values(param):
        spec = translate_metavar(spec)
    english = param.help or ""  # click writes the help, then its extras
    if english and text.startswith(english):
        return spec, translate_help(english) + _translate_extras(text[len(english) :])
    return spec, _translate_extras(text)


# -- which language ----------------------------------------------------------------------


def _values(argv: Sequence[str], name: str) -> list[str]:
    """Every value given to option `name` on the command line (`--lang ru`, `--lang=ru`)."""
    out = []
    args = iter(argv)
    for arg in args:
        if arg == "--":
            break
        if arg == name:
            value = next(args, None)
            if value is not None:
                out.append(value)
        elif arg.startswith(name + "="):
            out.append(arg[len(name) + 1 :])
    return out


def _config_language(argv: Sequence[str]) -> str | None:
    """config.yaml's `language:` (--config, else $JUDGE_CONFIG, else ./config.yaml), read
    leniently: a help page is no place to report a broken config (the command will)."""
    from judge.core.config import find_config
    from judge.core.errors import JudgeError

    given = _values(argv, "--config")
    path = find_config(Path(given[-1]) if given else None)
    if path is None:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    if not re.search(r"(?m)^language\s*:", text):
        return None  # the usual case: no YAML parser for a help page
    from judge.core.schema import load_yaml

    try:
        data = load_yaml(path)
    except JudgeError:
        return None
    language = data.get("language") if isinstance(data, dict) else None
    return language if isinstance(language, str) else None


def help_language(ctx: click.Context) -> str:
    """The language the command would speak: --lang (anywhere on the line, the last one),
    else $JUDGE_LANG, else config.yaml, else the locale, else English."""
    argv = ctx.meta.get(ARGV_KEY, ())
    given = [code for code in map(i18n.normalize, _values(argv, "--lang")) if code]
    chosen = i18n.explicit(given[-1] if given else None)
    return chosen or i18n.choose(None, _config_language(argv))


# -- the command classes -------------------------------------------------------------------


class JudgeCommand(click.Command):
    """A command whose help page speaks the chosen language."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the whole line: a help page looks for --lang in all of it
            ctx.meta.setdefault(ARGV_KEY, tuple(args))
        return super().parse_args(ctx, args)

    def get_help(self, ctx: click.Context) -> str:
        with i18n.using(help_language(ctx)):
            return super().get_help(ctx)

    def get_usage(self, ctx: click.Context) -> str:
        with i18n.using(help_language(ctx)):
            return super().get_usage(ctx)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return translate_help(self.short_help).strip()
        return _short_help(translate_help(self.help), limit).strip() if self.help else ""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [translate_metavar(piece) if words else piece for piece, words in _usage_pieces(self, ctx)]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), _("Usage:") + " ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = translate_help(inspect.cleandoc(self.help).partition("\f")[0]) if self.help else ""
        if self.deprecated:
            text = _("(Deprecated) {text}").format(text=text).strip()
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click 8.5's section of documented arguments (none of ours has help yet)."""
        args = [param for param in self.get_params(ctx) if isinstance(param, click.Argument)]
        if any(getattr(arg, "help", None) is not None for arg in args):
            rows = [_translate_record(arg, arg.get_help_record(ctx) or ("", "")) for arg in args]
            with formatter.section(_("Positional arguments")):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                rows.append(_translate_record(param, record))
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(translate_help(self.epilog))


class JudgeGroup(JudgeCommand, click.Group):
    """The `judge` group: its commands (and groups) are drawn in the chosen language too."""

    command_class = JudgeCommand
    group_class = type  # a group under it is a JudgeGroup

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        found = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, cmd) for name, cmd in found if cmd is not None and not cmd.hidden]
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _cmd in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in commands])


# -- for the catalog check -----------------------------------------------------------------


def messages(root: click.Command, name: str = "judge") -> Iterator[tuple[str, str]]:
    """(msgid, where) for every text the help pages of `root` and its commands show: the
    descriptions and option help by paragraph, the metavars by word (i18n_tools adds them to
    what Babel extracts, so an untranslated help text fails the catalog check)."""
    yield from _command_messages(root, click.Context(root, info_name=name))


def _command_messages(command: click.Command, ctx: click.Context) -> Iterator[tuple[str, str]]:
    where = f"{ctx.command_path} --help"
    for text in (command.help and inspect.cleandoc(command.help).partition("\f")[0], command.short_help):
        yield from ((msgid, where) for msgid in help_messages(text))
    yield from ((msgid, f"{where}: epilog") for msgid in help_messages(command.epilog))
    for piece, words in _usage_pieces(command, ctx):
        yield from ((term, f"{where}: usage") for term in metavar_terms(piece) if words)
    for param in command.get_params(ctx):
        label = f"{where}: {max(param.opts, key=len) if param.opts else param.name}"
        yield from ((msgid, label) for msgid in help_messages(getattr(param, "help", None)))
        record = param.get_help_record(ctx)
        if record is not None and not isinstance(param, click.Argument) and not _names_values(param):
            yield from ((term, label) for term in metavar_terms(record[0]))
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _command_messages(sub, click.Context(sub, info_name=name, parent=ctx))


def classes_in(root: click.Command) -> Iterator[tuple[str, type[click.Command]]]:
    """(command path, class) of `root` and every command under it (a test checks each one
    draws its help through JudgeCommand)."""
    ctx = click.Context(root, info_name=root.name or "judge")
    stack = [(root.name or "judge", root)]
    while stack:
        path, command = stack.pop()
        yield path, type(command)
        if isinstance(command, click.Group):  # list_commands: a lazy group's commands too
            found = ((name, command.get_command(ctx, name)) for name in command.list_commands(ctx))
            stack += [(f"{path} {name}", cmd) for name, cmd in found if cmd is not None]
