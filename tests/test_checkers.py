"""The built-in checkers: verdicts, messages, option validation and canonical() consistency."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judge.checkers import REGISTRY, CheckCase, Checker, CheckResult, make_checker
from judge.checkers.tokens import parse_float, shorten
from judge.core.errors import ConfigError
from judge.core.verdicts import Verdict

# Platform-free (no sandbox, no Linux): part of the CI's portable subset (macOS, Windows).
pytestmark = pytest.mark.portable

AC, WA, PE, IE = Verdict.AC, Verdict.WA, Verdict.PE, Verdict.IE

Check = Callable[..., CheckResult]


@pytest.fixture
def check(tmp_path: Path) -> Check:
    """check(checker_name, output, answer, options) -> CheckResult, through real files."""
    counter = iter(range(1_000_000))

    def run(name: str, output: bytes | str, answer: bytes | str, options: dict[str, Any] | None = None) -> CheckResult:
        n = next(counter)
        input_path, answer_path = tmp_path / f"{n}.in", tmp_path / f"{n}.ans"
        input_path.write_bytes(b"")
        answer_path.write_bytes(answer.encode() if isinstance(answer, str) else answer)
        data = output.encode() if isinstance(output, str) else output
        checker = make_checker(name, options or {})
        return checker.check(CheckCase(input_path, answer_path, data))

    return run


def config_error(name: str, options: dict[str, Any]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        make_checker(name, options, source="problem.yaml")
    return caught.value


# --- every checker -------------------------------------------------------------------------

BUILTIN_OPTIONS: dict[str, dict[str, Any]] = {
    "tokens": {},
    "exact": {},
    "lines": {},
    "unordered": {},
    "regex": {"pattern": r"\d+"},
    "interleave": {"key": r"T(\d+):"},
    "multiset": {"pattern": r"item (\d+)"},
}


def test_every_registered_checker_is_covered() -> None:
    assert set(REGISTRY) == set(BUILTIN_OPTIONS) | {"external"}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_unknown_option_is_rejected(name: str) -> None:
    error = config_error(name, {"colour": "blue"})
    assert error.key == "checker.colour"
    assert error.file == "problem.yaml"
    assert name in str(error)


JUNK: list[bytes] = [
    b"",
    b"\n\n\n",
    b"\x00" * 10,
    bytes(range(256)),
    b"\xff\xfe" * 5000,
    b"x" * 2_000_000,  # one huge line
    b"1 " * 200_000,  # many tokens
    b"\xed\xa0\x80 \xc3 \xf0\x9f\x9a",  # broken UTF-8
    random.Random(7).randbytes(50_000),
]


@pytest.mark.parametrize("name", sorted(BUILTIN_OPTIONS))
@pytest.mark.parametrize("junk", JUNK, ids=lambda b: f"{len(b)}b")
def test_no_output_bytes_crash_a_checker(check: Check, name: str, junk: bytes) -> None:
    answer = {"interleave": "T1: a\nT2: b\n", "multiset": "item 1\nitem 2\n"}.get(name, "1 2\n")
    result = check(name, junk, answer, BUILTIN_OPTIONS[name])
    assert result.verdict in (AC, WA, PE)
    assert isinstance(result.message, str)
    assert len(result.message) < 2000


# (regex, interleave and multiset answers are patterns or must have a given form.)
@pytest.mark.parametrize("name", ["tokens", "exact", "lines", "unordered"])
def test_junk_answer_against_itself_is_accepted(check: Check, name: str) -> None:
    data = random.Random(3).randbytes(5000)
    assert check(name, data, data, BUILTIN_OPTIONS[name]).verdict == AC


# --- tokens ----------------------------------------------------------------------------------


def test_tokens_ignores_whitespace_layout(check: Check) -> None:
    assert check("tokens", "1  2\n3\r\n", "1 2 3").verdict == AC
    assert check("tokens", "\n\t1\x0b2\x0c3", "1 2 3\n\n").verdict == AC


def test_tokens_is_case_sensitive_by_default(check: Check) -> None:
    result = check("tokens", "hello\n", "Hello\n")
    assert result.verdict == WA
    assert result.message == (
        "Wrong answer on line 1 of output (corresponding to line 1 in "
        'answer file)\nString tokens mismatch\nJudge: "Hello"\nUser: "hello"'
    )
    assert check("tokens", "hello\n", "Hello\n", {"case_sensitive": False}).verdict == AC


def test_tokens_case_folding_is_ascii_only(check: Check) -> None:
    # strcasecmp in the C locale: É and é are different bytes, not case variants.
    assert check("tokens", "é", "É", {"case_sensitive": False}).verdict == WA


def test_tokens_wrong_token_names_both_lines(check: Check) -> None:
    result = check("tokens", "1\n2\n\n4\n", "1 2\n3\n")
    assert result.verdict == WA
    assert result.message.startswith("Wrong answer on line 4 of output (corresponding to line 2 in answer file)")


def test_tokens_trailing_output_is_wrong(check: Check) -> None:
    result = check("tokens", "1 2 3\n", "1 2\n")
    assert result.verdict == WA
    assert "Trailing output:\n3" in result.message


def test_tokens_early_end_of_output_is_wrong(check: Check) -> None:
    result = check("tokens", "1\n", "1 2\n")
    assert result.verdict == WA
    assert "User EOF while judge had more output\n(Next judge token: 2)" in result.message
    assert "user output was empty" in check("tokens", "", "1").message
    assert "only whitespace" in check("tokens", " \n", "1").message


def test_tokens_empty_answer_accepts_only_whitespace(check: Check) -> None:
    assert check("tokens", "\n \n", "").verdict == AC
    assert check("tokens", "x", "").verdict == WA


def test_tokens_long_tokens_are_cut_in_messages(check: Check) -> None:
    result = check("tokens", "b" * 10_000, "a" * 10_000)
    assert result.verdict == WA
    assert len(result.message) < 200
    assert "..." in result.message


def test_shorten_does_not_split_a_utf8_character() -> None:
    rocket = "🚀".encode()
    cut = shorten(b"ab" + rocket * 20)
    assert cut.endswith(b"...")
    cut[:-3].decode("utf-8")  # no UnicodeDecodeError: the cut is at a character boundary
    assert shorten(b"short") == b"short"


@pytest.mark.parametrize(
    "token, value",
    [
        (b"1", 1.0),
        (b"-2.5", -2.5),
        (b"+.5", 0.5),
        (b"5.", 5.0),
        (b"1e3", 1000.0),
        (b"1E-3", 0.001),
        (b"0x10", 16.0),
        (b"0x1.8p1", 3.0),
        (b"1e-400", 0.0),
    ],
)
def test_parse_float_accepts_what_strtod_parses_whole(token: bytes, value: float) -> None:
    assert parse_float(token) == value


@pytest.mark.parametrize(
    "token",
    [
        b"inf",
        b"-inf",
        b"nan",
        b"infinity",
        b"1e999",
        b"1e",
        b"1e+",
        b"abc",
        b"1.5x",
        b"1_0",
        b"",
        b".",
        b"0x",
        b"0x1p",
        b"1,5",
        b"--1",
        b"\xff",
    ],
)
def test_parse_float_rejects_the_rest(token: bytes) -> None:
    assert parse_float(token) is None


def test_tokens_float_tolerance(check: Check) -> None:
    opts = {"float_tolerance": 1e-6}
    assert check("tokens", "3.1415926", "3.14159265", opts).verdict == AC
    assert check("tokens", "0.31415926e1", "3.14159265", opts).verdict == AC
    result = check("tokens", "3.1416", "3.14159265", opts)
    assert result.verdict == WA
    assert "Too large difference." in result.message
    # Words are still words: compared as strings (case-sensitively here).
    assert check("tokens", "pi 1.0", "pi 1", opts).verdict == AC
    assert check("tokens", "PI 1.0", "pi 1", opts).verdict == WA


def test_tokens_float_needs_a_float_from_the_user(check: Check) -> None:
    result = check("tokens", "one", "1", {"float_absolute_tolerance": 0.5})
    assert result.verdict == WA
    assert "Expected float, got: one" in result.message


def test_tokens_relative_tolerance_scales_with_the_judge_value(check: Check) -> None:
    opts = {"float_relative_tolerance": 0.01}
    assert check("tokens", "1005", "1000", opts).verdict == AC
    assert check("tokens", "1011", "1000", opts).verdict == WA
    assert check("tokens", "0.001", "0", opts).verdict == WA  # relative to 0: nothing is close


def test_tokens_specific_tolerance_wins_over_float_tolerance(check: Check) -> None:
    opts = {"float_tolerance": 0.5, "float_absolute_tolerance": 0.01, "float_relative_tolerance": 0.01}
    assert check("tokens", "1.4", "1", opts).verdict == WA
    assert check("tokens", "1.4", "1", {"float_tolerance": 0.5}).verdict == AC


def test_tokens_tolerance_may_be_a_yaml_string(check: Check) -> None:
    # PyYAML reads `float_tolerance: 1e-6` (no dot) as the string '1e-6'.
    assert check("tokens", "1.0000001", "1", {"float_tolerance": "1e-6"}).verdict == AC


def test_tokens_judge_inf_is_compared_as_a_string(check: Check) -> None:
    opts = {"float_tolerance": 0.5}
    assert check("tokens", "inf", "inf", opts).verdict == AC
    assert check("tokens", "0", "inf", opts).verdict == WA
    assert check("tokens", "inf", "1", opts).verdict == WA


def test_tokens_space_change_sensitive_compares_whitespace_bytes(check: Check) -> None:
    opts = {"space_change_sensitive": True}
    assert check("tokens", "1 2\n", "1 2\n", opts).verdict == AC
    assert check("tokens", "1  2\n", "1 2\n", opts).verdict == WA
    assert check("tokens", "1 2", "1 2\n", opts).verdict == WA  # missing final newline
    assert check("tokens", "1 2\n\n", "1 2\n", opts).verdict == WA  # extra blank line
    assert check("tokens", " 1 2\n", "1 2\n", opts).verdict == WA  # leading space
    assert check("tokens", "1 2\r\n", "1 2\n", opts).verdict == WA
    result = check("tokens", "1\n2\n", "1\n 2\n", opts)
    assert result.message.endswith("Space change error: got 50 expected 32")


@pytest.mark.parametrize(
    "key, value",
    [
        ("case_sensitive", "yes"),
        ("case_sensitive", 1),
        ("space_change_sensitive", None),
        ("float_tolerance", -1),
        ("float_tolerance", "small"),
        ("float_tolerance", True),
        ("float_absolute_tolerance", float("nan")),
        ("float_relative_tolerance", [1]),
    ],
)
def test_tokens_bad_options_name_the_key(key: str, value: Any) -> None:
    error = config_error("tokens", {key: value})
    assert error.key == f"checker.{key}"
    assert repr(value) in str(error)


# --- exact -----------------------------------------------------------------------------------


def test_exact(check: Check) -> None:
    assert check("exact", "1 2\n", "1 2\n").verdict == AC
    assert check("exact", "1  2\n", "1 2\n").verdict == PE
    assert check("exact", "1 3\n", "1 2\n").verdict == WA
    assert check("exact", "", "").verdict == AC


def test_exact_shows_invisible_differences(check: Check) -> None:
    result = check("exact", "5", "5\n")
    assert result.verdict == PE
    assert r"expected '5\n', got '5'" in result.message
    assert r"'5\r\n'" in check("exact", "5\r\n", "5\n").message


# --- lines -----------------------------------------------------------------------------------


def test_lines_forgives_trailing_spaces_and_blank_lines(check: Check) -> None:
    assert check("lines", "a b  \t\r\nc\n\n\n", "a b\nc").verdict == AC
    assert check("lines", "", "\n\n").verdict == AC


def test_lines_layout_difference_is_presentation_error(check: Check) -> None:
    result = check("lines", "a\nb\n", "a b\n")
    assert result.verdict == PE
    assert "line 1" in result.message
    assert check("lines", " a b\n", "a b\n").verdict == PE  # leading space counts
    assert check("lines", "a\n\nb\n", "a\nb\n").verdict == PE  # an inner blank line counts


def test_lines_wrong_answer_names_the_line(check: Check) -> None:
    result = check("lines", "1\n2\n4\n", "1\n2\n3\n")
    assert result.verdict == WA
    assert result.message == "line 3: expected '3', got '4'"
    assert check("lines", "1\n", "1\n2\n").message == "line 2: expected '2', but the output ended"
    assert "unexpected extra output '2'" in check("lines", "1\n2\n", "1\n").message


def test_lines_message_cuts_long_lines(check: Check) -> None:
    result = check("lines", "x" * 5000, "y" * 5000)
    assert result.verdict == WA
    assert len(result.message) < 200


# --- unordered -------------------------------------------------------------------------------


def test_unordered(check: Check) -> None:
    assert check("unordered", "b\na \n\nc\n", "a\nb\nc\n").verdict == AC
    assert check("unordered", "a\na\nb\n", "a\nb\na").verdict == AC
    assert check("unordered", "a\nb\n", "a\nb\nc\n").message == "missing line 'c'"
    assert check("unordered", "a\nb\nd\nc\n", "a\nb\nc\n").message == "unexpected line 'd'"
    assert check("unordered", "a\na\nb\n", "a\nb\n").message == "line 'a' appears twice, expected once"
    assert check("unordered", "a\nb\n", "a\nb\na\n").message == "line 'a' appears once, expected twice"


# --- regex -----------------------------------------------------------------------------------


def test_regex_pattern_option(check: Check) -> None:
    opts = {"pattern": r"(?:Python\n){3}"}
    assert check("regex", "Python\n" * 3, "", opts).verdict == AC
    assert check("regex", "Python\n" * 2, "", opts).verdict == WA


def test_regex_accepts_the_final_newline_print_writes(check: Check) -> None:
    assert check("regex", "42\n", "", {"pattern": r"\d+"}).verdict == AC
    assert check("regex", "42 \r\n\n", "", {"pattern": r"\d+"}).verdict == AC
    assert check("regex", " 42\n", "", {"pattern": r"\d+"}).verdict == WA


def test_regex_pattern_from_the_answer_file(check: Check) -> None:
    assert check("regex", "YES\n", "(?i)yes\n").verdict == AC
    result = check("regex", "no\n", "(?i)yes\n")
    assert result.verdict == WA
    assert "'no" in result.message
    assert check("regex", "", "x").message == "the output is empty"


def test_regex_invalid_pattern_in_the_answer_file_is_internal_error(check: Check) -> None:
    result = check("regex", "anything", "(unclosed")
    assert result.verdict == IE
    assert "regular expression" in result.message


@pytest.mark.parametrize("value", ["(unclosed", "", 42, ["a"]])
def test_regex_bad_pattern_option(value: Any) -> None:
    assert config_error("regex", {"pattern": value}).key == "checker.pattern"


def test_regex_binary_output_is_decoded_leniently(check: Check) -> None:
    assert check("regex", b"\xff\xfe", "", {"pattern": ".."}).verdict == AC


# --- interleave ------------------------------------------------------------------------------

THREADS = {"key": r"Thread (?P<thread>\d+):", "first": ["START"], "last": ["END"]}
SEQUENTIAL = "START\n" + "".join(f"Thread {t}: {i}\n" for t in (1, 2, 3) for i in range(4, 9)) + "END\n"


def interleaved(order: list[int]) -> str:
    """START, the threads' lines in `order` (each thread counting up from 4), END."""
    counters = {t: 4 for t in set(order)}
    lines = ["START"]
    for t in order:
        lines.append(f"Thread {t}: {counters[t]}")
        counters[t] += 1
    return "\n".join(lines + ["END"]) + "\n"


def test_interleave_accepts_any_interleaving(check: Check) -> None:
    order = [1, 2, 3] * 5
    assert check("interleave", interleaved(order), SEQUENTIAL, THREADS).verdict == AC
    assert check("interleave", SEQUENTIAL, SEQUENTIAL, THREADS).verdict == AC
    messy = interleaved([3, 3, 1, 2, 1, 1, 2, 3, 2, 2, 3, 1, 3, 2, 1]).replace("\n", "  \n\n")
    assert check("interleave", messy, SEQUENTIAL, THREADS).verdict == AC


def test_interleave_order_within_a_group(check: Check) -> None:
    output = SEQUENTIAL.replace("Thread 2: 6\nThread 2: 7", "Thread 2: 7\nThread 2: 6")
    result = check("interleave", output, SEQUENTIAL, THREADS)
    assert result.verdict == WA
    assert result.message == "thread 2: line 'Thread 2: 7' came before 'Thread 2: 6'"


def test_interleave_missing_lines(check: Check) -> None:
    output = "".join(line + "\n" for line in SEQUENTIAL.splitlines() if line not in ("Thread 3: 7", "Thread 3: 8"))
    result = check("interleave", output, SEQUENTIAL, THREADS)
    assert result.verdict == WA
    assert result.message == "thread 3: expected 5 lines, got 3 (missing 'Thread 3: 7')"


def test_interleave_extra_and_wrong_lines(check: Check) -> None:
    extra = SEQUENTIAL.replace("END", "Thread 1: 9\nEND")
    assert (
        check("interleave", extra, SEQUENTIAL, THREADS).message
        == "thread 1: expected 5 lines, got 6 (extra 'Thread 1: 9')"
    )
    wrong = SEQUENTIAL.replace("Thread 1: 5", "Thread 1: five")
    assert (
        check("interleave", wrong, SEQUENTIAL, THREADS).message
        == "thread 1: expected 'Thread 1: 5', got 'Thread 1: five'"
    )
    repeated = SEQUENTIAL.replace("Thread 1: 5", "Thread 1: 4")
    assert "is repeated" in check("interleave", repeated, SEQUENTIAL, THREADS).message


def test_interleave_fixed_lines(check: Check) -> None:
    no_end = SEQUENTIAL.replace("END\n", "")
    assert (
        check("interleave", no_end, SEQUENTIAL, THREADS).message
        == "'END' must be the last line (line 16 is 'Thread 3: 8')"
    )
    late_end = SEQUENTIAL.replace("END\n", "").replace("Thread 3: 8", "END\nThread 3: 8")
    assert check("interleave", late_end, SEQUENTIAL, THREADS).message.startswith("'END' must be the last line")
    no_start = SEQUENTIAL.replace("START\n", "")
    assert (
        check("interleave", no_start, SEQUENTIAL, THREADS).message
        == "'START' must be the first line (line 1 is 'Thread 1: 4')"
    )
    assert "output ended" in check("interleave", "", SEQUENTIAL, THREADS).message


def test_interleave_lines_outside_every_group(check: Check) -> None:
    stray = SEQUENTIAL.replace("Thread 2: 4\n", "Thread 2: 4\nhello\n")
    assert check("interleave", stray, SEQUENTIAL, THREADS).message == "line 8: unexpected line 'hello'"
    unknown = SEQUENTIAL.replace("END", "Thread 9: 1\nEND")
    assert (
        check("interleave", unknown, SEQUENTIAL, THREADS).message
        == "line 17: unexpected line 'Thread 9: 1' (there is no thread 9)"
    )


def test_interleave_without_fixed_lines_and_unnamed_group(check: Check) -> None:
    opts = {"key": r"T(\d+)"}
    answer = "T1 a\nT1 b\nT2 a\n"
    assert check("interleave", "T2 a\nT1 a\nT1 b\n", answer, opts).verdict == AC
    assert check("interleave", "T1 b\nT1 a\nT2 a\n", answer, opts).message == "group 1: line 'T1 b' came before 'T1 a'"


def test_interleave_prefix_mode(check: Check) -> None:
    opts = {**THREADS, "mode": "prefix"}
    partial = "START\nThread 2: 4\nThread 1: 4\nThread 1: 5\nEND\n"
    assert check("interleave", partial, SEQUENTIAL, opts).verdict == AC
    assert check("interleave", "START\nEND\n", SEQUENTIAL, opts).verdict == AC
    skipped = "START\nThread 1: 4\nThread 1: 6\nEND\n"
    assert check("interleave", skipped, SEQUENTIAL, opts).verdict == WA
    strict = {**opts, "min_lines": {1: 2, "3": 1}}
    assert (
        check("interleave", partial, SEQUENTIAL, strict).message
        == "thread 3: expected at least 1 line, got 0 (missing 'Thread 3: 4')"
    )


def test_interleave_invalid_answer_file_is_internal_error(check: Check) -> None:
    result = check("interleave", SEQUENTIAL, SEQUENTIAL.replace("Thread 2: 5", "oops"), THREADS)
    assert result.verdict == IE
    assert "oops" in result.message
    no_start = check("interleave", SEQUENTIAL, SEQUENTIAL.replace("START\n", ""), THREADS)
    assert no_start.verdict == IE
    too_many = {**THREADS, "mode": "prefix", "min_lines": {"1": 6}}
    assert check("interleave", SEQUENTIAL, SEQUENTIAL, too_many).verdict == IE


@pytest.mark.parametrize(
    "options, key",
    [
        ({}, "checker.key"),
        ({"key": "Thread \\d+"}, "checker.key"),  # no group
        ({"key": "Thread (\\d+"}, "checker.key"),
        ({"key": "(x)", "first": "START"}, "checker.first"),
        ({"key": "(x)", "last": [1]}, "checker.last"),
        ({"key": "(x)", "mode": "all"}, "checker.mode"),
        ({"key": "(x)", "min_lines": {"1": 2}}, "checker.min_lines"),  # needs mode: prefix
        ({"key": "(x)", "mode": "prefix", "min_lines": [1]}, "checker.min_lines"),
        ({"key": "(x)", "mode": "prefix", "min_lines": {"1": -1}}, "checker.min_lines.1"),
    ],
)
def test_interleave_bad_options(options: dict[str, Any], key: str) -> None:
    assert config_error("interleave", options).key == key


# --- multiset --------------------------------------------------------------------------------

WORK = {"pattern": r"done (\d+)", "first": ["begin"], "last": ["total 10"]}
WORK_ANSWER = "begin\n" + "".join(f"done {i}\n" for i in range(1, 5)) + "total 10\n"


def test_multiset_any_order(check: Check) -> None:
    output = "begin\ndone 3\ndone 1\n\ndone 4\ndone 2  \ntotal 10\n"
    assert check("multiset", output, WORK_ANSWER, WORK).verdict == AC


def test_multiset_messages(check: Check) -> None:
    twice = WORK_ANSWER.replace("done 2", "done 1")
    assert (
        check("multiset", twice, WORK_ANSWER, WORK).message == "line 3: item '1' appears more than once (in 'done 1')"
    )
    missing = WORK_ANSWER.replace("done 3\n", "")
    assert check("multiset", missing, WORK_ANSWER, WORK).message == "item '3' is missing"
    unexpected = WORK_ANSWER.replace("done 3", "done 7")
    assert check("multiset", unexpected, WORK_ANSWER, WORK).message == "line 4: unexpected item '7' in 'done 7'"
    garbage = WORK_ANSWER.replace("done 3", "did 3")
    assert check("multiset", garbage, WORK_ANSWER, WORK).message == "line 4: unexpected line 'did 3'"
    assert "must be the last line" in check("multiset", WORK_ANSWER + "done 5\n", WORK_ANSWER, WORK).message


def test_multiset_counts_repeated_items(check: Check) -> None:
    opts = {"pattern": r"\w+"}  # no group: the whole line is the item
    answer = "a\na\nb\n"
    assert check("multiset", "b\na\na\n", answer, opts).verdict == AC
    assert check("multiset", "a\nb\n", answer, opts).message == "item 'a' appears once, expected twice"


def test_multiset_invalid_answer_is_internal_error(check: Check) -> None:
    assert check("multiset", WORK_ANSWER, "begin\nnonsense\ntotal 10\n", WORK).verdict == IE


@pytest.mark.parametrize(
    "options, key",
    [
        ({}, "checker.pattern"),
        ({"pattern": "("}, "checker.pattern"),
        ({"pattern": "(x)", "first": "begin"}, "checker.first"),
    ],
)
def test_multiset_bad_options(options: dict[str, Any], key: str) -> None:
    assert config_error("multiset", options).key == key


# --- canonical(): check() accepts iff the normal forms are equal ------------------------------

CORPUS: list[bytes] = [
    b"",
    b"\n",
    b"  \n\n",
    b"1 2 3",
    b"1 2 3\n",
    b"1  2 3\n",
    b"1\n2\n3\n",
    b"1\n2\n3\n\n\n",
    b"1 2 3 \r\n",
    b"3\n2\n1\n",
    b"1 2\n3",
    b"1\n\n2\n3\n",
    b"1 2 4\n",
    b"Hello World\n",
    b"hello world\n",
    b"HELLO  WORLD",
    b"hello\tworld  \n",
    b" hello world\n",
    b"hello\nworld",
    b"1.0 2 3\n",
    b"a\na\nb\n",
    b"b\na\na\n",
    b"a\nb\n",
    b"a\nb\nb\n",
    b"\xff\xfe \xff\n",
    b"\xff\xfe  \xff",
    b"\xc3\xa9\n",
    b"\xc3\x89\n",
    b"x\x00y\n",
    b"x\x00z\n",
    b"a\x0bb\x0c",
    b"a b",
    b"a\rb\n",
    b"\tb\na\n",
]

# (name, options, whether only identical bytes are equivalent)
HASHABLE: list[tuple[str, dict[str, Any], bool]] = [
    ("tokens", {}, False),
    ("tokens", {"case_sensitive": False}, False),
    ("tokens", {"space_change_sensitive": True}, True),
    ("tokens", {"space_change_sensitive": True, "case_sensitive": False}, False),
    ("exact", {}, True),
    ("lines", {}, False),
    ("unordered", {}, False),
]


@pytest.mark.parametrize("name, options, identity", HASHABLE, ids=lambda x: str(x))
def test_canonical_agrees_with_check(tmp_path: Path, name: str, options: dict[str, Any], identity: bool) -> None:
    checker = make_checker(name, options)
    input_path = tmp_path / "t.in"
    input_path.write_bytes(b"")
    answers = []
    for n, data in enumerate(CORPUS):
        path = tmp_path / f"{n}.ans"
        path.write_bytes(data)
        answers.append(path)
    accepted = 0
    for output in CORPUS:
        for answer, answer_path in zip(CORPUS, answers):
            verdict = checker.check(CheckCase(input_path, answer_path, output)).verdict
            same = checker.canonical(output) == checker.canonical(answer)
            assert (verdict == AC) == same, (output, answer, verdict)
            accepted += verdict == AC
    # Not vacuous: unless the checker wants identical bytes, different byte strings pass too.
    assert accepted == len(CORPUS) if identity else accepted > len(CORPUS)


@pytest.mark.parametrize(
    "name, options",
    [
        ("tokens", {"float_tolerance": 1e-6}),
        ("tokens", {"float_relative_tolerance": 0.1, "space_change_sensitive": True}),
        ("regex", {"pattern": "x"}),
        ("regex", {}),
        ("interleave", {"key": "(x)"}),
        ("multiset", {"pattern": "(x)"}),
    ],
)
def test_unhashable_checkers_have_no_canonical_form(name: str, options: dict[str, Any]) -> None:
    assert make_checker(name, options).canonical(b"1 2 3\n") is None


def test_canonical_forms() -> None:
    assert make_checker("tokens", {}).canonical(b" A\n b \n") == b"A b"
    assert make_checker("tokens", {"case_sensitive": False}).canonical(b" A\n b \n") == b"a b"
    assert make_checker("tokens", {"space_change_sensitive": True}).canonical(b" A\n") == b" A\n"
    assert make_checker("lines", {}).canonical(b"a \nb\r\n\n") == b"a\nb"
    assert make_checker("unordered", {}).canonical(b"b\n\na \n") == b"a\nb"
    assert make_checker("exact", {}).canonical(b"x \n") == b"x \n"


def test_checkers_are_checker_subclasses() -> None:
    for name, options in BUILTIN_OPTIONS.items():
        checker = make_checker(name, options)
        assert isinstance(checker, Checker)
        assert checker.name == name
