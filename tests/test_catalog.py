"""The message catalogs against the code: every message a person reads has its Russian
translation, no translation is left for a message the code no longer says, and every
translation keeps the message's {fields} (a missing field would be a KeyError when shown).

Messages are found the way a translator's tool finds them: Babel's extractor over judge/**.py
(`_`, `N_`, `ngettext`) and the report templates; and the help pages' texts by walking the
click command tree (judge/commands/helptext.py: English literals in judge/commands/*.py, not `_()`).
"""

from __future__ import annotations

import pytest

pytest.importorskip("babel", reason="Babel is in the test extras: pip install -e '.[test]'")

from judge.commands import i18n_tools  # noqa: E402
from judge.core import i18n


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT])
def test_every_message_has_a_translation(lang):
    missing = i18n_tools.missing(lang)
    assert not missing, (
        "no translation for:\n"
        + "\n".join(f"  {m.where}: {m.msgid!r}" for m in missing)
        + f"\n(python -m judge.commands.i18n_tools missing {lang} prints the .po entries to fill in)"
    )


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT])
def test_no_stale_translation(lang):
    stale = i18n_tools.stale(lang)
    assert not stale, "translated, but no code says it any more:\n" + "\n".join(f"  {s!r}" for s in stale)


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT])
def test_translations_keep_the_fields_of_their_message(lang):
    assert not i18n_tools.bad_fields(lang)


def test_the_extractor_finds_messages_in_code_and_templates():
    found = i18n_tools.extract()
    assert "wrong answer" in found  # N_() in judge/core/verdicts.py
    assert any(m.where.startswith("judge/reports/templates/") for m in found.values()), (
        "no message found in the report templates"
    )
    assert any(m.plural for m in found.values()), "no ngettext message found"
    # The help pages, walked at run time: click's own words, an option's help, a metavar.
    assert found["Show this message and exit."].where == "judge --help: --help"
    assert found["Folder of problems (default: from config.yaml, else ./problems)."].where.startswith("judge ")
    assert found["SOLUTION"].where == "judge check --help: usage"


def test_a_missing_translation_is_caught(tmp_path, monkeypatch):
    """The check can fail: a message the catalog lacks is reported with where it is."""
    pkg = tmp_path / "judge"
    (pkg / "locale" / "ru").mkdir(parents=True)
    (pkg / "reports" / "templates").mkdir(parents=True)
    (pkg / "mod.py").write_text('from judge.core.i18n import _\nprint(_("a new message {n}"))\n', encoding="utf-8")
    (pkg / "locale" / "ru" / "x.po").write_text(
        'msgid "gone"\nmsgstr "ушло"\n\nmsgid "a new message {n}"\nmsgstr "новое {m}"\n', encoding="utf-8"
    )
    monkeypatch.setattr(i18n_tools, "PACKAGE", pkg)
    monkeypatch.setattr(i18n_tools, "COMMAND_LINE", None)  # no help pages (tests/test_help_ru.py has them)
    assert i18n_tools.stale("ru") == ["gone"]
    assert i18n_tools.bad_fields("ru")
    (pkg / "locale" / "ru" / "x.po").write_text('msgid "gone"\nmsgstr "ушло"\n', encoding="utf-8")
    assert [m.msgid for m in i18n_tools.missing("ru")] == ["a new message {n}"]
