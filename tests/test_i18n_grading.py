"""What grading says, in Russian and in English: test notes, limit and rule messages, where
the threads wait, the built-in hints, checker and compiler messages, units (issue 12).

The end-to-end tests run the real `judge check --lang ru` on the course's wrong solutions
(problems/*/solutions) and on scratch problems; the unit tests call the real functions in a
`using("ru")` block. The hints are recognised from structured facts (a rule's kind, the
threads of a stack dump), never from the wording: they must come up in either language."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from judge.checkers import CheckCase, make_checker
from judge.checkers.unordered import times
from judge.core.config import Language
from judge.core.i18n import using
from judge.core.units import format_duration, format_size, parse_duration, parse_size
from judge.core.verdicts import Verdict
from judge.grading import hints, rules
from judge.grading.compile import compile_source
from judge.grading.feedback import sample_diff, visible
from judge.grading.observe import Observation
from judge.problem import Rules
from tests.conftest import PROBLEMS, make_problem, run_judge, write
from tests.language_check import cyrillic, english_sentences


def check(problem: str | Path, solution: Path, lang: str = "ru", *extra: str) -> str:
    args = ["check", "--lang", lang, *extra]
    if isinstance(problem, Path):
        args += [str(problem), str(solution)]
    else:
        args += ["--problems-dir", str(PROBLEMS), problem, str(solution)]
    r = run_judge(*args)
    assert r.code in (0, 1, 3), r.out + r.err
    return r.out


def check_json(problem: str | Path, solution: Path, lang: str = "ru") -> dict:
    report = json.loads(check(problem, solution, lang, "--json", "-"))
    [result] = report["results"]
    return result


def solution(problem: str, path: str) -> Path:
    return PROBLEMS / problem / "solutions" / path


# -- end to end: the course's wrong solutions -----------------------------------------------


@pytest.mark.process
def test_hidden_test_note_in_russian_and_english():
    wrong = solution("3504", "wa/only_div4.py")
    ru = check("3504", wrong)
    assert "неправильный ответ на скрытом тесте" in ru
    assert "тест secret/07: неправильный ответ на скрытом тесте" in ru
    assert "on a hidden test" not in ru and "wrong answer" not in ru
    assert english_sentences(ru) == []
    # English, as it always was.
    en = check("3504", wrong, "en")
    assert "test secret/07: wrong answer on a hidden test" in en
    assert "secret/07    WA" in en and " ms " in en and " MiB" in en
    assert cyrillic(en) == []


@pytest.mark.process
def test_deadlock_report_and_hint_in_russian(warm_sweep):
    """What `judge check --lang ru` prints of the warm sweep's run of it (the same code renders
    it: tests/test_acceptance.py check_output), not a judging of its own to the wall limit."""
    from tests.test_acceptance import check_output

    deadlock = solution("philosophers", "ile/naive_deadlock.py")
    out = check_output("philosophers", warm_sweep.result(deadlock), "ru")
    assert "превышено время простоя: прошло 2 с" in out
    assert "где ждут потоки:" in out
    assert "поток: ждёт в naive_deadlock.py:19 `right.acquire()`" in out
    assert "подсказка: Взаимная блокировка" in out
    for english in ("idleness limit exceeded", "where the threads wait", "blocked at", "Deadlock:"):
        assert english not in out
    assert english_sentences(out) == []


@pytest.mark.process
def test_hints_come_from_facts_not_words(warm_sweep):
    """The deadlock (a stack dump), not-concurrent (a rule's kind) and consumer-never-stops
    hints are given in Russian just as in English: the recognisers do not read messages.
    The runs are the warm sweep's (tests/conftest.py: every solution, judged in Russian), as
    `judge check --lang ru` judges them: three more judgings of the same runs, two of them to
    their wall limits, cost the suite 35 s."""
    dump = warm_sweep.result(solution("philosophers", "ile/naive_deadlock.py"))
    assert dump["verdict"] == "ILE" and dump["hint_ids"] == ["deadlock"]
    assert "поток: ждёт в" in dump["message"]
    assert dump["hints"][0].startswith("Взаимная блокировка")

    queue = warm_sweep.result(solution("queue-pipeline", "ile/no_stop.py"))
    assert "consumer-never-stops" in queue["hint_ids"]
    assert "deadlock" not in queue["hint_ids"]  # blocked in queue.get(), not on a lock

    serial = warm_sweep.result(solution("thread-subclass", "rv/run_instead_of_start.py"))
    assert serial["verdict"] == "RV" and "not-concurrent" in serial["hint_ids"]
    assert "нужно запустить не меньше 4 потоков, а запущено: 0" in serial["message"]
    assert "работа шла не одновременно" in serial["message"]
    assert "Части работы выполнялись по очереди" in " ".join(serial["hints"])
    assert all("not concurrent" not in text for text in serial["rule_violations"])


@pytest.mark.process
def test_static_rule_and_sample_diff_in_russian():
    out = check("threads-counters", solution("threads-counters", "rv/processes.py"))
    assert "строка 4: в этой задаче нельзя использовать модуль `multiprocessing`" in out
    assert "is not allowed" not in out

    pe = check("3457", solution("3457", "pe/double_spaces.py"))
    assert "значения верные, но расположены не так: строка 1: ожидалось" in pe
    assert "первое отличие в строке 1:" in pe
    assert '    ожидалось: "The next number' in pe and '    получено:  "The next number' in pe
    assert "--- ожидалось" in pe and "+++ получено" in pe
    assert " мс " in pe and " МиБ" in pe
    for english in ("right values", "first difference", "expected:", " ms ", " MiB"):
        assert english not in pe


@pytest.mark.process
def test_syntax_error_line_in_russian():
    out = check("3504", next(solution("3504", "ce").glob("*.py")))
    assert "SyntaxError: " in out and "(строка 2)" in out and "(line 2)" not in out


# -- end to end: scratch problems ---------------------------------------------------------


@pytest.mark.process
def test_forbidden_constructs_read_as_russian_sentences(tmp_path):
    prob = make_problem(
        tmp_path,
        yaml_text="""\
        title: {en: Echo, ru: Эхо}
        limits: {time: 1s, memory: 256MiB}
        rules: {forbid_constructs: [loops, if, def]}
        """,
    )
    sol = write(
        tmp_path / "sol.py",
        """\
        def echo(s):
            return s if s else ""
        for line in [input()]:
            print(echo(line))
        """,
    )
    out = check(prob, sol)
    assert "строка 1: в этой задаче нельзя использовать определение функции (`def`)" in out
    result = check_json(prob, sol)
    assert "строка 3: в этой задаче нельзя использовать цикл `for`" in result["rule_violations"]
    assert (
        "строка 2: в этой задаче нельзя использовать условное выражение (`x if c else y`)" in result["rule_violations"]
    )
    en = check_json(prob, sol, "en")
    assert "line 3: `for` loop is not allowed in this problem" in en["rule_violations"]


@pytest.mark.process
def test_checker_messages_in_russian(tmp_path):
    prob = make_problem(
        tmp_path,
        yaml_text="""\
        title: {en: Threads}
        limits: {time: 1s, memory: 256MiB}
        checker: {name: interleave, key: 'T(\\d+):', last: [END]}
        """,
        tests={"sample/01": ("\n", "T1: a\nT2: b\nT1: c\nEND\n")},
    )
    sol = write(tmp_path / "sol.py", 'print("T1: a")\nprint("T2: b")\nprint("END")\n')
    out = check(prob, sol)
    assert "группа 1: ожидались 2 строки, получено 1 (не хватает 'T1: c')" in out
    en = check(prob, sol, "en")
    assert "group 1: expected 2 lines, got 1 (missing 'T1: c')" in en


INTERACTOR = """\
    import sys
    from pathlib import Path
    if Path(sys.argv[1]).read_text().split()[0] == "exit1":
        sys.exit(1)
    sys.stdin.readline()
    (Path(sys.argv[3]) / "judgemessage.txt").write_text("the answer was 42")
    sys.exit(43)
"""


@pytest.mark.process
def test_interactor_failure_on_a_hidden_test(tmp_path):
    prob = tmp_path / "guess"
    write(
        prob / "problem.yaml",
        """\
        title: {en: Guess}
        limits: {time: 0.5s, wall_time: 1s}
        interactive: true
        checker: {name: external, program: checker/interactor.py, protocol: kattis, timeout: 0.5s}
        """,
    )
    write(prob / "checker" / "interactor.py", INTERACTOR)
    for test, word in (("sample/01", "42"), ("secret/01", "exit1")):
        write(prob / "tests" / f"{test}.in", word + "\n")
        write(prob / "tests" / f"{test}.ans", word + "\n")
    sol = write(tmp_path / "sol.py", "print(50, flush=True)\n")
    result = check_json(prob, sol)
    notes = {t["name"]: t["message"] for t in result["tests"]}
    assert notes["sample/01"] == "the answer was 42"  # the interactor's own words, quoted
    assert notes["secret/01"].endswith("на скрытом тесте: интерактор завершился с кодом 1 (ожидался 42 или 43)")
    en = {t["name"]: t["message"] for t in check_json(prob, sol, "en")["tests"]}
    assert en["secret/01"].endswith("on a hidden test: the interactor exited with code 1 (expected 42 or 43)")


# -- the recognisers: kinds and stack dumps -------------------------------------------------


def test_not_concurrent_goes_by_the_kind():
    obs = Observation(wall_time=2.0, cpu_time=0.1)
    for lang in ("ru", "en"):
        with using(lang):
            found, _notes = rules.check_runtime(Rules(concurrency=(1.0, 0.6)), obs, cores=4)
        [violation] = found
        assert violation.kind == rules.NOT_CONCURRENT
        clues = hints.Clues(
            source="", tree=None, verdict=Verdict.RV, rule_kinds=[violation.kind], rule_messages=[str(violation)]
        )
        assert [h.id for h in hints.recognise(clues)] == ["not-concurrent"]
    # The English words alone, without the kind, are not a recognised fact.
    words = hints.Clues(
        source="", tree=None, verdict=Verdict.RV, rule_messages=["not concurrent: took 2.00 s of wall time"]
    )
    assert hints.recognise(words) == []


DEADLOCK = """\
    import faulthandler, sys, threading, time

    a, b = threading.Lock(), threading.Lock()

    def left():
        with a:
            time.sleep(0.2)
            b.acquire()

    def right():
        with b:
            time.sleep(0.2)
            a.acquire()

    for f in (left, right):
        threading.Thread(target=f, daemon=True).start()
    time.sleep(1)
    faulthandler.dump_traceback(all_threads=True)
"""


@pytest.mark.process
def test_a_real_deadlock_dump_in_either_language(tmp_path):
    sol = write(tmp_path / "sol.py", DEADLOCK)
    proc = subprocess.run([sys.executable, str(sol)], capture_output=True, text=True, timeout=60)
    source = sol.read_text()
    blocked = hints.blocked_threads(proc.stderr, "sol.py", source.splitlines())
    assert sorted(b.code for b in blocked if "acquire" in b.code) == ["a.acquire()", "b.acquire()"]
    for lang, said in (
        ("ru", "поток: ждёт в sol.py:8 `b.acquire()` (функция left)"),
        ("en", "thread: blocked at sol.py:8 `b.acquire()` (in left)"),
    ):
        with using(lang):
            text = hints.format_blocked(blocked)
            assert said in text, text
            clues = hints.Clues(
                source=source, tree=ast.parse(source), verdict=Verdict.ILE, stack_dump=text, blocked=blocked
            )
            assert "deadlock" in [h.id for h in hints.recognise(clues)]


def test_every_hint_speaks_russian():
    for hint in hints.HINTS:
        english = hint.text
        with using("ru"):
            russian = hint.text
        assert russian != english and cyrillic(russian), hint.id
        # Code stays as it is.
        for code in re.findall(r"`[^`]+`", english):
            assert code in russian, (hint.id, code)


# -- plural forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, ru, en",
    [
        (1, "1 процесс всё ещё работал после завершения программы", "1 process was still running"),
        (3, "3 процесса всё ещё работали после завершения программы", "3 processes were still running"),
        (5, "5 процессов всё ещё работали после завершения программы", "5 processes were still running"),
        (11, "11 процессов всё ещё работали", "11 processes were"),
        (21, "21 процесс всё ещё работал", "21 processes were"),
    ],
)
def test_leftover_processes_plural(n, ru, en):
    obs = Observation(leftover=n)
    with using("ru"):
        [found] = rules.check_runtime(Rules(no_leftover_processes=True), obs, cores=4)[0]
    assert found.message.startswith(ru) and found.kind == rules.LEFTOVER_PROCESSES
    [found] = rules.check_runtime(Rules(no_leftover_processes=True), obs, cores=4)[0]
    assert found.message.startswith(en)


@pytest.mark.parametrize(
    "low, ru, en",
    [
        (1, "нужно запустить не меньше 1 потока, а запущено: 0", "expected at least 1 thread to be started, saw 0"),
        (2, "нужно запустить не меньше 2 потоков, а запущено: 0", "expected at least 2 threads to be started, saw 0"),
        (21, "нужно запустить не меньше 21 потока, а запущено: 0", "expected at least 21 threads to be started, saw 0"),
    ],
)
def test_minimum_threads_plural(low, ru, en):
    with using("ru"):
        [found] = rules.check_runtime(Rules(min_threads=low), Observation(), cores=4)[0]
    assert found.message == ru and found.kind == rules.TOO_FEW_THREADS
    [found] = rules.check_runtime(Rules(min_threads=low), Observation(), cores=4)[0]
    assert found.message == en


@pytest.mark.parametrize(
    "n, ru, en",
    [
        (1, "1 раз", "once"),
        (2, "2 раза", "twice"),
        (3, "3 раза", "3 times"),
        (5, "5 раз", "5 times"),
        (12, "12 раз", "12 times"),
        (22, "22 раза", "22 times"),
        (101, "101 раз", "101 times"),
    ],
)
def test_times_plural(n, ru, en):
    with using("ru"):
        assert times(n) == ru
    assert times(n) == en


@pytest.mark.parametrize(
    "more, ru, en",
    [
        (1, "(ещё 1 символ)", "(1 more character)"),
        (3, "(ещё 3 символа)", "(3 more characters)"),
        (7, "(ещё 7 символов)", "(7 more characters)"),
    ],
)
def test_long_line_plural(more, ru, en):
    line = "x" * (200 + more)
    with using("ru"):
        assert visible(line).endswith("... " + ru)
    assert visible(line).endswith("... " + en)


@pytest.mark.parametrize(
    "count, ru",
    [(1, "ожидалась 1 строка"), (3, "ожидались 3 строки"), (5, "ожидалось 5 строк"), (21, "ожидалась 21 строка")],
)
def test_interleave_group_count_plural(tmp_path, count, ru):
    answer = "".join(f"T1: {i}\n" for i in range(count)) + "T2: x\n"
    case = CheckCase(tmp_path / "in", write(tmp_path / "ans", answer), b"T2: x\n")
    checker = make_checker("interleave", {"key": r"T(\d+):"})
    with using("ru"):
        result = checker.check(case)
    assert result.verdict == Verdict.WA
    assert result.message.startswith(f"группа 1: {ru}, получено 0 (не хватает 'T1: 0')"), result.message


# -- checkers, units, compile ---------------------------------------------------------------


def test_tokens_checker_keeps_kattis_words_in_english(tmp_path):
    case = CheckCase(tmp_path / "in", write(tmp_path / "ans", "1 2 3\n"), b"1 2 4\n")
    checker = make_checker("tokens", {})
    assert checker.check(case).message == (
        "Wrong answer on line 1 of output (corresponding to line 1 in "
        'answer file)\nString tokens mismatch\nJudge: "3"\nUser: "4"'
    )
    with using("ru"):
        message = checker.check(case).message
    assert message == (
        "Неправильный ответ в строке 1 вывода (ей соответствует строка 1 файла ответа)\n"
        'Токены не совпадают\nОтвет: "3"\nВывод: "4"'
    )
    floats = make_checker("tokens", {"float_tolerance": 1e-6})
    close = CheckCase(tmp_path / "in", write(tmp_path / "f.ans", "1.0\n"), b"1.5\n")
    with using("ru"):
        assert (
            "Слишком большая разница.\n Ответ: 1.0\n Вывод: 1.5\n Абсолютная погрешность: "
            in floats.check(close).message
        )


def test_sample_diff_equal_lines_in_russian():
    with using("ru"):
        text = sample_diff(b"1 2\n", b"1 2 \n")
    assert "первое отличие в строке 1:" in text and '  получено:  "1 2·"' in text
    with using("ru"):
        text = sample_diff(b"a\n", b"a\n\n")
    assert text.startswith('первое отличие в строке 2:\n  ожидалось: <конец вывода>\n  получено:  ""')


def test_units_shown_in_russian_parsed_in_english():
    with using("ru"):
        assert format_size(256 * 1024**2) == "256 МиБ"  # a decimal comma, no «,0» on a whole value
        assert format_size(3 * 1024**3) == "3 ГиБ"
        assert format_size(2048) == "2 КиБ"
        assert format_size(4_900_000) == "4,7 МиБ"
        assert format_size(512) == "512 Б"
        assert format_duration(1) == "1,00 с"
        assert format_duration(1.5) == "1,50 с"
        assert format_duration(0.25) == "250 мс"
        assert format_size(None) == format_duration(None) == "-"
        assert parse_size("256MiB") == 256 * 1024**2 and parse_duration("500ms") == 0.5
        with pytest.raises(ValueError, match="ожидалась длительность вроде '1s' или '500ms'"):
            parse_duration("soon")
    assert (format_size(256 * 1024**2), format_duration(1), format_duration(0.25)) == ("256.0 MiB", "1.00 s", "250 ms")


def test_missing_compiler_in_russian():
    language = Language("nosuchlang", (".nsl",), ("./{binary}",), ("no-such-compiler-xyz", "{source}"))
    with using("ru"):
        compiled = compile_source(language, b"int main() {}", "a.nsl")
    assert compiled.binary is None
    assert compiled.internal == (
        "не удалось скомпилировать программу на nosuchlang: компилятор "
        "'no-such-compiler-xyz' не установлен (languages.nosuchlang.compile "
        "в config.yaml)"
    )


def test_isolation_advice_in_russian():
    from judge.sandbox.layers import advice_for

    with using("ru"):
        assert advice_for(False, False, "", None, None, None).startswith("установите bubblewrap")
        assert "sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0" in advice_for(
            False, True, "bwrap: setting up uid map: Permission denied", "1", None, None
        )
    assert advice_for(False, False, "", None, None, None).startswith("install bubblewrap")


def test_static_rules_unit():
    tree = ast.parse(
        textwrap.dedent("""\
        import multiprocessing
        squares = [x * x for x in range(3) if x]
        """)
    )
    with using("ru"):
        found = rules.check_static(
            tree,
            Rules(
                forbid_constructs=("comprehensions", "if"),
                forbid_modules=("multiprocessing",),
                require_modules=("threading",),
            ),
        )
    texts = [str(v) for v in found]
    assert "в этой задаче нужно использовать модуль `threading`" in texts
    assert "строка 1: в этой задаче нельзя использовать модуль `multiprocessing`" in texts
    assert "строка 2: в этой задаче нельзя использовать генератор списка" in texts
    assert "строка 2: в этой задаче нельзя использовать условие `if` внутри генератора" in texts
    assert {v.kind for v in found} == {rules.REQUIRED_MODULE, rules.FORBIDDEN_MODULE, rules.FORBIDDEN_CONSTRUCT}
