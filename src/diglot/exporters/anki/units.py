"""Sentence units of a document for flashcards: one per alignment bead, and their note keys."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ...model import MIN_ALIGN_CONFIDENCE, Document, Segment, SentencePair, Term

@dataclass(frozen=True)
class Unit:
    """A sentence unit in document order: one alignment bead of a segment."""

    segment: Segment
    index: int  # position among the segment's units
    source: str | None
    target: str | None
    start_ms: int | None
    #: the aligner's confidence that the two sides translate each other
    confidence: float | None = None
    #: index of the bead in the segment's ``pairs`` (its clip's key); None for a segment without pairs
    pair: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.source) and bool(self.target)

    @property
    def trusted(self) -> bool:
        """A true pair: both sides, from a translated segment, aligned with enough confidence."""
        if not self.complete or self.segment.untranslated:
            return False
        return self.confidence is None or self.confidence >= MIN_ALIGN_CONFIDENCE


def sentence_units(doc: Document) -> list[Unit]:
    """Every sentence unit of *doc* (already aligned), in order: one per bead.

    A 1-0 or 0-1 bead (a sentence the aligner found no counterpart for) is
    its own unit, never merged into a neighbour's pair: it would put a
    sentence next to the translation of another. Only :attr:`Unit.trusted`
    units make cards; the others serve as context (see :func:`left_out`).
    """
    units: list[Unit] = []
    for seg in doc.segments:
        if seg.sound:
            continue  # [music], [笑声]: no sentence to learn, not even as context
        pairs = list(seg.pairs) or [SentencePair(seg.source, seg.target, seg.start_ms)]
        kept = [(k, p) for k, p in enumerate(pairs) if p.source or p.target]
        for i, (k, p) in enumerate(kept):
            start = p.start_ms if p.start_ms is not None else seg.start_ms
            units.append(Unit(seg, i, p.source, p.target, start, p.align_confidence, k if seg.pairs else None))
    return units


def left_out(units: list[Unit]) -> list[str]:
    """What the cards leave out of translated segments, and why, as messages (empty if nothing)."""
    translated = [u for u in units if not u.segment.untranslated]
    one_sided = sum(1 for u in translated if not u.complete)
    weak = sum(1 for u in translated if u.complete and not u.trusted)
    out = []
    if one_sided:
        out.append(
            f"{one_sided} sentence(s) of translated segments have no counterpart in the other language "
            "(a partial or repaired segment, a sentence the translation dropped or added): no card, kept as context"
        )
    if weak:
        out.append(
            f"{weak} sentence pair(s) aligned with confidence below {MIN_ALIGN_CONFIDENCE}: no card, kept as context"
        )
    return out


_SKELETON_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=16384)
def sentence_skeleton(text: str) -> str:
    """What a sentence's note identity is anchored to: its words, spelled loosely.

    Case, punctuation, spacing, accents and vowels are ignored, and each
    word keeps its first letter and the set of its other consonants, so a
    spelling fix inside a word (``recieve``/``receive``, ``teh``/``the``,
    ``Transfromer``) keeps the skeleton; adding, removing or replacing a word
    changes it. Han characters are kept as they are.
    """
    text = text.casefold()
    if not text.isascii():  # ASCII has no compatibility forms and no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = []
    for w in _SKELETON_WORD.findall(text):
        if w.isascii():
            words.append(w[0] + "".join(sorted({c for c in w[1:] if c not in _VOWELS})))
        else:
            words.append(w)
    return " ".join(words)


def sentence_keys(units: list[Unit]) -> list[str]:
    """Per unit, a key for its GUID: the skeleton of its English (else Chinese) and which occurrence it is.

    Anchored to content, not position: inserting or deleting paragraphs
    elsewhere leaves every other key unchanged; only a sentence repeated
    verbatim (same skeleton) depends on how many copies come before it.
    """
    seen: dict[str, int] = {}
    keys = []
    for u in units:
        base = sentence_skeleton(u.source or "") or sentence_skeleton(u.target or "") or (u.target or "")
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(f"{base}\x1f{n}")
    return keys


def example_unit(term: Term, units: list[Unit]) -> Unit | None:
    """The sentence the term appears in: in its own segment first, else the first one anywhere."""
    found = [u for u in units if u.target and term.target in u.target and u.trusted]
    own = [u for u in found if u.segment.id == term.segment]
    return (own or found)[0] if found else None
