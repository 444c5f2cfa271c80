"""tests/conftest.py graded_once: .ci/run's second phase takes a grading of the first only
when every file it depends on is the same."""

from __future__ import annotations

from pathlib import Path

from tests import conftest
from tests.conftest import CLIResult


def test_a_stored_grading_is_taken_only_for_the_same_files(tmp_path, monkeypatch):
    store = tmp_path / "store"
    store.mkdir()
    monkeypatch.setattr(conftest, "STORED", str(store))
    graded: list[Path] = []

    def grade(out: Path) -> CLIResult:
        graded.append(out)
        out.mkdir()
        (out / "report.json").write_text("{}", encoding="utf-8")
        return CLIResult(0, f"reports: {out}", "")

    first = conftest.graded_once("class", tmp_path / "first", grade)
    again = conftest.graded_once("class", tmp_path / "again", grade)
    assert graded == [tmp_path / "first"] and again == first
    monkeypatch.setenv("JUDGE_UID_BASE", "123456")  # the other worker's uids: the same grading
    assert conftest.graded_once("class", tmp_path / "other-worker", grade) == first and len(graded) == 1
    assert (tmp_path / "again" / "report.json").read_text(encoding="utf-8") == "{}"
    monkeypatch.setenv("JUDGE_LANG", "ru")  # another setting of the judge's: graded afresh
    conftest.graded_once("class", tmp_path / "ru", grade)
    assert graded[-1] == tmp_path / "ru"
    monkeypatch.setattr(conftest, "_inputs_digest", lambda: "an edited checkout")
    conftest.graded_once("class", tmp_path / "edited", grade)
    failed = conftest.graded_once("broken", tmp_path / "broken", lambda out: CLIResult(2, "", "no"))
    assert graded[-1] == tmp_path / "edited" and failed.code == 2
    assert not any(p.name.startswith("broken") for p in store.iterdir()), "a failed grading was stored"
