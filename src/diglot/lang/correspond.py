"""Word correspondence between an English sentence and its Chinese translation.

Used to split a long sentence pair over several subtitles so that both halves
of every cue say the same thing. Words are linked across the languages by:

* names, numbers and Latin words written the same on both sides ("GPT-2",
  "2014", "AI"), and English number words to Chinese numerals ("ten" - 十);
* a bilingual dictionary (CC-CEDICT, :mod:`diglot.lang.dictionary`): a
  Chinese word (jieba) is linked to the English words its glosses contain;
  a word the dictionary lacks (预训练) is looked up by its longest known parts
  (预 + 训练).

A word repeated on both sides the same number of times is linked in order;
otherwise every pairing shares one unit of weight. A split at English offset
*p* and Chinese offset *q* is judged by the links it *crosses* (one end in the
left halves, the other in the right), by whether the right halves open with
corresponding connectives ("because" - 因为, "but" - 但/然而...), by whether
both sides break at punctuation, and by how far the two halves' proportions
differ (clause order). :meth:`Correspondence.cost` gives that cost,
:meth:`Correspondence.crossing` the crossed weight alone.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, compress

from .dictionary import STOP, glosses, known, stem

_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d(?:[\d,.]*\d)?")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NUMBER_WORDS = {
    "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
    "9": "nine", "10": "ten", "100": "hundred", "1000": "thousand", "1,000": "thousand",
}
#: English words that open a clause, and how a Chinese clause opening the same way begins.
CONNECTIVES: dict[str, tuple[str, ...]] = {
    "because": ("因为", "由于", "因"),
    "since": ("因为", "由于", "自从"),
    "but": ("但", "然而", "不过", "可是", "而", "却"),
    "however": ("但", "然而", "不过"),
    "yet": ("但", "然而", "却"),
    "whereas": ("而", "然而"),
    "while": ("而", "当", "同时"),
    "so": ("所以", "因此", "因而", "于是", "这样", "以便"),
    "therefore": ("因此", "所以", "因而"),
    "and": ("并", "而且", "以及", "同时", "还", "和", "也", "又", "然后"),
    "or": ("或", "还是"),
    "if": ("如果", "假如", "要是", "若", "假设"),
    "then": ("那么", "然后", "那", "就", "接着"),
    "when": ("当", "每当"),
    "whenever": ("每当", "无论何时"),
    "although": ("虽然", "尽管"),
    "though": ("虽然", "尽管"),
    "even": ("即使", "即便", "甚至", "哪怕"),
    "like": ("比如", "例如", "像", "就像", "类似"),
    "such": ("比如", "例如", "像"),
    "maybe": ("也许", "或许", "可能"),
    "perhaps": ("也许", "或许", "可能"),
    "whether": ("是否",),
    "which": ("这", "因此"),
    "who": ("他们", "他", "她", "它"),
    "until": ("直到",),
    "unless": ("除非",),
    "to": ("来", "以", "去", "为了"),
    "in": ("在",),
    "with": ("用", "通过", "在"),
}
#: Every Chinese connective (a right half opening with none of them gets no connective bonus).
_ZH_OPENERS = tuple(sorted({c for cs in CONNECTIVES.values() for c in cs}))
#: the connectives by their first character, shortest first
_ZH_OPENERS_AT = {f: tuple(sorted((c for c in _ZH_OPENERS if c[0] == f), key=len)) for f in {c[0] for c in _ZH_OPENERS}}
_PUNCT_EN = ",;:.?!—–\"”'’)"
_PUNCT_EN_STRONG = ".?!"
_PUNCT_ZH = "，、；：。？！…—”’」』）)》,;:.?!"
_PUNCT_ZH_STRONG = "。？！…"
#: What may stand before a Chinese connective that opens the right half (quotes, commas, spaces).
_ZH_SKIP = frozenset(" ，、：；“‘「")
#: Cost weights: per unit of crossed link weight, per unit of proportion difference, the bonuses
#: for punctuation on both sides (same strength / different) and for matching connectives, and the
#: weight of the Chinese line-breaking cost. Chosen on the split gold set (tests/data/split_gold.json,
#: see benchmarks/split_agreement.py; tuned on one seed, the other scores within 2 points).
W_CROSS, W_PROPORTION, B_PUNCT_SAME, B_PUNCT_OTHER, B_CONNECTIVE, W_BREAK = 2.0, 4.0, 1.5, 1.0, 1.5, 1.0


@dataclass
class Correspondence:
    """Links between the words of *en* and *zh*: ``(English offset, Chinese offset, weight)``."""

    en: str
    zh: str
    links: list[tuple[int, int, float]] = field(default_factory=list)

    def _inside(self, espan: tuple[int, int], zspan: tuple[int, int]) -> list[tuple[int, int, float]]:
        return [lk for lk in self.links if espan[0] <= lk[0] < espan[1] and zspan[0] <= lk[1] < zspan[1]]

    def crossing(self, p: int, q: int, espan: tuple[int, int] | None = None, zspan: tuple[int, int] | None = None) -> float:
        """Weight of the links that a split at *p* (English) and *q* (Chinese) puts in different halves."""
        es, zs = espan or (0, len(self.en)), zspan or (0, len(self.zh))
        return sum(w for e, z, w in self._inside(es, zs) if (e < p) != (z < q))

    def scorer(self, espan: tuple[int, int], zspan: tuple[int, int]) -> SplitScorer:
        """Costs of splits inside the spans *espan* (English) and *zspan* (Chinese)."""
        return SplitScorer(self, espan, zspan, self._inside(espan, zspan))

    @cached_property
    def zh_marks(self) -> tuple[list[int], list[int], list[int], list[str]]:
        """What a Chinese split at each offset *q* of the whole text reads around it, made once per sentence
        (every span of it, in the split search and its recursion, reads the same; :meth:`SplitScorer._zh_all`
        bounds them by the span):

        * the offset of the last character before *q* that is not white space (-1: none),
        * where the text after *q* starts once quotes, commas and spaces are skipped (``len(zh)``: nowhere),
        * the length of the shortest Chinese connective that starts there (0: none),
        * that last character ("" when there is none).
        """
        zh = self.zh
        n = len(zh)
        last_at: list[int] = []
        k = -1
        for q in range(n + 1):  # last_at[q]: the last non-space offset below q
            last_at.append(k)
            if q < n and not zh[q].isspace():
                k = q
        skip_to = [n] * (n + 1)
        i = n
        for q in range(n - 1, -1, -1):  # skip_to[q]: the first offset from q on not in _ZH_SKIP
            if zh[q] not in _ZH_SKIP:
                i = q
            skip_to[q] = i
        opener = [0] * (n + 1)
        for q in range(n):
            for c in _ZH_OPENERS_AT.get(zh[q], ()):  # shortest first
                if zh.startswith(c, q):
                    opener[q] = len(c)
                    break
        shortest = [opener[i] for i in skip_to]
        return (last_at, skip_to, shortest, [zh[k] if k >= 0 else "" for k in last_at])


class SplitScorer:
    """Scores Chinese split offsets for English split offsets inside one pair of spans."""

    def __init__(self, corr: Correspondence, espan: tuple[int, int], zspan: tuple[int, int], links: list[tuple[int, int, float]]) -> None:
        self.corr, self.espan, self.zspan = corr, espan, zspan
        self._links = links
        self._es: list[int] = []  # the links' English offsets, ascending
        self._zwe: tuple[list[int], list[float], list[int]] | None = None  # the links in Chinese order, by field
        self._halves_at: dict[int, tuple[list[int], list[float], list[int], list[float]]] = {}
        self._en_feats: dict[int, tuple[str, str | None]] = {}
        self._zh_feats: dict[int, tuple[str, int, float]] = {}

    def _halves(self, p: int) -> tuple[list[int], list[float], list[int], list[float]]:
        """The links of the English left half (``e < p``) and of the right one, each in Chinese order (by
        offset, then weight) as Chinese offsets and running sums of weights. The halves depend only on how
        many links lie left of *p*, so English splits between the same two links share them."""
        zwe = self._zwe
        if zwe is None:
            by_z = sorted((z, w, e) for e, z, w in self._links)  # by Chinese offset, then weight
            zwe = self._zwe = ([z for z, _, _ in by_z], [w for _, w, _ in by_z], [e for _, _, e in by_z])
            self._es = sorted(zwe[2])
        n_left = bisect_left(self._es, p)
        found = self._halves_at.get(n_left)
        if found is None:
            zs, ws, es = zwe
            left = [e < p for e in es]
            right = [e >= p for e in es]
            found = self._halves_at[n_left] = (
                list(compress(zs, left)),
                list(accumulate(compress(ws, left), initial=0.0)),
                list(compress(zs, right)),
                list(accumulate(compress(ws, right), initial=0.0)),
            )
        return found

    def crossing(self, p: int, q: int) -> float:
        lz, lc, rz, rc = self._halves(p)
        left_after = lc[-1] - lc[bisect_left(lz, q)]  # English left, Chinese right
        right_before = rc[bisect_left(rz, q)]  # English right, Chinese left
        return left_after + right_before

    def _en_at(self, p: int) -> tuple[str, str | None]:
        """(last character of the English left half, the word opening the right half) for a split at *p*."""
        found = self._en_feats.get(p)
        if found is None:
            found = self._en_feats[p] = (_last_char(self.corr.en, self.espan[0], p), _opens(self.corr.en, p, self.espan[1]))
        return found

    def _zh_at(self, q: int) -> tuple[str, int, float]:
        """(last character of the Chinese left half, where the right half's text starts once quotes and
        commas are skipped, the least the punctuation and connective terms can add) for a split at *q*."""
        found = self._zh_feats.get(q)
        if found is None:
            lasts, starts, leasts = self._zh_all((q,))
            found = self._zh_feats[q] = (lasts[0], starts[0], leasts[0])
        return found

    def _zh_all(self, qs: Sequence[int]) -> tuple[list[str], list[int], list[float]]:
        """:meth:`_zh_at` of each of *qs* in one pass, as three lists (every Chinese candidate of a span asks for it)."""
        za, zb = self.zspan
        last_at, skip_to, shortest, last_of = self.corr.zh_marks
        lasts: list[str] = []
        starts: list[int] = []
        leasts: list[float] = []
        for q in qs:
            # the skipped run and the last character looked for within the span only: the run stops at zb, a
            # last character before za is none, a connective must end by zb (the shortest does when any does)
            last = last_of[q] if last_at[q] >= za else ""
            i = skip_to[q]
            m = shortest[q]
            opens = m > 0 and i + m <= zb
            if i > zb:
                i = zb
            lasts.append(last)
            starts.append(i)
            leasts.append((-B_PUNCT_SAME if last != "" and last in _PUNCT_ZH else 0.0) - (B_CONNECTIVE if opens else 0.0))
        return lasts, starts, leasts

    def _score(self, p: int, q: int) -> tuple[float, float]:
        """``(cost(p, q), crossing(p, q))``, with what depends on one side looked up once (no slicing:
        a split costs the same in a long sentence, or a 10,000-character word, as in a short one)."""
        ea, eb = self.espan
        za, zb = self.zspan
        crossed = self.crossing(p, q)
        cost = W_CROSS * crossed
        fe = (p - ea) / ((eb - ea) or 1)
        fz = (q - za) / ((zb - za) or 1)
        cost += W_PROPORTION * abs(fe - fz)
        last_en, opener = self._en_at(p)
        last_zh, right_zh, _ = self._zh_at(q)
        en_punct = last_en != "" and last_en in _PUNCT_EN
        zh_punct = last_zh != "" and last_zh in _PUNCT_ZH
        if en_punct and zh_punct:
            cost -= B_PUNCT_SAME if (last_en in _PUNCT_EN_STRONG) == (last_zh in _PUNCT_ZH_STRONG) else B_PUNCT_OTHER
        elif en_punct and last_en in _PUNCT_EN_STRONG:
            cost += 0.5
        if opener and self.corr.zh.startswith(CONNECTIVES.get(opener, ()), right_zh, zb):
            cost -= B_CONNECTIVE
        return cost, crossed

    def costs(self, splits: Iterable[tuple[int, int]]) -> list[tuple[float, float]]:
        """``(cost(p, q), crossing(p, q))`` for every ``(p, q)`` of *splits* (the figures of :meth:`cost`)."""
        return [self._score(p, q) for p, q in splits]

    def chinese_candidates(self, qs: Sequence[int], bases: Sequence[float]) -> ChineseCandidates:
        """The Chinese breaks *qs* (ascending) with their own costs *bases*, ready to be matched to English splits."""
        return ChineseCandidates(self, qs, bases)

    def cost(self, p: int, q: int) -> float:
        """Lower is better: crossed links, connectives and punctuation at the split, proportions."""
        en, zh = self.corr.en, self.corr.zh
        (ea, eb), (za, zb) = self.espan, self.zspan
        cost = W_CROSS * self.crossing(p, q)
        fe = (p - ea) / ((eb - ea) or 1)
        fz = (q - za) / ((zb - za) or 1)
        cost += W_PROPORTION * abs(fe - fz)
        left_en = en[ea:p].rstrip()
        left_zh = zh[za:q].rstrip()
        en_punct = bool(left_en) and left_en[-1] in _PUNCT_EN
        zh_punct = bool(left_zh) and left_zh[-1] in _PUNCT_ZH
        if en_punct and zh_punct:
            cost -= B_PUNCT_SAME if (left_en[-1] in _PUNCT_EN_STRONG) == (left_zh[-1] in _PUNCT_ZH_STRONG) else B_PUNCT_OTHER
        elif en_punct and left_en[-1] in _PUNCT_EN_STRONG:
            cost += 0.5
        opener = _opens(en, p, eb)
        if opener:
            right_zh = zh[q:zb].lstrip(" ，、：；“‘「")
            if right_zh.startswith(CONNECTIVES.get(opener, ())):
                cost -= B_CONNECTIVE
        return cost


class ChineseCandidates:
    """Chinese breaks of one span (ascending offsets, each with its own cost), matched to English splits.

    :meth:`best` gives the same answer as scoring every candidate with
    :meth:`SplitScorer.cost`, found faster: a candidate's total has a lower
    bound (its own cost, the least the punctuation and connective terms can
    give at it, and the proportion term; crossed links only add), and the
    proportion term grows with the distance from the English split's
    position, so candidates are visited outwards from there, on each side
    until the smallest own cost of the candidates further out on that side
    plus the proportion term exceeds the best total found.
    A split costs about the same in a long sentence (or a 10,000-character
    word, whose every character is a candidate) as in a short one.
    """

    def __init__(self, scorer: SplitScorer, qs: Sequence[int], bases: Sequence[float]) -> None:
        za, zb = scorer.zspan
        zlen = (zb - za) or 1
        self.scorer, self.qs, self.bases = scorer, list(qs), list(bases)
        self.fz = [(q - za) / zlen for q in self.qs]
        lasts, self._zh_opens, leasts = scorer._zh_all(self.qs)
        self.own = [base + least for base, least in zip(self.bases, leasts)]
        self._least_to = list(accumulate(self.own, min))  # the least own cost up to each candidate
        self._least_from = list(accumulate(reversed(self.own), min))[::-1]  # ... and from each one on
        # what the punctuation and connective terms read at each candidate (see SplitScorer._score)
        self._zh_punct = [last != "" and last in _PUNCT_ZH for last in lasts]
        self._zh_strong = [last in _PUNCT_ZH_STRONG for last in lasts]

    def best(self, p: int, lo: int = 0, hi: int | None = None, below: float = math.inf) -> tuple[int, float, float]:
        """For an English split at *p*, among candidates ``lo:hi``: the index that minimises its own cost
        plus :meth:`SplitScorer.cost` (the first of equal ones), that total, and the crossed link weight.

        Only totals under *below* are looked for: when there are none, the index is -1 (a caller that
        has better splits already need not know how much worse this one is)."""
        hi = len(self.qs) if hi is None else hi
        sc = self.scorer
        ea, eb = sc.espan
        fe = (p - ea) / ((eb - ea) or 1)
        fz, own, bases, qs = self.fz, self.own, self.bases, self.qs
        least_to, least_from = self._least_to, self._least_from
        best_i, best_total, best_crossed = -1, below, 0.0
        halves: tuple[list[int], list[float], list[int], list[float]] | None = None
        # Candidates are visited outwards from the English split's position, nearer first. A direction
        # is closed when the least own cost of the candidates left in it (the least over a longer run,
        # past the window, is no greater) plus the proportion term of the nearest of them exceeds the
        # best total found: that term only grows further out. (The margin: rounding.)
        left = bisect_left(fz, fe, lo, hi) - 1
        right = left + 1
        while left >= lo or right < hi:
            if right >= hi or (left >= lo and fe - fz[left] <= fz[right] - fe):
                i = left
                far = W_PROPORTION * abs(fe - fz[i])
                if least_to[i] + far > best_total + 1e-9:
                    left = lo - 1
                    continue
                left -= 1
            else:
                i = right
                far = W_PROPORTION * abs(fe - fz[i])
                if least_from[i] + far > best_total + 1e-9:
                    right = hi
                    continue
                right += 1
            if own[i] + far > best_total + 1e-9:
                continue
            if halves is None:  # what depends on the English split alone, once
                halves = lz, lc, rz, rc = sc._halves(p)
                left_total = lc[-1]
                last_en, opener = sc._en_at(p)
                en_punct = last_en != "" and last_en in _PUNCT_EN
                en_strong = en_punct and last_en in _PUNCT_EN_STRONG
                connectives = CONNECTIVES.get(opener, ()) if opener else ()
                zh, zb, zh_punct, zh_strong, zh_opens = sc.corr.zh, sc.zspan[1], self._zh_punct, self._zh_strong, self._zh_opens
            # SplitScorer._score(p, qs[i]) inlined, the same arithmetic in the same order (far is its
            # proportion term: the same expression)
            q = qs[i]
            crossed = (left_total - lc[bisect_left(lz, q)]) + rc[bisect_left(rz, q)]
            cost = W_CROSS * crossed
            cost += far
            if en_punct:
                if zh_punct[i]:
                    cost -= B_PUNCT_SAME if en_strong == zh_strong[i] else B_PUNCT_OTHER
                elif en_strong:
                    cost += 0.5
            if connectives and zh.startswith(connectives, zh_opens[i], zb):
                cost -= B_CONNECTIVE
            total = bases[i] + cost
            if total < best_total or (total == best_total and i < best_i):
                best_i, best_total, best_crossed = i, total, crossed
        return best_i, best_total, best_crossed


def _last_char(text: str, start: int, end: int) -> str:
    """The last character of ``text[start:end].rstrip()`` ("" when that is empty), found without slicing."""
    i = end - 1
    while i >= start and text[i].isspace():
        i -= 1
    return text[i] if i >= start else ""


def _opens(en: str, p: int, end: int) -> str | None:
    """The first word of the English right half, lower-cased ("And so" -> "so" when "and" has no match)."""
    m = _EN_TOKEN.search(en, p, end)
    if not m or en[p:m.start()].strip(" \"“'‘("):
        return None
    word = m.group().lower()
    if word == "and":
        nxt = _EN_TOKEN.search(en, m.end(), end)
        if nxt and nxt.group().lower() in CONNECTIVES and not en[m.end():nxt.start()].strip(" ,"):
            return nxt.group().lower()
    return word


def _segment(text: str) -> list[str]:
    """Chinese words of *text*: the words lines break between (the one place that names the segmenter)."""
    from .linebreak import chinese_words

    return chinese_words(text)


def _zh_units(zh: str) -> list[tuple[int, str]]:
    """(offset, word) for the Chinese words to look up: jieba words, unknown ones cut into known parts."""
    out: list[tuple[int, str]] = []
    pos = 0
    for tok in _segment(zh):
        start, pos = pos, pos + len(tok)
        if not _HAN.search(tok):
            continue
        if len(tok) == 1 or known(tok):
            out.append((start, tok))
            continue
        i = 0
        while i < len(tok):  # longest known part first
            for j in range(len(tok), i, -1):
                if j - i == 1 or known(tok[i:j]):
                    out.append((start + i, tok[i:j]))
                    i = j
                    break
    return out


def _link(
    pairs: dict[str, tuple[list[int], list[int]]], weight: dict[str, float], en_len: int, zh_len: int
) -> list[tuple[int, int, float]]:
    links: list[tuple[int, int, float]] = []
    for key, (es, zs) in pairs.items():
        if not es or not zs:
            continue
        w = weight.get(key, 1.0)
        if len(es) == len(zs):
            links.extend((e, z, w) for e, z in zip(es, zs))
            continue
        # unequal counts: each occurrence links to the one at the nearest relative position
        re_, rz = [e / en_len for e in es], [z / zh_len for z in zs]
        pairs_ = {(e, min(zs, key=lambda z: (abs(z / zh_len - x), z))) for e, x in zip(es, re_)}
        pairs_ |= {(min(es, key=lambda e: (abs(e / en_len - x), e)), z) for z, x in zip(zs, rz)}
        share = w * min(len(es), len(zs)) / len(pairs_)
        links.extend((e, z, share) for e, z in sorted(pairs_))
    return links


@lru_cache(maxsize=512)
def correspondence(en: str, zh: str) -> Correspondence:
    """The word links between the English sentence *en* and its Chinese translation *zh*."""
    en_tokens = [(m.start(), m.group()) for m in _EN_TOKEN.finditer(en)]
    zh_latin = [(m.start(), m.group()) for m in _EN_TOKEN.finditer(zh)]
    # 1. the same Latin word or number on both sides: a strong link
    anchors: dict[str, tuple[list[int], list[int]]] = {}
    for off, tok in en_tokens:
        anchors.setdefault(tok.lower(), ([], []))[0].append(off)
    for off, tok in zh_latin:
        if tok.lower() in anchors:
            anchors[tok.lower()][1].append(off)
    links = _link(anchors, {k: 2.0 for k in anchors}, len(en) or 1, len(zh) or 1)
    # 2. the dictionary: English content words found in the glosses of Chinese words
    stems: dict[str, list[int]] = {}
    for off, tok in en_tokens:
        low = tok.lower()
        if low in anchors and anchors[low][1]:
            continue  # already linked as written
        if low in STOP:
            continue  # a function word: never a link, whatever its stem
        s = _NUMBER_WORDS.get(tok) or stem(tok)
        if len(s) > 1 and s not in STOP:
            stems.setdefault(s, []).append(off)
    matches: dict[str, tuple[list[int], list[int]]] = {}
    weight: dict[str, float] = {}
    for off, word in _zh_units(zh):
        for s in glosses(word) & stems.keys():
            matches.setdefault(s, (stems[s], []))[1].append(off)
            weight[s] = min(weight.get(s, 1.0), 1.0 if len(word) > 1 else 0.5)
    links += _link(matches, weight, len(en) or 1, len(zh) or 1)
    return Correspondence(en, zh, sorted(links))


def chinese_split(en: str, zh: str, p: int, candidates: list[tuple[int, float]] | None = None) -> tuple[int, float]:
    """The Chinese offset that best matches an English split at *p*, and its crossed link weight.

    *candidates* are allowed Chinese breaks with their line-breaking costs
    (default: :func:`diglot.lang.linebreak.chinese_breaks`).
    """
    from .linebreak import chinese_breaks

    cands = candidates if candidates is not None else chinese_breaks(zh)
    scorer = correspondence(en, zh).scorer((0, len(en)), (0, len(zh)))
    best = min(cands, key=lambda qc: (W_BREAK * qc[1] + scorer.cost(p, qc[0]), qc[0]))
    return best[0], scorer.crossing(p, best[0])
