"""Line breaking for subtitles: where English and Chinese text may be broken, and how well.

Both languages are handled the same way: a *break table* lists the character
offsets where a line (or a cue) may end, each with a cost (negative = a good
place, positive = a poor one), and :func:`wrap` picks the cheapest set of
breaks that fits a width and a number of lines. Splitting a long sentence into
several cues uses the same tables (clause boundaries are the cheap breaks).

Rules (Netflix and BBC style guides):

* English: break after punctuation or before a conjunction or preposition;
  never between article/determiner and noun, first and last name,
  pronoun and verb, verb and auxiliary/negation, ``to`` and its verb; prefer
  a bottom-heavy pyramid when both lines are long. Words longer than a line
  (URLs) may be broken inside, preferably after ``/ . - _ ? & =``.
* Chinese: never inside a word (jieba dictionary, via lang.words), never inside a run of
  Latin letters and digits, no line starting with closing punctuation
  (``！），．：；？］｝、。》」』】〕…`` and friends) nor ending with opening
  punctuation (``（［｛《「『【〔“‘``).

Widths: English counts visible characters; Chinese counts full-width
characters as 1 and Latin letters, digits, half-width punctuation and spaces
as 0.5. Zero-width and combining characters count 0 in both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import accumulate, count
from operator import add, sub

from .words import segment

Breaks = list[tuple[int, float]]  # (offset, cost)
Measure = Callable[[str], float]

_NON_SPACE = re.compile(r"\S+")
#: zero-width characters a text may carry (ZWSP, ZWNJ, ZWJ, word joiner, BOM)
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

ZH_NO_START = set("！），．：；？］｝、。》」』】〕…‥〉’”〗〙〛,.:;?!)]}%‰·～-—")
ZH_NO_END = set("（［｛《「『【〔“‘〈〖〘〚([{")
_ZH_STRONG = set("。？！；…")
_ZH_WEAK = set("，、：,;:——")
_ZH_LOCALIZERS = {"上", "下", "中", "里", "内", "外", "后", "前", "时", "间", "边", "旁"}
_ZH_PREPOSITIONS = {"在", "从", "对", "把", "被", "向", "跟", "和", "与", "给", "为", "将", "于", "比"}
_ZH_QUOTED = re.compile(r"「[^「」]*」|《[^《》]*》|“[^“”]*”|『[^『』]*』|（[^（）]*）|【[^【】]*】")
_ZH_BEFORE_NOUN = set("个的这那些种位条项本张")
_ZH_PARTICLES = set("了的着过地得们吗呢吧啊么")
_ZH_CONJ = ("但是", "但", "而且", "而", "因为", "所以", "如果", "因此", "并且", "或者", "以及", "然后", "不过", "虽然", "可是", "于是", "甚至", "即使", "只要", "只有")

_ARTICLES = {"a", "an", "the"}
_DETERMINERS = {"this", "these", "those", "my", "your", "his", "her", "its", "our", "their", "some", "any", "no", "every", "each", "another", "such", "much", "many", "more", "most", "very", "so", "too", "quite"}
_SUBJECT_PRONOUNS = {"i", "you", "we", "they", "he", "she", "it", "there", "i'm", "we're", "you're", "they're", "it's", "i've", "we've", "don't", "i'd", "we'd"}
_AUXILIARIES = {"am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "not", "never", "to"}
_NEGATIONS = {"not", "n't", "never"}
_CONJUNCTIONS = {"and", "but", "or", "nor", "so", "yet", "because", "although", "though", "while", "whereas", "if", "unless", "since", "until", "when", "whenever", "where", "which", "who", "whom", "whose", "that", "than", "whether", "then", "however"}
_PREPOSITIONS = {"in", "on", "at", "of", "for", "with", "from", "by", "about", "into", "onto", "over", "under", "between", "through", "during", "without", "within", "after", "before", "across", "against", "among", "around", "like", "toward", "towards", "upon", "via", "per"}
_ADJECTIVE_ENDINGS = ("ible", "able", "ful", "ous", "ive", "ical", "less", "ic", "ary", "est")
_PARTICLES = {"up", "down", "out", "off", "away", "back"}
_STRONG_END = re.compile(r"[.?!…。？！]['\"”’)\]]*$")
_WEAK_END = re.compile(r"[,;:，；：、]['\"”’)\]]*$|[—–]$|--$")
_URL_SPLIT = set("/.-_?&=#")
_INNER_DASH = re.compile(r"(?<=\w)[—–]+(?=\w)")


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace (tabs, newlines, blank lines) to one space and trim.

    Control characters (NUL, BEL, ...; not text, and unsafe in subtitle files) are dropped.
    """
    # str.split() cuts at the same white space as the pattern \s (both read Py_UNICODE_ISSPACE), and
    # joining the words with one space is the runs replaced and the ends trimmed
    return " ".join(_CONTROL.sub("", text).split())


def _is_zero(ch: str) -> bool:
    return ch in ZERO_WIDTH or unicodedata.category(ch) in ("Mn", "Me", "Cf")


@lru_cache(maxsize=4096)
def latin_char_width(ch: str) -> float:
    return 0.0 if _is_zero(ch) else 1.0


@lru_cache(maxsize=8192)
def cjk_char_width(ch: str) -> float:
    if _is_zero(ch):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.5


def latin_width(text: str) -> float:
    """Width of *text* on an English line: visible characters (zero-width ones count 0)."""
    if text.isascii():  # no ASCII character is zero-width: each counts 1
        return float(len(text))
    return float(sum(map(latin_char_width, text)))


def cjk_width(text: str) -> float:
    """Width of *text* on a Chinese line: full-width 1, half-width (Latin, digits, spaces) 0.5."""
    if text.isascii():  # every ASCII character is half-width
        return len(text) * 0.5
    return float(sum(map(cjk_char_width, text)))


def prefix_widths(text: str, tag: str | None) -> list[float]:
    """The width of ``text[:i]`` at each index *i* (``len(text) + 1`` values) on a line of language *tag*.

    Sums of 0, 0.5 and 1: exact, so a span's width is the difference of two of them.
    """
    cjk = is_cjk_language(tag)
    if text.isascii():  # each character counts 1 (0.5 on a Chinese line): the same sums, made at once
        return [i * 0.5 for i in range(len(text) + 1)] if cjk else list(map(float, range(len(text) + 1)))
    return list(accumulate(map(cjk_char_width if cjk else latin_char_width, text), initial=0.0))


@lru_cache(maxsize=64)  # a document has two tags; QC reads a few more from the files it checks
def is_cjk_language(tag: str | None) -> bool:
    """True for a BCP 47 tag of a language written without spaces in full-width characters."""
    return tag is not None and tag.split("-")[0].lower() in ("zh", "ja", "ko", "yue", "cmn", "wuu")


def measure_for(tag: str | None) -> Measure:
    return cjk_width if is_cjk_language(tag) else latin_width


# ----------------------------------------------------------------------------- English


def _word_key(word: str) -> str:
    return word.strip("\"'“”‘’()[]{}«»").lower()


_CONJ_OR_PREP = frozenset(_CONJUNCTIONS | _PREPOSITIONS)  # unions made once, not per word pair
_FUNCTION_WORDS = frozenset(_CONJUNCTIONS | _PREPOSITIONS | _AUXILIARIES | _ARTICLES)


@lru_cache(maxsize=65536)
def english_break_cost(left: str, right: str) -> float:
    """Cost of breaking between the words *left* and *right* (lower is better)."""
    if _STRONG_END.search(left):
        return -3.0
    if _WEAK_END.search(left) or right in ("—", "–", "-", "--"):
        return -2.0
    lk, rk = _word_key(left), _word_key(right)
    cost = 0.0
    if rk in _CONJUNCTIONS:
        cost -= 1.5
    elif rk in _PREPOSITIONS:
        cost -= 1.0
    if lk in _ARTICLES or lk in _DETERMINERS and rk not in _CONJ_OR_PREP:
        cost += 4.0  # "this | because": a determiner before a conjunction stands alone (a pronoun)
    elif lk in _CONJUNCTIONS or lk in _PREPOSITIONS and rk not in _CONJUNCTIONS:
        cost += 2.0  # a stranded preposition before a new clause ("reason about | because") is fine
    if lk in _SUBJECT_PRONOUNS:
        cost += 3.0
    if lk in _AUXILIARIES or rk in _NEGATIONS or rk in _AUXILIARIES and rk != "to" and lk not in _CONJUNCTIONS:
        cost += 2.0
    if rk in _PARTICLES:
        cost += 1.5
    if (
        lk.endswith(_ADJECTIVE_ENDINGS)
        and len(lk) > 4
        and rk.replace("-", "").isalpha()
        and rk not in _FUNCTION_WORDS
    ):
        cost += 2.0  # adjective + noun: "incredible | co-authors" (a guess from the suffix)
    if left[:1].isupper() and right[:1].isupper() and lk not in _SUBJECT_PRONOUNS:
        cost += 3.0  # names: "Oriel Vinyals", "New Rips"
    if left[:1].isdigit() and right[:1].isdigit():
        cost += 2.0
    return cost


def english_breaks(text: str, long_word: int = 42) -> Breaks:
    """Break offsets in normalised English *text*: between words, and inside words longer than *long_word*."""
    words = text.split(" ")
    if words == text.split():  # normalised: one space between words, none at the ends (the usual case)
        starts = [0, *map(add, accumulate(map(len, words[:-1])), count(1))]
    else:
        spans = [m.span() for m in _NON_SPACE.finditer(text)]
        words = [text[a:b] for a, b in spans]
        starts = [a for a, _ in spans]
    # a break before every word but the first, costed by the words on either side
    out: Breaks = list(zip(starts[1:], map(english_break_cost, words, words[1:])))
    inside = False  # a break inside a word was added: offsets may repeat or come out of order
    if "—" in text or "–" in text:
        # "time—if": a dash joins two clauses (a dash between word characters lies inside one word)
        for m in _INNER_DASH.finditer(text):
            out.append((m.end(), -2.0))
            inside = True
    if words and max(map(len, words)) > long_word:
        for a, word in zip(starts, words):
            if len(word) > long_word:  # an unbroken URL or token: break inside it rather than overflow
                out.extend((p, 2.0 if text[p - 1] in _URL_SPLIT else 6.0) for p in range(a + 1, a + len(word)))
        inside = True
    if not inside:
        return out  # word starts only: ascending, one cost each
    return sorted(dict(sorted(out, key=lambda pc: -pc[1])).items())  # one cost per offset, the best


# ----------------------------------------------------------------------------- Chinese


@lru_cache(maxsize=8192)
def _latinish(ch: str) -> bool:
    return not ch.isspace() and unicodedata.east_asian_width(ch) not in ("W", "F") and not _is_zero(ch)


def _plain(ch: str) -> bool:
    """Whether no rule of :func:`chinese_break_cost` but the conjunction one reads *ch*, on either side."""
    return not (
        ch in ZH_NO_START or ch in ZH_NO_END or _latinish(ch) or ch in _ZH_STRONG or ch in "”’」』）)" or ch in _ZH_WEAK
        or ch.isspace() or ch in _ZH_PARTICLES or ch in _ZH_BEFORE_NOUN or ch.isdigit()
    )


class _PlainTable(dict[str, bool]):
    """:func:`_plain` of each character, worked out the first time it is read (``table[ch]``: one dict lookup)."""

    def __missing__(self, ch: str) -> bool:
        found = self[ch] = _plain(ch)
        return found


_PLAIN = _PlainTable()
#: the first characters of the conjunctions (a break before none of them is not before a conjunction)
_ZH_CONJ_FIRST = frozenset(c[0] for c in _ZH_CONJ)


def chinese_break_cost(text: str, p: int) -> float | None:
    """Cost of breaking Chinese *text* at offset *p*, or None where the rules forbid it."""
    before, after = text[p - 1], text[p]
    if _PLAIN[before] and _PLAIN[after]:  # between two plain characters (most breaks): the rules below give
        # 0.0, less 1.0 before a conjunction
        return -1.0 if after in _ZH_CONJ_FIRST and text.startswith(_ZH_CONJ, p) else 0.0
    if after in ZH_NO_START or before in ZH_NO_END:
        return None
    latin_before, latin_after = _latinish(before), _latinish(after)
    if latin_before and latin_after:
        return None  # inside "GPT-2" or "10%" or a URL
    if before in _ZH_STRONG or before in "”’」』）)" and p >= 2 and text[p - 2] in _ZH_STRONG:
        return -3.0
    if before in _ZH_WEAK:
        return -2.0
    space_before, space_after = before.isspace(), after.isspace()
    if space_before or space_after:
        cost = -0.3
    else:
        cost = 0.0
    if text.startswith(_ZH_CONJ, p):
        cost -= 1.0
    if after in _ZH_PARTICLES:
        cost += 2.5  # keep aspect and structural particles with their word: 选择了, 我的
    if before in _ZH_BEFORE_NOUN:
        cost += 2.0  # 这个/一种/我的 + noun
    if space_before and p >= 2 and latin_after and _latinish(text[p - 2]):
        return None  # between Latin words: "Oriel Vinyals", "New Rips"
    if space_after and p + 1 < len(text) and latin_before and _latinish(text[p + 1]):
        return None
    if space_before and p >= 2 and text[p - 2].isdigit() or space_after and before.isdigit():
        cost += 2.0  # a number and its unit: "2014 年"
    return cost


#: One-character prefixes and suffixes that jieba's dictionary leaves alone but that belong to the
#: next / previous word: 预|训练, 自|回归, 伪|代码; 数据|集, 智能|体, 积分|器.
_ZH_BOUND_PREFIXES = set("预自半伪超逆亚准副")
_ZH_BOUND_SUFFIXES = set("集体性化率器")
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def chinese_words(text: str) -> list[str]:
    """The words of Chinese *text* (they concatenate back to it), bound prefixes and suffixes joined.

    Lines and cues break only between these words.
    """
    return list(_chinese_words(text))


@lru_cache(maxsize=256)
def _chinese_words(text: str) -> tuple[str, ...]:
    """:func:`chinese_words`, kept for the texts of the last few sentences: the line breaks and
    the word links of a sentence both ask for them."""
    out: list[str] = []
    glue = False  # the previous token is a bound prefix waiting for its word
    han = _HAN_CHAR.match
    for tok in segment(text):
        # joined to the word before: a Han token after a bound prefix, or a bound suffix after a Han word
        # of two or more characters (the cheap tests first: the pattern is asked only of those)
        if out and (glue or tok in _ZH_BOUND_SUFFIXES) and han(tok) and (glue or (len(out[-1]) >= 2 and han(out[-1][-1]))):
            out[-1] += tok
        else:
            out.append(tok)
        glue = tok in _ZH_BOUND_PREFIXES
    return tuple(out)


def chinese_breaks(text: str, long_word: int = 16) -> Breaks:
    """Break offsets in normalised Chinese *text*: word boundaries allowed by the punctuation rules.

    Runs longer than *long_word* without any allowed break (a URL, a long
    Latin word) get breaks inside them at a high cost, so every text fits.
    """
    words: Sequence[str] = _chinese_words(text)
    if "" in words:
        words = [w for w in words if w]
    quoted = _short_quotes(text)
    out: Breaks = []
    plain = _PLAIN
    # each boundary between two words (the end of the last word is the end of the text: no break); the
    # words are not empty and concatenate to the text, so left[-1] is text[p - 1] and right[0] is text[p]
    for p, left, right in zip(accumulate(map(len, words)), words, words[1:]):
        before, after = left[-1], right[0]
        if plain[before] and plain[after]:
            # chinese_break_cost between two plain characters (most boundaries), inlined
            cost = -1.0 if after in _ZH_CONJ_FIRST and text.startswith(_ZH_CONJ, p) else 0.0
        else:
            found = chinese_break_cost(text, p)
            if found is None:
                continue
            cost = found
        if right in _ZH_LOCALIZERS:
            cost += 2.5  # 情况|下, 模型|中: a localizer stays with its noun
        if left in _ZH_PREPOSITIONS:
            cost += 1.5  # 在|这个领域: a preposition stays with its object
        if p in quoted:
            cost += 3.0  # inside a short quoted term: 「化石燃料」
        out.append((p, cost))
    # Guarantee a way through over-long unbreakable runs.
    extra: Breaks = []
    offs = [0, *(p for p, _ in out), len(text)]
    if max(map(sub, offs[1:], offs)) > long_word:  # a run longer than a line (in characters)
        for a, b in zip(offs, offs[1:]):
            if b - a > long_word and cjk_width(text[a:b]) > long_word:  # no character is wider than 1
                for p in range(a + 1, b):
                    if text[p] not in ZH_NO_START and text[p - 1] not in ZH_NO_END:
                        extra.append((p, 2.0 if text[p - 1] in _URL_SPLIT else 6.0))
    return sorted(out + extra) if extra else out  # out is in offset order already


def _short_quotes(text: str, limit: int = 10) -> set[int]:
    """Offsets strictly inside short bracketed or quoted runs (「…」, 《…》, “…”, （…）)."""
    inside: set[int] = set()
    for m in _ZH_QUOTED.finditer(text):
        if m.end() - m.start() - 2 <= limit:
            inside.update(range(m.start() + 1, m.end()))
    return inside


def breaks_for(text: str, tag: str | None, long_word: int) -> Breaks:
    return chinese_breaks(text, long_word) if is_cjk_language(tag) else english_breaks(text, long_word)


# ----------------------------------------------------------------------------- wrapping

#: the shape of a wrapped text: each width-unit of a line wider than the next costs TOP_HEAVY, of one
#: narrower BOTTOM_HEAVY (a longer bottom line reads better: the "pyramid"); a line narrower than
#: ORPHAN_SHARE of the width is an orphan and costs ORPHAN_COST (subtitle two-line search: the same)
TOP_HEAVY = 3.0
BOTTOM_HEAVY = 1.5
ORPHAN_SHARE = 0.3
ORPHAN_COST = 1.5


def wrap(
    text: str,
    breaks: Sequence[tuple[int, float]],
    measure: Measure,
    width: float,
    max_lines: int,
    max_cost: float | None = None,
) -> list[str] | None:
    """Break *text* into at most *max_lines* lines no wider than *width*, or None if impossible.

    Breaks costing more than *max_cost* (article + noun, say) are not used.

    One line when it fits. Otherwise the cheapest choice of breaks from
    *breaks*, plus a shape term that prefers balanced lines and, when they
    differ, a longer bottom line (the "pyramid").
    """
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return []
    if lead:  # break offsets are into the text before stripping: keep them on the same characters
        breaks = [(p - lead, c) for p, c in breaks]
    total = measure(text)
    if total <= width:
        return [text]
    if max_lines < 2 or total > width * max_lines:
        return None
    best: tuple[float, list[int]] | None = None
    inner = [(p, c) for p, c in breaks if 0 < p < len(text) and (max_cost is None or c <= max_cost)]
    span = _span_measure(text, measure)

    def lines_at(cuts: list[int]) -> list[str]:
        edges = [0, *cuts, len(text)]
        return [text[a:b].strip() for a, b in zip(edges, edges[1:])]

    def score(edges: list[int], cost: float) -> float | None:
        """The cost of lines cut at *edges*, or None when a line would be blank."""
        widths = []
        for a, b in zip(edges, edges[1:]):
            w = span(a, b)
            if w is None:
                return None
            widths.append(w)
        shape = 0.0
        for w1, w2 in zip(widths, widths[1:]):
            shape += (w1 - w2) / width * TOP_HEAVY if w1 > w2 else (w2 - w1) / width * BOTTOM_HEAVY
        shape += sum(ORPHAN_COST for w in widths if w < width * ORPHAN_SHARE)  # an orphan line reads badly
        return cost + shape

    def search(start: int, k: int, cuts: list[int], cost: float) -> None:
        nonlocal best
        if (span(start, len(text)) or 0.0) <= width:
            s = score([0, *cuts, len(text)], cost)
            if s is not None and (best is None or s < best[0]):
                best = (s, cuts)
        if k == 1:
            return
        for p, c in inner:
            if p <= start:
                continue
            head = span(start, p)
            if head is None:
                continue
            if head > width:
                break
            search(p, k - 1, [*cuts, p], cost + c)

    search(0, max_lines, [], 0.0)
    return lines_at(best[1]) if best else None


def _span_measure(text: str, measure: Measure) -> Callable[[int, int], float | None]:
    """``span(a, b)``: the width of ``text[a:b].strip()``, or None when that is empty.

    For the built-in measures the widths come from prefix sums (character widths
    are 0, 0.5 or 1, so the sums are exact and equal to measuring the string).
    """
    known: dict[Measure, Callable[[str], float]] = {latin_width: latin_char_width, cjk_width: cjk_char_width}
    char = known.get(measure)
    prefix = [0.0, *accumulate(map(char, text))] if char is not None else None

    def span(a: int, b: int) -> float | None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            return None
        if prefix is None:
            return measure(text[a:b])
        return prefix[b] - prefix[a]

    return span


def wrap_greedy(text: str, breaks: Sequence[tuple[int, float]], measure: Measure, width: float) -> list[str]:
    """Break *text* into as many lines as it takes, each filled as far as a break allows.

    For text that cannot fit the line limit (the caller keeps it and QC reports
    it): linear in the number of breaks, where :func:`wrap`'s search of every
    choice of breaks would grow exponentially with the number of lines. A
    stretch with no break inside the width stays one over-wide line.
    """
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return []
    offsets = sorted({p - lead for p, _ in breaks if 0 < p - lead < len(text)})
    span = _span_measure(text, measure)
    lines: list[str] = []
    start, i = 0, 0
    while (span(start, len(text)) or 0.0) > width:
        while i < len(offsets) and offsets[i] <= start:
            i += 1
        fit = None
        j = i
        while j < len(offsets):
            w = span(start, offsets[j])
            if w is not None and w > width:
                break
            if w is not None:
                fit = offsets[j]
            j += 1
        if fit is None:  # no break inside the width: up to the next break, over-wide
            fit = next((p for p in offsets[i:] if span(start, p) is not None), None)
            if fit is None:
                break
        lines.append(text[start:fit].strip())
        start = fit
    rest = text[start:].strip()
    if rest:
        lines.append(rest)
    return lines
