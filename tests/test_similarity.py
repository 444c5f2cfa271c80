"""Similar-code detection (judge/reports/fingerprints.py) and the similarity report and settings."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from judge.core.config import load_config
from judge.core.errors import ConfigError
from judge.core.results import SubmissionResult
from judge.core.verdicts import Verdict
from judge.reports import Report, write_reports
from judge.reports.fingerprints import fingerprint, normalise, similar_pairs, similarity
from tests.conftest import SUBMISSIONS, write

# Platform-free (no sandbox, no Linux): part of the CI's portable subset (macOS, Windows).
pytestmark = pytest.mark.portable

ORIGINAL = """\
import threading

counter = 0
lock = threading.Lock()


def worker(times):
    global counter
    for _ in range(times):
        with lock:
            counter += 1


threads = [threading.Thread(target=worker, args=(1000,)) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if counter == 4000:
    print("OK", counter)
else:
    print("lost updates:", 4000 - counter)
"""

# The same program: every name changed, other literals, comments and a docstring added,
# different spacing, blank lines and quotes, two statements joined with `;`.
RENAMED = '''\
"""My own solution, honestly."""
import threading
total=0 ; mutex=threading.Lock()
def add_many( n ):
    # add n times
    global total
    for i in range( n ):
        with mutex:
            total+=1
pool=[threading.Thread( target=add_many , args=( 500 , ) ) for k in range( 8 )]
for th in pool: th.start()
for th in pool:
    th.join()   # wait
if total==4000:
    print('OK',total)
else:
    print('lost updates:',4000-total)
'''

# A different solution of the same task: a ThreadPoolExecutor and a list of results.
DIFFERENT = """\
from concurrent.futures import ThreadPoolExecutor


def count(n: int) -> int:
    local = 0
    while local < n:
        local = local + 1
    return local


with ThreadPoolExecutor(max_workers=4) as pool:
    parts = list(pool.map(count, [1000] * 4))
result = sum(parts)
print("OK" if result == 4000 else "lost updates", result)
"""


def test_renamed_and_reformatted_copy_is_flagged():
    score = similarity(fingerprint(ORIGINAL), fingerprint(RENAMED))
    assert score >= 0.8, score
    pairs = similar_pairs("p", {"ann": ORIGINAL, "bob": RENAMED, "cat": DIFFERENT})
    assert [(p.a, p.b) for p in pairs] == [("ann", "bob")]
    assert pairs[0].similarity == pytest.approx(score)
    assert {8, 9, 10} <= pairs[0].lines_a  # the loop body matched, in the original's numbering


def test_different_solutions_are_not_flagged():
    assert similarity(fingerprint(ORIGINAL), fingerprint(DIFFERENT)) < 0.5
    assert similar_pairs("p", {"ann": ORIGINAL, "cat": DIFFERENT}) == []


def test_sample_class_different_solutions_are_not_flagged():
    # 3506: three checks vs sorted sides vs sum minus max: three ways to the same answer.
    names = ["ivanov_a", "kuznetsova_e", "sokolova_o"]
    sources = {n: (SUBMISSIONS / n / "3506.py").read_text() for n in names}
    assert similar_pairs("3506", sources) == []


def test_normalisation_ignores_names_literals_comments_and_layout():
    a = normalise("x = 1  # one\ny = x + 2\nprint(y)\n")
    b = normalise('"""doc"""\nfoo=10;bar=foo+20\n\n\nprint( bar )\n')
    assert [t.text for t in a] == [t.text for t in b]
    assert [t.text for t in a][:4] == ["V", "=", "N", ";"]
    assert "print" in [t.text for t in a]  # builtins are kept
    assert "split" in [t.text for t in normalise("s.split()\n")]  # and methods of builtin types


def test_short_programs_are_not_compared_and_broken_ones_do_not_crash():
    short = "print('Python' * 100)\n"
    assert similar_pairs("3449", {"a": short, "b": short}) == []
    assert similar_pairs("3449", {"a": short, "b": short}, min_tokens=1)[0].similarity == 1.0
    broken = "if x ==\n    print('unclosed\n" + ORIGINAL[:200] + "(((\n"
    fingerprint(broken)  # no exception
    assert similar_pairs("p", {"a": broken, "b": "\0\xff"}) == []


def _result(path: Path, student: str, problem: str = "p") -> SubmissionResult:
    return SubmissionResult(
        student=student,
        problem=problem,
        submission=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        language="python",
        verdict=Verdict.AC,
        score=100,
        max_score=100,
    )


def test_similarity_csv_lists_the_flagged_pair(tmp_path):
    results = [
        _result(write(tmp_path / "s" / n / "p.py", src), n)
        for n, src in (("ann", ORIGINAL), ("bob", RENAMED), ("cat", DIFFERENT))
    ]
    changed = write(tmp_path / "s" / "dan" / "p.py", ORIGINAL)
    stale = _result(changed, "dan")
    changed.write_text(ORIGINAL + "# edited after grading\n")  # not what was graded: not read
    out = tmp_path / "out"
    write_reports(Report(results=results + [stale]), out, ("similarity",))
    rows = list(csv.DictReader(io.StringIO((out / "similarity.csv").read_text())))
    assert [(r["problem"], r["student_a"], r["student_b"]) for r in rows] == [("p", "ann", "bob")]
    assert float(rows[0]["similarity"]) >= 0.8


def test_similarity_settings_in_config_yaml(tmp_path):
    cfg = write(tmp_path / "config.yaml", "similarity: {threshold: 0.9, min_tokens: 10}\n")
    config = load_config(cfg)
    assert config.similarity_threshold == 0.9 and config.similarity_min_tokens == 10
    assert load_config(write(tmp_path / "c2.yaml", "grading: {}\n")).similarity_threshold == 0.8
    for bad, key in (
        ("similarity: {threshold: 1.5}", "similarity.threshold"),
        ("similarity: {threshold: zero}", "similarity.threshold"),
        ("similarity: {min_tokens: -1}", "similarity.min_tokens"),
        ("similarity: {treshold: 0.5}", "similarity.treshold"),
    ):
        with pytest.raises(ConfigError) as err:
            load_config(write(tmp_path / "bad.yaml", bad + "\n"))
        assert key in str(err.value)


def test_repository_config_yaml_loads():
    from tests.conftest import ROOT

    config = load_config(ROOT / "config.yaml")
    assert "html" in config.formats
    assert config.similarity_threshold == 0.8
