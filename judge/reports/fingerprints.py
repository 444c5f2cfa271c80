"""Suspiciously similar submissions: token fingerprints with names and layout normalised away.

The method is MOSS's (Schleimer, Wilkerson, Aiken: "Winnowing", SIGMOD 2003), small enough to
keep here rather than pull in a plagiarism package and its plotting stack:

1. tokenize the source with `tokenize` and drop comments, blank lines and docstrings;
   identifiers become `V` (keywords, builtins and the methods of builtin types stay as they
   are: `print`, `split`, `range` say what the program does), numbers `N`, strings `S`;
   a `;` counts as a new line and indentation is dropped (the keywords and `:` keep the
   structure), so layout does not matter;
2. hash every k-gram of those tokens and keep the smallest hash of each window of w
   consecutive hashes (winnowing): the fingerprint set;
3. similarity of two submissions = Jaccard index of their fingerprint sets.

Programs shorter than `min_tokens` tokens are not compared: every short correct answer to
"print 'Python' 100 times" is the same program, and flagging them all helps nobody.
"""

from __future__ import annotations

import builtins
import hashlib
import io
import keyword
import tokenize
from dataclasses import dataclass, field
from itertools import combinations

K = 5  # tokens per k-gram
WINDOW = 4  # k-gram hashes per winnowing window
DEFAULT_THRESHOLD = 0.8
DEFAULT_MIN_TOKENS = 30

_KEEP_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_KEEP_ATTRS = frozenset(
    name
    for t in (str, bytes, list, dict, set, frozenset, tuple, int, float, complex)
    for name in dir(t)
    if not name.startswith("_")
)
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER}
# Since 3.12 an f-string is several tokens (PEP 701), since 3.14 a t-string too (PEP 750):
# each counts as one string literal, "S", as a plain string does on every version.
_FSTRING_PARTS = {
    getattr(tokenize, n)
    for n in ("FSTRING_MIDDLE", "FSTRING_END", "TSTRING_MIDDLE", "TSTRING_END")
    if hasattr(tokenize, n)
}
_STRING_STARTS = {tokenize.STRING} | {
    getattr(tokenize, n) for n in ("FSTRING_START", "TSTRING_START") if hasattr(tokenize, n)
}


@dataclass(frozen=True)
class Token:
    text: str  # the normalised token: "V", "N", "S", a keyword, an operator, ...
    line: int  # 1-based line of the source it came from


def normalise(source: str) -> list[Token]:
    """The token stream with names, literals and layout normalised. Never raises: a source
    that does not tokenize to the end (a syntax error) gives the tokens read until then."""
    out: list[Token] = []
    prev: tokenize.TokenInfo | None = None  # previous significant token
    stmt = 0  # where the current statement's tokens begin in `out`
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            kind = tok.type
            if kind in _SKIP or kind in _FSTRING_PARTS:
                continue
            line = tok.start[0]
            if kind == tokenize.NEWLINE or (kind == tokenize.OP and tok.string == ";"):
                if all(t.text == "S" for t in out[stmt:]):
                    del out[stmt:]  # a bare string statement: a docstring, a commented-out block
                if out and out[-1].text not in (";", ":"):  # `if c: x` on one line or two: the same
                    out.append(Token(";", line))
                stmt = len(out)
            elif kind in (tokenize.INDENT, tokenize.DEDENT):
                continue  # indentation is layout; the keywords and `:` keep the structure
            elif kind in _STRING_STARTS:
                out.append(Token("S", line))
            elif kind == tokenize.NUMBER:
                out.append(Token("N", line))
            elif kind == tokenize.NAME:
                after_dot = prev is not None and prev.type == tokenize.OP and prev.string == "."
                keep = _KEEP_ATTRS if after_dot else _KEEP_NAMES
                out.append(Token(tok.string if tok.string in keep else "V", line))
            else:
                out.append(Token(tok.string, line))
            prev = tok
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


@dataclass
class Fingerprint:
    tokens: int  # normalised tokens
    hashes: frozenset[int]
    lines: dict[int, set[int]] = field(default_factory=dict)  # hash -> source lines it covers


def fingerprint(source: str, k: int = K, window: int = WINDOW) -> Fingerprint:
    toks = normalise(source)
    grams: list[tuple[int, int, int]] = []  # (hash, first line, last line)
    for i in range(len(toks) - k + 1):
        text = "\x1f".join(t.text for t in toks[i : i + k])
        h = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
        grams.append((h, toks[i].line, toks[i + k - 1].line))
    if not grams and toks:  # shorter than one k-gram: the whole stream is one
        text = "\x1f".join(t.text for t in toks)
        h = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")
        grams.append((h, toks[0].line, toks[-1].line))
    chosen: dict[int, set[int]] = {}
    last = -1
    for start in range(max(1, len(grams) - window + 1) if grams else 0):
        win = grams[start : start + window]
        # The rightmost minimum (the paper's rule): a window that shares its minimum with
        # the previous one adds nothing new.
        j = min(range(len(win)), key=lambda n: (win[n][0], -n)) + start
        if j != last:
            h, first, end = grams[j]
            chosen.setdefault(h, set()).update(range(first, end + 1))
            last = j
    return Fingerprint(tokens=len(toks), hashes=frozenset(chosen), lines=chosen)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    if not a.hashes or not b.hashes:
        return 0.0
    return len(a.hashes & b.hashes) / len(a.hashes | b.hashes)


def matched_lines(a: Fingerprint, b: Fingerprint) -> tuple[set[int], set[int]]:
    """The lines of a and of b that the fingerprints they share come from."""
    common = a.hashes & b.hashes
    la: set[int] = set()
    lb: set[int] = set()
    for h in common:
        la |= a.lines.get(h, set())
        lb |= b.lines.get(h, set())
    return la, lb


@dataclass(frozen=True)
class Pair:
    problem: str
    a: str  # a key of the sources mapping, e.g. a student
    b: str
    similarity: float
    lines_a: frozenset[int]
    lines_b: frozenset[int]


def similar_pairs(
    problem: str, sources: dict[str, str], threshold: float = DEFAULT_THRESHOLD, min_tokens: int = DEFAULT_MIN_TOKENS
) -> list[Pair]:
    """Every pair of sources (of one problem) at least `threshold` similar, most similar first."""
    prints = {key: fingerprint(text) for key, text in sources.items()}
    eligible = sorted(k for k, f in prints.items() if f.tokens >= min_tokens and f.hashes)
    pairs: list[Pair] = []
    for a, b in combinations(eligible, 2):
        score = similarity(prints[a], prints[b])
        if score >= threshold:
            la, lb = matched_lines(prints[a], prints[b])
            pairs.append(Pair(problem, a, b, score, frozenset(la), frozenset(lb)))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs
