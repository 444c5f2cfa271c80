"""The glossary of docs/I18N.md holds: no catalog entry, statement, problem.yaml or scaffold
uses a word it retired (issue 26: «блокировка» for a Lock where the lecture says «замок»,
«чекер» beside «проверяющая программа», «а здесь» beside «получено», …)."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import PROBLEMS, ROOT

GLOSSARY = ROOT / "docs" / "I18N.md"
CATALOGS = ROOT / "judge" / "locale" / "ru"
SCAFFOLD = ROOT / "judge" / "problem" / "scaffold"


def _retired() -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """(term, stem regex, exception regex) from the glossary table's last column."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split("## Glossary", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---") or not cells[2]:
            continue
        for item in re.split(r",\s*(?![^(]*\))", cells[2]):
            m = re.fullmatch(r"(.+?)(?:\s*\(outside «(.+)»\))?", item.strip())
            assert m, item
            stem, outside = m.group(1), m.group(2)
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, stem.split())), re.IGNORECASE)
            exception = None
            if outside:  # each word of the phrase in any of its forms
                words = [re.escape(w[:-2] if len(w) > 4 else w) + r"\w*" for w in outside.split()]
                exception = re.compile(r"\s+".join(words), re.IGNORECASE)
            found.append((cells[0], pattern, exception))
    return found


RETIRED = _retired()


def _catalog_texts() -> list[tuple[str, str]]:
    import polib

    texts = []
    for path in sorted(CATALOGS.glob("*.po")):
        for entry in polib.pofile(str(path)):
            for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                texts.append((f"{path.name}: {entry.msgid[:60]!r}", text))
    return texts


def _ru(value: object) -> list[str]:
    if isinstance(value, dict):
        out = [value["ru"]] if isinstance(value.get("ru"), str) else []
        return out + [t for k, v in value.items() if k != "ru" for t in _ru(v)]
    if isinstance(value, list):
        return [t for v in value for t in _ru(v)]
    return []


def _problem_texts() -> list[tuple[str, str]]:
    texts = []
    for folder in sorted(p for p in PROBLEMS.iterdir() if (p / "problem.yaml").is_file()):
        statement = folder / "statement.md"
        if statement.is_file():  # the Russian part: before the line `---` that starts the English one
            russian = re.split(r"^---\s*$", statement.read_text(encoding="utf-8"), maxsplit=1, flags=re.M)[0]
            texts.append((str(statement.relative_to(ROOT)), russian))
        data = yaml.safe_load((folder / "problem.yaml").read_text(encoding="utf-8"))
        texts += [(f"{folder.name}/problem.yaml", t) for t in _ru(data)]
    for template in sorted(SCAFFOLD.rglob("*.tmpl")):
        texts.append((str(template.relative_to(ROOT)), template.read_text(encoding="utf-8")))
    return texts


def _uses(text: str, pattern: re.Pattern[str], exception: re.Pattern[str] | None) -> bool:
    text = " ".join(text.split())
    if exception is not None:
        text = exception.sub("", text)
    return pattern.search(text) is not None


def test_the_glossary_names_retired_words():
    terms = {term for term, _, _ in RETIRED}
    assert len(RETIRED) >= 12 and {"checker", "WA", "limit"} <= terms, RETIRED


@pytest.mark.parametrize("source", ["catalogs", "problems"])
def test_no_retired_word_is_used(source):
    texts = _catalog_texts() if source == "catalogs" else _problem_texts()
    assert len(texts) > 50
    bad = [
        f"{where}: {term}: {text[:120]!r}"
        for where, text in texts
        for term, pattern, exception in RETIRED
        if _uses(text, pattern, exception)
    ]
    assert not bad, "\n".join(bad)


def test_the_check_can_fail():
    (_, lock, outside) = next(r for r in RETIRED if r[0].startswith("lock"))
    assert _uses("ждёт блокировку 2", lock, outside)
    assert not _uses("Взаимная\n  блокировка: потоки ждут замки", lock, outside)
    (_, limit, outside) = next(r for r in RETIRED if r[0] == "limit")
    assert _uses("(предел 1 с)", limit, outside) and not _uses("за пределы папки; определение", limit, outside)
