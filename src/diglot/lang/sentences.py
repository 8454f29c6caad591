"""Sentence splitting for English and Chinese.

Rule-based and exact: every function returns pieces of the input with only
whitespace removed between them, so ``"".join(pieces)`` equals the input with
whitespace ignored. Paragraph breaks (a blank line) are always boundaries.

English: a boundary is a run of ``.``/``?``/``!``/``…`` (plus closing quotes
and brackets) followed by whitespace and a word that can start a sentence.
Abbreviations ("Mr.", "e.g.", "vs."), initials ("J. Smith"), dotted acronyms
("U.S.", unless a common sentence opener follows), decimals and "3.5x" (no
whitespace after the dot) and a lower-case continuation after "..." are not
boundaries.

Chinese: a boundary follows ``。？！?!`` (and optionally ``；``) or an
ellipsis ``…``/``……`` (or ``...`` before Chinese text), after any closers ``”’"'）」』】`` that follow it, and
never inside ``《》`` (book titles).
"""

from __future__ import annotations

import re

from ..lazyre import lazy

__all__ = ["split_english", "split_chinese", "split_paragraphs"]

_PARAGRAPH = lazy(r"\n[ \t\r\f\v\u3000]*\n\s*")

#: Abbreviations that do not end a sentence when followed by a capital word
#: (lower-case, without the final dot).
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft rev col lt sgt capt gov sen rep pres hon
    vs v cf approx dept inc ltd co corp bros jan feb mar apr jun jul aug sep sept
    oct nov dec e.g i.e a.k.a a.m p.m ph.d u.s u.k u.n e.u
    """.split()
)

#: Abbreviations only before a number ("No. 5", "p. 12"); elsewhere they are
#: words that can end a sentence ("The answer is no. Then ...").
_NUMBER_ABBREVIATIONS = frozenset("no nos vol vols fig figs ch sec pp p eq eqs ref refs art op".split())

#: Abbreviations that often end a sentence too ("... and so on, etc. The ...").
_SOFT_ABBREVIATIONS = frozenset({"etc", "al", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "ph.d", "inc", "ltd", "co", "corp"})

#: Words that, after a dotted acronym or soft abbreviation, start a new sentence.
_OPENERS = frozenset(
    """
    A An And As At But By For From He Her His How However I If In It Its Let My No Now
    Of On Once One Or Our She So Some That The Their Then There These They This Those
    To We What When Where Which While Who Why Yes Yeah You Your
    """.split()
)

_EN_CLOSERS = "\"'”’)]}»"
_EN_OPENERS_PUNCT = "\"'“‘([{«¿¡"

#: a text whose last sentence is finished: it ends with ``.``, ``?``, ``!`` or ``…`` and any closing quotes or brackets
#: (a subtitle cue that ends a sentence; the same ends and closers as :func:`split_english`'s boundaries);
#: compiled when first used: ``ENGLISH_END()`` is the pattern
ENGLISH_END = lazy(r"[.?!…][" + re.escape(_EN_CLOSERS) + r"]*$")
# terminator run + closers + whitespace; the sentence ends before the whitespace
_EN_BOUNDARY = lazy(r"(?:[.!?…]+)[" + re.escape(_EN_CLOSERS) + r"]*(?=\s+\S)")
_WORD_BEFORE = lazy(r"([^\s" + re.escape(_EN_OPENERS_PUNCT) + r"]*)$")
_NEXT_WORD = lazy(r"\s+([" + re.escape(_EN_OPENERS_PUNCT) + r"]*)(\S*)")
_DOTTED = lazy(r"(?:[A-Za-z]\.){2,}$")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of *text* (split at blank lines), stripped, empty ones dropped."""
    return [p.strip() for p in _PARAGRAPH().split(text) if p.strip()]


def split_english(text: str) -> list[str]:
    """Sentences of English *text*, in order, stripped of surrounding whitespace.

    Never raises; an empty or blank *text* gives ``[]``.
    """
    out: list[str] = []
    for para in split_paragraphs(text):
        out.extend(_split_english_paragraph(para))
    return out


def _split_english_paragraph(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in _EN_BOUNDARY().finditer(text):
        if _english_boundary(text, m):
            piece = text[start : m.end()].strip()
            if piece:
                pieces.append(piece)
            start = m.end()
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _english_boundary(text: str, m: re.Match[str]) -> bool:
    run = m.group(0).rstrip(_EN_CLOSERS)
    nxt = _NEXT_WORD().match(text, m.end())
    if nxt is None:  # pragma: no cover - the lookahead guarantees a next word
        return False
    opener_punct, word = nxt.group(1), nxt.group(2)
    first = (word or opener_punct)[:1]
    if not first:
        return False
    # the next sentence must start like one: a capital, a digit, a quote or
    # bracket, or a non-Latin letter (a Chinese word, say)
    starts_sentence = (
        first.isupper()
        or first.isdigit()
        or bool(opener_punct)
        or (first.isalpha() and not first.isascii() and not first.islower())
    )
    if not starts_sentence:
        return False
    if "?" in run or "!" in run:
        return True
    if run.startswith("…") or run.startswith(".."):
        return True  # an ellipsis before a capital ends the sentence
    # a single dot: look at the word it ends
    before = _word_before(text, m.start())
    word_before = before.group(1) if before else ""
    if not word_before:
        return True
    core = word_before.lower().lstrip(_EN_OPENERS_PUNCT)
    next_word = word.strip(_EN_CLOSERS + ".,;:!?")
    if core in _NUMBER_ABBREVIATIONS:
        return not word[:1].isdigit()
    if core in _ABBREVIATIONS:
        return core in _SOFT_ABBREVIATIONS and next_word in _OPENERS
    if core in _SOFT_ABBREVIATIONS:
        return next_word in _OPENERS
    if _DOTTED().search(word_before + "."):
        # "U.S." / "a.k.a." style acronym: a boundary only before a clear opener
        return next_word in _OPENERS
    if len(core) == 1 and core.isalpha() and word_before[-1:].isupper():
        # an initial ("J. Smith"), unless it is the pronoun "I" or a lone letter
        # ending a sentence ("plan B.") followed by an opener
        return word_before == "I" or next_word in _OPENERS
    return True


def _word_before(text: str, end: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text, 0, end)``, searched from near *end* first.

    Searching from 0 tries every position of the paragraph for each dot. A match
    starting after ``lo`` is the one a search from 0 finds (a run of word
    characters reaching *end* from further left would match at ``lo`` too); one
    starting at ``lo`` itself may reach further left, so that case searches again
    from 0.
    """
    word_before = _WORD_BEFORE()
    lo = end - 48
    if lo > 0:
        m = word_before.search(text, lo, end)
        if m is not None and m.start() > lo:
            return m
    return word_before.search(text, 0, end)


# --- Chinese -----------------------------------------------------------------

_ZH_TERMINATORS = "。？！?!"
_ZH_CLOSERS = "”’\"'）)」』】〕〗》"


def split_chinese(text: str, *, semicolons: bool = False) -> list[str]:
    """Sentences of Chinese *text*, in order, stripped of surrounding whitespace.

    Splits after ``。？！?!`` (and ``；`` when *semicolons*) and after ``…``
    runs, moving the boundary past any closing quotes or brackets; never
    inside ``《》``. ASCII ``?``/``!`` only count before a non-ASCII character
    or whitespace, so Latin text inside the Chinese keeps its punctuation.
    Never raises; an empty or blank *text* gives ``[]``.
    """
    out: list[str] = []
    for para in split_paragraphs(text):
        out.extend(_split_chinese_paragraph(para, semicolons))
    return out


def _split_chinese_paragraph(text: str, semicolons: bool) -> list[str]:
    terminators = _ZH_TERMINATORS + ("；;" if semicolons else "")
    pieces: list[str] = []
    start = 0
    depth = 0  # inside 《》
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        is_term = ch in terminators or ch == "…"
        if ch == "." and text.startswith("...", i) and depth == 0:
            # an ASCII ellipsis ends a Chinese sentence when Chinese follows it
            j = i
            while j < n and text[j] == ".":
                j += 1
            k = _closers_end(text, j, start)
            if k < n and not text[k].isascii() and text[k] not in "，、：；—）》":
                pieces.append(text[start:k].strip())
                start = i = k
                continue
            i = j
            continue
        if ch in "?!;" and i + 1 < n and text[i + 1].isascii() and not text[i + 1].isspace() and text[i + 1] not in _ZH_CLOSERS + "?!":
            is_term = False  # "a?b" inside Latin text
        if ch == "…" and depth == 0:
            # an ellipsis ends a sentence only if a sentence ends there: not
            # before a comma or other mid-sentence punctuation
            j = i
            while j < n and text[j] in "…":
                j += 1
            k = _closers_end(text, j, start, terminators)
            if k < n and text[k] in "，、,：:；;—-）)":
                i = k
                continue
        if is_term and depth == 0:
            j = _closers_end(text, i + 1, start, terminators + "…")
            piece = text[start:j].strip()
            if piece:
                pieces.append(piece)
            start = j
            i = j
            continue
        i += 1
    rest = text[start:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _closers_end(text: str, j: int, start: int, also: str = "") -> int:
    """Index after the closing quotes/brackets (and *also* characters) at *j*.

    An ASCII quote closes only if the sentence begun at *start* has an odd
    number of them before it; otherwise it opens the next sentence. ``》``
    never counts (it closes a title, handled by the caller).
    """
    n = len(text)
    while j < n:
        c = text[j]
        if c in "\"'":
            if text.count(c, start, j) % 2 == 0:
                break
        elif c == "》" or (c not in _ZH_CLOSERS and c not in also):
            break
        j += 1
    return j
