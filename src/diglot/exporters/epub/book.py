"""The EPUB 3 exporter: a bilingual book for offline reading (ebooklib).

The book has a title page, one chapter per section (talks without sections
are split at the start of the audience Q&A and every ``chapter_size``
segments), a navigation document with ``role="doc-toc"`` and landmarks, an NCX
for older readers, a glossary with pinyin, and a linked stylesheet. Every
block carries matching ``lang`` and ``xml:lang``. Output is reproducible:
fixed zip times, ``dcterms:modified`` from ``SOURCE_DATE_EPOCH`` or the
document date, a UUIDv5 identifier, ``mimetype`` first and stored.

XHTML is generated here as escaped strings from cleaned text (XML-illegal
characters and unpaired surrogates removed) and handed to ebooklib verbatim:
ebooklib's own HTML round trip would drop attributes and mangle ``<wbr/>``.

Over 500 lines: most of it is ``_Book``, which renders every page of one
book from shared state (the chapter plan, anchors, glossary marks, labels in
the book's language). Chapter planning and Q&A detection are in
:mod:`diglot.content.chapters`, XML-safe text in :mod:`diglot.content.xmltext`,
the text helpers the pages use (escaping, labels, links, dates, glossary
matching) in :mod:`.text`, the reproducible zip in :mod:`.package`.
"""

from __future__ import annotations

import json
import pkgutil
import re
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from ...credits import speaker_names
from ...errors import OptionError, OutputError
from ...fileio import write_bytes
from ...lang.script import han_count, is_mostly_han
from ...lang.tags import is_language_tag
from ...model import Document, Segment, Term
from ...clock import short_clock
from .. import ExportResult
from ...content.chapters import (
    check_chapter_options, chapter_every_field, chapter_size_field, opening_words, plan_chapters, split_qa_field,
)
from ...content.cues import sound_cue
from ...content.xmltext import xml_escape, xml_text
from ..layout import LAYOUTS, ORDERS, normalize_layout
from .package import book_bytes, build_time
from .text import (
    _anchor, _attr, _find, _has, _http_url, _inline, _labels, _lang_name, _long_date,
    _paragraphs, _role, _source_needles, _valid_date, video_link,
)

GRANULARITIES = ("paragraph", "sentence")
OLD_EPUB_LAYOUTS = ("side-by-side", "target-first")

#: namespace of the book identifiers (a UUIDv5 of the document and options)
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://diglot.invalid/epub")


@dataclass(frozen=True)
class EpubOptions:
    layout: str = field(
        default="interleaved",
        metadata={
            "help": "interleaved (one language, then the other; see order), parallel (two-column table), "
            "source (original only) or target (translation only); 'side-by-side' and 'target-first' are the "
            "old names of parallel and interleaved with order=target-first",
            "choices": LAYOUTS,
            "deprecated": OLD_EPUB_LAYOUTS,
        },
    )
    order: str = field(
        default="source-first",
        metadata={"help": "which language comes first in the interleaved layout", "choices": ORDERS},
    )
    granularity: str = field(
        default="paragraph",
        metadata={"help": "interleave whole paragraphs, or aligned sentence pairs", "choices": GRANULARITIES},
    )
    chapter_size: int = chapter_size_field()
    split_qa: bool = split_qa_field()
    chapter_every: str | None = chapter_every_field()
    glossary: bool = field(default=True, metadata={"help": "add a glossary chapter when the document has terms"})
    pinyin: bool = field(default=True, metadata={"help": "show pinyin for Chinese glossary terms"})
    deep_links: bool = field(
        default=True, metadata={"help": "link each paragraph to its moment in the video when times are real"}
    )
    title: str | None = field(default=None, metadata={"help": "book title (default: the document's title)"})
    #: old option spellings normalised in __post_init__ (see exporters.layout), reported with the export
    warnings: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        normalize_layout(self, "epub", OLD_EPUB_LAYOUTS)
        if self.granularity not in GRANULARITIES:
            raise OptionError(f"epub.granularity: {self.granularity!r} is not one of {', '.join(GRANULARITIES)}")
        check_chapter_options("epub", self.chapter_size, self.chapter_every)


# --------------------------------------------------------------------------- chapters


class _Chapter:
    """One chapter file of the book (a plain class: a dataclass costs every process about a millisecond to make)."""

    __slots__ = ("title", "toc_title", "segments", "file", "id")

    def __init__(self, title: str, toc_title: str, segments: tuple[Segment, ...], file: str = "", id: str = "") -> None:
        self.title = title  # heading shown in the chapter
        self.toc_title = toc_title  # entry in the navigation (may add the opening words)
        self.segments = segments
        self.file = file
        self.id = id


# --------------------------------------------------------------------------- the builder


class _Mark:
    """A glossary term to link at its first occurrence in one segment."""

    __slots__ = ("term", "side", "needles", "anchor", "placed")

    def __init__(self, term: int, side: str, needles: tuple[str, ...], anchor: str, placed: bool = False) -> None:
        self.term = term
        self.side = side  # "source" | "target"
        self.needles = needles
        self.anchor = anchor
        self.placed = placed


class _Book:
    """Turns a document into the XHTML pages of the book."""

    def __init__(self, doc: Document, opts: EpubOptions) -> None:
        doc = _with_valid_langs(doc)
        self.doc = doc
        self.opts = opts
        layout = opts.layout
        self.show_source = layout in ("parallel", "interleaved", "source")
        self.show_target = layout in ("parallel", "interleaved", "target")
        self.target_lead = layout == "target" or (layout == "interleaved" and opts.order == "target-first")
        self.lang = doc.target_lang if self.target_lead else doc.source_lang
        self.L = _labels(self.lang)
        self.deep = (
            opts.deep_links
            and doc.has_real_timing
            and _http_url(doc.source_url) is not None
        )
        self.ids: set[str] = set()
        self.seg_anchor: dict[str, str] = {}
        self.seg_file: dict[str, str] = {}
        self.marks: dict[str, list[_Mark]] = {}
        self.term_ids: list[str] = []
        self.term_first: list[str | None] = []  # id of the segment of each term's first occurrence
        self.glossary_terms: list[tuple[int, Term]] = []  # (index in doc.terms, term) of each entry
        self._la: dict[str, str] = {}

    # ---- language helpers

    def lang_of(self, text: str) -> str:
        """The language tag for a piece of metadata text (titles, names, definitions)."""
        src, tgt = self.doc.source_lang, self.doc.target_lang
        zh = next((t for t in (tgt, src) if t.lower().startswith("zh")), None)
        if zh is None:
            return self.lang
        other = src if zh == tgt else tgt
        return zh if is_mostly_han(text) else (other if re.search(r"[A-Za-z]", text) else self.lang)

    def la(self, lang: str) -> str:
        """``lang`` and ``xml:lang`` attributes of *lang* (a book has two or three languages, asked thousands of times)."""
        attrs = self._la.get(lang)
        if attrs is None:
            attrs = self._la[lang] = f'lang="{_attr(lang)}" xml:lang="{_attr(lang)}"'
        return attrs

    # ---- structure

    def title(self) -> str:
        for candidate in (self.opts.title, self.doc.title):
            text = " ".join(xml_text(candidate).split())
            if text:
                return text
        if self.doc.source_file:
            stem = Path(xml_text(self.doc.source_file).replace("\\", "/").split("/")[-1]).stem.strip(". ")
            if stem:
                return stem
        for seg in self.doc.segments:
            opening = seg.target if self.target_lead and seg.target else seg.source or seg.target
            if opening and opening.strip():
                return opening_words(opening)
        return "Untitled"

    def chapters(self, notes: list[str] | None = None) -> list[_Chapter]:
        """The plan of :func:`diglot.content.chapters.plan_chapters`, in the book's language, with files and ids."""
        o = self.opts
        plan = plan_chapters(
            self.doc, chapter_size=o.chapter_size, split_qa=o.split_qa, chapter_every=o.chapter_every,
            lang=self.lang, target_first=self.target_lead, notes=notes,
        )
        chapters = [_Chapter(p.title, p.title, p.segments) for p in plan]  # heading = contents entry
        width = max(2, len(str(len(chapters))))
        for n, ch in enumerate(chapters, 1):
            ch.id = f"chapter-{n:0{width}d}"
            ch.file = f"{ch.id}.xhtml"
            self.ids.update((ch.id, f"{ch.id}-title"))
        return chapters

    # ---- glossary preparation

    def plan_glossary(self, chapters: list[_Chapter]) -> list[tuple[int, Term]]:
        terms = [(i, t) for i, t in enumerate(self.doc.terms) if xml_text(t.target).strip() or xml_text(t.source).strip()]
        if not self.opts.glossary or not terms:
            self.glossary_terms = []
            return []
        by_id = {seg.id: seg for ch in chapters for seg in ch.segments}
        ordered = list(self.doc.segments)
        for i, term in terms:
            tid = _anchor(f"term-{i + 1}", self.ids)
            self.term_ids.append(tid)
            seg = by_id.get(term.segment) if term.segment else None
            target = " ".join(xml_text(term.target).split())
            english = _source_needles(term.source)
            # a translation often keeps the English term, and a Latin "target" term
            # (an acronym such as AGI) often appears in the original: try those next
            target_needles = tuple(dict.fromkeys(([target] if target else []) + list(english)))
            source_needles = tuple(dict.fromkeys(list(english) + ([target] if target and not han_count(target) else [])))
            if seg is None:
                seg = next(
                    (s for s in ordered if _find(s.target or "", target_needles) or _find(s.source or "", source_needles)),
                    None,
                )
            if seg is None:
                self.term_first.append(None)
                continue
            if self.show_target and _find(seg.target or "", target_needles):
                side = "target"
            elif self.show_source and _find(seg.source or "", source_needles):
                side = "source"
            else:  # not in the text shown: linked from a note after the paragraph
                side = "target" if self.show_target and _has(seg.target) else "source"
            needles = target_needles if side == "target" else source_needles
            mark = _Mark(len(self.term_ids) - 1, side, needles, _anchor(f"ref-{tid}", self.ids))
            self.marks.setdefault(seg.id, []).append(mark)
            self.term_first.append(seg.id)
        for marks in self.marks.values():  # longer terms first, so "the 'it' factor" is not cut by "it"
            marks.sort(key=lambda m: -len(m.needles[0]) if m.needles else 0)
        self.glossary_terms = terms
        return terms

    # ---- rendering

    def page(self, title: str, body: str, lang: str | None = None) -> bytes:
        lang = lang or self.lang
        text = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" {self.la(lang)}>\n'
            f"<head>\n<title>{xml_escape(' '.join(xml_text(title).split()))}</title>\n"
            '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
            f"<body>\n{body}</body>\n</html>\n"
        )
        return text.encode("utf-8")

    def title_page(self, title: str, creators: list[str]) -> bytes:
        doc = self.doc
        out = [f'<section epub:type="titlepage" class="titlepage" aria-label="{_attr(self.L["title_page"])}">\n']
        out.append(f'<h1 class="title" {self.la(self.lang_of(title))}>{_inline(title)}</h1>\n')
        if creators:
            names = " · ".join(creators)
            out.append(f'<p class="speakers" {self.la(self.lang_of(names))}>{_inline(names)}</p>\n')
        date = _valid_date(doc.date)
        if date:
            out.append(f'<p class="date" {self.la(self.lang)}><time datetime="{date}">{_long_date(date, self.lang)}</time></p>\n')
        url = _http_url(doc.source_url)
        if url:
            out.append(
                f'<p class="source" {self.la(self.lang)}>{_inline(self.L["source"])}: '
                f'<a href="{_attr(url)}">{_inline(xml_text(doc.source_url).strip())}</a></p>\n'
            )
        elif doc.source_url and xml_text(doc.source_url).strip():
            out.append(f'<p class="source" {self.la(self.lang)}>{_inline(self.L["source"])}: {_inline(xml_text(doc.source_url).strip())}</p>\n')
        paras = _paragraphs(doc.summary)
        if paras:
            out.append('<div class="summary">\n')
            for p in paras:
                out.append(f"<p {self.la(self.lang_of(p))}>{_inline(p)}</p>\n")
            out.append("</div>\n")
        tags = [" ".join(xml_text(t).split()) for t in doc.tags if xml_text(t).strip()]
        if tags:
            joined = " · ".join(tags)
            out.append(f'<p class="tags" {self.la(self.lang_of(joined))}>{_inline(joined)}</p>\n')
        out.append("</section>\n")
        return self.page(title, "".join(out))

    def chapter_page(self, ch: _Chapter) -> bytes:
        hid = f"{ch.id}-title"
        out = [f'<section epub:type="chapter" role="doc-chapter" aria-labelledby="{hid}">\n']
        out.append(f'<h1 id="{hid}" {self.la(self.lang_of(ch.title))}>{_inline(ch.title)}</h1>\n')
        side = self.opts.layout == "parallel"
        if side and ch.segments:
            a, b = (self.doc.target_lang, self.doc.source_lang) if self.target_lead else (self.doc.source_lang, self.doc.target_lang)
            out.append('<table class="parallel">\n<thead><tr>')
            for lang in (a, b):  # each column headed by its language's own name
                out.append(f'<th scope="col" {self.la(lang)}>{_inline(_lang_name(lang, lang))}</th>')
            out.append("</tr></thead>\n<tbody>\n")
        previous_speaker: str | None = None
        for seg in ch.segments:
            speaker = " ".join(xml_text(seg.speaker).split()) or None
            show_speaker = speaker is not None and speaker != previous_speaker
            previous_speaker = speaker if speaker else previous_speaker
            if side:
                out.append(self._rows(seg, speaker if show_speaker else None, ch))
            else:
                out.append(self._block(seg, speaker if show_speaker else None, ch))
        if side and ch.segments:
            out.append("</tbody>\n</table>\n")
        out.append("</section>\n")
        return self.page(ch.title, "".join(out))

    def _register(self, seg: Segment, ch: _Chapter) -> str:
        """A fresh anchor for the segment being rendered (ids may repeat in bad input)."""
        aid = _anchor(seg.id or "seg", self.ids)
        self.seg_anchor.setdefault(seg.id, aid)
        self.seg_file.setdefault(seg.id, ch.file)
        return aid

    def _sides(self, seg: Segment) -> list[tuple[str, str | None, str]]:
        """(side, text, lang) for each language shown, lead first."""
        src = ("source", seg.source, self.doc.source_lang)
        tgt = ("target", seg.target, self.doc.target_lang)
        if self.opts.layout == "source":
            return [src]
        if self.opts.layout == "target":
            return [tgt]
        return [tgt, src] if self.target_lead else [src, tgt]

    def _units(self, seg: Segment) -> list[tuple[str | None, str | None, int | None]]:
        """(source, target, start_ms) units of a segment: one per sentence pair, or the whole segment."""
        if self.opts.granularity == "sentence" and seg.pairs and _pairs_trusted(seg):
            units = [(p.source, p.target, p.start_ms) for p in seg.pairs]
            if units[0][2] is None and seg.start_ms is not None:
                units[0] = (units[0][0], units[0][1], seg.start_ms)
            return units
        start = seg.start_ms
        if start is None and seg.pairs:
            start = next((p.start_ms for p in seg.pairs if p.start_ms is not None), None)
        return [(seg.source, seg.target, start)]

    def _text_html(self, text: str, marks: list[_Mark], side: str) -> str:
        for mark in marks:
            if mark.placed or mark.side != side:
                continue
            hit = _find(text, mark.needles)
            if hit is None:
                continue
            a, b = hit
            mark.placed = True
            href = f"glossary.xhtml#{self.term_ids[mark.term]}"
            before, word, after = text[:a], text[a:b], text[b:]
            return (
                self._text_html(before, marks, side)
                + f'<a id="{mark.anchor}" href="{href}" class="glossref" epub:type="glossref" role="doc-glossref">{_inline(word)}</a>'
                + self._text_html(after, marks, side)
            )
        return _inline(text)

    def _paras_html(self, text: str, lang: str, marks: list[_Mark], side: str, tail: str = "") -> str:
        paras = _paragraphs(text)
        out = []
        for k, p in enumerate(paras):
            extra = tail if k == len(paras) - 1 else ""
            out.append(f"<p {self.la(lang)}>{self._text_html(p, marks, side)}{extra}</p>\n")
        return "".join(out)

    def _note(self, missing_side: str) -> tuple[str, str]:
        """The discreet note for a missing side, in the missing side's language."""
        lang = self.doc.target_lang if missing_side == "target" else self.doc.source_lang
        key = "untranslated" if missing_side == "target" else "no_original"
        return _labels(lang)[key], lang

    def _time_link(self, ms: int | None) -> str:
        if not self.deep or ms is None:
            return ""
        url = video_link(self.doc.source_url, ms)
        if url is None:
            return ""
        clock = short_clock(ms)
        label = self.L["watch"].format(t=clock)
        return f' <a class="time" href="{_attr(url)}" title="{_attr(label)}" aria-label="{_attr(label)}">{clock}</a>'

    def _speaker_html(self, speaker: str) -> str:
        return f'<p class="speaker" {self.la(self.lang_of(speaker))}>{_inline(speaker)}</p>\n'

    def _sound_html(self, seg: Segment) -> str:
        """A sound description (``[music]``): one bracketed, discreet line per side shown; never "not translated"."""
        out = []
        shown = [(text, lang) for _, text, lang in self._sides(seg) if _has(text)]
        if not shown:  # a one-language book and the cue written in the other language
            shown = [(text, lang) for text, lang in ((seg.source, self.doc.source_lang), (seg.target, self.doc.target_lang)) if _has(text)]
        for text, lang in dict.fromkeys(shown):
            cue = sound_cue(xml_text(text))
            out.append(f'<p class="note sound" {self.la(lang)}>{_inline(cue)}</p>\n')
        return "".join(out)

    def _block(self, seg: Segment, speaker: str | None, ch: _Chapter) -> str:
        aid = self._register(seg, ch)
        if seg.sound:
            return f'<div class="seg sound" id="{aid}">\n{self._sound_html(seg)}{self._unplaced(self.marks.get(seg.id, []))}</div>\n'
        marks = self.marks.get(seg.id, [])
        out = []
        if speaker:
            out.append(self._speaker_html(speaker))
        out.append(f'<div class="seg" id="{aid}">\n')
        sides = self._sides(seg)
        missing = [(n, side, lang) for n, (side, text, lang) in enumerate(sides) if not _has(text)]
        if len(sides) == 1 and missing:
            out.append(self._fallback(seg, sides[0][0], marks))
        else:
            units = self._units(seg)
            grouped = self.opts.granularity == "sentence" and bool(seg.pairs)
            for source, target, start in units:
                texts = {"source": source, "target": target}
                link = self._time_link(start)
                if grouped:
                    out.append('<div class="pair">\n')
                for n, (side, _, lang) in enumerate(sides):
                    text = texts[side]
                    if not _has(text):
                        continue
                    cls = "lead" if n == 0 else "follow"
                    out.append(
                        f'<div class="{cls} {_role(side)}">\n{self._paras_html(text or "", lang, marks, side, link)}</div>\n'
                    )
                    link = ""
                if grouped:
                    out.append("</div>\n")
            for n, side, _ in missing:
                note, note_lang = self._note(side)
                cls = "lead" if n == 0 else "follow"
                out.append(
                    f'<div class="{cls} {_role(side)} missing">\n<p class="note" {self.la(note_lang)}>{_inline(note)}</p>\n</div>\n'
                )
        out.append(self._unplaced(marks))
        out.append("</div>\n")
        return "".join(out)

    def _fallback(self, seg: Segment, shown: str, marks: list[_Mark]) -> str:
        """A one-language book and a segment missing that language: show the other side, noted, not lose it."""
        other = "source" if shown == "target" else "target"
        text = seg.source if other == "source" else seg.target
        if not _has(text):
            return ""
        lang = self.doc.source_lang if other == "source" else self.doc.target_lang
        note, note_lang = self._note(shown)
        return (
            f'<div class="lead fallback {_role(other)}">\n'
            f"{self._paras_html(text or '', lang, marks, other, self._time_link(self._units(seg)[0][2]))}"
            f'<p class="note" {self.la(note_lang)}>{_inline(note)}</p>\n</div>\n'
        )

    def _unplaced(self, marks: list[_Mark]) -> str:
        out = []
        for mark in marks:
            if mark.placed:
                continue
            mark.placed = True
            term = self.glossary_terms[mark.term][1]
            label = xml_text(term.target).strip() or xml_text(term.source).strip()
            href = f"glossary.xhtml#{self.term_ids[mark.term]}"
            out.append(
                f'<p class="note" {self.la(self.lang_of(label))}><a id="{mark.anchor}" href="{href}" class="glossref" '
                f'epub:type="glossref" role="doc-glossref">{_inline(label)}</a></p>\n'
            )
        return "".join(out)

    def _rows(self, seg: Segment, speaker: str | None, ch: _Chapter) -> str:
        aid = self._register(seg, ch)
        if seg.sound:
            cue = self._sound_html(seg) + self._unplaced(self.marks.get(seg.id, []))
            return f'<tr class="seg sound" id="{aid}"><td colspan="2" {self.la(self.lang)}>\n{cue}</td></tr>\n'
        marks = self.marks.get(seg.id, [])
        out = []
        if speaker:
            out.append(f'<tr><td colspan="2" class="speaker" {self.la(self.lang_of(speaker))}>{self._speaker_html(speaker)}</td></tr>\n')
        sides = self._sides(seg)
        for k, (source, target, start) in enumerate(self._units(seg)):
            row_id = f' id="{aid}"' if k == 0 else ""
            out.append(f'<tr class="seg"{row_id}>\n')
            link = self._time_link(start)
            texts = {"source": source, "target": target}
            for n, (side, whole, lang) in enumerate(sides):
                text = texts[side]
                if _has(text):
                    inner = self._paras_html(text or "", lang, marks, side, link)
                    link = ""
                elif not _has(whole) and k == 0:
                    note, note_lang = self._note(side)
                    inner = f'<p class="note" {self.la(note_lang)}>{_inline(note)}</p>\n'
                else:
                    inner = ""
                cls = "lead" if n == 0 else "follow"
                out.append(f'<td class="{cls} {_role(side)}" {self.la(lang)}>\n{inner}</td>\n')
            out.append("</tr>\n")
        rest = self._unplaced(marks)
        if rest:
            out.append(f'<tr><td colspan="2" {self.la(self.lang)}>\n{rest}</td></tr>\n')
        return "".join(out)

    def glossary_page(self, terms: list[tuple[int, Term]]) -> bytes:
        title = self.L["glossary"]
        out = [
            f'<section epub:type="glossary" role="doc-glossary" aria-labelledby="glossary-title">\n'
            f'<h1 id="glossary-title" {self.la(self.lang)}>{_inline(title)}</h1>\n<dl class="glossary">\n'
        ]
        entries = []
        for k, (_i, term) in enumerate(terms):
            target = " ".join(xml_text(term.target).split())
            source = " ".join(xml_text(term.source).split())
            pinyin = ""
            if self.opts.pinyin and target and han_count(target):
                from ...lang.pinyin import to_pinyin

                pinyin = " ".join(xml_text(to_pinyin(target)).split())
            from ...lang.pinyin import sort_key

            key = sort_key(target or source)  # the one order of every term list (DOCX vocabulary too)
            entries.append((key, k, term, target, source, pinyin))
        entries.sort(key=lambda e: (e[0], e[1]))
        for _, k, term, target, source, pinyin in entries:
            tid = self.term_ids[k]
            head = target or source
            out.append(f'<dt id="{tid}" epub:type="glossterm"><dfn {self.la(self.lang_of(head))}>{_inline(head)}</dfn>')
            if pinyin and pinyin != head:
                out.append(f' <span class="pinyin" {self.la("zh-Latn-pinyin")}>{_inline(pinyin)}</span>')
            out.append("</dt>\n<dd epub:type=\"glossdef\">\n")
            if target and source:
                out.append(f'<p class="term-source" {self.la(self.lang_of(source))}>{_inline(source)}</p>\n')
            for p in _paragraphs(term.definition):
                out.append(f'<p class="definition" {self.la(self.lang_of(p))}>{_inline(p)}</p>\n')
            seg_id = self.term_first[k]
            if seg_id is not None and seg_id in self.seg_file:
                mark = next(m for m in self.marks[seg_id] if m.term == k)
                href = f"{self.seg_file[seg_id]}#{mark.anchor}"
                out.append(f'<p class="back" {self.la(self.lang)}><a href="{_attr(href)}">↩ {_inline(self.L["first_use"])}</a></p>\n')
            out.append("</dd>\n")
        out.append("</dl>\n</section>\n")
        return self.page(title, "".join(out))

    def appendix_page(self) -> bytes:
        """The material after the talk that is not part of it, as plain paragraphs under its own heading."""
        title = self.L["appendix"]
        out = [
            '<section epub:type="appendix" role="doc-appendix" aria-labelledby="appendix-title">\n'
            f'<h1 id="appendix-title" {self.la(self.lang)}>{_inline(title)}</h1>\n'
        ]
        for block in self.doc.appendix:
            for p in _paragraphs(block):
                out.append(f'<p class="appendix" {self.la(self.lang_of(p))}>{_inline(p)}</p>\n')
        out.append("</section>\n")
        return self.page(title, "".join(out))

    def nav_page(self, chapters: list[_Chapter], has_glossary: bool, has_appendix: bool = False) -> bytes:
        L = self.L
        out = [
            f'<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">\n'
            f'<h1 id="toc-title" {self.la(self.lang)}>{_inline(L["contents"])}</h1>\n<ol>\n'
        ]
        for ch in chapters:
            out.append(f'<li {self.la(self.lang_of(ch.toc_title))}><a href="{ch.file}">{_inline(ch.toc_title)}</a></li>\n')
        if has_appendix:
            out.append(f'<li {self.la(self.lang)}><a href="appendix.xhtml">{_inline(L["appendix"])}</a></li>\n')
        if has_glossary:
            out.append(f'<li {self.la(self.lang)}><a href="glossary.xhtml">{_inline(L["glossary"])}</a></li>\n')
        out.append("</ol>\n</nav>\n")
        out.append(
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden" aria-labelledby="landmarks-title">\n'
            f'<h2 id="landmarks-title" {self.la(self.lang)}>{_inline(L["landmarks"])}</h2>\n<ol>\n'
            f'<li {self.la(self.lang)}><a epub:type="titlepage" href="titlepage.xhtml">{_inline(L["title_page"])}</a></li>\n'
            f'<li {self.la(self.lang)}><a epub:type="toc" href="nav.xhtml#toc">{_inline(L["contents"])}</a></li>\n'
            f'<li {self.la(self.lang)}><a epub:type="bodymatter" href="{chapters[0].file}">{_inline(L["start"])}</a></li>\n'
        )
        if has_glossary:
            out.append(f'<li {self.la(self.lang)}><a epub:type="glossary" href="glossary.xhtml">{_inline(L["glossary"])}</a></li>\n')
        out.append("</ol>\n</nav>\n")
        return self.page(L["contents"], "".join(out))


def _with_valid_langs(doc: Document) -> Document:
    """*doc* with language tags a reader can use (``und`` for a malformed one)."""
    src = doc.source_lang if is_language_tag(doc.source_lang) else "und"
    tgt = doc.target_lang if is_language_tag(doc.target_lang) else "und"
    if (src, tgt) == (doc.source_lang, doc.target_lang):
        return doc
    return replace(doc, source_lang=src, target_lang=tgt)


def _identity_options(opts: EpubOptions) -> dict[str, Any]:
    """The options as the book identifier hashes them: spelled as before the layout vocabulary
    changed (``side-by-side``, ``target-first``; no ``order``; no ``chapter_every`` when unset), so a
    book keeps its identifier."""
    values = asdict(opts)
    order = values.pop("order")
    if values["chapter_every"] is None:  # added later: at its default, the identifier stays what it was
        del values["chapter_every"]
    if opts.layout == "parallel":
        values["layout"] = "side-by-side"
    elif opts.layout == "interleaved" and order == "target-first":
        values["layout"] = "target-first"
    return values


def _pairs_trusted(seg: Segment) -> bool:
    """True unless a two-sided pair of *seg* is aligned below the confidence threshold."""
    return all(p.trusted for p in seg.pairs if p.complete)


class EpubExporter:
    name: ClassVar[str] = "epub"
    extension: ClassVar[str] = ".epub"
    description: ClassVar[str] = "EPUB 3 book: bilingual layouts, chapters, glossary with pinyin, passes EPUBCheck"
    Options: ClassVar[type] = EpubOptions
    #: sentence pairs only for the sentence granularity: whole paragraphs need no alignment
    needs: frozenset[str]

    def __init__(self, options: EpubOptions | None = None) -> None:
        self.options = options or EpubOptions()
        self.needs = frozenset({"pairs"}) if self.options.granularity == "sentence" else frozenset()

    def write(self, document: Document, path: Path) -> ExportResult:
        """Write the book to *path* atomically.

        Raises :class:`OutputError` when the file cannot be written and
        :class:`OptionError` for a bad ``SOURCE_DATE_EPOCH``.
        """
        path = Path(path)
        messages: list[str] = list(self.options.warnings)
        doc = document
        data = self.build(doc, messages)
        if self.options.granularity == "sentence" and not doc.has_pairs:
            messages.append("no sentence pairs could be aligned: paragraphs interleaved instead")
        elif self.options.granularity == "sentence":
            doubtful = [s for s in doc.segments if s.pairs and not _pairs_trusted(s)]
            if doubtful:
                messages.append(
                    f"{len(doubtful)} segment(s) with a sentence pair aligned below confidence "
                    "threshold: shown as whole paragraphs"
                )
        try:
            written = write_bytes(path, data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
        return ExportResult(files=[written], messages=messages)

    def plan(self, doc: Document) -> list[tuple[str, tuple[Segment, ...]]]:
        """The chapters the book of *doc* would have: (navigation title, segments)."""
        return [(ch.toc_title, ch.segments) for ch in _Book(doc, self.options).chapters()]

    def build(self, doc: Document, notes: list[str] | None = None) -> bytes:
        """The EPUB file's bytes for *doc* (already aligned when sentence granularity is wanted).

        What the chapter plan could not do as asked is added to *notes*.
        """
        from ebooklib import epub

        opts = self.options
        book_data = _Book(doc, opts)
        doc = book_data.doc  # with usable language tags
        title = book_data.title()
        creators = [xml_text(name) for name in speaker_names(doc)]
        when = build_time(doc)

        class Page(epub.EpubHtml):
            """A page whose XHTML is written verbatim (ebooklib would re-parse it as HTML)."""

            def __init__(self, **kwargs: Any) -> None:
                # the media type ebooklib would guess from ".xhtml" (guessing reads the system's MIME tables)
                super().__init__(media_type="application/xhtml+xml", **kwargs)

            def get_content(self, default: Any = None) -> bytes:
                return self.content

        book = epub.EpubBook()
        ident = uuid.uuid5(_ID_NAMESPACE, json.dumps({"identity": xml_text(doc.identity), "options": _identity_options(opts)}, sort_keys=True, ensure_ascii=True))
        book.set_identifier(f"urn:uuid:{ident}")
        book.set_title(title)
        langs = []
        if book_data.show_source:  # (a book shows at least one side)
            langs.append(doc.source_lang)
        if book_data.show_target:
            langs.append(doc.target_lang)
        if book_data.target_lead:
            langs.reverse()
        book.set_language(book_data.lang)
        for lang in langs:
            if lang != book_data.lang:
                book.add_metadata("DC", "language", lang)
        for n, name in enumerate(creators, 1):
            book.add_author(name, uid=f"creator{n}")
        date = _valid_date(doc.date)
        if date:
            book.add_metadata("DC", "date", date)
        summary = " ".join(xml_text(doc.summary).split())
        if summary:
            book.add_metadata("DC", "description", summary)
        for tag in doc.tags:
            tag = " ".join(xml_text(tag).split())
            if tag:
                book.add_metadata("DC", "subject", tag)
        url = _http_url(doc.source_url)
        if url:
            book.add_metadata("DC", "source", url)
        for prop, value in (
            ("schema:accessMode", "textual"),
            ("schema:accessModeSufficient", "textual"),
            ("schema:accessibilityFeature", "structuralNavigation"),
            ("schema:accessibilityFeature", "tableOfContents"),
            ("schema:accessibilityFeature", "readingOrder"),
            ("schema:accessibilityHazard", "none"),
        ):
            book.add_metadata(None, "meta", value, {"property": prop})
        book.add_metadata(
            None,
            "meta",
            "A bilingual text: every paragraph of the talk with its translation, marked up with its language.",
            {"property": "schema:accessibilitySummary"},
        )

        css = pkgutil.get_data("diglot.exporters.epub", "epub.css")  # not importlib.resources: milliseconds to import
        if css is None:
            raise OutputError("the EPUB stylesheet (diglot/exporters/epub/epub.css) cannot be read")
        style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=css)
        book.add_item(style)

        chapters = book_data.chapters(notes)
        terms = book_data.plan_glossary(chapters)

        from .cover import cover_svg

        names = [book_data.L["lang_zh" if x.lower().startswith("zh") else "lang_en"] for x in (doc.source_lang, doc.target_lang)]
        svg = cover_svg(title, creators, " · ".join(dict.fromkeys(names)), doc.target_lang)
        # book.set_cover("cover.svg", svg, create_page=False), with the media type given: ebooklib
        # would guess it from the name, and guessing reads the system's MIME tables (tens of ms)
        cover = epub.EpubCover(file_name="cover.svg")
        cover.media_type = "image/svg+xml"
        cover.content = svg
        book.add_item(cover)
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})
        cover_item = Page(uid="cover", file_name="cover.xhtml", title=title, lang=book_data.lang)
        cover_item.content = book_data.page(
            title, f'<section epub:type="cover" class="cover"><img src="cover.svg" alt="{_attr(title)}"/></section>\n'
        )
        title_item = Page(uid="titlepage", file_name="titlepage.xhtml", title=title, lang=book_data.lang)
        title_item.content = book_data.title_page(title, creators)
        chapter_items = []
        for ch in chapters:
            item = Page(uid=ch.id, file_name=ch.file, title=ch.toc_title, lang=book_data.lang)
            item.content = book_data.chapter_page(ch)
            chapter_items.append(item)
        glossary_item = None
        if terms:
            glossary_item = Page(uid="glossary", file_name="glossary.xhtml", title=book_data.L["glossary"], lang=book_data.lang)
            glossary_item.content = book_data.glossary_page(terms)
        nav_item = Page(uid="nav", file_name="nav.xhtml", title=book_data.L["contents"], lang=book_data.lang)
        nav_item.properties.append("nav")
        appendix_item = None
        if any(_has(block) for block in doc.appendix):
            appendix_item = Page(uid="appendix", file_name="appendix.xhtml", title=book_data.L["appendix"], lang=book_data.lang)
            appendix_item.content = book_data.appendix_page()
        nav_item.content = book_data.nav_page(chapters, glossary_item is not None, appendix_item is not None)

        pages = [cover_item, title_item, nav_item, *chapter_items]
        pages += ([appendix_item] if appendix_item else []) + ([glossary_item] if glossary_item else [])
        for item in pages:
            book.add_item(item)
        book.add_item(epub.EpubNcx())
        book.spine = pages
        book.toc = [epub.Link(ch.file, ch.toc_title, ch.id) for ch in chapters]
        if appendix_item is not None:
            book.toc.append(epub.Link("appendix.xhtml", book_data.L["appendix"], "appendix"))
        if glossary_item is not None:
            book.toc.append(epub.Link("glossary.xhtml", book_data.L["glossary"], "glossary"))
        book.guide = [
            {"type": "cover", "href": "cover.xhtml", "title": title},
            {"type": "title-page", "href": "titlepage.xhtml", "title": book_data.L["title_page"]},
            {"type": "toc", "href": "nav.xhtml", "title": book_data.L["contents"]},
            {"type": "text", "href": chapters[0].file, "title": book_data.L["start"]},
        ]
        if glossary_item is not None:
            book.guide.append({"type": "glossary", "href": "glossary.xhtml", "title": book_data.L["glossary"]})

        try:
            return book_bytes(book, {"mtime": when.replace(tzinfo=None), "epub3_landmark": False}, when)
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot build the EPUB: {exc}") from None
