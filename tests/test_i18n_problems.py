"""Problems speak both languages: problem.yaml texts as `{ru: ..., en: ...}` (a plain string
still works), statement.md split into its Russian and English parts, and `judge import`
carrying a Kattis or Polygon package's languages into title and statement.md."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from judge.core import i18n
from judge.importers.common import tex_to_markdown
from judge.problem import join_statement, load_expected, load_problem, split_statement, statement_parts
from tests.conftest import ALL_PROBLEMS, PROBLEMS, ROOT, invoke_judge, make_problem, run_judge, write

CYRILLIC = re.compile("[а-яА-ЯёЁ]")
COURSE = ALL_PROBLEMS
DATA = ROOT / "tests" / "data"

TWO_LANGUAGES = """\
title: {ru: Эхо, en: Echo}
source:
  ru: лекция курса
  en: course lecture
limits: {time: 1s}
hints:
  - when: {test: "secret/01"}
    text:
      ru: Выведите строку как есть.
      en: Print the line as it is.
  - when: {source: "upper("}
    text: "upper() changes the letters."
"""


def _one_clear_line(r, *needles: str) -> str:
    assert r.code == 2, (r.code, r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in r.err + r.out, r.err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


# -- problem.yaml ---------------------------------------------------------------------------


@pytest.mark.portable
def test_titles_hints_and_source_in_two_languages(tmp_path):
    problem = load_problem(make_problem(tmp_path, yaml_text=TWO_LANGUAGES))
    assert problem.title == {"ru": "Эхо", "en": "Echo"}  # still a dict
    assert problem.hints[0].texts == {"ru": "Выведите строку как есть.", "en": "Print the line as it is."}
    assert problem.hints[0].text == "Print the line as it is."  # English is the default
    assert problem.display_title() == "Echo" and problem.source == "course lecture"
    with i18n.using("ru"):
        assert problem.hints[0].text == "Выведите строку как есть."
        assert problem.display_title() == "Эхо" and problem.source == "лекция курса"
        assert problem.hints[1].text == "upper() changes the letters."  # a plain string: in every language
        assert problem.display_title("en") == "Echo"
    with i18n.using("en"):
        assert problem.hints[1].text == "upper() changes the letters."


@pytest.mark.portable
def test_plain_strings_still_work(tmp_path):
    text = "title: Echo\nsource: somewhere\nhints:\n  - when: {test: secret/01}\n    text: Print it.\n"
    problem = load_problem(make_problem(tmp_path, yaml_text=text))
    assert problem.title == {"en": "Echo"} and problem.hints[0].texts == {"en": "Print it."}
    with i18n.using("ru"):
        assert problem.display_title() == "Echo" and problem.hints[0].text == "Print it."
        assert problem.source == "somewhere"
    untitled = load_problem(make_problem(tmp_path, name="untitled", yaml_text="limits: {time: 1s}\n"))
    assert untitled.title == {"en": "untitled"} and untitled.source == ""


@pytest.mark.portable
def test_a_one_language_mapping_falls_back_for_the_other(tmp_path):
    text = "title: {ru: Эхо}\nhints:\n  - when: {test: secret/01}\n    text: {en: Print it.}\n"
    problem = load_problem(make_problem(tmp_path, yaml_text=text))
    assert problem.display_title("en") == "Эхо"  # the language it has
    with i18n.using("ru"):
        assert problem.hints[0].text == "Print it."  # English, when Russian is missing


BAD_TEXTS = {
    "unknown-language": ("title: {ru: Эхо, fr: Écho}\n", ("problem.yaml: title:", "unknown language 'fr'", "en, ru")),
    "hint-language": (
        "hints:\n  - when: {test: secret/01}\n    text: {de: Hallo}\n",
        ("problem.yaml: hints[0].text:", "unknown language 'de'"),
    ),
    "not-a-string": (
        "hints:\n  - when: {test: secret/01}\n    text: {ru: [a, b]}\n",
        ("problem.yaml: hints[0].text.ru:", "expected a string"),
    ),
    "empty-mapping": ("title: {}\n", ("problem.yaml: title:", "empty mapping")),
    "empty-text": ("source: {ru: '', en: x}\n", ("problem.yaml: source.ru:", "empty text")),
    "a-list": ("title: [Echo]\n", ("problem.yaml: title:", "{ru: ..., en: ...}")),
    "no-text": ("hints:\n  - when: {test: secret/01}\n", ("problem.yaml: hints[0].text:", "required")),
}


@pytest.mark.parametrize("case", sorted(BAD_TEXTS))
def test_a_bad_text_is_one_line_naming_file_and_field(tmp_path, case):
    text, needles = BAD_TEXTS[case]
    prob = make_problem(tmp_path, yaml_text=text)
    sol = write(tmp_path / "sol.py", "print(input())\n")
    _one_clear_line(invoke_judge("check", str(prob), str(sol)), *needles)


def test_bad_input_errors_speak_russian(tmp_path):
    prob = make_problem(tmp_path, yaml_text="title: {ru: Эхо, fr: Écho}\n")
    sol = write(tmp_path / "sol.py", "print(input())\n")
    line = _one_clear_line(
        invoke_judge("check", str(prob), str(sol), "--lang", "ru"), "problem.yaml: title:", "неизвестный язык 'fr'"
    )
    assert "unknown" not in line
    (prob / "problem.yaml").write_text("title: Echo\n", encoding="utf-8")
    (prob / "tests" / "secret" / "01.ans").unlink()
    _one_clear_line(
        invoke_judge("check", str(prob), str(sol), "--lang", "ru"),
        "01.ans",
        "нет файла: у теста secret/01 есть входные данные, но нет ответа",
    )
    _one_clear_line(
        invoke_judge("check", "no-such-problem", str(sol), "--lang", "ru"), "задача 'no-such-problem' не найдена"
    )


def test_check_gives_the_hint_in_the_chosen_language():
    solution = str(PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py")
    ru = run_judge("check", "3504", solution, "--lang", "ru")
    en = run_judge("check", "3504", solution, "--lang", "en")
    assert "Год, делящийся на 100, високосный, только если он делится и на 400" in ru.out, ru.out
    assert "divisible by 400: 1900" not in ru.out
    assert "A year divisible by 100 is a leap year only if it is also divisible by 400: 1900" in en.out, en.out
    assert not CYRILLIC.search(en.out)


@pytest.mark.portable
def test_expected_message_takes_either_form(tmp_path):
    prob = make_problem(tmp_path)
    write(prob / "solutions" / "wa" / "a.py", "print(1)\n")
    write(prob / "solutions" / "wa" / "b.py", "print(2)\n")
    write(
        prob / "solutions" / "expected.yaml",
        "wa/a.py: {message: {ru: неверный ответ, en: wrong answer}}\nwa/b.py: {message: secret/01}\n",
    )
    a, b = load_expected(load_problem(prob))
    assert a.message == "wrong answer" and b.message == "secret/01"
    with i18n.using("ru"):
        assert a.message == "неверный ответ" and b.message == "secret/01"


# -- the course's problems --------------------------------------------------------------------


@pytest.mark.portable
@pytest.mark.parametrize("pid", COURSE)
def test_every_course_problem_speaks_both_languages(pid):
    problem = load_problem(PROBLEMS / pid)
    assert set(problem.title) == {"ru", "en"} and set(problem.sources) == {"ru", "en"}
    assert CYRILLIC.search(problem.title["ru"]) and not CYRILLIC.search(problem.title["en"])
    for hint in problem.hints:
        assert set(hint.texts) == {"ru", "en"}, hint
        assert CYRILLIC.search(hint.texts["ru"]) and not CYRILLIC.search(hint.texts["en"]), hint
        assert " / " + hint.texts["ru"][:10] not in hint.texts["en"]  # no "English / Русский" left
    parts = statement_parts(problem)
    assert list(parts) == ["ru", "en"]
    ru, en = parts["ru"], parts["en"]
    assert ru.strip() and en.strip()
    assert CYRILLIC.search(ru) and not CYRILLIC.search(en)
    # Each part is whole: its own title heading, and its own examples (nothing "above").
    assert ru.splitlines()[0] == f"# {problem.title['ru']}"
    assert en.splitlines()[0] == f"# {problem.title['en']}"
    assert "```" in en and "above" not in en.lower()
    assert problem.statement("en") == en and problem.statement("ru") == ru
    with i18n.using("ru"):
        assert problem.statement() == ru


def test_expected_hints_are_the_english_texts():
    """expected.yaml's `hint:` substrings (English) are still found in the English hints."""
    for pid in COURSE:
        expected = PROBLEMS / pid / "solutions" / "expected.yaml"
        if not expected.is_file():
            continue
        english = [h.texts["en"] for h in load_problem(PROBLEMS / pid).hints]
        for entry in (yaml.safe_load(expected.read_text(encoding="utf-8")) or {}).values():
            if isinstance(entry, dict) and entry.get("hint"):
                assert any(entry["hint"] in text for text in english), (pid, entry["hint"])


# -- splitting statement.md -------------------------------------------------------------------


@pytest.mark.portable
def test_statement_split_rules(tmp_path):
    ru_only = "# Эхо\n\nВыведите строку `print(input())`.\n"
    assert split_statement(ru_only) == {"ru": ru_only}
    en_only = "# Echo\n\nPrint the word `привет` as it is.\n"  # Cyrillic in code does not count
    assert split_statement(en_only) == {"en": en_only}
    # `---` in a code block is not a separator; a rule inside one part stays in that part.
    text = (
        "# Эхо\n\nВыведите строку.\n\n```\n---\n```\n\n---\n\nПримечание: строка может быть пустой.\n"
        "\n---\n\n# Echo\n\nPrint the line.\n"
    )
    parts = split_statement(text)
    assert list(parts) == ["ru", "en"]
    assert "```\n---\n```" in parts["ru"] and "Примечание" in parts["ru"]
    assert parts["en"] == "# Echo\n\nPrint the line.\n"
    assert split_statement(join_statement(parts)) == parts
    assert statement_parts(tmp_path) == {}  # no statement.md
    write(tmp_path / "statement.md", text)
    assert statement_parts(tmp_path) == parts == statement_parts(tmp_path / "statement.md")


# -- importers --------------------------------------------------------------------------------


def _import(tmp_path: Path, fmt: str, source: Path, *extra: str):
    dest = tmp_path / "out"
    r = invoke_judge("import", fmt, str(source), str(dest), *extra)
    assert r.code == 0, r.out + r.err
    return dest, r.out


def test_kattis_package_in_two_languages(tmp_path):
    package = tmp_path / "scored"
    shutil.copytree(DATA / "kattis" / "scored", package)  # name: {en: Scored sum, ru: Сумма с баллами}
    write(package / "statement" / "problem.ru.md", "Выведите `Sum` и сумму двух целых чисел.\n")
    write(package / "statement" / "problem.sv.md", "Skriv ut summan.\n")
    dest, printed = _import(tmp_path, "kattis", package)
    problem = load_problem(dest)
    assert problem.title == {"ru": "Сумма с баллами", "en": "Scored sum"}
    assert problem.sources["ru"].endswith("автор: Test Author <author@example.invalid>")
    parts = statement_parts(dest)
    assert parts == {
        "ru": "# Сумма с баллами\n\nВыведите `Sum` и сумму двух целых чисел.\n",
        "en": "# Scored sum\n\nPrint `Sum` and the sum of two integers.\n",
    }
    assert (dest / "statement.md").read_text(encoding="utf-8").index("\n---\n") > 0
    assert (dest / "statement" / "problem.sv.md").is_file()  # the folder is still copied
    assert "'sv' is not put into statement.md" in printed


def test_kattis_legacy_names_come_from_the_latex_statements(tmp_path):
    package = tmp_path / "floaty"
    shutil.copytree(DATA / "kattis" / "floaty", package)  # name: Floaty mean, problem.en.tex
    write(
        package / "problem_statement" / "problem.ru.tex",
        "\\problemname{Плавающее среднее}\nПрочитайте $n$ и $n$ чисел, выведите слово <<mean>> и их "
        "среднее; $n \\le 10$.\n\\section*{Входные данные}\n\\begin{itemize}\n\\item число $n$;\n"
        "\\item \\textbf{сами} числа.\n\\end{itemize}\n",
    )
    dest, printed = _import(tmp_path, "kattis", package, "--lang", "ru")
    problem = load_problem(dest)
    assert problem.title == {"ru": "Плавающее среднее", "en": "Floaty mean"}
    parts = statement_parts(dest)
    assert parts["ru"].startswith("# Плавающее среднее\n\nПрочитайте $n$ и $n$ чисел, выведите слово «mean»")
    assert "$n ≤ 10$" in parts["ru"] and "## Входные данные" in parts["ru"]
    assert "- число $n$;\n- **сами** числа." in parts["ru"]
    assert parts["en"].startswith("# Floaty mean\n\nRead $n$ and $n$ numbers; print the word “mean”")
    # The summary and the notes speak the user's language; the files do not depend on it.
    assert "название:" in printed and "переведённый из LaTeX в Markdown приблизительно" in printed
    notes = [line for line in printed.splitlines() if line.startswith("  - ")]
    assert len(notes) >= 4 and all(CYRILLIC.search(line) for line in notes), notes
    english, _printed = _import(tmp_path / "en", "kattis", package)
    assert (english / "problem.yaml").read_bytes() == (dest / "problem.yaml").read_bytes()
    assert (english / "statement.md").read_bytes() == (dest / "statement.md").read_bytes()


def test_polygon_package_in_two_languages(tmp_path):
    package = tmp_path / "aplusb"
    shutil.copytree(DATA / "polygon" / "aplusb", package)
    xml = (package / "problem.xml").read_text(encoding="utf-8")
    xml = xml.replace(
        '<name language="russian" value="A плюс B"/>',
        '<name language="russian" value="A плюс B"/>\n        <name language="ukrainian" value="A плюс B (укр.)"/>',
    )
    xml = xml.replace(
        "</statements>",
        '    <statement charset="UTF-8" language="russian" mathjax="true" '
        'path="statements/russian/problem.tex" type="application/x-tex"/>\n    </statements>',
    )
    (package / "problem.xml").write_text(xml, encoding="utf-8")
    write(
        package / "statements" / "russian" / "problem.tex",
        "\\begin{problem}{A плюс B}{стандартный ввод}{стандартный вывод}{1 секунда}{256 мегабайт}\n"
        "Выведите $a+b$.\n\n\\InputFile\nДва целых числа $a$ и $b$ ($|a|, |b| \\le 10^9$).\n\n"
        "\\OutputFile\nОдно число~--- сумма.\n\n\\Examples\n\\exmp{1 2\n}{3\n}%\n\\exmp{-5 5\n}{0\n}%\n\n"
        "\\Note\nЧисла могут быть отрицательными.\n\\end{problem}\n",
    )
    dest, printed = _import(tmp_path, "polygon", package)
    problem = load_problem(dest)
    assert problem.title == {"ru": "A плюс B", "en": "A plus B"}
    assert problem.sources["ru"].startswith("пакет Polygon a-plus-b")
    assert problem.sources["en"].startswith("Polygon package a-plus-b")
    assert "the title in language 'uk' is not imported" in printed
    parts = statement_parts(dest)
    assert list(parts) == ["ru", "en"]
    ru = parts["ru"]
    assert ru.startswith(
        "# A плюс B\n\nВыведите $a+b$.\n\n## Входные данные\n\nДва целых числа $a$ и $b$ ($|a|, |b| ≤ 10^9$)."
    )
    assert "## Выходные данные\n\nОдно число — сумма." in ru
    assert "## Пример 1\n\nВход:\n\n```\n1 2\n```\n\nВыход:\n\n```\n3\n```" in ru
    assert "## Пример 2" in ru and "## Примечание\n\nЧисла могут быть отрицательными." in ru
    assert "begin{problem}" not in ru and "exmp" not in ru and "стандартный ввод" not in ru
    assert parts["en"] == "# A plus B\n\nPrint $a+b$.\n"
    assert not CYRILLIC.search(parts["en"])


def test_polygon_problem_properties_json(tmp_path):
    package = tmp_path / "aplusb"
    shutil.copytree(DATA / "polygon" / "aplusb", package)
    write(
        package / "statements" / "english" / "problem-properties.json",
        '{"name": "A plus B", "legend": "Print $a+b$ --- the sum.", "input": "Two integers.", '
        '"output": "One integer.", "notes": "", "sampleTests": [{"input": "1 2\\n", "output": "3\\n"}]}',
    )
    dest, _out = _import(tmp_path, "polygon", package)
    assert statement_parts(dest) == {
        "en": "# A plus B\n\nPrint $a+b$ — the sum.\n\n## Input\n\nTwo integers.\n\n"
        "## Output\n\nOne integer.\n\n## Example 1\n\nInput:\n\n```\n1 2\n```\n\n"
        "Output:\n\n```\n3\n```\n"
    }


def test_ejudge_cyrillic_title_is_russian(tmp_path):
    package = tmp_path / "sumseq"
    shutil.copytree(DATA / "ejudge" / "sumseq", package)
    cfg = package / "serve.cfg"
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^long_name\s*=.*$", 'long_name = "Сумма последовательности"', text)
    if "long_name" not in text:
        text = text.replace("[problem]", '[problem]\nlong_name = "Сумма последовательности"', 1)
    cfg.write_text(text, encoding="utf-8")
    dest, printed = _import(tmp_path, "ejudge", package, "--lang", "ru")
    problem = load_problem(dest)
    assert problem.title == {"ru": "Сумма последовательности"}
    assert problem.sources == {"ru": "задача ejudge sumseq", "en": "ejudge problem sumseq"}
    assert "в ejudge нет тестов из условия" in printed


def test_import_errors_speak_russian(tmp_path):
    r = invoke_judge("import", "kattis", str(tmp_path / "nothing"), str(tmp_path / "out"), "--lang", "ru")
    _one_clear_line(r, "нет такого файла или папки")
    r = invoke_judge(
        "import", "kattis", str(DATA / "kattis" / "floaty"), str(ROOT / "problems" / "3504"), "--lang", "ru"
    )
    _one_clear_line(r, "уже существует и не пуста")


@pytest.mark.portable
def test_tex_to_markdown_keeps_code_and_math():
    text = (
        "\\section*{Input}\nNumbers $1 \\le n \\le 10^5$ --- one per line; 50\\% of tests are "
        "``small''.\n\\begin{verbatim}\na -- b\n\\end{verbatim}\nUse \\verb|x--y| and \\texttt{a\\_b}.\n"
    )
    assert tex_to_markdown(text) == (
        "## Input\n\nNumbers $1 ≤ n ≤ 10^5$ — one per line; 50% of tests are “small”.\n\n"
        "```\na -- b\n```\n\nUse `x--y` and `a_b`.\n"
    )
