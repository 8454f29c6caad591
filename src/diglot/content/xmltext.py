"""Text that XML can carry: shared by the exporters that write XML (EPUB, DOCX).

XML 1.0 forbids C0 controls (except tab, newline and CR), lone surrogates and
U+FFFE/U+FFFF; C1 controls are legal but never meant as text. python-docx
raises on the forbidden ones, and an EPUB holding them is not well-formed.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from ..lazyre import lazy
from ..model import Document, Segment, SentencePair

#: the characters XML 1.0 cannot carry (C0 but tab/LF/CR, C1 but NEL, surrogates, U+FFFE/FFFF), for a [...] class
_ILLEGAL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff"
#: compiled when first called: a text without any of them (the usual case) is passed by ``_DIRTY`` alone
#: (each class with the surrogate range takes about half a millisecond to compile)
ILLEGAL = lazy(f"[{_ILLEGAL_CHARS}]")
_SURROGATE = lazy("[\ud800-\udfff]")
_SURROGATE_PAIR = lazy("[\ud800-\udbff][\udc00-\udfff]")
#: what xml_text_count changes: the illegal characters, CR and NEL
_DIRTY = re.compile(f"[\r\x85{_ILLEGAL_CHARS}]")


def xml_text_count(text: str | None) -> tuple[str, int]:
    """*text* with everything XML cannot carry removed (``""`` for None), and how many characters went.

    Surrogate pairs split into two code points are rejoined first; CRLF, CR
    and NEL become newlines or spaces rather than being dropped.
    """
    if not text:
        return "", 0
    if not _DIRTY.search(text):  # the usual case: nothing to do
        return text, 0
    if _SURROGATE().search(text):
        text = _SURROGATE_PAIR().sub(lambda m: m.group().encode("utf-16", "surrogatepass").decode("utf-16"), text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", " ")
    return ILLEGAL().subn("", text)


def xml_text(text: str | None) -> str:
    """:func:`xml_text_count` without the count."""
    return xml_text_count(text)[0]


def xml_escape(text: str, *, quote: bool = False) -> str:
    """*text* escaped for XML character data (``&``, ``<``, ``>``), and with *quote* for an attribute value (``"``, ``'``).

    The one XML escaper of the XML-writing exporters (EPUB's XHTML, DOCX's parts).
    It does not remove illegal characters: pass the text through :func:`xml_text` first.
    """
    return html.escape(text, quote=quote)


def _clean_quietly(text: str | None) -> str | None:
    return None if text is None else xml_text_count(text)[0]


def clean_document(doc: Document) -> tuple[Document, int]:
    """*doc* with every character XML cannot carry removed, and how many were removed."""
    removed = 0

    def cleaner(text: str | None) -> str:
        nonlocal removed
        text, n = xml_text_count(text)
        removed += n
        return text

    def opt(text: str | None) -> str | None:
        return None if text is None else cleaner(text)

    def pair(p: SentencePair) -> SentencePair:
        # pairs repeat the segment's text: cleaned, not counted again
        source, target = _clean_quietly(p.source), _clean_quietly(p.target)
        return p if source is p.source and target is p.target else replace(p, source=source, target=target)

    def segment(seg: Segment) -> Segment:
        source, target, speaker = opt(seg.source), opt(seg.target), opt(seg.speaker)
        pairs = tuple(pair(p) for p in seg.pairs)
        if source is seg.source and target is seg.target and speaker is seg.speaker and all(
            a is b for a, b in zip(pairs, seg.pairs)
        ):
            return seg  # nothing to clean (the usual case): no copy
        return replace(seg, source=source, target=target, speaker=speaker, pairs=pairs)

    segments = tuple(segment(seg) for seg in doc.segments)
    cleaned = replace(
        doc,
        segments=segments,
        sections=tuple(replace(sec, title=cleaner(sec.title)) for sec in doc.sections),
        terms=tuple(
            replace(t, target=cleaner(t.target), source=opt(t.source), definition=opt(t.definition))
            for t in doc.terms
        ),
        title=opt(doc.title),
        date=opt(doc.date),
        source_url=opt(doc.source_url),
        summary=opt(doc.summary),
        source_file=opt(doc.source_file),
        speakers=tuple(cleaner(x) for x in doc.speakers),
        people=tuple(cleaner(x) for x in doc.people),
        tags=tuple(cleaner(x) for x in doc.tags),
        appendix=tuple(cleaner(x) for x in doc.appendix),
    )
    return cleaned, removed
