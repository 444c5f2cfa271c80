"""What the commands print themselves, and their errors for bad input, in Russian and English:
the language chosen by --lang, $JUDGE_LANG, config.yaml or the locale (real `judge` runs)."""

from __future__ import annotations

import json
import shutil

import pytest

from judge.commands.check_output import concurrency_line
from judge.core import i18n
from judge.core.errors import ConfigError
from judge.core.schema import Section
from tests.conftest import PROBLEMS, invoke_judge, make_problem, run_judge, write

WRONG = PROBLEMS / "3504" / "solutions" / "wa" / "only_div4.py"  # expected.yaml: WA, score 50
RIGHT = PROBLEMS / "3504" / "solutions" / "ac" / "nested_ifs.py"


def _check_3504(*options: str, env: dict[str, str] | None = None):
    r = run_judge(*options, "check", "3504", str(WRONG), env=env)
    assert r.code == 1, (r.out, r.err)
    return r


def _assert_russian_check(out: str) -> None:
    lines = out.splitlines()
    assert lines[0].startswith("3504: Високосный год — ") and "Leap year" not in lines[0], lines[0]
    assert lines[1].startswith("ограничения: ") and "процессорного времени" in lines[1], lines[1]
    header = next(line for line in lines if "вердикт" in line and "тест" in line)
    for word in ("тест", "вердикт", "время", "память", "примечание"):
        assert word in header, header
    assert "вердикт: WA (неправильный ответ)  баллы 50/100" in out
    assert any(line.startswith("подсказка: ") for line in lines), out
    for english in ("limits:", "verdict:", "score ", "hint:", "note"):
        assert english not in out, english


def _assert_english_check(out: str) -> None:
    lines = out.splitlines()
    assert lines[0].startswith("3504: Leap year — "), lines[0]
    assert lines[1].startswith("limits: ") and " CPU, " in lines[1]
    assert "  test         verdict     time     memory  note" in out
    assert "verdict: WA (wrong answer)  score 50/100" in out
    assert any(line.startswith("hint: ") for line in lines)
    assert "вердикт" not in out and "баллы" not in out


def test_check_speaks_russian_with_lang_ru():
    _assert_russian_check(_check_3504("--lang", "ru").out)


def test_check_speaks_the_locale_without_judge_lang():
    _assert_russian_check(_check_3504(env={"LANG": "ru_RU.UTF-8"}).out)


def test_check_speaks_english_with_lang_en_whatever_the_locale():
    _assert_english_check(_check_3504("--lang", "en", env={"LANG": "ru_RU.UTF-8"}).out)


def test_lang_after_the_command_works_too():
    r = run_judge("check", "3504", str(WRONG), "--lang", "ru")
    assert r.code == 1
    _assert_russian_check(r.out)


def test_judge_lang_beats_config_and_lang_option_beats_judge_lang(tmp_path):
    cfg = write(tmp_path / "config.yaml", f"language: en\nproblems_dir: {PROBLEMS.as_posix()}\n")
    _assert_russian_check(_check_3504("--config", str(cfg), env={"JUDGE_LANG": "ru"}).out)
    _assert_english_check(_check_3504("--config", str(cfg), "--lang", "en", env={"JUDGE_LANG": "ru"}).out)
    # config.yaml decides when neither --lang nor $JUDGE_LANG does, over the locale.
    _assert_english_check(_check_3504("--config", str(cfg), env={"LANG": "ru_RU.UTF-8"}).out)
    ru_cfg = write(tmp_path / "ru.yaml", f"language: ru\nproblems_dir: {PROBLEMS.as_posix()}\n")
    _assert_russian_check(_check_3504("--config", str(ru_cfg)).out)


def _one_line(r) -> str:
    assert r.code == 2, (r.code, r.out, r.err)
    lines = [line for line in r.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in r.err, r.err
    return lines[0]


def test_an_unknown_language_in_config_is_one_line_in_the_chosen_language(tmp_path):
    cfg = write(tmp_path / "config.yaml", "language: xx\n")
    en = _one_line(invoke_judge("--config", str(cfg), "check", "3504", str(RIGHT)))
    assert en.startswith("judge: error: ") and "config.yaml: language: " in en
    assert "expected one of en, ru, got 'xx'" in en
    ru = _one_line(invoke_judge("--config", str(cfg), "--lang", "ru", "check", "3504", str(RIGHT)))
    assert ru.startswith("judge: ошибка: ") and "config.yaml: language: " in ru
    assert "ожидалось одно из: en, ru, получено 'xx'" in ru
    ru_env = _one_line(invoke_judge("--config", str(cfg), "problems", env={"JUDGE_LANG": "ru"}))
    assert ru_env == ru


@pytest.mark.parametrize(
    "text, key, russian",
    [
        ("grading: {jobs: 0}\n", "grading.jobs", "ожидалось 'auto' или целое число >= 1, получено 0"),
        ("grading: [1, 2]\n", "grading", "ожидался словарь (ключ: значение), получено: список"),
        ("layout: '{problem}.py'\n", "layout", "ожидался шаблон с {student} и {problem}"),
        ("reports: {formats: [pdf]}\n", "reports.formats[0]", "неизвестный формат отчёта 'pdf'"),
        ("similarity: {min_tokens: many}\n", "similarity.min_tokens", "ожидалось целое число, получено: строка 'many'"),
        ("grading: {zygote: maybe}\n", "grading.zygote", "ожидалось true или false"),
        ("grading: {isolation: paranoid}\n", "grading.isolation", "ожидалось одно из: auto, strict"),
        ("limits: {time: 1s}\nlimit: 2\n", "limit", "неизвестный ключ (допустимые: "),
        ("limits: {time: 1s\n", "", "ошибка в YAML, строка 2 (PyYAML: "),  # the parser's words are its own
    ],
)
def test_a_broken_config_is_one_russian_line_naming_file_and_key(tmp_path, text, key, russian):
    cfg = write(tmp_path / "config.yaml", text)
    line = _one_line(invoke_judge("--lang", "ru", "--config", str(cfg), "problems"))
    assert line.startswith(f"judge: ошибка: {cfg}: {key}"), line
    assert russian in line, line
    said = line.split("(PyYAML: ")[0]
    assert "expected" not in said and " got " not in said, line


def test_bad_command_lines_are_one_russian_line(tmp_path):
    assert "нет такого файла" in _one_line(invoke_judge("--lang", "ru", "check", "3504", str(tmp_path / "no.py")))
    assert (
        _one_line(invoke_judge("--lang", "ru", "grade", str(tmp_path / "nope")))
        == f"judge: ошибка: {tmp_path / 'nope'}: нет такой папки"
    )
    assert "-j: ожидалось число или 'auto', получено 'zero'" in _one_line(
        invoke_judge("--lang", "ru", "grade", str(tmp_path), "-j", "zero")
    )
    assert "--format: неизвестный формат 'pdf'" in _one_line(
        invoke_judge("--lang", "ru", "grade", str(tmp_path), "--format", "pdf")
    )
    line = _one_line(invoke_judge("--lang", "ru", "grade", str(tmp_path), "--changed-since", "main"))
    assert line.startswith("judge: ошибка: --changed-since: ") and "git" in line, line


def test_student_copy_errors_and_lines_in_russian(tmp_path):
    src = tmp_path / "src"
    make_problem(src)
    dest = tmp_path / "copy"
    write(dest / "keep.txt", "x\n")
    line = _one_line(invoke_judge("--lang", "ru", "export-student", str(src), str(dest)))
    assert line == f"judge: ошибка: {dest}: папка не пуста (чтобы заменить её, добавьте --force)"
    r = invoke_judge("--lang", "ru", "export-student", str(src), str(dest), "--force")
    assert r.code == 0, r.err
    assert "echo: тестов из условия — 1, закрытых тестов — 1" in r.out
    assert f"копия для студентов записана в {dest}: 1 задача, закрытых тестов — 1" in r.out
    assert "Задачи: копия для студентов" in (dest / "README.md").read_text(encoding="utf-8")
    # A damaged lock is a Russian one-line error naming the file and the key.
    lock = dest / "echo" / "tests" / "secret" / "01.lock"
    lock.write_text(json.dumps({**json.loads(lock.read_text()), "hash": "abc"}))
    sol = write(tmp_path / "echo.py", "print(input())\n")
    line = _one_line(invoke_judge("--lang", "ru", "check", "echo", str(sol), "--problems-dir", str(dest)))
    assert "01.lock: hash: ожидался хеш sha256" in line, line


def test_validate_in_russian_still_matches_english_expectations(tmp_path):
    """expected.yaml's hint: texts are English; validate grades in Russian and matches them
    against every language's text of the hints it gave."""
    report = tmp_path / "validate.json"
    r = run_judge("validate", "--lang", "ru", "3504", "-q", "--json", str(report))
    assert r.code == 0, r.out + r.err
    lines = r.out.splitlines()
    assert lines[-1] == "ожидаемый вердикт получили решений: 8 из 8", lines[-1]
    assert all(line.startswith("ок ") for line in lines[:-1]), r.out
    assert "3504/solutions/wa/only_div4.py: ожидался WA, получен WA (50/100)" in r.out
    assert "expected" not in r.out and "solutions got" not in r.out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["lang"] == "ru"  # what its messages and hints are written in
    only_div4 = next(res for res in data["results"] if res["submission"].endswith("only_div4.py"))
    assert any("Год, делящийся на 100" in h for h in only_div4["hints"]), only_div4["hints"]
    en = run_judge("validate", "3504", "-q")
    assert en.code == 0 and en.out.splitlines()[-1] == "8 of 8 solutions got their expected verdict"


def test_validate_in_russian_matches_the_message_in_its_language():
    """philosophers' expected.yaml wants {en: threads, ru: потоков} in a rule message the judge
    writes itself."""
    r = run_judge("validate", "--lang", "ru", "philosophers", "-q")
    assert r.code == 0, r.out + r.err
    assert "philosophers/solutions/rv/no_threads.py: ожидался RV, получен RV" in r.out
    n = len(list((PROBLEMS / "philosophers" / "solutions").glob("*/*.py")))
    assert r.out.splitlines()[-1] == f"ожидаемый вердикт получили решений: {n} из {n}"


def test_validate_reports_a_mismatch_in_russian(tmp_path):
    prob = make_problem(tmp_path)
    write(prob / "solutions" / "ac" / "not_really.py", "print('nope')\n")
    r = run_judge("validate", "--lang", "ru", str(prob), "-q")
    assert r.code == 1, r.out + r.err
    line = next(line for line in r.out.splitlines() if "not_really.py" in line)
    assert line.startswith("ОШИБКА ") and "ожидался AC, получен WA" in line and "сообщение: " in line, line
    assert r.out.splitlines()[-1] == "ожидаемый вердикт получили решений: 0 из 1"


def test_grade_summary_in_russian(tmp_path):
    subs = tmp_path / "subs"
    (subs / "ann").mkdir(parents=True)
    (subs / "bob").mkdir()
    shutil.copyfile(RIGHT, subs / "ann" / "3504.py")
    shutil.copyfile(WRONG, subs / "bob" / "3504.py")
    write(subs / "bob" / "9999.py", "print(1)\n")  # no such problem: a warning
    out = tmp_path / "out"
    r = run_judge(
        "grade", "--lang", "ru", str(subs), "--out", str(out), "--format", "json", "--problems-dir", str(PROBLEMS)
    )
    assert r.code == 0, r.err
    assert "Результаты" in r.out and "студент" in r.out and "итого" in r.out
    assert "AC 100" in r.out and "WA 50" in r.out
    assert f"проверено 2 решения; отчёты: {out / 'report.json'}" in r.out
    assert "judge: предупреждение: в " in r.err and "нет задачи '9999': не проверены: bob/9999.py" in r.err
    assert "student" not in r.out and "total" not in r.out and "graded" not in r.out
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["lang"] == "ru"
    assert {x["student"]: x["verdict"] for x in data["results"]} == {"ann": "AC", "bob": "WA"}


def test_problems_listing_in_russian():
    r = invoke_judge("--lang", "ru", "problems")
    assert r.code == 0, r.err
    head = r.out.splitlines()[0]
    assert head.split() == ["задача", "тестов", "время", "память", "проверяющая", "программа", "название"], head
    assert any(line.startswith("3504 ") and line.rstrip().endswith("Високосный год") for line in r.out.splitlines())


@pytest.mark.parametrize(
    "threads, words",
    [(1, "запущен 1 поток"), (3, "запущено 3 потока"), (6, "запущено 6 потоков"), (21, "запущен 21 поток")],
)
def test_the_concurrency_line_counts_in_russian(threads, words):
    seen = {
        "threads_started": threads,
        "peak_threads": threads + 1,
        "processes_started": 2,
        "tasks": 5,
        "wall_time": 0.5,
        "sequential": 2.0,
        "max_wall": 1.0,
        "cpu_time": 1.0,
        "cores_wanted": 1.5,
    }
    with i18n.using("ru"):
        line = concurrency_line(seen)
    assert line.startswith(f"↳ {words} (одновременно работало до {threads + 1})"), line
    assert "запущено 2 процесса" in line and "5 задач asyncio" in line
    assert "по часам 0,50 с, а последовательно 2,00 с (ограничение 1,00 с)" in line
    english = concurrency_line(seen)
    assert english == (
        f"↳ threads started {threads} (peak {threads + 1} at once), processes started 2, "
        "asyncio tasks 5, wall 0.50 s vs sequential 2.00 s (limit 1.00 s), CPU/wall 2.00, "
        "cores busy 1.50"
    )


def test_section_errors_name_file_and_key_in_the_active_language():
    with i18n.using("ru"):
        with pytest.raises(ConfigError) as info:
            Section({"a": {"b": [1]}}, "p.yaml").section("a").str("b")
    assert str(info.value) == "p.yaml: a.b: ожидалась строка, получено: список"
    with pytest.raises(ConfigError) as info:
        Section({"a": {"b": [1]}}, "p.yaml").section("a").str("b")
    assert str(info.value) == "p.yaml: a.b: expected a string, got a list"
    with i18n.using("ru"):
        section = Section({"x": 1, "y": 2}, "c.yaml")
        section.int("x")
        with pytest.raises(ConfigError) as info:
            section.done()
    assert str(info.value) == "c.yaml: y: неизвестный ключ (допустимые: x)"
