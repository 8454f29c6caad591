"""The break tables as made now give exactly the tables of the straightforward code they replaced.

``english_breaks`` and ``chinese_breaks`` were rewritten for speed (words
found by splitting, costs mapped over word pairs, one scan for dashes; the
Chinese boundaries read from the word list, the Latin test cached). The
references below are the earlier code, kept as written; the tables must
agree offset for offset and cost for cost on every sentence of both seeds
(with and without a speaker mark, as cues have them) and on random texts
built to reach every rule: odd white space, dashes inside words, words and
URLs longer than a line, quotes, Latin words, digits and units in Chinese.
"""

from __future__ import annotations

import random
import re
import unicodedata
from functools import lru_cache

import pytest

from diglot import load
from diglot.lang import linebreak as lb
from diglot.lang.linebreak import (
    _URL_SPLIT,
    _ZH_BEFORE_NOUN,
    _ZH_CONJ,
    _ZH_LOCALIZERS,
    _ZH_PARTICLES,
    _ZH_PREPOSITIONS,
    _ZH_STRONG,
    _ZH_WEAK,
    ZH_NO_END,
    ZH_NO_START,
    Breaks,
    _is_zero,
    _short_quotes,
    chinese_breaks,
    chinese_words,
    cjk_width,
    english_break_cost,
    english_breaks,
)

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED

_INNER_DASH = re.compile(r"(?<=\w)[—–]+(?=\w)")


def reference_english_breaks(text: str, long_word: int = 42) -> Breaks:
    out: Breaks = []
    inside = False
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    for i, (a, b) in enumerate(words):
        if i:
            out.append((a, english_break_cost(text[words[i - 1][0]:words[i - 1][1]], text[a:b])))
        for m in _INNER_DASH.finditer(text, a, b):
            out.append((m.end(), -2.0))
            inside = True
        if b - a > long_word:
            for p in range(a + 1, b):
                out.append((p, 2.0 if text[p - 1] in _URL_SPLIT else 6.0))
            inside = True
    if not inside:
        return out
    return sorted(dict(sorted(out, key=lambda pc: -pc[1])).items())


def _latinish(ch: str) -> bool:
    return not ch.isspace() and unicodedata.east_asian_width(ch) not in ("W", "F") and not _is_zero(ch)


def reference_chinese_break_cost(text: str, p: int) -> float | None:
    before, after = text[p - 1], text[p]
    if after in ZH_NO_START or before in ZH_NO_END:
        return None
    if _latinish(before) and _latinish(after):
        return None
    if before in _ZH_STRONG or before in "”’」』）)" and p >= 2 and text[p - 2] in _ZH_STRONG:
        return -3.0
    if before in _ZH_WEAK:
        return -2.0
    if before.isspace() or after.isspace():
        cost = -0.3
    else:
        cost = 0.0
    if text.startswith(_ZH_CONJ, p):
        cost -= 1.0
    if after in _ZH_PARTICLES:
        cost += 2.5
    if before in _ZH_BEFORE_NOUN:
        cost += 2.0
    if before.isspace() and p >= 2 and _latinish(text[p - 2]) and _latinish(after):
        return None
    if after.isspace() and p + 1 < len(text) and _latinish(before) and _latinish(text[p + 1]):
        return None
    if before.isspace() and p >= 2 and text[p - 2].isdigit() or after.isspace() and before.isdigit():
        cost += 2.0
    return cost


def reference_chinese_breaks(text: str, long_word: int = 16) -> Breaks:
    tokens: dict[int, str] = {}
    pos = 0
    for tok in chinese_words(text):
        tokens[pos] = tok
        pos += len(tok)
    ends = {start + len(tok): tok for start, tok in tokens.items()}
    quoted = _short_quotes(text)
    out: Breaks = []
    for p in sorted(ends):
        if 0 < p < len(text):
            cost = reference_chinese_break_cost(text, p)
            if cost is None:
                continue
            if tokens.get(p) in _ZH_LOCALIZERS:
                cost += 2.5
            if ends[p] in _ZH_PREPOSITIONS:
                cost += 1.5
            if p in quoted:
                cost += 3.0
            out.append((p, cost))
    extra: Breaks = []
    offs = [0] + [p for p, _ in out] + [len(text)]
    for a, b in zip(offs, offs[1:]):
        if b - a > long_word and cjk_width(text[a:b]) > long_word:
            for p in range(a + 1, b):
                if text[p] not in ZH_NO_START and text[p - 1] not in ZH_NO_END:
                    extra.append((p, 2.0 if text[p - 1] in _URL_SPLIT else 6.0))
    return sorted(out + extra) if extra else out


@lru_cache(maxsize=1)
def _seed_texts() -> tuple[list[str], list[str]]:
    """The English and Chinese sentences of both seeds (each turn cut after its sentence ends), normalised."""
    english: list[str] = []
    chinese: list[str] = []
    for path in (PAIRED_SEED, FRONTMATTER_SEED):
        for seg in load(path).segments:
            for text, out in ((seg.source, english), (seg.target, chinese)):
                out.extend(t for t in (lb.normalize_space(s) for s in re.split(r"(?<=[.?!。？！])", text or "")) if t)
    return english, chinese


_EN_EXTRAS = ["time—if", "well–known", "—", "--", "https://example.com/a/very/long/path?with=query&and=more#frag",
              "supercalifragilisticexpialidocious-and-then-some-more", "GPT-2", "2014", "\u200bzero", "Oriel", "Vinyals",
              "(and", "so)", "“quoted”", "I'm", "it's", "e.g.", "...", "?!"]
_ZH_EXTRAS = ["「化石燃料」", "《深度学习》", "“预训练”", "（笑）", "GPT-2", "2014 年", "AI", "Oriel Vinyals", "，", "。", "！",
              "……", "——", "https://example.com/long/path", "supercalifragilisticexpialidocious", "10%", "上", "在", "的",
              "了", " ", "\u200b", "但是", "因为"]


def _random_english(rng: random.Random, words: list[str]) -> str:
    picked = [rng.choice(words) for _ in range(rng.randint(0, 40))]
    seps = [rng.choice([" ", " ", " ", " ", "  ", "\t", "\n", " \u3000", "—"]) for _ in picked]
    text = "".join(w + s for w, s in zip(picked, seps))
    return rng.choice(["", " ", "\t"]) + text if rng.random() < 0.3 else text.rstrip(" ") if rng.random() < 0.5 else text


def _random_chinese(rng: random.Random, texts: list[str]) -> str:
    parts = []
    for _ in range(rng.randint(0, 6)):
        if rng.random() < 0.6:
            t = rng.choice(texts)
            a = rng.randrange(len(t) + 1)
            parts.append(t[a:rng.randrange(a, len(t) + 1)])
        else:
            parts.append(rng.choice(_ZH_EXTRAS))
    return "".join(parts)


def test_english_breaks_are_the_reference_tables():
    english, _ = _seed_texts()
    rng = random.Random(5)
    words = [w for t in english for w in t.split()] + _EN_EXTRAS * 40
    texts = english + ["Host: " + t for t in english] + [_random_english(rng, words) for _ in range(1500)] + ["", " ", "a", "a b"]
    checked = inside = 0
    for text in texts:
        for long_word in (42, 8):
            want = reference_english_breaks(text, long_word)
            assert english_breaks(text, long_word) == want, (text, long_word)
            checked += 1
            inside += any(0 < p < len(text) and not text[p - 1].isspace() for p, _ in want)
    assert checked > 6000 and inside > 1500  # breaks inside words (dashes, long words) well represented


@pytest.mark.parametrize("long_word", [16, 6])
def test_chinese_breaks_are_the_reference_tables(long_word):
    _, chinese = _seed_texts()
    rng = random.Random(11 + long_word)
    texts = chinese + ["主持人：" + t for t in chinese] + [_random_chinese(rng, chinese) for _ in range(2000)] + ["", "。", "我"]
    checked = forced = 0
    for text in texts:
        want = reference_chinese_breaks(text, long_word)
        assert chinese_breaks(text, long_word) == want, (text, long_word)
        checked += 1
        forced += any(c == 6.0 for _, c in want)
    assert checked > 3000 and forced > 100  # breaks forced inside long runs well represented


def test_widths_are_the_sums_of_character_widths():
    """``latin_width``, ``cjk_width`` and ``prefix_widths`` (an ASCII text measured at once) give the sums of
    the character widths, on seed sentences and random mixes of ASCII, CJK, zero-width and combining marks."""
    from itertools import accumulate

    from diglot.lang.linebreak import cjk_char_width, latin_char_width, latin_width, prefix_widths

    english, chinese = _seed_texts()
    rng = random.Random(3)
    alphabet = "abc XYZ 09,.-—“”’…\t\u200b\u200d\u0301\u20dd\u00ad我们。，（）ＡＢ\uff61한"
    texts = english + chinese + ["", " ", "a"] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2000)]
    for text in texts:
        for tag, char in (("en", latin_char_width), ("zh", cjk_char_width)):
            want = list(accumulate(map(char, text), initial=0.0))
            assert prefix_widths(text, tag) == want, (text, tag)
            assert (latin_width if char is latin_char_width else cjk_width)(text) == float(sum(map(char, text))) == want[-1]
    assert sum(t.isascii() for t in texts) > 500 and sum(not t.isascii() for t in texts) > 500


def reference_normalize_space(text: str) -> str:
    """``normalize_space`` as it was: control characters dropped, runs of ``\\s`` made one space, the ends trimmed."""
    return re.sub(r"\s+", " ", re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]", "", text)).strip()


def test_normalize_space_is_the_reference():
    """``normalize_space`` (the words of ``str.split()`` joined by one space) gives what the two patterns gave, on
    every white space and control code point alone and between words, the seed sentences and random mixes."""
    english, chinese = _seed_texts()
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace() or re.match(r"\s", chr(c))]
    controls = [chr(c) for c in [*range(0, 0x20), *range(0x7F, 0xA0)]]
    assert len(spaces) > 20
    rng = random.Random(29)
    odd = spaces + controls + ["", "a", "我"]
    texts = [*english, *chinese, *odd, *(f"a{c}b{c}{c}c" for c in odd)]
    texts += ["".join(rng.choice(odd + ["x", "我们", " "]) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    for text in texts:
        assert lb.normalize_space(text) == reference_normalize_space(text), repr(text)


def reference_chinese_words(text: str) -> list[str]:
    """``chinese_words`` as it was written: every token tested for Han first."""
    from diglot.lang.linebreak import _HAN_CHAR, _ZH_BOUND_PREFIXES, _ZH_BOUND_SUFFIXES
    from diglot.lang.words import segment

    out: list[str] = []
    glue = False
    for tok in segment(text):
        han = bool(_HAN_CHAR.match(tok))
        if out and han and (glue or (tok in _ZH_BOUND_SUFFIXES and len(out[-1]) >= 2 and _HAN_CHAR.match(out[-1][-1]))):
            out[-1] += tok
        else:
            out.append(tok)
        glue = tok in _ZH_BOUND_PREFIXES
    return out


def test_chinese_words_are_the_reference():
    """Bound prefixes and suffixes joined as before (the cheap tests first now), on the seed sentences and random
    texts full of them, after Han and Latin words, at the ends and doubled."""
    from diglot.lang.linebreak import _ZH_BOUND_PREFIXES, _ZH_BOUND_SUFFIXES

    _, chinese = _seed_texts()
    rng = random.Random(31)
    bound = sorted(_ZH_BOUND_PREFIXES | _ZH_BOUND_SUFFIXES)
    pieces = [*bound, "训练", "数据", "模型", "我", "GPT", "2", " ", "，", "智能", "回归", "代码"]
    texts = chinese + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    joined = 0
    for text in texts:
        want = reference_chinese_words(text)
        assert chinese_words(text) == want, text
        joined += len(want) < len(lb.segment(text)) if text else 0
    assert joined > 500  # prefixes and suffixes joined in many texts


def reference_english_break_cost(left: str, right: str) -> float:
    """``english_break_cost`` as it was written (the word classes joined per call, the keys made per call)."""
    from diglot.lang.linebreak import (
        _ADJECTIVE_ENDINGS,
        _ARTICLES,
        _AUXILIARIES,
        _CONJUNCTIONS,
        _DETERMINERS,
        _NEGATIONS,
        _PARTICLES,
        _PREPOSITIONS,
        _STRONG_END,
        _SUBJECT_PRONOUNS,
        _WEAK_END,
    )

    def key(word: str) -> str:
        return word.strip("\"'“”‘’()[]{}«»").lower()

    if _STRONG_END.search(left):
        return -3.0
    if _WEAK_END.search(left) or right in ("—", "–", "-", "--"):
        return -2.0
    lk, rk = key(left), key(right)
    cost = 0.0
    if rk in _CONJUNCTIONS:
        cost -= 1.5
    elif rk in _PREPOSITIONS:
        cost -= 1.0
    if lk in _ARTICLES or lk in _DETERMINERS and rk not in _CONJUNCTIONS | _PREPOSITIONS:
        cost += 4.0
    elif lk in _CONJUNCTIONS or lk in _PREPOSITIONS and rk not in _CONJUNCTIONS:
        cost += 2.0
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
        and rk not in _CONJUNCTIONS | _PREPOSITIONS | _AUXILIARIES | _ARTICLES
    ):
        cost += 2.0
    if left[:1].isupper() and right[:1].isupper() and lk not in _SUBJECT_PRONOUNS:
        cost += 3.0
    if left[:1].isdigit() and right[:1].isdigit():
        cost += 2.0
    return cost


def test_english_break_cost_is_the_reference():
    """Every pair of neighbouring words of the seeds, and random pairs of seed words and function words
    (determiners and adjectives before conjunctions, prepositions, auxiliaries, articles, in quotes)."""
    from diglot.lang.linebreak import _ARTICLES, _AUXILIARIES, _CONJUNCTIONS, _DETERMINERS, _PREPOSITIONS

    english, _ = _seed_texts()
    pairs = {(a, b) for t in english for a, b in zip(t.split(), t.split()[1:])}
    rng = random.Random(37)
    words = [w for t in english for w in t.split()] + sorted(_ARTICLES | _AUXILIARIES | _CONJUNCTIONS | _DETERMINERS | _PREPOSITIONS)
    words += ["incredible", "“This", "(because", "Possible", "co-authors", "careful", "2014", "10"]
    pairs |= {(rng.choice(words), rng.choice(words)) for _ in range(20000)}
    for left, right in pairs:
        assert english_break_cost(left, right) == reference_english_break_cost(left, right), (left, right)
    assert len(pairs) > 15000
