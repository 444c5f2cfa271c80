"""Consoles that cannot show everything: a Russian Windows console (cp1251, cp866 when
redirected), a plain ASCII stream, the C locale. The judge prints Russian titles and, in a
sample diff, whatever the student printed (here an emoji): it must degrade, never fail.

Real `python -m judge` processes; their output is read as bytes, in the encoding the
stream declares (see judge/core/console.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, write

pytestmark = pytest.mark.portable

POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="locales are a POSIX matter")

# name -> (environment, the encoding stdout then has, what the bytes on stdout are in)
CONSOLES = {
    "cp1251": ({"PYTHONIOENCODING": "cp1251"}, "cp1251", "cp1251"),
    "cp866": ({"PYTHONIOENCODING": "cp866"}, "cp866", "cp866"),
    # An ASCII stream: click takes it for a misconfigured locale and writes UTF-8 (rich's
    # table goes through our escapes): both read as UTF-8.
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii", "utf-8"),
    # The C locale for real: LC_ALL set turns off PEP 538's coercion to C.UTF-8, and
    # PYTHONUTF8=0 PEP 540's UTF-8 mode, so stdout is ASCII (checked below).
    "C": ({"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"}, "ascii", "utf-8"),
}
PARAMS = [pytest.param(name, marks=POSIX_ONLY) if name == "C" else name for name in CONSOLES]

EMOJI = "\U0001f642"
TITLE = "Эхо — «повтор»"


def judge(console: str, *args: str, cwd: Path | None = None) -> tuple[int, bytes, str]:
    extra, _declared, _wire = CONSOLES[console]
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG", "JUDGE_CONFIG")
    }
    env.update(extra)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-m", "judge", *args], cwd=cwd or ROOT, env=env, capture_output=True, timeout=300
    )
    # stderr is backslashreplace in every configuration: ASCII-safe to read
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err and "internal error" not in err, err
    return proc.returncode, proc.stdout, err


def text(console: str, out: bytes) -> str:
    return out.decode(CONSOLES[console][2])  # strict: the output is what it claims to be


@pytest.fixture
def setup(tmp_path: Path) -> Path:
    """A Russian-titled problem, a wrong answer with Cyrillic and an emoji, a small class."""
    problems = tmp_path / "problems"
    prob = problems / "echo"
    write(
        prob / "problem.yaml",
        f"""\
        title: {{ru: "{TITLE}"}}
        limits: {{time: 1s, memory: 256MiB}}
        """,
    )
    write(prob / "statement.md", f"# {TITLE}\n\nВыведите строку. {EMOJI}\n")
    write(prob / "tests" / "sample" / "01.in", "привет\n")
    write(prob / "tests" / "sample" / "01.ans", "привет\n")
    write(prob / "tests" / "secret" / "01.in", "мир\n")
    write(prob / "tests" / "secret" / "01.ans", "мир\n")
    write(tmp_path / "wrong.py", f"input()\nprint('привет {EMOJI}')\n")
    write(tmp_path / "class" / "иванов" / "echo.py", "print(input())\n")
    write(tmp_path / "class" / "ann" / "echo.py", f"input()\nprint('привет {EMOJI}')\n")
    # Fast and the same everywhere: what is printed does not depend on the sandbox.
    isolation = "basic" if sys.platform != "win32" else "auto"
    write(tmp_path / "config.yaml", f"problems_dir: problems\ngrading: {{isolation: {isolation}}}\n")
    return tmp_path


@POSIX_ONLY
def test_what_the_c_locale_really_gives():
    """LANG=C alone is coerced to C.UTF-8 (PEP 538) or UTF-8 mode (PEP 540): UTF-8, nothing
    to degrade. Only with LC_ALL=C and PYTHONUTF8=0 is stdout really ASCII."""

    def encoding(env: dict[str, str]) -> str:
        clean = {
            k: v
            for k, v in os.environ.items()
            if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LC_CTYPE", "LANG")
        }
        return subprocess.run(
            [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"],
            env=dict(clean, **env),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert encoding(CONSOLES["C"][0]) == "ascii"
    assert encoding({"LANG": "C"}).lower().replace("-", "") == "utf8"


@pytest.mark.parametrize("console", PARAMS)
def test_check_with_a_diff_the_console_cannot_show(setup: Path, console: str):
    code, out, _ = judge(console, "check", "echo", str(setup / "wrong.py"), cwd=setup)
    assert code == 1
    shown = text(console, out)
    assert "verdict: WA" in shown and "sample/01" in shown and "score 0/100" in shown
    assert "wrong.py" in shown.splitlines()[0]  # the title line, whatever became of the title
    if CONSOLES[console][2] != "utf-8":  # degraded: the emoji as its escape, Cyrillic as is
        assert "\\ud83d\\ude42" in shown and EMOJI not in shown
        assert "привет" in shown and "Эхо" in shown


@pytest.mark.parametrize("console", PARAMS)
def test_check_json_stays_valid_json_with_every_character(setup: Path, console: str):
    code, out, _ = judge(console, "check", "echo", str(setup / "wrong.py"), "--json", "-", cwd=setup)
    assert code == 1
    result = json.loads(text(console, out))["results"][0]
    assert result["verdict"] == "WA"
    sample = next(t for t in result["tests"] if t["name"] == "sample/01")
    assert EMOJI in sample["diff"] and "привет" in sample["diff"]  # escaped on the wire, exact here


@pytest.mark.parametrize("console", PARAMS)
def test_problems_lists_russian_titles(setup: Path, console: str):
    code, out, _ = judge(console, "problems", cwd=setup)
    assert code == 0
    shown = text(console, out)
    assert shown.startswith("id ") and "echo" in shown and "1.00 s" in shown


@pytest.mark.parametrize("console", PARAMS)
def test_grade_table_with_a_cyrillic_student(setup: Path, console: str):
    code, out, _ = judge(
        console, "grade", "class", "--out", "reports", "--format", "json,md,csv", "--no-cache", cwd=setup
    )
    assert code == 0
    shown = text(console, out)
    assert "student" in shown and "total" in shown and "ann" in shown and "WA 0" in shown
    assert "AC 100" in shown and "2 submissions graded" in shown
    report = json.loads((setup / "reports" / "report.json").read_text(encoding="utf-8"))
    assert {r["student"]: r["verdict"] for r in report["results"]} == {"ann": "WA", "иванов": "AC"}
