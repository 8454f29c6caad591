"""DOCX handouts: a print-ready bilingual handout for a class or study group.

Built with python-docx on its default template, then corrected where that
template gets Chinese wrong: East Asian fonts are set explicitly (``w:eastAsia``)
on the document defaults, Normal, Title, Headings and every Chinese run; the
template's theme font references (which override explicit names) are removed
and its Japanese theme mapping replaced by ``zh-CN``.

Layouts: a fixed two-column table (the parallel-text form that suits A4 paper),
interleaved paragraphs, source only, target only. The handout carries a title
block, a TOC field Word fills on open, "Page X of Y" in the footer, the short
title in the header, a vocabulary table from the glossary, optional key
sentences for review and, when real timing is known, timestamps linked to the
video at that moment. Same input and options give the same bytes.

Over 500 lines: most of it is ``_Builder``, one walk over the document that
writes the handout in order; its parts share the python-docx document, the
styles and the options, so it stays one class. OOXML helpers are in
:mod:`~diglot.exporters.docx.ooxml`, content selection in
:mod:`diglot.content.selection`, XML cleaning of the document in
:mod:`diglot.content.xmltext`, the reproducible zip in :mod:`.package`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ...credits import speaker_names
from ...errors import OptionError, OutputError
from ...fileio import source_date_epoch, write_bytes
from ...lang.script import han_count, is_mostly_han
from ...lang.sentences import split_paragraphs
from ...links import http_url, video_link
from ...model import Document, Segment, SentencePair, Term
from ...clock import short_clock
from .. import ExportResult
from ...content.cues import sound_cue
from ...content.chapters import (
    Chapter, check_chapter_options, chapter_every_field, chapter_size_field, plan_chapters, split_qa_field,
)
from ...content.selection import term_keys, key_sentence_pairs
from .ooxml import _RPR_SEQ, _PPR_SEQ, _SETTINGS_SEQ, StyleIndex, _qn, _el, _put, _set_fonts, _set_lang, _field_start, _field_end, _field
from ..layout import LAYOUTS, normalize_layout
from ...content.xmltext import ILLEGAL, clean_document, xml_escape, xml_text
from .package import _parse_date, package_bytes
from .wxml import Para, append_xml, attr, insert_xml_before, paras_xml, run_xml

PAPERS = ("a4", "letter")

# Page geometry in twentieths of a point (twips): width, height, margin.
_PAGE = {"a4": (11906, 16838, 1134), "letter": (12240, 15840, 1080)}
_HEADER_DISTANCE = 567
_TIME_COL = 900  # the timestamp column of the table layout, wide enough for "1:02:03"

_LANG_NAMES = {
    "en": "English",
    "zh": "中文",
    "zh-hans": "中文",
    "zh-cn": "中文",
    "zh-hant": "中文（繁體）",
    "zh-tw": "中文（繁體）",
}

_GRAY = "666666"
_RULE = "BFBFBF"
_HEAD_FILL = "E7E6E6"
_MISSING_FILL = "F2F2F2"
#: space after a passage in the flow layouts: 8 pt in twips (what ``paragraph_format.space_after = Pt(8)`` writes)
_AFTER_PASSAGE = 160
#: the handout tables' properties after their width: no style, rules between rows, fixed layout, cell margins
_TABLE_PROPERTIES = (
    '<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    f'<w:top w:val="single" w:sz="4" w:space="0" w:color="{_RULE}"/><w:left w:val="nil"/>'
    f'<w:bottom w:val="single" w:sz="4" w:space="0" w:color="{_RULE}"/><w:right w:val="nil"/>'
    f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{_RULE}"/>'
    f'<w:insideV w:val="single" w:sz="4" w:space="0" w:color="{_RULE}"/></w:tblBorders>'
    '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
    '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    '<w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
)

#: the longest value python-docx accepts in a core property (title, author, keywords)
CORE_PROPERTY_MAX = 255


@dataclass(frozen=True)
class DocxOptions:
    layout: str = field(
        default="parallel",
        metadata={
            "help": "parallel: a two-column table; interleaved: original then translation; "
            "source / target: one language only; 'table' is the old name of parallel",
            "choices": LAYOUTS,
            "deprecated": ("table",),
        },
    )
    paper: str = field(default="a4", metadata={"help": "paper size", "choices": PAPERS})
    font_latin: str = field(default="Times New Roman", metadata={"help": "font for Latin text"})
    font_cjk: str = field(default="SimSun", metadata={"help": "font for Chinese text (w:eastAsia)"})
    font_size: float = field(default=10.5, metadata={"help": "body text size in points (10.5 = 五号)"})
    toc: bool = field(default=True, metadata={"help": "table of contents when the document has sections"})
    chapter_size: int = chapter_size_field()
    split_qa: bool = split_qa_field()
    chapter_every: str | None = chapter_every_field()
    vocabulary: bool = field(default=True, metadata={"help": "vocabulary table from the glossary terms"})
    study: bool = field(default=False, metadata={"help": "add key sentence pairs for review"})
    key_sentences: int = field(default=12, metadata={"help": "at most this many key sentences with --study"})
    links: bool = field(default=True, metadata={"help": "timestamps linked to the video when real timing is known"})
    #: old option spellings normalised in __post_init__ (see exporters.layout), reported with the export
    warnings: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        normalize_layout(self, "docx", ("table",))
        if self.paper not in PAPERS:
            raise OptionError(f"docx option paper: {self.paper!r} is not one of {', '.join(PAPERS)}")
        for name in ("font_latin", "font_cjk"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip() or ILLEGAL().search(value) or len(value) > 64:
                raise OptionError(f"docx option {name}: {value!r} is not a usable font name")
        if not 6 <= float(self.font_size) <= 36:
            raise OptionError(f"docx option font_size: {self.font_size} is outside 6..36 points")
        if int(self.key_sentences) < 0:
            raise OptionError(f"docx option key_sentences: {self.key_sentences} is negative")
        check_chapter_options("docx", self.chapter_size, self.chapter_every)


class DocxExporter:
    name: ClassVar[str] = "docx"
    extension: ClassVar[str] = ".docx"
    description: ClassVar[str] = "Word handout: parallel-text table, vocabulary, Chinese fonts set (python-docx)"
    Options: ClassVar[type] = DocxOptions
    #: sentence pairs only for the study section's key sentences
    needs: frozenset[str]

    def __init__(self, options: DocxOptions | None = None) -> None:
        self.options = options or DocxOptions()
        self.needs = frozenset({"pairs"}) if self.options.study else frozenset()

    def write(self, document: Document, path: Path) -> ExportResult:
        """Write the handout at *path* atomically.

        Raises :class:`OutputError` when the file cannot be written; never
        leaves a partial file.
        """
        path = Path(path)
        messages: list[str] = list(self.options.warnings)
        try:
            data = build_docx(document, self.options, messages)
        except (ValueError, KeyError) as exc:  # python-docx/lxml refusing content we did not foresee
            raise OutputError(f"cannot build the DOCX: {exc}", file=str(path)) from None
        write_bytes(path, data)
        return ExportResult(files=[path], messages=messages)


# --------------------------------------------------------------------------- text


def _text(value: str | None) -> str:
    """Document text for the builder (already XML-safe: ``build_docx`` cleans the document once)."""
    return value or ""


def _paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text (:func:`split_paragraphs`: single newlines stay, as line breaks); ``[""]`` for none."""
    return split_paragraphs(text) or [""]


def _word_lang(tag: str) -> str:
    """A BCP 47 tag as Word writes language ids (``zh-Hans`` -> ``zh-CN``)."""
    low = tag.lower()
    if low.startswith("zh"):
        return "zh-TW" if ("hant" in low or low.endswith(("-tw", "-hk", "-mo"))) else "zh-CN"
    if low == "en":
        return "en-US"
    return tag


def _lang_name(tag: str) -> str:
    return _LANG_NAMES.get(tag.lower(), tag)


def _is_chinese_tag(tag: str) -> bool:
    return tag.lower().startswith("zh")


def _short_title(title: str, limit: int = 60) -> str:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[:limit]
    if " " in cut[limit // 2 :] and not is_mostly_han(cut):
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.:;，。：；-") + "…"


# --------------------------------------------------------------------------- the builder


@dataclass
class _Row:
    """One row of the handout: what goes in each language column."""

    source: str
    target: str
    speaker: str
    time_ms: int | None
    source_missing: bool
    target_missing: bool
    #: a sound description (``[music]``): one discreet bracketed line, never "no translation"
    sound: bool = False


class _Builder:
    def __init__(self, doc: Document, options: DocxOptions, messages: list[str]) -> None:
        import docx
        from docx.shared import Pt

        self.doc = doc
        self.o = options
        self.messages = messages
        self.word = docx.Document()
        self.Pt = Pt
        self.bookmark_id = 0
        self.style_ids: dict[str, str] = {}
        width, height, margin = _PAGE[options.paper]
        self.page_width, self.page_height, self.margin = width, height, margin
        self.text_width = width - 2 * margin
        self.text_height = height - 2 * margin - 2 * _HEADER_DISTANCE
        self.target_cjk = _is_chinese_tag(doc.target_lang)
        self.source_cjk = _is_chinese_tag(doc.source_lang)
        # the East Asian language of the handout, for w:lang and the theme
        self.east_asia = _word_lang(doc.target_lang) if self.target_cjk else "zh-CN"
        # w:lang/@w:val is the language of Latin letters even inside Chinese runs: English,
        # so LibreOffice and Word break "Transformer" as an English word, not between letters
        self.latin_lang = _word_lang(doc.source_lang) if not self.source_cjk else "en-US"
        # only web addresses become links (never javascript:, file: or a bare path)
        self.url = http_url(_text(doc.source_url or ""))
        self.links = bool(
            options.links and self.url is not None and doc.has_real_timing
        )
        # the run properties of Chinese text (see _chinese), written once
        latin, cjk = attr(options.font_latin), attr(options.font_cjk)
        fonts = f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{cjk}" w:cs="{latin}"'
        self.fonts_plain = fonts + "/>"
        self.fonts_hinted = fonts + ' w:hint="eastAsia"/>'
        self.lang_chinese = f'<w:lang w:val="{attr(self.latin_lang)}" w:eastAsia="{attr(self.east_asia)}"/>'

    # ---- styles and package

    def setup(self) -> None:
        self._styles()
        self._settings()
        self._theme_and_fonts()
        self._drop_template_leftovers()
        self._page()

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import RGBColor

        o = self.o
        styles = StyleIndex(self.word.styles)  # python-docx's lookups scan every style each time
        latin, cjk = o.font_latin, o.font_cjk
        root = self.word.styles.element
        # No theme font references anywhere: they override explicit names.
        theme_attrs = [_qn(f"w:{a}") for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")]
        for fonts in root.iter(_qn("w:rFonts")):
            had_theme = any(fonts.get(a) is not None for a in theme_attrs)
            for a in theme_attrs:
                if fonts.get(a) is not None:
                    del fonts.attrib[a]
            if had_theme:
                for slot, value in (("ascii", latin), ("hAnsi", latin), ("eastAsia", cjk), ("cs", latin)):
                    fonts.set(_qn(f"w:{slot}"), value)
        defaults = root.find(_qn("w:docDefaults"))
        rpr = defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr"))
        _set_fonts(rpr, latin, cjk)
        half_points = str(round(o.font_size * 2))
        _put(rpr, _el("w:sz", val=half_points), _RPR_SEQ)
        _put(rpr, _el("w:szCs", val=half_points), _RPR_SEQ)
        _set_lang(rpr, _word_lang(self.doc.source_lang), self.east_asia)

        def style_fonts(
            style: Any, size: float | None = None, bold: bool | None = None, color: str | None = None
        ) -> None:
            srpr = style.element.get_or_add_rPr()
            _set_fonts(srpr, latin, cjk)
            _set_lang(srpr, _word_lang(self.doc.source_lang), self.east_asia)
            if size is not None:
                style.font.size = self.Pt(size)
            if bold is not None:
                style.font.bold = bold
            if color is not None:
                style.font.color.rgb = RGBColor.from_string(color)

        size = o.font_size
        normal = styles["Normal"]
        style_fonts(normal, size)
        pf = normal.paragraph_format
        pf.space_after = self.Pt(4)
        pf.line_spacing = 1.15
        title = styles["Title"]
        style_fonts(title, size * 2.2, True, "1F3864")
        for level, factor in ((1, 1.45), (2, 1.25), (3, 1.1)):
            style_fonts(styles[f"Heading {level}"], size * factor, True, "1F3864")
        for level in range(4, 10):
            style_fonts(styles[f"Heading {level}"])
        styles["Heading 1"].paragraph_format.space_before = self.Pt(size * 1.6)
        styles["Heading 1"].paragraph_format.space_after = self.Pt(size * 0.6)
        for name in ("Subtitle", "TOC Heading", "Header", "Footer", "Quote", "Caption"):
            style_fonts(styles[name])
        for name in ("Header", "Footer"):
            styles[name].font.size = self.Pt(max(7.0, size - 2))
            styles[name].font.color.rgb = RGBColor.from_string(_GRAY)

        def add_par(name: str, chinese: bool) -> Any:
            st = styles.add(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = normal
            st.quick_style = True
            srpr = st.element.get_or_add_rPr()
            _set_fonts(srpr, latin, cjk, hint=chinese)
            if chinese:
                _set_lang(srpr, self.latin_lang, self.east_asia)
            return st

        src = add_par("Source Text", self.source_cjk)
        src.paragraph_format.space_after = self.Pt(3)
        tgt = add_par("Target Text", self.target_cjk)
        tgt.paragraph_format.space_after = self.Pt(3)
        if self.target_cjk:
            tgt.element.get_or_add_rPr()
            _set_lang(tgt.element.rPr, self.latin_lang, _word_lang(self.doc.target_lang))
        meta = add_par("Handout Meta", False)
        meta.font.color.rgb = RGBColor.from_string(_GRAY)
        meta.paragraph_format.space_after = self.Pt(2)
        note = add_par("Handout Note", False)
        note.font.italic = True
        note.font.color.rgb = RGBColor.from_string(_GRAY)
        summary = add_par("Handout Summary", False)  # its Chinese runs carry their own hint
        ppr = summary.element.get_or_add_pPr()
        border = _el("w:pBdr")
        border.append(_el("w:left", val="single", sz="18", space="8", color=_RULE))
        _put(ppr, border, _PPR_SEQ)
        _put(ppr, _el("w:ind", left="284"), _PPR_SEQ)
        summary.paragraph_format.space_before = self.Pt(6)
        summary.paragraph_format.space_after = self.Pt(10)
        cell = add_par("Table Text", False)
        cell.paragraph_format.space_after = self.Pt(2)
        cell.paragraph_format.line_spacing = 1.1
        head = add_par("Table Heading", False)
        head.font.bold = True
        head.paragraph_format.space_after = self.Pt(0)
        head.paragraph_format.keep_with_next = True
        toc = add_par("TOC 1", False)
        styles.rename(toc, "toc 1")  # Word's built-in name, used by the TOC field
        toc.paragraph_format.space_after = self.Pt(2)
        link = styles.add("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string("0563C1")
        link.font.underline = True

    def _settings(self) -> None:
        settings = self.word.settings.element
        for old in settings.findall(_qn("w:themeFontLang")):
            settings.remove(old)
        lang = _el("w:themeFontLang", val=_word_lang(self.doc.source_lang), eastAsia=self.east_asia)
        _put(settings, lang, _SETTINGS_SEQ)
        # Fill the TOC and page-count fields when Word opens the file.
        _put(settings, _el("w:updateFields", val="true"), _SETTINGS_SEQ)
        for old in settings.findall(_qn("w:savePreviewPicture")):
            settings.remove(old)

    def _theme_and_fonts(self) -> None:
        """Point the theme's fonts at ours and register them in the font table."""
        latin, cjk = self.o.font_latin, self.o.font_cjk
        for part in self.word.part.package.iter_parts():
            name = str(part.partname)
            if name == "/word/theme/theme1.xml":
                xml = part.blob.decode("utf-8")
                xml = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{xml_escape(latin, quote=True)}"', xml)
                xml = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{xml_escape(cjk, quote=True)}"', xml)
                hans = f'<a:font script="Hans" typeface="{xml_escape(cjk, quote=True)}"'
                xml = re.sub(r'<a:font script="Hans" typeface="[^"]*"', hans, xml)
                part._blob = xml.encode("utf-8")
            elif name == "/word/fontTable.xml":
                xml = part.blob.decode("utf-8")
                # drop the Japanese fonts the template declares (MS Mincho, MS Gothic)
                xml = re.sub(r'\s*<w:font w:name="ＭＳ [^"]*">.*?</w:font>', "", xml, flags=re.S)
                entries = ""
                if f'w:name="{xml_escape(latin, quote=True)}"' not in xml:
                    entries += (
                        f'<w:font w:name="{xml_escape(latin, quote=True)}"><w:charset w:val="00"/>'
                        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                    )
                if f'w:name="{xml_escape(cjk, quote=True)}"' not in xml:
                    # charset 86 (GB2312) tells Word and LibreOffice this font is for Simplified Chinese
                    entries += (
                        f'<w:font w:name="{xml_escape(cjk, quote=True)}"><w:charset w:val="86"/>'
                        '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                    )
                xml = xml.replace("</w:fonts>", entries + "</w:fonts>")
                part._blob = xml.encode("utf-8")
            elif name == "/docProps/app.xml":
                xml = part.blob.decode("utf-8")
                xml = re.sub(r"<Application>[^<]*</Application>", "<Application>diglot</Application>", xml)
                part._blob = xml.encode("utf-8")

    def _drop_template_leftovers(self) -> None:
        """Remove the template's blank-page thumbnail and its stale stylesWithEffects copy."""
        package = self.word.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype.endswith("/metadata/thumbnail"):
                package.rels.pop(rid)
        doc_rels = self.word.part.rels
        for rid, rel in list(doc_rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                doc_rels.pop(rid)

    def _page(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Twips

        section = self.word.sections[0]
        section.page_width, section.page_height = Twips(self.page_width), Twips(self.page_height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Twips(self.margin))
        section.header_distance = section.footer_distance = Twips(_HEADER_DISTANCE)
        header = section.header.paragraphs[0]
        self._style(header, "Header")
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self._runs(header, _short_title(self._title()))
        footer = section.footer.paragraphs[0]
        self._style(footer, "Footer")
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")

    def _paragraph(self, style: str) -> Any:
        """A new paragraph of the document in *style* (``add_paragraph(style=...)`` looks the name up each time)."""
        paragraph = self.word.add_paragraph()
        self._style(paragraph, style)
        return paragraph

    def _style(self, paragraph: Any, name: str) -> None:
        """Set a paragraph style by name (python-docx's own lookup scans every style each time)."""
        paragraph._p.style = self._style_id(name)

    def _style_id(self, name: str) -> str:
        style_id = self.style_ids.get(name)
        if style_id is None:
            style_id = self.style_ids[name] = self.word.styles[name].style_id
        return style_id

    # ---- runs (written as WordprocessingML text, see .wxml)

    def _runs(
        self, paragraph: Any, text: str, bold: bool = False, italic: bool = False, chinese: bool | None = None
    ) -> None:
        """Add *text* to *paragraph*; Chinese text gets explicit East Asian font and language."""
        append_xml(paragraph._p, self._runs_xml(text, bold, italic, chinese))

    def _runs_xml(self, text: str, bold: bool = False, italic: bool = False, chinese: bool | None = None) -> str:
        """The run of *text* (``""`` for none): bold, italic, and East Asian font and language when Chinese."""
        text = _text(text)
        if not text:
            return ""
        if chinese is None:
            chinese = han_count(text) > 0
        fonts = lang = ""
        if chinese:
            fonts, lang = self._chinese(text)
        return run_xml(text, fonts + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + lang)

    def _chinese(self, text: str) -> tuple[str, str]:
        """``w:rFonts`` and ``w:lang`` of a Chinese run: explicit East Asian font; the hint and language when mostly Han."""
        if is_mostly_han(text):
            return self.fonts_hinted, self.lang_chinese
        return self.fonts_plain, ""

    def _hyperlink(self, paragraph: Any, url: str, text: str) -> None:
        append_xml(paragraph._p, self._hyperlink_xml(url, text))

    def _hyperlink_xml(self, url: str, text: str) -> str:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        r_id = self.word.part.relate_to(_text(url), RT.HYPERLINK, is_external=True)
        return f'<w:hyperlink r:id="{attr(r_id)}">{self._link_run(text)}</w:hyperlink>'

    def _anchor_link(self, paragraph: Any, anchor: str, text: str) -> None:
        append_xml(paragraph._p, f'<w:hyperlink w:anchor="{attr(anchor)}">{self._link_run(text, style=False)}</w:hyperlink>')

    def _link_run(self, text: str, style: bool = True) -> str:
        rpr = '<w:rStyle w:val="Hyperlink"/>' if style else ""
        text = _text(text)
        if han_count(text):
            rpr += "".join(self._chinese(text))
        return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r>'

    def _bookmark(self, paragraph: Any, name: str) -> None:
        self.bookmark_id += 1
        bid = str(self.bookmark_id)
        p = paragraph._p
        start = _el("w:bookmarkStart", id=bid, name=name)
        ppr = p.find(_qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(_el("w:bookmarkEnd", id=bid))

    def _text_block(self, text: str, style: str, chinese: bool, speaker: str = "", time_ms: int | None = None) -> list[Para]:
        """Paragraphs of *text*; the first carries the timestamp and speaker label."""
        paras = []
        style_id = self._style_id(style)
        for i, body in enumerate(_paragraphs(_text(text))):
            par = Para(style_id)
            parts = par.parts
            if i == 0:
                if time_ms is not None and self.links:
                    parts.append(self._hyperlink_xml(video_link(self.url or "", time_ms), f"[{short_clock(time_ms)}]"))
                    parts.append(run_xml(" "))
                if speaker:
                    parts.append(self._runs_xml(f"{speaker}: ", bold=True))
            for j, line in enumerate(body.split("\n")):
                if j:
                    parts.append("<w:r><w:br/></w:r>")
                parts.append(self._runs_xml(line, chinese=chinese))
            paras.append(par)
        return paras

    def _note(self, text: str) -> Para:
        par = Para(self._style_id("Handout Note"))
        par.parts.append(self._runs_xml(text, italic=True))
        return par

    def _add_body(self, paras: list[Para]) -> None:
        """Append *paras* to the document body."""
        self._add_body_xml(paras_xml(paras))

    def _add_body_xml(self, xml: str) -> None:
        """Append the paragraphs and tables of *xml* to the body (before its section properties, as ``add_paragraph``)."""
        body = self.word.element.body
        if body.sectPr is not None:
            insert_xml_before(body.sectPr, xml)
        else:
            append_xml(body, xml)

    # ---- document parts

    def _title(self) -> str:
        title = _text(self.doc.title).strip()
        if title:
            return " ".join(title.split())
        if self.doc.source_file:
            return Path(_text(self.doc.source_file)).stem or "Transcript"
        return "Transcript"

    def title_block(self) -> None:
        doc = self.doc
        title = self._paragraph("Title")
        self._runs(title, self._title())
        meta = []
        if doc.speakers:
            meta.append(("Speakers: ", " · ".join(xml_text(n) for n in speaker_names(doc))))
        if doc.date:
            meta.append(("Date: ", _text(doc.date)))
        meta.append(("Languages: ", f"{_lang_name(doc.source_lang)} and {_lang_name(doc.target_lang)}"))
        counts = f"{len(doc.segments)}"
        if doc.untranslated_count:
            counts += f", of which {doc.untranslated_count} not translated"
        meta.append(("Passages: ", counts))
        for label, value in meta:
            par = self._paragraph("Handout Meta")
            self._runs(par, label, bold=True)
            self._runs(par, value)
        if doc.source_url:
            par = self._paragraph("Handout Meta")
            self._runs(par, "Source: ", bold=True)
            if self.url:
                self._hyperlink(par, self.url, doc.source_url)
            else:
                self._runs(par, doc.source_url)
        if doc.summary and _text(doc.summary).strip():
            for body in _paragraphs(_text(doc.summary)):
                par = self._paragraph("Handout Summary")
                self._runs(par, body)
        # air between the title block and what follows (a table has no space before)
        self.word.paragraphs[-1].paragraph_format.space_after = self.Pt(12)

    def toc(self, headings: list[tuple[str, str]]) -> None:
        """A TOC field, pre-filled with linked headings so it reads well before Word updates it."""
        if not self.o.toc or len(headings) < 2:
            return
        self._runs(self._paragraph("TOC Heading"), "Contents 目录")
        pars = []
        for anchor, text in headings:
            par = self._paragraph("toc 1")
            self._anchor_link(par, anchor, text)
            pars.append(par)
        first, last = pars[0], pars[-1]
        # field begin/instr/separate before the first entry, end after the last
        p = first._p
        at = 1 if p.find(_qn("w:pPr")) is not None else 0
        for r in reversed(_field_start('TOC \\o "1-1" \\h \\z \\u', dirty=True)):
            p.insert(at, r)
        last._p.append(_field_end())

    def heading(self, text: str, anchor: str) -> None:
        par = self._paragraph("Heading 1")
        self._runs(par, text)
        self._bookmark(par, anchor)

    # ---- layouts

    def rows_of(self, segments: Iterable[Segment]) -> list[_Row]:
        rows = []
        for seg in segments:
            time_ms = seg.start_ms
            if time_ms is None:
                time_ms = next((p.start_ms for p in seg.pairs if p.start_ms is not None), None)
            source = _text(seg.source)
            target = _text(seg.target)
            rows.append(
                _Row(
                    source=source,
                    target=target,
                    speaker=_text(seg.speaker).strip(),
                    time_ms=time_ms,
                    source_missing=not source.strip(),
                    target_missing=not target.strip(),
                    sound=seg.sound,
                )
            )
        return rows

    def _columns(self) -> list[int]:
        width = self.text_width
        if self.links:
            rest = width - _TIME_COL
            return [_TIME_COL, rest // 2, rest - rest // 2]
        return [width // 2, width - width // 2]

    def _table(self, widths: list[int], header: list[str], rows: list[str]) -> None:
        """Append a table: fixed column *widths* (twips), a repeated *header* row, then *rows* (``w:tr`` XML)."""
        head = []
        for w, label in zip(widths, header):
            par = Para(self._style_id("Table Heading"))
            par.parts.append(self._runs_xml(label, bold=True))
            head.append(self._cell_xml(w, [par], _HEAD_FILL))
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        self._add_body_xml(
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>{_TABLE_PROPERTIES}</w:tblPr>'
            f'<w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{"".join(head)}</w:tr>'
            f'{"".join(rows)}</w:tbl>'
        )

    def _row_fits(self, texts: list[tuple[str, int]]) -> bool:
        """Whether a row holding *texts* (text, column width) is likely shorter than a page."""
        size = self.o.font_size
        line = size * 1.3 * 20
        tallest = 0.0
        for text, width in texts:
            usable = max(1, width - 170)
            lines = 0
            for par in text.split("\n"):
                han = han_count(par)
                # a Han character is one em wide, other characters about half
                twips = (han * 1.0 + (len(par) - han) * 0.5) * size * 20
                lines += max(1, math.ceil(twips / usable))
            tallest = max(tallest, lines * line)
        return tallest < self.text_height * 0.8

    def _cell_xml(self, width: int, paras: list[Para], fill: str | None = None) -> str:
        """A table cell of *width* twips holding *paras* (an empty paragraph for none), shaded with *fill*."""
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>{shade}</w:tcPr>{paras_xml(paras) or "<w:p/>"}</w:tc>'

    def table_layout(self, rows: list[_Row]) -> None:
        widths = self._columns()
        header = [_lang_name(self.doc.source_lang), _lang_name(self.doc.target_lang)]
        if self.links:
            header = ["Time"] + header
        text_widths = widths[-2:]
        src_width, tgt_width = widths[-2], widths[-1]
        out = []
        for r in rows:
            cells = []
            if self.links:
                tpar = Para(self._style_id("Table Text"))
                if r.time_ms is not None:
                    tpar.parts.append(self._hyperlink_xml(video_link(self.url or "", r.time_ms), short_clock(r.time_ms)))
                cells.append(self._cell_xml(widths[0], [tpar]))
            if r.sound:
                for text, width in ((r.source, src_width), (r.target, tgt_width)):
                    cells.append(self._cell_xml(width, [self._note(sound_cue(text))] if text.strip() else []))
            else:
                cells.append(self._cell(src_width, r.source, r.source_missing, "source", r.speaker))
                cells.append(self._cell(tgt_width, r.target, r.target_missing, "target", r.speaker))
            fits = self._row_fits([(r.source, text_widths[0]), (r.target, text_widths[1])])
            out.append(f"<w:tr>{'<w:trPr><w:cantSplit/></w:trPr>' if fits else ''}{''.join(cells)}</w:tr>")
        self._table(widths, header, out)

    def _cell(self, width: int, text: str, missing: bool, side: str, speaker: str) -> str:
        if missing:
            label = "(no translation)" if side == "target" else "(original missing)"
            if speaker:
                par = Para(self._style_id("Handout Note"))
                par.parts += [self._runs_xml(f"{speaker}: ", bold=True), self._runs_xml(label, italic=True)]
            else:
                par = self._note(label)
            return self._cell_xml(width, [par], _MISSING_FILL)
        style = "Source Text" if side == "source" else "Target Text"
        chinese = self.source_cjk if side == "source" else self.target_cjk
        return self._cell_xml(width, self._text_block(text, style, chinese, speaker=speaker))

    def flow_layout(self, rows: list[_Row]) -> None:
        """Interleaved, source-only and target-only layouts: plain paragraphs."""
        layout = self.o.layout
        out: list[Para] = []
        for r in rows:
            if r.sound:
                shown = [r.target, r.source] if layout == "target" else [r.source, r.target]
                texts = [t for t in shown if t.strip()]
                if layout != "interleaved":
                    texts = texts[:1]
                for text in dict.fromkeys(texts):
                    out.append(self._note(sound_cue(text)))
                continue
            if layout in ("interleaved", "source"):
                if not r.source_missing:
                    block = self._text_block(r.source, "Source Text", self.source_cjk, r.speaker, r.time_ms)
                    if layout == "interleaved":
                        block[-1].keep_next = True
                    if layout == "source":
                        block[-1].after = _AFTER_PASSAGE
                    out += block
                elif layout == "source":
                    # keep the text: an untranslated-source passage shows its translation, marked
                    note = self._note("(original missing; translation shown)")
                    note.keep_next = True
                    out.append(note)
                    out += self._text_block(r.target, "Target Text", self.target_cjk, r.speaker, r.time_ms)
                else:
                    out.append(self._note((f"{r.speaker}: " if r.speaker else "") + "(original missing)"))
            if layout in ("interleaved", "target"):
                speaker = r.speaker if layout == "target" or r.source_missing else ""
                time_ms = r.time_ms if layout == "target" or r.source_missing else None
                if not r.target_missing:
                    block = self._text_block(r.target, "Target Text", self.target_cjk, speaker, time_ms)
                elif layout == "target":
                    note = self._note("(not translated; original shown)")
                    note.keep_next = True
                    out.append(note)
                    block = self._text_block(r.source, "Source Text", self.source_cjk, speaker, time_ms)
                else:
                    block = [self._note("(no translation)")]
                block[-1].after = _AFTER_PASSAGE
                out += block
        self._add_body(out)

    def body(self, chapters: list[Chapter], headed: bool) -> None:
        """The chapters' text, each under its heading when *headed* (a single part gets none)."""
        if not any(ch.segments for ch in chapters):
            self._add_body([self._note("(This transcript has no text.)")])
        for n, ch in enumerate(chapters):
            if headed:
                self.heading(ch.title, _anchor(ch.key, n))
            if not ch.segments:
                if ch.section is not None:
                    self._add_body([self._note("(This section has no text.)")])
                continue
            rows = self.rows_of(ch.segments)
            if self.o.layout == "parallel":
                self.table_layout(rows)
            else:
                self.flow_layout(rows)

    def appendix(self) -> None:
        """The material after the talk that is not part of it, under its own heading."""
        self.heading("Appendix 附录", "_diglot_appendix")
        for block in self.doc.appendix:
            for body in _paragraphs(_text(block)):
                self._runs(self.word.add_paragraph(), body)

    def vocabulary(self, terms: Sequence[Term]) -> None:
        from ...lang.pinyin import to_pinyin

        self.heading("Vocabulary 词汇表", "_diglot_vocabulary")
        w = self.text_width
        widths = [round(w * 0.18), round(w * 0.2), round(w * 0.22)]
        widths.append(w - sum(widths))
        header = ["词语 Term", "Pinyin 拼音", _lang_name(self.doc.source_lang), "Definition 释义"]
        out = []
        for term in terms:
            word = _text(term.target).strip()
            values = [
                (word, "Target Text", True),
                (to_pinyin(word) if word and han_count(word) else "", "Table Text", False),
                (_text(term.source).strip(), "Source Text", False),
                (_text(term.definition).strip(), "Table Text", None),
            ]
            cells = []
            for width, (text, style, chinese) in zip(widths, values):
                par = Para(self._style_id(style))
                par.parts.append(self._runs_xml(text, bold=chinese is True, chinese=chinese))
                cells.append(self._cell_xml(width, [par]))
            out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
        self._table(widths, header, out)

    def key_sentences(self, pairs: list[tuple[SentencePair, str | None]]) -> None:
        self.heading("Key sentences 重点句子", "_diglot_key_sentences")
        english_of = dict(term_keys(t) for t in self.doc.terms)
        for n, (pair, term) in enumerate(pairs, 1):
            src = self._paragraph("Source Text")
            src.paragraph_format.keep_with_next = True
            self._runs(src, f"{n}. ", bold=True)
            if self.links and pair.start_ms is not None:
                self._hyperlink(src, video_link(self.url or "", pair.start_ms), f"[{short_clock(pair.start_ms)}]")
                src.add_run(" ")
            english = english_of.get(term or "", "")
            self._marked(src, " ".join(_text(pair.source).split()), english, self.source_cjk, fold=True)
            tgt = self._paragraph("Target Text")
            tgt.paragraph_format.left_indent = self.Pt(14)
            tgt.paragraph_format.space_after = self.Pt(8)
            self._marked(tgt, " ".join(_text(pair.target).split()), term or "", self.target_cjk)

    def _marked(self, paragraph: Any, text: str, term: str, chinese: bool, fold: bool = False) -> None:
        """*text* with the first occurrence of *term* in bold (case-insensitive with *fold*)."""
        at = (text.lower().find(term.lower()) if fold else text.find(term)) if term else -1
        if at < 0:
            self._runs(paragraph, text, chinese=chinese)
            return
        self._runs(paragraph, text[:at], chinese=chinese)
        self._runs(paragraph, text[at : at + len(term)], bold=True, chinese=chinese)
        self._runs(paragraph, text[at + len(term) :], chinese=chinese)

    # ---- output

    def _core(self, name: str, value: str) -> str:
        """*value* cut to the 255 characters a DOCX core property holds (the full text stays in the body)."""
        if len(value) <= CORE_PROPERTY_MAX:
            return value
        self.messages.append(f"document {name} is {len(value)} characters: cut to {CORE_PROPERTY_MAX} in the file properties")
        return value[: CORE_PROPERTY_MAX - 1] + "…"

    def properties(self) -> _dt.datetime | None:
        """Fixed core properties; returns the timestamp used (None when unknown)."""
        doc = self.doc
        props = self.word.core_properties
        props.title = self._core("title", self._title())
        props.author = self._core("author", "; ".join(xml_text(n) for n in speaker_names(doc)))
        props.last_modified_by = ""
        props.subject = ""
        props.keywords = self._core("keywords", ", ".join(_text(t) for t in doc.tags))
        props.comments = f"Bilingual handout ({doc.source_lang} | {doc.target_lang}) made with diglot"
        props.category = ""
        props.language = _text(doc.source_lang)
        props.revision = 1
        created = _parse_date(doc.date)
        epoch = source_date_epoch()
        stamp = _dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc) if epoch is not None else None
        modified = stamp if stamp is not None and stamp.year >= 1980 else created
        created = created or modified
        element = props._element
        if created is None:
            for tag in ("dcterms:created", "dcterms:modified"):
                for old in element.findall(_qn(tag)):
                    element.remove(old)
        else:
            props.created = created
            props.modified = modified
        return modified

    def save(self, when: _dt.datetime | None) -> bytes:
        return package_bytes(self.word, when)


def _anchor(section_id: str, n: int) -> str:
    # bookmark names: letters, digits and underscores, at most 40 characters
    safe = re.sub(r"\W", "_", section_id, flags=re.ASCII)[:24]
    return f"_diglot_{n}_{safe}"


def build_docx(doc: Document, options: DocxOptions | None = None, messages: list[str] | None = None) -> bytes:
    """The handout for *doc* as DOCX bytes (deterministic for the same input and options)."""
    options = options or DocxOptions()
    messages = messages if messages is not None else []
    doc, removed = clean_document(doc)
    if removed:
        messages.append(f"removed {removed} control character(s) that XML cannot carry")
    b = _Builder(doc, options, messages)
    b.setup()
    b.title_block()
    # the EPUB's plan: same chapters, segments and titles (in the language of the original, as the
    # default EPUB); a single chapter made from a talk without sections needs no heading
    chapters = plan_chapters(
        doc, chapter_size=options.chapter_size, split_qa=options.split_qa, chapter_every=options.chapter_every,
        lang=doc.source_lang, notes=messages,
    )
    headed = len(chapters) > 1 or chapters[0].section is not None
    headings = [(_anchor(ch.key, n), ch.title) for n, ch in enumerate(chapters)] if headed else []
    terms = [t for t in doc.terms if _text(t.target).strip()] if options.vocabulary else []
    if terms:
        from ...lang.pinyin import sort_key

        # pinyin order, as the EPUB glossary (first use breaks ties)
        terms.sort(key=lambda t: sort_key(_text(t.target).strip()))
    keys: list[tuple[SentencePair, str | None]] = []
    if options.study:
        keys = key_sentence_pairs(doc, int(options.key_sentences))
        pairs = [p for seg in doc.segments if not seg.untranslated for p in seg.pairs]
        one_sided = sum(1 for p in pairs if not (p.source and p.target))
        doubtful = sum(1 for p in pairs if p.complete and not p.trusted)
        if one_sided or doubtful:
            messages.append(
                f"key sentences: left out {one_sided} sentence(s) without counterpart and "
                f"{doubtful} pair(s) aligned below confidence threshold"
            )
    appendix = any(_text(block).strip() for block in doc.appendix)
    if headings:
        if appendix:
            headings.append(("_diglot_appendix", "Appendix 附录"))
        if terms:
            headings.append(("_diglot_vocabulary", "Vocabulary 词汇表"))
        if keys:
            headings.append(("_diglot_key_sentences", "Key sentences 重点句子"))
    b.toc(headings)
    b.body(chapters, headed)
    if appendix:
        b.appendix()
    if terms:
        b.vocabulary(terms)
    if keys:
        b.key_sentences(keys)
    when = b.properties()
    if options.links and doc.has_real_timing and b.url is None:
        messages.append("no web address for the video: timestamps are not linked")
    return b.save(when)
