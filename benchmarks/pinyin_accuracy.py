"""Pinyin accuracy on the textbook gold (tests/data/pinyin_gold.tsv), before and after.

Run: ``python benchmarks/pinyin_accuracy.py [--variants]``

``--variants`` also scores the alternatives the choices were made against
(pypinyin's own tone_sandhi, pypinyin-dict's CC-CEDICT phrase data, jieba's
HMM segmentation, no readings table); pypinyin-dict is not a dependency, install
it to see those lines.

How it is measured: every gold entry's Chinese is converted; the gold and the
output pinyin are cut into syllables (words at spaces and punctuation, then
at hyphens and apostrophes, then into valid pinyin syllables), one per Han
character. Latin words and numbers of the Chinese (``GDP``, ``2014``) are
skipped on both sides.

* syllable accuracy: syllables equal to the gold's (tone marks included,
  capital letters ignored), over all gold syllables; an entry whose output
  does not split into one syllable per character counts all its syllables wrong;
* word boundaries: between two consecutive Han syllables the gold says
  "joined" (same word), "hyphen" (dì-èr, jīngtiān-dòngdì) or "space" (a space
  or punctuation). Precision and recall of "space", and the share of all
  boundaries of the right kind;
* exact entries: the whole output string equals the gold (capitals, punctuation
  and spacing included).

"before" is diglot's pinyin at commit b2d610c (jieba words, pypinyin's
Style.TONE per word, joined with spaces), reimplemented below; "after" is
``diglot.lang.pinyin.to_pinyin`` with its default (tone-change marks for 一 and 不).
Entries marked ``held-out`` were written after the rules were frozen; they are
scored again on their own.
"""

from __future__ import annotations

import re
import sys
import time
import unicodedata
from collections.abc import Callable
from functools import lru_cache, cache
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "pinyin_gold.tsv"
sys.path.insert(0, str(ROOT / "src"))

_LATIN = re.compile(r"[0-9A-Za-z](?:[\w.%'’+/&-]*[\w%])?", re.ASCII)
_WORD = re.compile(r"[^\s,.;:?!“”‘’()\[\]—~…\"，。、；：？！（）「」『』《》【】]+")


class Entry(NamedTuple):
    chinese: str
    pinyin: str
    note: str = ""


def load_gold(path: Path = GOLD) -> list[Entry]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        out.append(Entry(fields[0], fields[1], fields[2] if len(fields) > 2 else ""))
    return out


def _base(s: str) -> str:
    """Lower case, tone marks off, ü kept as v."""
    s = unicodedata.normalize("NFD", s.lower())
    s = s.replace("u\u0308", "v")
    return "".join(ch for ch in s if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _syllable_set() -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            out.add(_base(r))
    out.update({"m", "n", "ng", "hm", "hng"})
    return frozenset(out)


def _split_syllables(word: str, lenient: bool = False) -> list[str] | None:
    """*word* (no spaces, hyphens or apostrophes) cut into pinyin syllables, or None if it cannot be.

    A syllable starting with a, o or e is allowed inside the word only if
    *lenient* (a missing apostrophe is then not a syllable error).
    """
    base = _base(word)
    valid = _syllable_set()
    n = len(base)

    @cache
    def go(i: int) -> tuple[int, ...] | None:
        if i == n:
            return ()
        for j in range(min(n, i + 6), i, -1):
            piece = base[i:j]
            if piece in valid and (i == 0 or lenient or piece[0] not in "aoe"):
                rest = go(j)
                if rest is not None:
                    return (j, *rest)
        return None

    cuts = go(0)
    if cuts is None:
        return None
    out, a = [], 0
    for b in cuts:
        out.append(word[a:b])
        a = b
    return out


def syllables(pinyin: str, chinese: str, lenient: bool = False) -> list[tuple[str, str]] | None:
    """``(syllable, boundary before it)`` for each Han character of *chinese*, read from *pinyin*.

    The boundary is "space", "hyphen", "joined" or "" (first syllable or after a
    Latin word). None if *pinyin* does not give one syllable per Han character.
    """
    latin = _LATIN.findall(chinese)
    out: list[tuple[str, str]] = []
    boundary = ""
    for m in _WORD.finditer(pinyin):
        word = m.group(0)
        if latin and word == latin[0]:
            latin.pop(0)
            boundary = ""
            continue
        first = True
        for part in word.split("-"):
            for i, piece in enumerate(part.split("'")):
                sylls = (_split_syllables(piece) or (_split_syllables(piece, True) if lenient else None)) if piece else []
                if sylls is None:
                    return None
                for k, s in enumerate(sylls):
                    if out and boundary:
                        kind = boundary
                    elif out and first:
                        kind = "space"
                    elif out and k == 0 and i == 0:
                        kind = "hyphen"
                    else:
                        kind = "joined" if out else ""
                    out.append((s, kind))
                    boundary, first = "", False
        boundary = ""
    han = sum(1 for ch in chinese if "\u3400" <= ch <= "\u9fff")
    return out if len(out) == han else None


class Score:
    """Counts for one run over gold entries."""

    def __init__(self) -> None:
        self.syllables = self.syllables_right = 0
        self.boundaries = self.boundaries_right = 0
        self.space_true_pos = self.space_predicted = self.space_gold = 0
        self.entries = self.exact = 0

    def line(self) -> str:
        p = self.space_true_pos / self.space_predicted if self.space_predicted else 1.0
        r = self.space_true_pos / self.space_gold if self.space_gold else 1.0
        return (
            f"syllables {self.syllables_right}/{self.syllables} = {self.syllable_accuracy:.1%}; "
            f"boundaries {self.boundaries_right}/{self.boundaries} = {self.boundary_accuracy:.1%} "
            f"(spaces: precision {p:.1%}, recall {r:.1%}); "
            f"exact entries {self.exact}/{self.entries} = {self.exact / max(1, self.entries):.1%}"
        )

    @property
    def syllable_accuracy(self) -> float:
        return self.syllables_right / max(1, self.syllables)

    @property
    def boundary_accuracy(self) -> float:
        return self.boundaries_right / max(1, self.boundaries)


def score(convert: Callable[[str], str], entries: list[Entry]) -> tuple[Score, list[tuple[Entry, str]]]:
    s = Score()
    wrong: list[tuple[Entry, str]] = []
    for e in entries:
        got = convert(e.chinese)
        gold = syllables(e.pinyin, e.chinese)
        if gold is None:
            raise ValueError(f"gold pinyin does not split into syllables: {e.chinese} {e.pinyin}")
        pred = syllables(got, e.chinese, lenient=True)
        s.entries += 1
        s.exact += got == e.pinyin
        if got != e.pinyin:
            wrong.append((e, got))
        s.syllables += len(gold)
        gold_b = [b for _, b in gold[1:]]
        s.boundaries += sum(1 for b in gold_b if b)
        s.space_gold += sum(1 for b in gold_b if b == "space")
        if pred is None:
            continue
        s.syllables_right += sum(1 for (g, _), (p, _) in zip(gold, pred) if g.lower() == p.lower())
        for (_, gb), (_, pb) in zip(gold[1:], pred[1:]):
            if not gb:
                continue
            s.boundaries_right += gb == pb
            s.space_predicted += pb == "space"
            s.space_true_pos += gb == pb == "space"
    return s, wrong


def old_to_pinyin(text: str) -> str:
    """diglot's pinyin at commit b2d610c: jieba words, pypinyin Style.TONE per word."""
    import jieba
    from pypinyin import Style, pinyin

    from diglot.lang.script import is_han

    jieba.setLogLevel(60)
    words = jieba.lcut(text)
    out: list[str] = []
    for word in words:
        if any(is_han(ch) for ch in word):
            out.append("".join(s[0] for s in pinyin(word, style=Style.TONE, heteronym=False, errors="default")))
        else:
            out.append(word)
    result = ""
    prev_han = False
    for word, original in zip(out, words):
        han = any(is_han(ch) for ch in original)
        if result and (han or prev_han) and not result.endswith(" ") and not original.isspace() and (
            han and prev_han or han and result[-1].isalnum() or prev_han and original[:1].isalnum()
        ):
            result += " "
        result += word
        prev_han = han
    return result


def variants(entries: list[Entry]) -> None:
    """The choices behind diglot's pinyin, each changed alone, scored on the whole gold."""
    import diglot.lang.pinyin as P
    from pypinyin import Style, lazy_pinyin

    real_syllables, real_sandhi, real_readings = P._syllables, P._sandhi, P._readings

    def run(label: str) -> None:
        P.to_pinyin.cache_clear()
        s, _ = score(P.to_pinyin, entries)
        print(f"  {label:58} {s.line()}")

    run("diglot (rjieba words, readings table, own 一/不 rules)")
    P._readings = lambda: {}  # type: ignore[assignment]
    run("without the readings table (pypinyin phrase data only)")
    P._readings = real_readings

    def pypinyin_sandhi(word: str) -> list[str]:
        if word in real_readings():
            return list(real_readings()[word])
        return lazy_pinyin(word, style=Style.TONE, tone_sandhi=True)

    P._syllables, P._sandhi = pypinyin_sandhi, lambda *a: None  # type: ignore[assignment]
    run("pypinyin tone_sandhi=True per word instead of own 一/不 rules")
    P._syllables, P._sandhi = real_syllables, real_sandhi

    import diglot.lang.words as W

    real_tag = W.tag
    try:
        import jieba.posseg

        W.tag = lambda text: [(w, p) for w, p in jieba.posseg.lcut(text, HMM=True)]  # type: ignore[assignment]
        run("jieba.posseg with HMM instead of rjieba (no HMM)")
    except ImportError:
        pass
    W.tag = real_tag
    try:
        from pypinyin_dict.phrase_pinyin_data import cc_cedict

        cc_cedict.load()
        P._readings = lambda: {}  # type: ignore[assignment]
        run("pypinyin-dict CC-CEDICT phrases instead of the readings table")
        P._readings = real_readings
        run("pypinyin-dict CC-CEDICT phrases and the readings table")
    except ImportError:
        print("  (pypinyin-dict not installed: its variants not measured)")


def main() -> None:
    from diglot.lang.pinyin import to_pinyin

    entries = load_gold()
    held = [e for e in entries if "held-out" in e.note]
    print(f"gold: {GOLD.relative_to(ROOT)}: {len(entries)} entries ({len(held)} held out), "
          f"{sum(len(syllables(e.pinyin, e.chinese) or []) for e in entries)} syllables")
    for name, convert in (("before (b2d610c)", old_to_pinyin), ("after", to_pinyin)):
        t = time.perf_counter()
        s, wrong = score(convert, entries)
        dt = time.perf_counter() - t
        print(f"{name:17} all:      {s.line()}  [{dt:.2f} s incl. loading]")
        h, _ = score(convert, held)
        print(f"{'':17} held out: {h.line()}")
        if name == "after":
            for e, got in wrong:
                print(f"  differs: {e.chinese}\n    gold: {e.pinyin}\n    got:  {got}")
    print("targets: syllables >= 98%, word boundaries >= 95%")
    if "--variants" in sys.argv:
        print("variants (one choice changed at a time):")
        variants(entries)


if __name__ == "__main__":
    main()
