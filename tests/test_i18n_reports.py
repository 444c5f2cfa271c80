"""The report files of `judge grade` in Russian and in English (issue 12).

A small class (copied from submissions/) is graded twice through the real command, with
`--lang ru` and `--lang en`, into every text format. The Russian reports carry Russian labels
and none of the English ones; report.html says `lang="ru"` and hands its script the Russian
words; the contracts (CSV headers, verdict codes, JSON keys, JUnit element and attribute
names, test case names) are the same in both languages; the English reports read as before.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from judge.core import i18n
from judge.core import results as judge_results
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import Report, write_reports
from judge.reports.csv_report import render as csv_render
from tests.conftest import PROBLEMS, SUBMISSIONS, run_judge

FORMATS = "md,html,feedback,junit,gradescope,csv"
# Chosen for variety: WA with a sample diff, RE, RV with its tests run, CE (no test run, a line
# marked), WA on hidden tests only, a pair of similar sources (kuznetsova_e, lebedev_k / 3457).
PICKED = {
    "smirnov_d": ("3449", "3506", "3737"),
    "popov_n": ("3449", "3457"),
    "petrova_m": ("3506",),
    "kuznetsova_e": ("3457",),
    "lebedev_k": ("3457",),
}
CYRILLIC = re.compile("[а-яё]", re.I)

# Every English label the reports write, as it appears in the English reports; none may be
# left in the Russian ones. Phrases are looked for anywhere in a label; single words (`WORDS`)
# only as a whole label (a text node or a title/placeholder/aria-label), so that a word inside
# a student's message never counts.
MD_LABELS = [
    "# Judge report",
    "submissions accepted",
    "submission accepted",
    "| student |",
    "| problem |",
    "| verdict |",
    "| score |",
    "| message |",
    "## Details",
    "| test |",
    "| time |",
    "| memory |",
    "Verdicts:",
]
FEEDBACK_LABELS = [
    "# Feedback:",
    "Graded",
    "total **",
    "| problem |",
    "| verdict |",
    "| score |",
    "Sample test",
    "(hidden)",
    "No test was run",
    "| test |",
    "| time |",
    "| memory |",
]
HTML_PHRASES = [
    "Judge report",
    "Class overview",
    "Similar code",
    "students shown",
    "student shown",
    "Click a header",
    "No student matches",
    "pass rate",
    "slowest tests",
    "test failed most",
    "missing)",
    "failed by",
    "none failed",
    "Pairs of submissions",
    "Programs shorter",
    "sources were read",
    "not proof of copying",
    "side by side",
    "No pair reaches",
    "close (Esc)",
    "Rules broken",
    "No test was run",
    "marked)",
    "% similar",
    "Highlighted lines",
    "Sample test",
    "graded ",
    " submissions",
    " students",
    " problems",
    " accepted",
    "name…",
    "the source was not read",
    "the source is no longer",
    "lines shown",
    "past the end",
]
HTML_WORDS = [
    "Problems",
    "Student",
    "Verdict",
    "any",
    "student",
    "total",
    "average",
    "problem",
    "submitted",
    "verdicts",
    "similarity",
    "details",
    "Message",
    "Hints",
    "Tests",
    "test",
    "verdict",
    "time",
    "memory",
    "note",
    "Source",
    "hidden",
    "sample",
    "no submission",
]


def _copy_class(dest: Path) -> Path:
    for student, problems in PICKED.items():
        (dest / student).mkdir(parents=True)
        for p in problems:
            shutil.copy(SUBMISSIONS / student / f"{p}.py", dest / student / f"{p}.py")
    return dest


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("i18n-reports")
    subs = _copy_class(base / "subs")
    out = {}
    for lang in ("ru", "en"):
        out[lang] = base / lang
        r = run_judge(
            "grade",
            str(subs),
            "--problems-dir",
            str(PROBLEMS),
            "--out",
            str(out[lang]),
            "-j",
            "2",
            "-q",
            "--lang",
            lang,
            "--format",
            FORMATS,
            cwd=base,
        )
        assert r.code == 0, r.out + r.err
    return out


class _Labels(HTMLParser):
    """What a reader of report.html sees as labels: text nodes and the title, placeholder and
    aria-label attributes, outside code (<pre>, <code>), the style and the script."""

    SKIP = {"pre", "code", "style", "script"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.labels: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1
        for key, value in attrs:
            if key in ("title", "placeholder", "aria-label") and value and value.strip():
                self.labels.append(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.labels.append(" ".join(data.split()))


def html_labels(path: Path) -> list[str]:
    parser = _Labels()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.labels


def _has(labels: list[str], want: str) -> bool:
    """`want` is a label, or a sentence of one (a paragraph is one text node)."""
    return want in labels or (want.endswith(".") and any(want in label for label in labels))


def ui_strings(html: str) -> dict[str, str]:
    import html as htmllib

    m = re.search(r'<div id="i18n" hidden data-strings="([^"]*)"></div>', html)
    assert m, "no #i18n element with the script's strings"
    return json.loads(htmllib.unescape(m.group(1)))


def english_left(labels: list[str]) -> list[str]:
    return sorted(
        {f"{phrase!r} in {label!r}" for label in labels for phrase in HTML_PHRASES if phrase in label}
        | {repr(label) for label in labels if label in HTML_WORDS}
    )


def _md_outside_code(text: str) -> str:
    """Markdown without its fenced blocks (a message, a diff: the program's own text)."""
    return re.sub(r"(?ms)^(`{3,})[a-z]*$.*?^\1$", "", text)


# -- report.md --------------------------------------------------------------------------


@pytest.mark.process
def test_report_md_in_russian(reports):
    text = (reports["ru"] / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Отчёт о проверке\n")
    assert "**Принято 1 из 8 решений**" in text
    assert "Вердикты: AC — принято, WA — неправильный ответ, PE — неправильный формат вывода" in text
    assert "| студент | задача | вердикт | баллы | сообщение |" in text
    assert "\n## Подробности\n" in text and text.count("\n## ") == 1  # judge/batch/ci.py cuts the summary there
    assert "| тест | вердикт | время | память |" in text and " с | " in text and " МиБ |" in text
    prose = _md_outside_code(text)
    assert [label for label in MD_LABELS if label in prose] == []
    assert "| smirnov_d | 3737 | ❌ RV |" in text  # verdict codes stay codes


@pytest.mark.process
def test_report_md_in_english_as_before(reports):
    text = (reports["en"] / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# Judge report\n\n**1 of 8 submissions accepted** · AC 1, CE 1, PE 1, RE 2, RV 1, WA 2\n")
    assert (
        "Verdicts: AC — accepted, WA — wrong answer, PE — presentation error, RE — runtime error, "
        "CE — compilation error, RV — rule violation" in text
    )
    assert "| student | problem | verdict | score | message |" in text and "\n## Details\n" in text
    assert re.search(
        r"\| test \| verdict \| time \| memory \|\n\|---\|---\|---\|---\|\n\| \S+ \| WA \| "
        r"\d+\.\d{3} s \| \d+\.\d MiB \|",
        text,
    )
    assert not CYRILLIC.search(text)


# -- feedback/<student>.md --------------------------------------------------------------


@pytest.mark.process
def test_feedback_in_russian(reports):
    text = (reports["ru"] / "feedback" / "smirnov_d.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- judge feedback -->\n# Результаты проверки: smirnov_d\n")
    assert re.search(r"^Проверено \S+ \(judge \S+\) · итого \*\*0 / 300\*\*$", text, re.M)
    assert "| задача | вердикт | баллы |" in text and "| 3449 | WA (неправильный ответ) | 0/100 |" in text
    assert "Тест из условия sample/01: неправильный ответ" in text
    assert "| тест | вердикт | время | память |" in text and "(скрытый) | AC |" in text
    prose = _md_outside_code(text)
    assert [label for label in FEEDBACK_LABELS if label in prose] == []
    popov = (reports["ru"] / "feedback" / "popov_n.md").read_text(encoding="utf-8")
    assert "Ни один тест не запускался." in popov  # the CE


@pytest.mark.process
def test_feedback_in_english_as_before(reports):
    text = (reports["en"] / "feedback" / "smirnov_d.md").read_text(encoding="utf-8")
    assert text.startswith("<!-- judge feedback -->\n# Feedback: smirnov_d\n")
    assert re.search(r"^Graded \S+ by judge \S+ · total \*\*0 / 300\*\*$", text, re.M)
    assert "| problem | verdict | score |" in text and "Sample test sample/01: wrong answer" in text
    assert "| test | verdict | time | memory |" in text and "(hidden) | AC |" in text
    assert "No test was run." in (reports["en"] / "feedback" / "popov_n.md").read_text(encoding="utf-8")
    assert not CYRILLIC.search(text)


# -- report.html ------------------------------------------------------------------------


@pytest.mark.process
def test_report_html_in_russian(reports):
    path = reports["ru"] / "report.html"
    html = path.read_text(encoding="utf-8")
    assert re.search(r'<html lang="ru">', html) and '<meta charset="utf-8">' in html
    assert '--sans: system-ui, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif;' in html
    assert re.search(r'--mono: [^;]*"DejaVu Sans Mono", Consolas, "Liberation Mono"[^;]*monospace;', html)
    assert "font: 14px/1.45 var(--sans)" in html
    labels = html_labels(path)
    for want in (
        "Отчёт о проверке · 8 решений",
        "Отчёт о проверке",
        "Принято 1 из 8",
        "Сводка по группе",
        "Задачи",
        "Похожий код",
        "Студент",
        "имя…",
        "Вердикт",
        "любой",
        "WA — неправильный ответ",
        "Показано 5 из 5 студентов",
        "студент",
        "итого",
        "нет решения",
        "среднее",
        "Под фильтр не подходит ни один студент.",
        "доля принятых",
        "чаще всего не пройден",
        "Программы короче 30 токенов не сравниваются.",
        "Прочитано 8 исходных файлов.",
        "сравнить рядом",
        "подробности",
        "закрыть (Esc)",
        "Сообщение",
        "Подсказки",
        "Тесты",
        "тест",
        "вердикт",
        "время",
        "память",
        "примечание",
        "скрытый",
        "из условия",
        "Исходный код",
        "(отмечена строка 2)",
        "Ни один тест не запускался (пропущено 15 тестов).",
        "Нарушенные правила",
        "Тест из условия sample/01: WA (неправильный ответ)",
    ):
        assert _has(labels, want), want
    assert any(re.fullmatch(r"3457: kuznetsova_e и lebedev_k — сходство \d+%", label) for label in labels), labels
    assert any(
        re.fullmatch(r"8 решений · 5 студентов · 4 задачи · проверено \S+ · judge \S+", label) for label in labels
    ), labels
    # verdicts spelled out as tooltips: the summary pills, the matrix cells, the tests' pills
    assert 'title="неправильный ответ">WA 2</span>' in html
    assert re.search(r'title="smirnov_d / 3506: ошибка выполнения, 0/100"', html)
    assert '<span class="pill v-RE" title="ошибка выполнения">RE</span>' in html
    assert english_left(labels) == []
    # the script's words come from the page, in Russian, with the field it fills left for it
    strings = ui_strings(html)
    assert strings == {"shown": "Показано {shown} из 5 студентов"}
    script = html[html.index("<script>") :]
    assert "students shown" not in script and '" of "' not in script  # report.js has no words of its own


@pytest.mark.process
def test_report_html_in_english_as_before(reports):
    path = reports["en"] / "report.html"
    html = path.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    labels = html_labels(path)
    for want in (
        "Judge report · 8 submissions",
        "Judge report",
        "1 of 8 accepted",
        "Class overview",
        "Problems",
        "Similar code",
        "Student",
        "name…",
        "any",
        "5 of 5 students shown",
        "Click a header to sort, a cell for the details.",
        "student",
        "total",
        "average",
        "No student matches the filter.",
        "pass rate",
        "test failed most",
        "side by side",
        "Programs shorter than 30 tokens are not compared.",
        "8 sources were read.",
        "close (Esc)",
        "Message",
        "Hints",
        "Tests",
        "hidden",
        "sample",
        "Source",
        "(line 2 marked)",
        "Rules broken",
        "No test was run (15 skipped).",
        "Sample test sample/01: WA (wrong answer)",
    ):
        assert _has(labels, want), want
    assert any(
        re.fullmatch(r"8 submissions · 5 students · 4 problems · graded \S+ · judge \S+", label) for label in labels
    ), labels
    assert ui_strings(html) == {"shown": "{shown} of 5 students shown"}
    assert not [label for label in labels if CYRILLIC.search(label)]


def test_template_messages_are_in_the_catalog():
    pytest.importorskip("babel", reason="Babel is in the test extras: pip install -e '.[test]'")
    from judge.commands import i18n_tools

    found = i18n_tools.extract()
    for msgid in ("Class overview", "{shown} of {total} student shown", "{n} source was read."):
        assert msgid in found, msgid
    assert found["Class overview"].where.startswith("judge/reports/templates/report.html.j2")
    assert found["{n} source was read."].plural == "{n} sources were read."


# -- JUnit, Gradescope, CSV -------------------------------------------------------------


def _shape(root: ET.Element) -> list[tuple[str, tuple[str, ...], str | None, str | None]]:
    """The XML without its texts: tags, attribute names, test case names and verdict types."""
    return [
        (
            el.tag,
            tuple(sorted(el.attrib)),
            el.get("name") if el.tag in ("testsuite", "testcase") else None,
            el.get("type"),
        )
        for el in root.iter()
    ]


@pytest.mark.process
def test_junit_messages_translated_names_kept(reports):
    ru = ET.parse(reports["ru"] / "junit.xml").getroot()
    en = ET.parse(reports["en"] / "junit.xml").getroot()
    assert _shape(ru) == _shape(en)
    # The CE (no test explains it) carries its hints in the language of the report.
    case_ru = ru.find("testsuite[@name='popov_n/3457']/testcase[@name='(submission)']/error")
    case_en = en.find("testsuite[@name='popov_n/3457']/testcase[@name='(submission)']/error")
    assert case_ru is not None and case_en is not None and case_ru.get("type") == "CE"
    text_ru = "\n".join(el.text or "" for el in ru.iter())
    text_en = "\n".join(el.text or "" for el in en.iter())
    if "hint: " in text_en:
        assert "подсказка: " in text_ru
    assert "hint: " not in text_ru
    rv_ru = ru.find("testsuite[@name='smirnov_d/3737']/testcase[@name='(submission)']/failure")
    assert rv_ru is not None and rv_ru.get("type") == "RV"


@pytest.mark.process
def test_gradescope_texts_translated_keys_kept(reports):
    ru = json.loads((reports["ru"] / "results.json").read_text(encoding="utf-8"))
    en = json.loads((reports["en"] / "results.json").read_text(encoding="utf-8"))
    assert sorted(ru) == sorted(en) == ["execution_time", "output", "score", "tests", "visibility"]
    assert ru["score"] == en["score"] and len(ru["tests"]) == len(en["tests"])
    for a, b in zip(ru["tests"], en["tests"]):
        assert sorted(a) == sorted(b) and (a["status"], a["visibility"], a["score"]) == (
            b["status"],
            b["visibility"],
            b["score"],
        )
    assert ru["output"].startswith("Принято 1 из 8, баллы: ")
    assert en["output"].startswith("1 of 8 accepted, score ")
    hidden_ru = [t["output"] for t in ru["tests"] if "secret/" in t["name"] and t["output"][:2] != "SK"]
    assert hidden_ru and all(
        re.fullmatch(r"[A-Z]{2,3} \([^)]+\) · время \S+ \S+ · память \S+ \S+", o) for o in hidden_ru
    ), hidden_ru[:3]
    hidden_en = [t["output"] for t in en["tests"] if "secret/" in t["name"] and t["output"][:2] != "SK"]
    assert all(re.fullmatch(r"[A-Z]{2,3} \([^)]+\) · time \S+ \S+ · memory \S+ \S+", o) for o in hidden_en)
    assert any(t["name"] == "smirnov_d/3737: нарушение правил" for t in ru["tests"])
    for label in (" accepted, score", "· time ", "· memory ", "hint: ", "no submissions were graded"):
        assert label not in json.dumps(ru, ensure_ascii=False)


@pytest.mark.process
def test_csv_is_a_contract_not_translated(reports):
    ru = (reports["ru"] / "grades.csv").read_bytes()
    assert ru == (reports["en"] / "grades.csv").read_bytes()
    assert not ru.startswith(b"\xef\xbb\xbf")  # no BOM unless asked for
    rows = list(csv.reader(io.StringIO(ru.decode("utf-8"))))
    problems = ["3449", "3457", "3506", "3737"]
    assert rows[0] == ["student", *problems, *(f"{p} score" for p in problems), "total", "max_total"]
    assert rows[-1][0] == "smirnov_d" and rows[-1][1:5] == ["0 WA", "", "0 RE", "0 RV"]


# -- the API: a BOM for Excel, plural forms, the page's language -------------------------


def _result(tmp_path: Path, student: str, problem: str, verdict: Verdict) -> SubmissionResult:
    src = tmp_path / student / f"{problem}.py"
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text("print(1)\n", encoding="utf-8")
    return SubmissionResult(
        student=student,
        problem=problem,
        submission=str(src),
        sha256="",
        language="python",
        verdict=verdict,
        score=100 if verdict == Verdict.AC else 0,
        max_score=100,
        tests=[
            judge_results.TestResult(
                name="sample/01", group="sample", sample=True, verdict=verdict, time=0.01, memory=5 * 1024**2
            )
        ],
    )


def test_csv_bom_for_excel(tmp_path):
    results = [
        _result(tmp_path, "Иванов Иван", "3449", Verdict.AC),
        _result(tmp_path, "Ёлкина Яна", "3449", Verdict.WA),
    ]
    report = Report(results=results)
    plain = csv_render(report)
    assert csv_render(report, bom=True) == "\ufeff" + plain
    report.csv_bom = True  # what `judge grade --csv-bom` sets
    assert csv_render(report).startswith("\ufeff") and csv_render(report, bom=False) == plain
    out = tmp_path / "out"
    write_reports(report, out, ("csv", "similarity"))
    for name in ("grades.csv", "similarity.csv"):
        data = (out / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1, name
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_bytes().decode("utf-8-sig"))))
    assert [(r["student"], r["3449"]) for r in rows] == [("Ёлкина Яна", "0 WA"), ("Иванов Иван", "100 AC")]
    assert list(csv.reader(io.StringIO((out / "similarity.csv").read_text(encoding="utf-8-sig"))))[0] == [
        "problem",
        "student_a",
        "student_b",
        "similarity",
        "submission_a",
        "submission_b",
    ]


@pytest.mark.parametrize(
    ("n", "title", "students"),
    [
        (1, "Отчёт о проверке · 1 решение", "1 студент"),
        (3, "Отчёт о проверке · 3 решения", "3 студента"),
        (5, "Отчёт о проверке · 5 решений", "5 студентов"),
        (21, "Отчёт о проверке · 21 решение", "21 студент"),
    ],
)
def test_russian_plural_forms_in_the_reports(tmp_path, n, title, students):
    results = [_result(tmp_path, f"s{i:02d}", "3449", Verdict.WA) for i in range(n)]
    from judge.reports import renderer

    with i18n.using("ru"):
        html = renderer("html")(Report(results=results))
        md = renderer("md")(Report(results=results))
    assert f"<title>{title}</title>" in html and f"{students} · 1 задача" in html
    assert '<html lang="ru">' in html
    form = "решения" if n % 10 == 1 and n % 100 != 11 else "решений"
    assert f"**Принято 0 из {n} {form}**" in md


def test_english_singular_in_the_reports(tmp_path):
    from judge.reports import renderer

    results = [_result(tmp_path, "ann", "3449", Verdict.AC)]
    with i18n.using("en"):
        html = renderer("html")(Report(results=results))
        md = renderer("md")(Report(results=results))
    assert "<title>Judge report · 1 submission</title>" in html and "1 submission · 1 student · 1 problem" in html
    assert "**1 of 1 submission accepted**" in md and '<html lang="en">' in html


# -- in a browser -----------------------------------------------------------------------


@pytest.mark.process
@pytest.mark.chromium
def test_russian_report_in_a_browser(reports):
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.skip("chromium not installed (optional): apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: pip install playwright")
    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=args)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto((reports["ru"] / "report.html").resolve().as_uri())
            assert page.evaluate("document.documentElement.lang") == "ru"
            assert page.locator("#shown").inner_text() == "Показано 5 из 5 студентов"
            page.fill("#filter-student", "smirn")
            assert page.locator("#shown").inner_text() == "Показано 1 из 5 студентов"
            page.fill("#filter-student", "нет такого")
            assert page.locator("#shown").inner_text() == "Показано 0 из 5 студентов"
            assert page.locator("#no-match").inner_text() == "Под фильтр не подходит ни один студент."
            page.fill("#filter-student", "")
            page.locator("#pairs button", has_text="сравнить рядом").first.click()
            assert "сходство" in page.locator("section.pair:visible h2").inner_text()
            page.keyboard.press("Escape")
            font = page.evaluate("getComputedStyle(document.body).fontFamily")
            assert "DejaVu Sans" in font and "Segoe UI" in font
            assert errors == []
        finally:
            browser.close()
