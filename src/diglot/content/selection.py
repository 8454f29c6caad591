"""Content selection for handouts and books: key sentence pairs worth reviewing (chapters: :mod:`.chapters`)."""

from __future__ import annotations

import math

from ..model import Document, SentencePair, Term

def term_keys(term: Term) -> tuple[str, str]:
    english = (term.source or "").split("(")[0].strip().lower()
    return term.target.strip(), english


def _length_ratio(pair: SentencePair) -> float:
    """Target characters per source character (spaces ignored), never zero."""
    source = len("".join((pair.source or "").split())) or 1
    target = len("".join((pair.target or "").split()))
    return max(target, 1) / source


def key_sentence_pairs(doc: Document, limit: int) -> list[tuple[SentencePair, str | None]]:
    """Sentence pairs worth reviewing, in document order: one per glossary term, then evenly spread.

    *doc* must have sentence pairs. Each result carries the term it illustrates (or None).
    """
    if limit <= 0:
        return []
    flat: list[tuple[int, str, SentencePair]] = []
    for seg in doc.segments:
        for pair in seg.pairs:
            if pair.trusted and not seg.untranslated:  # only true pairs: a pair the aligner doubts is left out
                flat.append((len(flat), seg.id, pair))
    ratios = sorted(_length_ratio(p) for _, _, p in flat)
    median = ratios[len(ratios) // 2] if ratios else 1.0

    def plausible(pair: SentencePair) -> bool:
        # a misaligned pair shows as a length ratio far from the document's own
        return abs(math.log(_length_ratio(pair) / median)) < 0.4 if median > 0 else True

    chosen: dict[int, str | None] = {}
    for term in doc.terms:
        if len(chosen) >= limit:
            break
        zh, en = term_keys(term)
        if not zh and not en:
            continue

        def hit(item: tuple[int, str, SentencePair]) -> bool:
            pair = item[2]
            return bool(zh and zh in (pair.target or "")) or bool(en and en in (pair.source or "").lower())

        candidates = [item for item in flat if hit(item) and item[0] not in chosen]
        # prefer the term's own segment, then pairs whose lengths look well aligned
        candidates.sort(key=lambda item: (item[1] != term.segment, not plausible(item[2])))
        pick = candidates[:1]
        if pick:
            chosen[pick[0][0]] = zh if zh in (pick[0][2].target or "") else None
    if len(chosen) < limit:
        # fill with sentences of a useful length, spread evenly through the talk
        pool = [
            item
            for item in flat
            if item[0] not in chosen
            and 6 <= len((item[2].source or "").split()) <= 30
            and (item[2].source or "")[:1].isupper()
            and plausible(item[2])
        ]
        need = limit - len(chosen)
        if pool and need:
            step = len(pool) / min(need, len(pool))
            for k in range(min(need, len(pool))):
                chosen[pool[int(k * step)][0]] = None
    return [(flat[i][2], chosen[i]) for i in sorted(chosen)]
