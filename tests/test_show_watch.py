"""`judge show`, `judge check SOLUTION` with the problem taken from the file name, and
`judge check --watch`: real commands on the course's problems."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from judge.problem.infer import candidates
from tests.conftest import ALL_PROBLEMS, ROOT, invoke_judge, run_judge, write

CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def test_show_prints_the_russian_statement_under_a_russian_locale():
    r = invoke_judge("show", "3504", env={"LANG": "ru_RU.UTF-8"})
    assert r.code == 0, r.err
    assert "Високосный год" in r.out and "Leap year" not in r.out
    assert "Что проверяется" in r.out and "256" in r.out  # the limits, from problem.yaml


def test_show_prints_the_english_statement_with_lang_en():
    r = invoke_judge("show", "3504", "--lang", "en", env={"LANG": "ru_RU.UTF-8"})
    assert r.code == 0, r.err
    assert "Leap year" in r.out and "What the judge enforces" in r.out
    assert not CYRILLIC.search(r.out), r.out


@pytest.mark.parametrize("pid", ALL_PROBLEMS)
def test_show_gives_every_problem_in_both_languages(pid):
    ru = invoke_judge("show", pid, "--raw", "--lang", "ru")
    en = invoke_judge("show", pid, "--raw", "--lang", "en")
    assert ru.code == en.code == 0, ru.err + en.err
    assert ru.out.startswith("# ") and en.out.startswith("# ")  # --raw: the Markdown itself
    assert CYRILLIC.search(ru.out.splitlines()[0])
    assert not CYRILLIC.search(en.out), f"Cyrillic in the English page of {pid}"


def test_show_says_the_rules_in_plain_words():
    ru = invoke_judge("show", "3738", "--raw", "--lang", "ru").out
    en = invoke_judge("show", "3738", "--raw", "--lang", "en").out
    assert "В решении нельзя использовать" in ru and "`if`" in ru
    assert "Not allowed in the solution" in en
    threads = invoke_judge("show", "philosophers", "--raw", "--lang", "ru").out
    assert "замок `threading`" in threads and "`multiprocessing`" in threads


def test_show_works_on_a_student_copy(tmp_path):
    dest = tmp_path / "student"
    r = invoke_judge("export-student", "problems", str(dest))
    assert r.code == 0, r.err
    shown = invoke_judge("show", "3504", "--problems-dir", str(dest), "--lang", "ru")
    assert shown.code == 0, shown.err
    assert "Високосный год" in shown.out


def test_show_adds_the_samples_when_the_statement_has_none(tmp_path):
    prob = tmp_path / "echo"
    write(prob / "problem.yaml", "title: {en: Echo, ru: Эхо}\n")
    write(prob / "statement.md", "# Эхо\n\nВыведите строку.\n\n---\n\n# Echo\n\nPrint the line.\n")
    write(prob / "tests" / "sample" / "01.in", "hello\n")
    write(prob / "tests" / "sample" / "01.ans", "hello\n")
    r = invoke_judge("show", str(prob), "--raw", "--lang", "en")
    assert r.code == 0, r.err
    assert "Print the line." in r.out and "Выведите" not in r.out
    assert "Sample test" in r.out and "hello" in r.out


def test_show_of_an_unknown_problem_is_a_usage_error():
    r = invoke_judge("show", "no-such-problem")
    assert r.code == 2 and "no-such-problem" in r.err and "Traceback" not in r.err


# -- the problem from the file name --------------------------------------------------------


@pytest.mark.parametrize(
    "name, problem",
    [
        ("3504.py", "3504"),
        ("3504_leap.py", "3504"),
        ("3504-v2.py", "3504"),
        ("3504leap.py", "3504"),
        ("philosophers.py", "philosophers"),
        ("threads-counters_v2.py", "threads-counters"),
    ],
)
def test_the_problem_is_inferred_from_the_file_name(tmp_path, name, problem):
    assert problem in candidates(Path(name))
    sol = write(tmp_path / name, "print(input())\n")
    r = run_judge("check", str(sol), "--lang", "en")
    assert r.code in (0, 1), r.err  # judged (any verdict), not a usage error
    assert r.out.startswith(f"{problem}: "), r.out


def test_a_name_that_matches_no_problem_lists_the_names_tried(tmp_path):
    sol = write(tmp_path / "homework_7.py", "print(1)\n")
    r = invoke_judge("check", str(sol), "--lang", "en")
    assert r.code == 2
    assert "homework_7" in r.err and "homework" in r.err and "judge check PROBLEM" in r.err
    assert "\n" not in r.err.strip() and "Traceback" not in r.err


# -- --watch ---------------------------------------------------------------------------------


def _lines(proc: subprocess.Popen) -> queue.Queue[str]:
    out: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            out.put(line)
        out.put("")  # EOF

    threading.Thread(target=pump, daemon=True).start()
    return out


def _until(lines: queue.Queue[str], pattern: str, timeout: float = 60) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line == "":
            break
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}")


# Ctrl-C as at a terminal: a command started in the background by a shell without job control
# (`pytest &` in a script) inherits SIGINT ignored, and so would the judge, which keeps the
# convention. It is put back to the default before the judge starts.
_INTERACTIVE = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"


def _watch(sol: Path, tmp_path: Path) -> subprocess.Popen:
    """`judge check SOL --watch`, in English, with a cache of its own, Ctrl-C not ignored."""
    env = {k: v for k, v in os.environ.items() if k not in ("JUDGE_LANG", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="C.UTF-8", PYTHONPATH=str(ROOT), JUDGE_CACHE_DIR=str(tmp_path / "cache"))
    return subprocess.Popen(
        [sys.executable, "-c", _INTERACTIVE, "-m", "judge", "check", str(sol), "--watch", "--lang", "en"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT; Windows would need CTRL_BREAK_EVENT")
def test_watch_checks_an_unchanged_file_once(tmp_path):
    """The check itself opens the solution, and watchdog reports opens: counted as changes,
    each check started the next one, forever (9 checks in 6 s, and a Ctrl-C that landed in
    one of them took more than 30 s to end the judge). A save of the same bytes checks
    nothing again either."""
    sol = write(tmp_path / "3504.py", "print('NO')\n")
    proc = _watch(sol, tmp_path)
    try:
        lines = _lines(proc)
        _until(lines, "waiting for changes")
        time.sleep(1.5)  # several debounce periods: time for a spurious check to start
        sol.write_text(sol.read_text())  # saved, unchanged
        time.sleep(1.5)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 1  # the one check: WA
        rest = []
        while (line := lines.get(timeout=10)) != "":
            rest.append(line)
        assert not [line for line in rest if line.startswith("verdict: ")], "".join(rest)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT; Windows would need CTRL_BREAK_EVENT")
def test_watch_checks_again_when_the_file_is_saved(tmp_path):
    sol = write(tmp_path / "3504.py", "print('NO')\n")
    proc = _watch(sol, tmp_path)
    try:
        lines = _lines(proc)
        first = _until(lines, r"^verdict: ")
        assert "WA" in first
        _until(lines, "waiting for changes")
        # An editor's save: a new file renamed over the old one.
        tmp = tmp_path / ".3504.py.swp"
        tmp.write_text(
            "y = int(input())\nprint('YES' if y % 4 == 0 and y % 100 != 0 or y % 400 == 0 else 'NO')\n",
            encoding="utf-8",
        )
        os.replace(tmp, sol)
        second = _until(lines, r"^verdict: ")
        assert "AC" in second, second
        _until(lines, "waiting for changes")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0  # the last check was accepted
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
