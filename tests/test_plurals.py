"""Russian plural forms, checked against the rules rather than read by eye.

Every ngettext() call of the code and of the report template is found (with the field that
shows its count: `ngettext(s, p, n).format(field=n)`), and its Russian forms are chosen the
way judge.core.i18n chooses them — the catalog's Plural-Forms, a fraction as FRACTION_AS says
— for n = 0, 1, 2, 5, 11, 12, 21, 22, 25, 101, 111, and 1.5 where the number is written as a
decimal (`.format(field=decimal(n))`). The chosen form must agree with the rules of Russian:

- one (n % 10 == 1, n % 100 != 11): the noun after the number in the nominative (accusative)
  singular, «1 тест», «21 поток», or, after «не меньше», «из», «у», in the genitive singular,
  «не меньше 21 потока»;
- few (n % 10 in 2..4, n % 100 not in 12..14): the genitive singular, «2 теста», or after
  those words the genitive plural, «не меньше 2 потоков»;
- many (the rest): the genitive plural, «5 тестов»;
- a fraction: the genitive singular in either case, «1,5 ядра» — so a message that counts a
  fraction says it where the number is nominative or accusative (i18n.FRACTION_AS).

The noun's case is read from the words after the number, against NOUNS (a small table of
noun forms); every other word that changes between the forms must agree with the number
(AGREES: «запущен 21 поток», «запущено 5 потоков») or be a conjunction. So a form that is
wrong for 21, a heading whose word for the thing counted follows the form instead of the
number («трасса: 21 файл»), a number the message does not show («Пример» over 21 samples),
two numbers side by side («замок 1 3 раза») and a fraction in the genitive («не меньше 1,15
ядер») each fail; tests at the end show each can.

Also: no message puts a field right before a counted noun outside ngettext («{size} байт»).
"""

from __future__ import annotations

import ast
import functools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from judge.core import i18n
from tests.conftest import ROOT

PACKAGE = ROOT / "judge"
TEMPLATES = PACKAGE / "reports" / "templates"
NUMBERS = (0, 1, 2, 5, 11, 12, 21, 22, 25, 101, 111)
FRACTION = 1.5

# -- the rules ------------------------------------------------------------------------------


def category(n: float) -> str:
    """The Russian plural category of n, from the grammar (not from the catalog's formula)."""
    if not float(n).is_integer():
        return "fraction"
    n = int(n)
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


# The cases the noun after a number may take, by what governs the number and its category:
# a number in the nominative or accusative («запущен 1 поток», «требует 1 строку»), or one in
# the genitive after a word that governs it («не меньше 1 потока»).
EXPECTED = {
    "nom": {"one": {"nom_sg", "acc_sg"}, "few": {"gen_sg"}, "many": {"gen_pl"}, "fraction": {"gen_sg"}},
    "gen": {"one": {"gen_sg"}, "few": {"gen_pl"}, "many": {"gen_pl"}, "fraction": {"gen_sg"}},
}
# Words that put the number after them in the genitive: «не меньше 2 потоков», «из 21 решения»,
# «у 5 тестов», «короче 2 токенов», «больше 1 байта».
GOVERNS_GENITIVE = frozenset(
    {
        "меньше",
        "больше",
        "из",
        "у",
        "до",
        "от",
        "около",
        "короче",
        "длиннее",
        "без",
        "для",
        "сдачи",
    }  # «время сдачи 21 решения»
)


def _noun(nom_sg: str, gen_sg: str, gen_pl: str, acc_sg: str = "") -> dict[str, str]:
    return {"nom_sg": nom_sg, "gen_sg": gen_sg, "gen_pl": gen_pl, "acc_sg": acc_sg or nom_sg}


# Nouns the catalogs count. A new counted noun goes here (the test says which word it met).
NOUNS = {
    lemma[0]: _noun(*lemma)
    for lemma in (
        ("тест", "теста", "тестов"),
        ("файл", "файла", "файлов"),
        ("поток", "потока", "потоков"),
        ("процесс", "процесса", "процессов"),
        ("раз", "раза", "раз"),
        ("ядро", "ядра", "ядер"),
        ("байт", "байта", "байт"),
        ("решение", "решения", "решений"),
        ("задача", "задачи", "задач", "задачу"),
        ("строка", "строки", "строк", "строку"),
        ("запуск", "запуска", "запусков"),
        ("символ", "символа", "символов"),
        ("замечание", "замечания", "замечаний"),
        ("студент", "студента", "студентов"),
        ("токен", "токена", "токенов"),
        ("ошибка", "ошибки", "ошибок", "ошибку"),
        ("ожидание", "ожидания", "ожиданий"),
        ("удержание", "удержания", "удержаний"),
        ("замок", "замка", "замков"),
        ("секунда", "секунды", "секунд", "секунду"),
        ("ячейка", "ячейки", "ячеек", "ячейку"),
        # Not counted anywhere: here so that one that follows the form, not the number, is
        # caught («трасса: 21 файл», «21 решения взято из даты файла»).
        ("трасса", "трассы", "трасс", "трассу"),
        ("дата", "даты", "дат", "дату"),
        ("оценка", "оценки", "оценок", "оценку"),
    )
}
_FORMS: dict[str, list[tuple[str, str]]] = {}  # word -> [(lemma, case)]
for _lemma, _cases in NOUNS.items():
    for _case, _word in _cases.items():
        _FORMS.setdefault(_word, []).append((_lemma, _case))

ONE = frozenset({"one"})
MANY = frozenset({"few", "many", "fraction"})
# Words that agree with the number (verbs, participles, adjectives, an apposition): the
# categories each is right for. «Запущен 21 поток», «запущено 22 потока».
AGREES: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ["запущен", "работал", "получает", "вошла", "показана", "пропущен", "прочитан", "исходный", "ожидалась"], ONE
    ),
    **dict.fromkeys(["запущено", "работали", "получают", "вошли", "показаны", "пропущено", "прочитано"], MANY),
    **dict.fromkeys(["исходных", "должны"], MANY),
    "пустая": ONE,
    "пустые": frozenset({"few", "fraction"}),  # «2 пустые ячейки»
    "пустых": MANY,  # «5 пустых ячеек», «2 пустых ячейки»
    "должна": ONE,
    "ожидались": frozenset({"few", "fraction"}),  # «ожидались 2 строки»
    "ожидалось": frozenset({"few", "many", "fraction"}),  # «ожидалось 5 строк» (and 2)
    "показано": frozenset({"one", "few", "many", "fraction"}),  # «показано 1 ожидание» (neuter), «показано 5»
    # An apposition agrees in number with its noun: «21 строка (поток, процесс или задача)».
    **dict.fromkeys(["поток", "процесс", "задача"], ONE),
    **dict.fromkeys(["потоки", "процессы", "задачи"], MANY),
}
CONJUNCTIONS = frozenset({"и", "или"})  # «1 ожидание или удержание», «5 ожиданий и удержаний»
# Words for one thing, which the form for 1 may use but 21 shares: «здесь 21 задача, и она не
# называется …», «не записан 21 студент; его оценки …».
ONE_THING = frozenset({"он", "она", "оно", "его", "её", "ее", "ему", "ей", "него", "неё", "нему", "ней", "этот", "эта"})
# Fields that hold names, not numbers: a count may stand next to one («в {file} {n} …»).
NAMES = frozenset({"file", "files", "folder", "dest", "path", "name", "names", "lane", "holder", "student", "problem"})


# -- the messages: every ngettext call and the field that shows its count ------------------


@dataclass(frozen=True)
class Call:
    singular: str
    plural: str
    counts: tuple[str, ...]  # the fields given the number (the one a noun follows counts); (): not shown
    fraction: bool  # written as a decimal: it may be 1.5
    where: str


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_ngettext(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or len(node.args) != 3:
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return name == "ngettext" and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2])


def _format_call(node: ast.Call, parents: dict[ast.AST, ast.AST], tree: ast.AST) -> ast.Call | None:
    """The `.format(...)` applied to the ngettext() call: directly, or through the variable
    it is assigned to (possibly as one branch of `a if c else b`)."""
    up = parents.get(node)
    while isinstance(up, ast.IfExp):
        up = parents.get(up)
    if isinstance(up, ast.Attribute) and up.attr == "format" and isinstance(parents.get(up), ast.Call):
        return parents[up]  # type: ignore[return-value]
    if isinstance(up, ast.Assign) and len(up.targets) == 1 and isinstance(up.targets[0], ast.Name):
        name = up.targets[0].id
        scope = next((p for p in _ancestors(up, parents) if isinstance(p, ast.FunctionDef)), tree)
        formats = [
            call
            for call in ast.walk(scope)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "format"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == name
            and call.lineno >= up.lineno
        ]
        return min(formats, key=lambda call: call.lineno, default=None)  # the next one after it
    return None


def _ancestors(node: ast.AST, parents: dict[ast.AST, ast.AST]):
    while node in parents:
        node = parents[node]
        yield node


def _keywords(fmt: ast.Call, scope: ast.AST) -> list[tuple[str, ast.AST]]:
    """The fields `.format()` is given: name=value, and **fields of a dict literal."""
    out = []
    for kw in fmt.keywords:
        if kw.arg is not None:
            out.append((kw.arg, kw.value))
        elif isinstance(kw.value, ast.Name):
            for node in ast.walk(scope):
                if (
                    isinstance(node, ast.Assign)
                    and isinstance(node.value, ast.Dict)
                    and any(isinstance(t, ast.Name) and t.id == kw.value.id for t in node.targets)
                ):
                    for key, value in zip(node.value.keys, node.value.values):
                        if isinstance(key, ast.Constant) and isinstance(key.value, str):
                            out.append((key.value, value))
    return out


def _count_fields(n: ast.AST, fmt: ast.Call | None, scope: ast.AST) -> tuple[tuple[str, ...], bool]:
    if fmt is None:
        return (), False
    want = ast.dump(n)
    found: list[str] = []
    fraction = False
    for name, value in _keywords(fmt, scope):
        if ast.dump(value) == want:
            found.append(name)
        elif isinstance(value, ast.Call) and value.args and ast.dump(value.args[0]) == want:
            found.append(name)
            func = value.func.id if isinstance(value.func, ast.Name) else getattr(value.func, "attr", "")
            fraction = fraction or func == "decimal"
    return tuple(found), fraction


def code_calls(package: Path = PACKAGE) -> list[Call]:
    calls = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if _is_ngettext(node):
                assert isinstance(node, ast.Call)
                singular, plural = (a.value for a in node.args[:2])  # type: ignore[attr-defined]
                scope = next((p for p in _ancestors(node, parents) if isinstance(p, ast.FunctionDef)), tree)
                counts, fraction = _count_fields(node.args[2], _format_call(node, parents, tree), scope)
                where = f"{path.relative_to(package.parent)}:{node.lineno}"
                calls.append(Call(singular, plural, counts, fraction, where))
    return calls


_TEMPLATE_CALL = re.compile(r'ngettext\("([^"]*)", "([^"]*)", ([^()]*?)\)(?:\.format\(([^()]*)\))?')


def template_calls(folder: Path = TEMPLATES) -> list[Call]:
    calls = []
    for path in sorted(folder.glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        for m in _TEMPLATE_CALL.finditer(text):
            n = m.group(3).strip()
            fields = dict(
                (part.split("=", 1)[0].strip(), part.split("=", 1)[1].strip())
                for part in (m.group(4) or "").split(",")
                if "=" in part
            )
            counts = tuple(name for name, value in fields.items() if value == n)
            line = text.count("\n", 0, m.start()) + 1
            calls.append(Call(m.group(1), m.group(2), counts, False, f"{path.relative_to(ROOT)}:{line}"))
    return calls


def catalog_forms(lang: str = "ru") -> dict[str, list[str]]:
    """msgid -> its plural forms, over every judge/locale/<lang>/*.po."""
    forms = {}
    for path in sorted((i18n.LOCALE_DIR / lang).glob("*.po")):
        for entry in polib.pofile(str(path), encoding="utf-8"):
            if entry.msgid_plural and not entry.obsolete:
                forms[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return forms


def form_index(n: float, lang: str = "ru") -> int:
    """Which form judge.core.i18n.ngettext shows for n (the catalog's Plural-Forms)."""
    count = int(n) if float(n).is_integer() else i18n.FRACTION_AS[lang]
    return i18n.translations(lang).plural(count)  # type: ignore[attr-defined]


# -- the check ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\{\w+\}|[^\W\d_]+(?:-[^\W\d_]+)*")


def _tokens(text: str) -> list[str]:
    return [t if t.startswith("{") else t.lower() for t in _TOKEN.findall(text)]


def _counted(tokens: list[str], field: str) -> tuple[list[tuple[int, str]], set[int]]:
    """The nouns counted after `{field}` (a noun, coordinated ones after «и»/«или», each
    maybe after agreeing adjectives; a genitive noun after one is its complement:
    «удержание замка»): [(position, word)], and every position the phrase covers."""
    try:
        i = tokens.index("{" + field + "}") + 1
    except ValueError:
        return [], set()
    nouns: list[tuple[int, str]] = []
    covered: set[int] = set()
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j] in AGREES and tokens[j] not in _FORMS:
            j += 1  # adjectives: «исходных файла»
        if j >= len(tokens) or tokens[j] not in _FORMS:
            break
        covered.update(range(i, j + 1))
        nouns.append((j, tokens[j]))
        i = j + 1
        if i < len(tokens) and tokens[i] in _FORMS and any(case.startswith("gen") for _l, case in _FORMS[tokens[i]]):
            covered.add(i)  # its genitive complement: its own number is what it means
            i += 1
        if i < len(tokens) and tokens[i] in CONJUNCTIONS:
            covered.add(i)
            i += 1
            continue
        break
    return nouns, covered


def _count_of(call: Call, forms: list[str]) -> str | None:
    """The field that shows the count: of those given the number, the one a noun follows."""
    for field in call.counts:
        if any(_counted(_tokens(form), field)[0] for form in forms):
            return field
    return call.counts[0] if call.counts else None


def problems(call: Call, forms: list[str]) -> list[str]:
    """What is wrong with a message's Russian forms ([] when nothing): see the module doc.
    One line per wrong word, for the first number it is wrong for."""
    where = f"{call.where}: {call.singular!r}"
    count = _count_of(call, forms)
    if count is None:
        return [
            f"{where}: chooses a plural form by a number it does not show; Russian's 'one' form "
            "is also 21's (write the number, or choose the text with `n == 1`)"
        ]
    out: list[str] = []
    field = "{" + count + "}"
    for i, form in enumerate(forms):
        if field not in form:
            out.append(f"{where}: form {i} does not show the number {field}: {form!r}")
        for m in re.finditer(r"\{(\w+)\}\s+" + re.escape(field) + "|" + re.escape(field) + r"\s+\{(\w+)\}", form):
            if (m.group(1) or m.group(2)) not in NAMES:
                out.append(f"{where}: form {i} puts two numbers side by side: {form!r}")
    if out:
        return out
    tokens = [_tokens(f) for f in forms]
    common = set.intersection(*(set(t) for t in tokens))
    nouns_one, _covered = _counted(tokens[form_index(1)], count)
    wrong: dict[str, str] = {}  # the word -> what is wrong, for the first number it is wrong for
    for n in [*NUMBERS, FRACTION] if call.fraction else NUMBERS:
        cat = category(n)
        index = form_index(n)
        words = tokens[index]
        nouns, covered = _counted(words, count)
        shown = f"{where}: for {n} ({cat}) the form {forms[index]!r}"
        after = words[words.index(field) + 1] if words.index(field) + 1 < len(words) else ""
        if after and after not in common and after not in _FORMS and after not in AGREES:
            wrong.setdefault(after, f"{shown}: «{after}» after the number changes with the form: add it to NOUNS")
        if nouns:
            if len(nouns) != len(nouns_one):
                wrong.setdefault(f"#{index}", f"{shown} counts other nouns than the form for 1")
            before = words[words.index(field) - 1] if words.index(field) else ""
            context = "gen" if before in GOVERNS_GENITIVE else "nom"
            want = EXPECTED[context][cat]
            for _pos, word in nouns:
                if not any(case in want for _l, case in _FORMS[word]):
                    lemma = _FORMS[word][0][0]
                    right = " or ".join(f"«{NOUNS[lemma][case]}» ({case})" for case in sorted(want))
                    after_word = (
                        ""
                        if context == "gen"
                        else " (a word before the number that governs the genitive goes in GOVERNS_GENITIVE)"
                    )
                    wrong.setdefault(word, f"{shown}: «{word}» should be {right}{after_word}")
        for pos, word in enumerate(words):
            if word.startswith("{") or pos in covered or word in common:  # the same in every form: not about n
                continue
            if word in AGREES:
                if cat not in AGREES[word]:
                    wrong.setdefault(word, f"{shown}: «{word}» does not agree with {cat}")
            elif word in ONE_THING and n != 1:
                wrong.setdefault(word, f"{shown}: «{word}» speaks of one thing")
            elif word in _FORMS:
                wrong.setdefault(
                    word,
                    f"{shown}: «{word}» changes with the form but neither is the counted noun nor agrees with "
                    "the number (say it the same way in every form, or put it in AGREES if it agrees)",
                )
    return out + list(wrong.values())


@functools.cache
def all_calls() -> tuple[Call, ...]:
    return (*code_calls(), *template_calls())


# -- the tests ------------------------------------------------------------------------------


def test_every_ngettext_message_is_found_with_its_count():
    calls = all_calls()
    forms = catalog_forms()
    assert len(calls) > 40 and any(c.where.startswith("judge/reports/templates/") for c in calls)
    missing = sorted({c.singular for c in calls} - set(forms))
    assert not missing, f"ngettext messages with no Russian plural entry: {missing}"
    assert any(c.fraction for c in calls), "no message counts a fraction: the 1.5 case is never tried"


def test_every_russian_plural_form_agrees_with_the_rules():
    forms = catalog_forms()
    found = [p for call in all_calls() if call.singular in forms for p in problems(call, forms[call.singular])]
    assert not found, "\n".join(found)


def test_ngettext_shows_the_form_the_rules_were_checked_on():
    """The forms the check chose (form_index) are what judge.core.i18n.ngettext shows,
    fractions included."""
    forms = catalog_forms()
    with i18n.using("ru"):
        for call in all_calls():
            for n in [*NUMBERS, FRACTION]:
                assert i18n.ngettext(call.singular, call.plural, n) == forms[call.singular][form_index(n)], call
    assert i18n.ngettext("{n} core", "{n} cores", 1.5) == "{n} cores"  # English: a fraction is plural


def test_the_russian_plural_formula_is_the_grammars():
    for n in [*range(0, 230), 1001, 1011, 1021]:
        assert form_index(n) == {"one": 0, "few": 1, "many": 2}[category(n)], n


def test_no_count_before_a_noun_outside_ngettext():
    """«{size} байт» in a message without plural forms is wrong for 2 or 21: such a message
    goes through ngettext. Listed here: a number always written with decimals (it takes the
    genitive singular whatever it is, «1,00 ядра»), and a field that is no count."""
    not_counts = {
        # cores=decimal(cores_wanted, 2): always two decimals, a fraction: «1,00 ядра», «5,00 ядра»
        "not parallel: the program kept {cores} cores busy on average (CPU time / wall time = {ratio}), "
        "expected at least {wanted} (the work must run on several cores at once; threads cannot because of the GIL)",
        # a line number: «строке 3 файла ответа», the line of the answer file
        "Wrong answer on line {user} of output (corresponding to line {judge} in answer file)\n{detail}",
    }
    found = []
    for path in sorted((i18n.LOCALE_DIR / "ru").glob("*.po")):
        for entry in polib.pofile(str(path), encoding="utf-8"):
            if entry.msgid_plural or entry.obsolete or entry.msgid in not_counts:
                continue
            for m in re.finditer(r"(\{\w+\})\s+([^\W\d_]+)", entry.msgstr):
                if m.group(2).lower() in _FORMS:
                    found.append(f"{path.name}: {entry.msgid!r}: «{m.group(0)}»")
    assert not found, "a count before a noun, without plural forms:\n" + "\n".join(found)


# A lane of a timeline is a thread or a process (masculine) or an asyncio task (feminine):
# a sentence whose subject is one must not mark a gender («…, которую сам же и удерживает»).
LANE_FIELDS = ("{lane}", "{holder}", "{first}", "{second}", "{thread}", "{other}")
GENDERED = re.compile(
    r"\b(?:сам|сама|само|самого|самой|он|она|ждал|ждала|держал|держала|удерживал|удерживала|запущен|запущена)\b",
    re.IGNORECASE,
)


def gendered(msgstr: str) -> list[str]:
    """Words that say the lane's gender, in a sentence about a lane ([] when none)."""
    if not any(field in msgstr for field in LANE_FIELDS):
        return []
    return GENDERED.findall(msgstr)


def test_sentences_about_a_lane_name_no_gender():
    found = [
        f"{entry.msgid!r}: {words} in {entry.msgstr!r}"
        for path in sorted((i18n.LOCALE_DIR / "ru").glob("*.po"))
        for entry in polib.pofile(str(path), encoding="utf-8")
        if (words := gendered(entry.msgstr))
    ]
    assert not found, "\n".join(found)
    assert gendered("{lane} ждёт замок {wanted}, который сам же и держит.") == ["сам"]  # the check can fail


# -- the check can fail ---------------------------------------------------------------------


def _one(singular: str, count: str | None = "n", fraction: bool = False) -> Call:
    return Call(singular, singular + "s", (count,) if count else (), fraction, "test")


@pytest.mark.parametrize(
    "call, forms, complaint",
    [
        # a form swapped: «2 тестов», «5 теста»
        (_one("{n} test"), ["{n} тест", "{n} тестов", "{n} теста"], "should be «теста»"),
        # the one-form wrong for 21: «21 теста»
        (_one("{n} test"), ["{n} теста", "{n} теста", "{n} тестов"], "«теста» should be «тест»"),
        # a genitive context with the plural's form for few: «не меньше 2 потока»
        (
            _one("at least {n} thread"),
            ["не меньше {n} потока", "не меньше {n} потока", "не меньше {n} потоков"],
            "should be «потоков»",
        ),
        # a fraction in the genitive: «не меньше 1,5 ядер»
        (
            _one("at least {n} core", fraction=True),
            ["не меньше {n} ядра", "не меньше {n} ядер", "не меньше {n} ядер"],
            "for 1.5 (fraction) the form 'не меньше {n} ядер': «ядер» should be «ядра»",
        ),
        # a heading that follows the form, not the number: «трасса: 21 файл»
        (_one("trace: {n} file"), ["трасса: {n} файл", "трассы: {n} файла", "трассы: {n} файлов"], "«трасса»"),
        # a verb that does not agree: «запущено 21 поток»
        (_one("{n} thread started"), ["запущено {n} поток", "запущен {n} потока", "запущено {n} потоков"], "agree"),
        # two numbers side by side: «замок 1 3 раза»
        (
            _one("holding lock {n} {count} time", count="count"),
            ["держит замок {n} {count} раз", "держит замок {n} {count} раза", "держит замок {n} {count} раз"],
            "side by side",
        ),
        # no number shown: «Пример» over 21 samples
        (_one("Sample test", count=None), ["Пример", "Примеры", "Примеры"], "does not show"),
        # an unknown counted noun is not passed over: the table must know it
        (_one("{n} apple"), ["{n} яблоко", "{n} яблока", "{n} яблок"], "add it to NOUNS"),
        # a pronoun for one thing over 21: «здесь 21 задача, и она не называется»
        (
            _one("{n} problem and it is not named"),
            [
                "{n} задача, и она не называется",
                "{n} задачи, и ни одна не называется",
                "{n} задач, и ни одна не называется",
            ],
            "«она» speaks of one thing",
        ),
    ],
)
def test_a_wrong_form_fails(call, forms, complaint):
    found = problems(call, forms)
    assert any(complaint in p for p in found), found


def test_a_wrong_form_in_the_catalog_fails(tmp_path, monkeypatch):
    """The catalog test itself fails when a .po file holds a wrong form («2 тестов»)."""
    shutil.copytree(i18n.LOCALE_DIR / "ru", tmp_path / "ru")
    po = tmp_path / "ru" / "commands.po"
    text = po.read_text(encoding="utf-8")
    right = 'msgstr[1] "{n} теста: {about}"'
    assert right in text
    po.write_text(text.replace(right, 'msgstr[1] "{n} тестов: {about}"'), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    with pytest.raises(AssertionError, match="«тестов» should be «теста»"):
        test_every_russian_plural_form_agrees_with_the_rules()


def test_a_right_message_passes():
    assert problems(_one("{n} test"), ["{n} тест", "{n} теста", "{n} тестов"]) == []
    threads = ["не меньше {n} потока", "не меньше {n} потоков", "не меньше {n} потоков"]
    assert problems(_one("at least {n} thread"), threads) == []
    started = ["запущен {n} поток", "запущено {n} потока", "запущено {n} потоков"]
    assert problems(_one("{n} thread started"), started) == []
    core = _one("{n} core or more", fraction=True)
    assert problems(core, ["{n} ядро или больше", "{n} ядра или больше", "{n} ядер или больше"]) == []


def test_the_call_finder_reads_the_counted_field(tmp_path):
    """The field that shows the count is found through a variable and a conditional too; a
    message that shows no count is found as one."""
    pkg = tmp_path / "judge"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "def f(n, x, c):\n"
        "    a = ngettext('{n} a', '{n} as', n).format(n=n)\n"
        "    t = ngettext('{k} b', '{k} bs', x) if c else ngettext('{k} c', '{k} cs', x)\n"
        "    t.format(k=x)\n"
        "    d = ngettext('{v} d', '{v} ds', x).format(v=decimal(x))\n"
        "    return ngettext('E', 'Es', n)\n",
        encoding="utf-8",
    )
    found = {c.singular: (c.counts, c.fraction) for c in code_calls(pkg)}
    assert found == {
        "{n} a": (("n",), False),
        "{k} b": (("k",), False),
        "{k} c": (("k",), False),
        "{v} d": (("v",), True),
        "E": ((), False),
    }
