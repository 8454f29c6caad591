"""Shifting a document's times by an offset (the clock grammar itself is :mod:`diglot.clock`)."""

from __future__ import annotations

from dataclasses import replace

from ..errors import OptionError
from ..model import Document


def shift_times(doc: Document, offset_ms: int) -> Document:
    """A copy of *doc* with every segment and pair time moved by *offset_ms*.

    Raises :class:`OptionError` when the shift would put a time before 0:00.
    """
    if not offset_ms:
        return doc
    first = min(
        (t for s in doc.segments for t in [s.start_ms, *(p.start_ms for p in s.pairs)] if t is not None),
        default=None,
    )
    if first is not None and first + offset_ms < 0:
        raise OptionError(
            f"offset {offset_ms / 1000:+.3f} s would move the first subtitle ({first / 1000:.3f} s) before 0:00",
            file=doc.source_file,
        )

    def mv(t: int | None) -> int | None:
        return None if t is None else t + offset_ms

    segments = tuple(
        replace(
            s,
            start_ms=mv(s.start_ms),
            end_ms=mv(s.end_ms),
            pairs=tuple(
                replace(
                    p,
                    start_ms=mv(p.start_ms),
                    end_ms=mv(p.end_ms),
                    word_starts=None if p.word_starts is None else tuple(w + offset_ms for w in p.word_starts),
                )
                for p in s.pairs
            ),
        )
        for s in doc.segments
    )
    return replace(doc, segments=segments)
