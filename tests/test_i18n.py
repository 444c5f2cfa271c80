"""Which language the judge speaks, and how it says things in it."""

from __future__ import annotations

import threading

import pytest

from judge.core import i18n
from tests.conftest import invoke_judge, run_judge, write


@pytest.mark.parametrize(
    "value, code",
    [
        ("ru_RU.UTF-8", "ru"),
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("RU", "ru"),
        ("Russian_Russia.1251", "ru"),
        ("en_US.UTF-8", "en"),
        ("en_GB", "en"),
        ("de_DE.UTF-8", None),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("", None),
        (None, None),
        ("ru_UA@latin", "ru"),
    ],
)
def test_locale_names_are_normalised(value, code):
    assert i18n.normalize(value) == code


def test_the_order_is_option_env_config_locale_english():
    ru_locale = {"LANG": "ru_RU.UTF-8"}
    assert i18n.choose(None, None, {}) == "en"
    assert i18n.choose(None, None, ru_locale) == "ru"
    assert i18n.choose(None, "en", ru_locale) == "en"  # config beats the locale
    assert i18n.choose(None, "en", {"JUDGE_LANG": "ru"}) == "ru"  # JUDGE_LANG beats config
    assert i18n.choose("en", "ru", {"JUDGE_LANG": "ru", **ru_locale}) == "en"  # --lang beats all
    # gettext's rule: LC_ALL, then LC_MESSAGES, then LANG; the first that is set decides.
    assert i18n.choose(None, None, {"LC_ALL": "en_US.UTF-8", "LANG": "ru_RU.UTF-8"}) == "en"
    assert i18n.choose(None, None, {"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_US"}) == "ru"
    assert i18n.choose(None, None, {"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}) == "en"
    assert i18n.choose(None, None, {"JUDGE_LANG": "xx", **ru_locale}) == "ru"  # unknown: not spoken


@pytest.mark.parametrize(
    "n, word",
    [
        (1, "строка"),
        (2, "строки"),
        (4, "строки"),
        (5, "строк"),
        (11, "строк"),
        (12, "строк"),
        (14, "строк"),
        (21, "строка"),
        (22, "строки"),
        (25, "строк"),
        (101, "строка"),
        (111, "строк"),
    ],
)
def test_russian_plural_forms(n, word):
    """1 строка, 2 строки, 5 строк, 11 строк, 21 строка: the catalog's Plural-Forms rule."""
    with i18n.using("ru"):
        line = i18n.ngettext("… {n} more line", "… {n} more lines", n).format(n=n)
    assert line.endswith(f" {n} {word}"), line


def test_english_is_the_source_and_the_default():
    assert i18n.current() == "en"
    assert i18n.ngettext("{n} test", "{n} tests", 1) == "{n} test"
    assert i18n.ngettext("{n} test", "{n} tests", 2) == "{n} tests"
    with i18n.using("ru"):
        assert i18n.current() == "ru"
        with i18n.using("en"):
            assert i18n._("wrong answer") == "wrong answer"
        assert i18n._("wrong answer") == "неправильный ответ"
        assert i18n._("a message nobody translated") == "a message nobody translated"
    assert i18n.current() == "en"


def test_worker_threads_speak_the_language_of_the_command():
    seen: list[str] = []
    with i18n.using("ru"):
        bound = i18n.bind(lambda: seen.append(i18n.current()))
        plain = threading.Thread(target=lambda: seen.append(i18n.current()))
        plain.start()
        plain.join()
    worker = threading.Thread(target=bound)
    worker.start()
    worker.join()
    assert seen == ["en", "ru"]  # a bare thread starts in the default; a bound one carries ru


def test_pick_falls_back_to_english_then_to_any():
    assert i18n.pick({"ru": "Эхо", "en": "Echo"}, "ru") == "Эхо"
    assert i18n.pick({"en": "Echo"}, "ru") == "Echo"
    assert i18n.pick({"ru": "Эхо"}, "en") == "Эхо"
    assert i18n.pick({}, "en") == ""


def test_config_language_applies_unless_the_user_chose(tmp_path):
    cfg = write(tmp_path / "config.yaml", "language: ru\n")
    ru = invoke_judge("--config", str(cfg), "problems", "--problems-dir", "problems")
    en = invoke_judge("--config", str(cfg), "problems", "--problems-dir", "problems", env={"JUDGE_LANG": "en"})
    opt = invoke_judge("--config", str(cfg), "--lang", "en", "problems", "--problems-dir", "problems")
    assert ru.code == en.code == opt.code == 0, ru.err + en.err + opt.err
    assert "Високосный год" in ru.out and "Leap year" not in ru.out
    assert "Leap year" in en.out and "Високосный год" not in en.out
    assert opt.out == en.out


def test_a_bad_config_language_is_one_line_naming_the_key(tmp_path):
    cfg = write(tmp_path / "config.yaml", "language: fr\n")
    r = invoke_judge("--config", str(cfg), "problems")
    assert r.code == 2
    line = r.err.strip()
    assert "\n" not in line and "config.yaml" in line and "language" in line and "Traceback" not in r.err


@pytest.mark.process
def test_report_json_says_its_language(tmp_path):
    sub = write(tmp_path / "s" / "alice" / "3504.py", "print('YES' if int(input()) % 4 == 0 else 'NO')\n")
    for lang in ("ru", "en"):
        r = run_judge(
            "grade", str(sub.parent.parent), "--lang", lang, "-q", "--format", "json", "--out", str(tmp_path / lang)
        )
        assert r.code == 0, r.err
        import json

        data = json.loads((tmp_path / lang / "report.json").read_text(encoding="utf-8"))
        assert data["lang"] == lang
        assert data["results"][0]["language"] == "python"  # the programming language, unchanged
