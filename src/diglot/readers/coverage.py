"""Content coverage: is every character of the input found in the model, once?

A reader passes the body it read (the text after any front matter), the
pieces of it that it recognised as *not content* (speaker labels, ``<summary>``
captions, sentinels) and the document it built. The check compares the two
as multisets of content tokens (a Latin word, a digit, a Han character; markup
punctuation and whitespace do not count), so it does not depend on how the
reader cut, joined or re-ordered the text:

* a token of the body missing from the model is **unplaced** (lost text);
* a token in the model more often than in the body is **placed twice**.

Both are quoted in notices with their line, so loss is never silent. The
ratio is the share of content characters placed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..lang.script import is_han
from ..lazyre import lazy
from ..model import Document, Notice
from .markup import HTML_ELEMENTS, unescape

#: a token: a run of ASCII letters, or one digit, or one other letter (a Han character, say);
#: candidates that are not alphanumeric (punctuation) are dropped
_TOKEN = lazy(r"[A-Za-z]+|[^\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\s]")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
#: markup that is not content: HTML tags and comments, link targets
#: (a "tag" with Han text inside is not markup: that text is content typed into a broken tag, see :func:`_drop_tag`)
#: (only HTML elements are tags, as in :mod:`.markup`: ``std::vector<int>`` is text)
_TAG = re.compile(r"<!--.*?-->|</?\s*([A-Za-z][A-Za-z0-9-]*)(\s[^<>\n]*)?/?>", re.DOTALL)
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()\s]*\))*\)")
#: emphasis markers, which may sit inside a word (``**S**atisfaction``): every ``*``, and runs of ``__``
#: (:func:`strip_markup` takes out the runs of ``__`` with this pattern, then every ``*`` with ``str.replace``,
#: which is what one pass of ``\*+|__+`` does, in a tenth of its time)
_UNDERSCORES = re.compile(r"__+")
#: how many characters of context a quoted snippet keeps
_QUOTE = 60


class Coverage(NamedTuple):
    """Result of :func:`measure`."""

    ratio: float  # share of content characters placed (1.0 = everything)
    unplaced: tuple[tuple[int | None, str], ...]  # (line, quoted text) never placed
    duplicated: tuple[str, ...]  # text placed more often than it was written


def strip_markup(text: str) -> str:
    """*text* without HTML tags, comments, entities, link targets and emphasis markers."""
    text = _TAG.sub(_drop_tag, text)
    text = _LINK_TARGET.sub("]", text)
    if "__" in text:
        text = _UNDERSCORES.sub("", text)
    return unescape(text.replace("*", ""))


def _drop_tag(m: re.Match[str]) -> str:
    r"""A space for a comment or an HTML element's tag; the text as it is for anything else.

    A "tag" whose attributes hold a character of ``[\u3400-\u9fff]`` is kept whole: that is what
    ``(?:\s[^<>\n\u3400-\u9fff]*)?`` in :data:`_TAG` would do (no match there, and none can start
    inside it: it holds no ``<``), tested here because that Han class takes milliseconds to compile.
    """
    attributes = m.group(2)
    if attributes and any("\u3400" <= ch <= "\u9fff" for ch in attributes):
        return m.group(0)
    return " " if m.group(1) is None or m.group(1).lower() in HTML_ELEMENTS else m.group(0)


def tokens(text: str) -> list[str]:
    """The content tokens of *text*: ASCII words, single digits, single Han (or other) letters."""
    return [t for t in _TOKEN().findall(text) if t.isalnum()]


def count(text: str) -> Counter[str]:
    """The multiset of :func:`tokens` of *text*."""
    # counted apart because matching a million one-character tokens is slow: ASCII
    # words with a regex, every other character with a C-level Counter
    found = Counter(_ASCII_WORD.findall(text))
    chars = Counter(text)
    for key in [k for k in chars if not k.isalnum() or k.isascii() and k.isalpha()]:
        del chars[key]
    found.update(chars)
    return found


def measure(body: str, first_line: int, placed: Iterable[str], discarded: Iterable[str]) -> Coverage:
    """Compare the content of *body* (starting at line *first_line*) with *placed*.

    *discarded* are the strings the reader recognised as labels, captions or
    sentinels; their tokens are taken out of the body before comparing.
    """
    plain = strip_markup(body)
    placed = [piece for piece in placed if piece]
    discarded = list(discarded)
    if _balanced(plain, placed, discarded):
        return Coverage(1.0, (), ())
    return _by_count(plain, first_line, placed, discarded)


def _by_count(plain: str, first_line: int, placed: list[str], discarded: list[str]) -> Coverage:
    """:func:`measure` by counting every token of both sides (the whole proof, and where any difference is found)."""
    have = count(plain)
    drop = count("\n".join(discarded))
    drop &= have  # never discard more than there is
    want = have - drop if drop else have  # (counts are all positive: Counter subtraction keeps them as they are)
    got = count("\n".join(placed))
    if dict.__eq__(want, got):  # the usual case, compared in C: every token placed once (positive counts only)
        return Coverage(1.0, (), ())
    missing = want - got
    extra = got - want
    total = sum(len(t) * n for t, n in want.items())
    lost = sum(len(t) * n for t, n in missing.items())
    ratio = 1.0 if total == 0 else (total - lost) / total

    unplaced: list[tuple[int | None, str]] = []
    if not missing and not extra:
        return Coverage(ratio, (), ())
    # something is off: find where, token by token (slower, and only now)
    body_toks = [(tok, no) for no, line in enumerate(plain.split("\n"), first_line) for tok in tokens(line)]
    model_toks = [tok for piece in placed for tok in tokens(piece)]
    if missing:
        body_only = [tok for tok, _ in body_toks]
        marks = _locate(body_only, model_toks, missing)
        for start, end in _runs(marks):
            unplaced.append((body_toks[start][1], _quote(body_only[start:end])))
    duplicated: list[str] = []
    if extra:
        marks = _locate(model_toks, [tok for tok, _ in body_toks], extra)
        duplicated = [_quote(model_toks[start:end]) for start, end in _runs(marks)]
    return Coverage(ratio, tuple(unplaced), tuple(duplicated))


def _balanced(plain: str, placed: list[str], discarded: list[str]) -> bool:
    """True when the tokens of *plain* less those of *discarded* are those of *placed* (False: not shown here).

    The proof of the usual case, with a fraction of :func:`count`'s work. A token never holds white
    space, so the tokens of a text are those of its lines, and those of a line those of its
    whitespace-separated chunks; a line (then a chunk) written as often in *plain* as in *placed*
    brings the same tokens to both sides. So the lines written on both sides are set aside, the
    chunks of the lines left over compared, and only the chunks left over then (a label, a glossary
    note taken out of its sentence, a paragraph's lines joined) counted token by token. With H and G
    the tokens of the chunks left over on each side and D those of *discarded*: when D fits in H
    (so in the body, and the full count takes all of it out), the body less D equals the placed
    text exactly when H equals G plus D. When D does not fit in H, H cannot equal G plus D: the
    answer is left to :func:`_by_count`.
    """
    lines_have = Counter(map(str.strip, plain.split("\n")))
    lines_got = Counter(map(str.strip, "\n".join(placed).split("\n")))
    have = Counter(" ".join(_surplus(lines_have, lines_got)).split())
    got = Counter(" ".join(_surplus(lines_got, lines_have)).split())
    left = count(" ".join(_surplus(have, got)))
    drop = count("\n".join(discarded))
    if drop - left:
        return False  # (early: H == G + D is false)
    right = count(" ".join(_surplus(got, have)))
    right.update(drop)
    return dict.__eq__(left, right)


def _surplus(a: Counter[str], b: Counter[str]) -> list[str]:
    """The elements of ``a - b``, with the keys counted alike on both sides passed over in C."""
    return [key for key, n in a.items() - b.items() for _ in range(n - b.get(key, 0))]


def _locate(seq: Sequence[str], other: Sequence[str], surplus: Counter[str]) -> list[bool]:
    """Mark, in *seq*, the occurrences that make up *surplus*.

    Occurrences whose neighbourhood (a trigram) is not found in *other* are
    marked first, so the quote points at the passage that really is missing
    rather than at the first ``the`` of the text.
    """
    grams = {tuple(other[i : i + 3]) for i in range(len(other) - 2)}

    def supported(i: int) -> bool:
        return any(tuple(seq[j : j + 3]) in grams for j in range(max(0, i - 2), i + 1) if j + 3 <= len(seq))

    candidates: dict[str, list[int]] = {}
    for i, tok in enumerate(seq):
        if tok in surplus:
            candidates.setdefault(tok, []).append(i)
    marks = [False] * len(seq)
    for tok, n in surplus.items():
        where = candidates.get(tok, [])
        ranked = sorted(where, key=lambda i: (supported(i), i))
        for i in ranked[:n]:
            marks[i] = True
    return marks


def _runs(marks: list[bool]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    start = None
    for i, m in enumerate(marks + [False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            out.append((start, i))
            start = None
    return out


def _quote(toks: Sequence[str]) -> str:
    text = ""
    for tok in toks:
        if text and not (is_han(text[-1]) and is_han(tok[0])) and not (text[-1].isdigit() and tok.isdigit()):
            text += " "
        text += tok
    return text if len(text) <= _QUOTE else text[: _QUOTE - 1] + "…"


def placed_text(doc: Document) -> list[str]:
    """Every piece of the model that holds content from the input.

    Segment texts, section titles, glossary notes (the term itself stays in
    the running text, so only its English and definition count), the
    appendix, and the title and date (which a paired transcript's first
    heading gives).
    """
    pieces: list[str] = []
    for seg in doc.segments:
        pieces += [seg.source or "", seg.target or ""]
    pieces += [sec.title for sec in doc.sections]
    for term in doc.terms:
        pieces += [term.source or "", term.definition or ""]
    pieces += list(doc.appendix)
    return pieces


def check(
    doc: Document,
    body: str,
    first_line: int,
    discarded: Iterable[str],
    also_placed: Iterable[str] = (),
) -> tuple[float, list[Notice]]:
    """Coverage of *doc* against *body*, and a notice for each unplaced or doubled passage."""
    cov = measure(body, first_line, [*placed_text(doc), *also_placed], discarded)
    file = doc.source_file or "<input>"
    notices = [
        Notice(file, line, f"text not placed anywhere in the document (lost by the reader): {snippet!r}")
        for line, snippet in cov.unplaced
    ]
    notices += [Notice(file, None, f"text placed twice in the document: {snippet!r}") for snippet in cov.duplicated]
    return cov.ratio, notices

