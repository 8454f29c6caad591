"""Per-document limits: how many segments a document and how many characters a segment may have.

The readers parse in time proportional to the input (whose size is capped by
:func:`diglot.textio.max_input_bytes`); what comes after (sentence alignment,
cue building, layout) costs more per character, and more than linearly in a
segment's length. These caps stop a document early, with one line naming the
file, the segment's line and the limit, instead of a run of many minutes.
``DIGLOT_MAX_SEGMENTS`` and ``DIGLOT_MAX_SEGMENT_CHARS`` raise or lower them.
The table of every limit is in ``docs/limits.md``.
"""

from __future__ import annotations

import os

from .errors import InputError, OptionError
from .model import Document

#: segments in one document (the three-hour talk of benchmarks/run.py has 605)
MAX_SEGMENTS = 20_000
#: characters of one side (English or Chinese) of one segment (a long paragraph has about 2,000)
MAX_SEGMENT_CHARS = 20_000


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise OptionError(f"{name}={raw!r} is not a positive whole number")
    return value


def max_segments() -> int:
    """The segment limit: ``DIGLOT_MAX_SEGMENTS`` or :data:`MAX_SEGMENTS`."""
    return _setting("DIGLOT_MAX_SEGMENTS", MAX_SEGMENTS)


def max_segment_chars() -> int:
    """The characters-per-segment limit: ``DIGLOT_MAX_SEGMENT_CHARS`` or :data:`MAX_SEGMENT_CHARS`."""
    return _setting("DIGLOT_MAX_SEGMENT_CHARS", MAX_SEGMENT_CHARS)


def check_document(doc: Document, file: str) -> None:
    """Raise :class:`InputError` naming *file* (and the segment's line) when *doc* is over a limit."""
    most = max_segments()
    if len(doc.segments) > most:
        raise InputError(
            f"{len(doc.segments):,} segments, over the limit of {most:,} per document (DIGLOT_MAX_SEGMENTS raises it)",
            file=file,
        )
    longest = max_segment_chars()
    for seg in doc.segments:
        for text in (seg.source, seg.target):
            if text is not None and len(text) > longest:
                raise InputError(
                    f"segment {seg.id} has {len(text):,} characters, over the limit of {longest:,} per segment"
                    " (split it into paragraphs, or raise DIGLOT_MAX_SEGMENT_CHARS)",
                    file=file,
                    line=seg.origin.first_line if seg.origin is not None else None,
                )
