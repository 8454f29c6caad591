"""DOCX handout exporter: read back with python-docx, fonts, fields, reproducibility, bad input, LibreOffice.

The handouts of both seeds are built once per session; the LibreOffice check
converts all of its documents in one ``soffice`` call (start-up dominates).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import diglot
from diglot.errors import OptionError, OutputError
from diglot.exporters import build_options, get
from diglot.content.xmltext import ILLEGAL as _XML_ILLEGAL
from diglot.exporters.docx.builder import (
    DocxExporter,
    DocxOptions,
    _short_title,
    build_docx,
    key_sentence_pairs,
    video_link,
)
from diglot.lang.pinyin import to_pinyin
from diglot.model import Document, Section, Segment, SentencePair, Term, Timing
from diglot.pipeline import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HAN = re.compile(r"[\u4e00-\u9fff]")
A4_TEXT_WIDTH = 11906 - 2 * 1134


def write(doc: Document, path: Path, **options) -> Path:
    result = render(DocxExporter(DocxOptions(**options)), doc, path)
    assert result.files == [path]
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory, paired_doc, frontmatter_doc):
    out = tmp_path_factory.mktemp("docx")
    return {
        "paired": write(paired_doc, out / "paired.docx"),
        "frontmatter": write(frontmatter_doc, out / "frontmatter.docx", study=True),
        "paired-letter": write(paired_doc, out / "paired-letter.docx", paper="letter", layout="interleaved"),
    }


def body_text(path: Path) -> str:
    """All text of the document body, tables included, paragraphs separated by newlines."""
    root = docx.Document(path).element.body
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p"))


def headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(path).paragraphs if p.style.name == "Heading 1"]


def cell_text(cell) -> str:
    return "\n\n".join(p.text for p in cell.paragraphs)


def parts(doc: Document) -> list[tuple[str, tuple[Segment, ...]]]:
    """The handout's headed groups: the sections, or for a talk without sections the EPUB's parts."""
    if doc.sections:
        return [(s.title, doc.segments_in(s.id)) for s in doc.sections]
    from diglot.exporters.epub.book import EpubExporter, EpubOptions

    return EpubExporter(EpubOptions()).plan(doc)


def strip_speaker(text: str, speaker: str | None) -> str:
    return text[len(speaker) + 2 :] if speaker and text.startswith(f"{speaker}: ") else text


# --------------------------------------------------------------------------- structure


def test_headings_are_built_in_heading_styles_in_section_order(built, frontmatter_doc):
    found = headings(built["frontmatter"])
    assert found == [s.title for s in frontmatter_doc.sections] + ["Vocabulary 词汇表", "Key sentences 重点句子"]
    d = docx.Document(built["frontmatter"])
    # the built-in style carries the outline level the navigation pane and the TOC use
    h1 = d.styles["Heading 1"].element
    assert h1.find(f"{W}pPr/{W}outlineLvl").get(qn("w:val")) == "0"


def test_talk_without_sections_gets_the_books_parts_as_headings_and_contents(built, paired_doc):
    plan = parts(paired_doc)
    assert len(plan) == 4 and plan[0][0].startswith("Part 1 · I want to thank the organizers")
    assert headings(built["paired"]) == [title for title, _ in plan]
    xml = zipfile.ZipFile(built["paired"]).read("word/document.xml").decode()
    assert " TOC " in xml


def test_toc_field_and_update_fields_setting(built, frontmatter_doc):
    z = zipfile.ZipFile(built["frontmatter"])
    xml = z.read("word/document.xml").decode()
    assert re.search(r'<w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText>', xml)
    root = etree.fromstring(z.read("word/document.xml"))
    kinds = [f.get(qn("w:fldCharType")) for f in root.iter(W + "fldChar")]
    assert kinds == ["begin", "separate", "end"]
    # pre-filled entries link to bookmarks on the headings
    anchors = [h.get(qn("w:anchor")) for h in root.iter(W + "hyperlink") if h.get(qn("w:anchor"))]
    marks = {b.get(qn("w:name")) for b in root.iter(W + "bookmarkStart")}
    assert len(anchors) == len(frontmatter_doc.sections) + 2 and set(anchors) <= marks
    settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find(W + "updateFields").get(qn("w:val")) == "true"
    # schema order: updateFields comes before compat, or Word reports the file as corrupt
    names = [etree.QName(c).localname for c in settings]
    assert names.index("updateFields") < names.index("compat")


def test_tables_one_row_per_segment_fixed_layout_every_width_set(built, frontmatter_doc, paired_doc):
    for key, doc in (("paired", paired_doc), ("frontmatter", frontmatter_doc)):
        d = docx.Document(built[key])
        groups = parts(doc)
        tables = d.tables[: len(groups)]
        expected = [len(segs) for _, segs in groups]
        assert [len(t.rows) - 1 for t in tables] == expected
        for table in d.tables:
            tbl = table._tbl
            assert tbl.tblPr.find(W + "tblLayout").get(qn("w:type")) == "fixed"
            grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.iter(W + "gridCol")]
            assert sum(grid) == A4_TEXT_WIDTH == int(tbl.tblPr.find(W + "tblW").get(qn("w:w")))
            rows = tbl.findall(W + "tr")
            assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page
            for tr in rows:
                # every row of these seeds fits on a page, so none may split
                assert tr.find(f"{W}trPr/{W}cantSplit") is not None
                widths = [int(tc.find(f"{W}tcPr/{W}tcW").get(qn("w:w"))) for tc in tr.findall(W + "tc")]
                assert widths == grid
        assert [c.text for c in d.tables[0].rows[0].cells] == ["English", "中文"]


def test_every_segment_text_is_present_in_its_row(built, frontmatter_doc, paired_doc):
    for key, doc in (("paired", paired_doc), ("frontmatter", frontmatter_doc)):
        d = docx.Document(built[key])
        rows = [row for table in d.tables[: len(parts(doc))] for row in table.rows[1:]]
        assert len(rows) == len(doc.segments)
        for seg, row in zip(doc.segments, rows):
            src, tgt = (cell_text(c) for c in row.cells)
            assert strip_speaker(src, seg.speaker) == seg.source.replace("\n\n", "\n\n")
            if seg.target is None:
                assert tgt == "(no translation)"
            else:
                assert strip_speaker(tgt, seg.speaker) == seg.target


def test_speaker_labels_are_bold(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    first = d.tables[0].rows[1].cells
    for cell in first:
        run = cell.paragraphs[0].runs[0]
        assert run.text == f"{frontmatter_doc.segments[0].speaker}: " and run.bold


def test_untranslated_segments_get_a_marked_shaded_cell(built, paired_doc):
    d = docx.Document(built["paired"])
    rows = [row for table in d.tables[: len(parts(paired_doc))] for row in table.rows[1:]]
    marked = []
    for seg, row in zip(paired_doc.segments, rows):
        tc = row.cells[1]._tc
        shd = tc.tcPr.find(W + "shd")
        if seg.target is None:
            assert shd is not None and shd.get(qn("w:fill")) == "F2F2F2"
            assert row.cells[1].paragraphs[0].runs[0].italic
            marked.append(seg.id)
        else:
            assert shd is None
    assert len(marked) == paired_doc.untranslated_count == 6
    assert "Passages: 74, of which 6 not translated" in body_text(built["paired"])
    assert "(marked)" not in body_text(built["paired"])


def test_title_block(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    assert d.paragraphs[0].style.name == "Title" and d.paragraphs[0].text == frontmatter_doc.title
    text = body_text(built["frontmatter"])
    # full names from the front matter (people: Ilya Sutskever; speaker: Dwarkesh Patel)
    assert "Speakers: Ilya Sutskever · Dwarkesh Patel" in text and "Date: 2025-11-25" in text
    assert "Source: https://www.youtube.com/watch?v=aR20FWCCjAs" in text
    assert frontmatter_doc.summary.split()[0] in text
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == [frontmatter_doc.source_url]


def test_property_children_are_in_schema_order(built):
    """Word refuses a file whose property elements have children out of schema order."""
    from diglot.exporters.docx import ooxml as mod

    seqs = {"rPr": mod._RPR_SEQ, "pPr": mod._PPR_SEQ, "tblPr": mod._TBLPR_SEQ, "trPr": mod._TRPR_SEQ,
            "tcPr": mod._TCPR_SEQ, "settings": mod._SETTINGS_SEQ}  # fmt: skip
    z = zipfile.ZipFile(built["frontmatter"])
    checked = 0
    for name in ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/footer1.xml"):
        for el in etree.fromstring(z.read(name)).iter():
            local = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if local not in seqs:
                continue
            order = [seqs[local].index(etree.QName(c).localname) for c in el if etree.QName(c).localname in seqs[local]]
            assert order == sorted(order), (name, local, [etree.QName(c).localname for c in el])
            checked += 1
    assert checked > 1000


# --------------------------------------------------------------------------- Chinese typography


def test_east_asian_fonts_on_styles_and_chinese_runs(built):
    d = docx.Document(built["frontmatter"])
    for name in ["Normal", "Title"] + [f"Heading {i}" for i in range(1, 10)]:
        fonts = d.styles[name].element.find(f"{W}rPr/{W}rFonts")
        assert fonts.get(qn("w:eastAsia")) == "SimSun", name
    styles_xml = zipfile.ZipFile(built["frontmatter"]).read("word/styles.xml").decode()
    assert "Theme=" not in styles_xml and "cstheme" not in styles_xml  # no theme font references left
    defaults = d.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(W + "rFonts").get(qn("w:eastAsia")) == "SimSun"
    assert defaults.find(W + "lang").get(qn("w:eastAsia")) == "zh-CN"
    # every run holding Chinese names the East Asian font itself or sits in a style that does
    styled = {s.style_id for s in d.styles if s.element.find(f"{W}rPr/{W}rFonts[@{qn('w:eastAsia')}]") is not None}
    checked = 0
    for r in d.element.body.iter(W + "r"):
        text = "".join(t.text or "" for t in r.iter(W + "t"))
        if not HAN.search(text):
            continue
        checked += 1
        fonts = r.find(f"{W}rPr/{W}rFonts")
        p = r.getparent()
        while p.tag != W + "p":
            p = p.getparent()
        pstyle = p.find(f"{W}pPr/{W}pStyle")
        assert (fonts is not None and fonts.get(qn("w:eastAsia")) == "SimSun") or (
            pstyle is not None and pstyle.get(qn("w:val")) in styled
        )
    assert checked > 200  # 121 translations, headings, TOC, vocabulary, key sentences


def test_japanese_theme_mapping_replaced(built):
    z = zipfile.ZipFile(built["frontmatter"])
    settings = etree.fromstring(z.read("word/settings.xml"))
    lang = settings.find(W + "themeFontLang")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    theme = z.read("word/theme/theme1.xml").decode()
    assert theme.count('<a:ea typeface="SimSun"/>') == 2
    assert "ＭＳ" not in z.read("word/fontTable.xml").decode()


def test_font_options(tmp_path, frontmatter_doc):
    path = write(frontmatter_doc, tmp_path / "f.docx", font_latin="Georgia", font_cjk="Noto Serif CJK SC")
    d = docx.Document(path)
    fonts = d.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:eastAsia"))) == ("Georgia", "Noto Serif CJK SC")
    assert 'w:name="Noto Serif CJK SC"><w:charset w:val="86"/>' in zipfile.ZipFile(path).read(
        "word/fontTable.xml"
    ).decode()


# --------------------------------------------------------------------------- header, footer, page


def test_footer_page_x_of_y_and_header_short_title(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    section = d.sections[0]
    footer = section.footer._element
    instr = [t.text.strip() for t in footer.iter(W + "instrText")]
    assert instr == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text == "Page 1 of 1"  # field placeholders, filled by Word
    assert section.header.paragraphs[0].text == frontmatter_doc.title  # short enough to keep whole
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)


def test_short_title_for_the_header():
    assert _short_title("A very long English title that goes on and on about scaling laws and research") == (
        "A very long English title that goes on and on about scaling…"
    )
    assert _short_title("超" * 80) == "超" * 60 + "…"


def test_letter_paper(built):
    section = docx.Document(built["paired-letter"]).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (12240, 15840)


# --------------------------------------------------------------------------- vocabulary and study


def test_vocabulary_table_from_glossary(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    table = d.tables[len(frontmatter_doc.sections)]
    assert [c.text for c in table.rows[0].cells] == ["词语 Term", "Pinyin 拼音", "English", "Definition 释义"]
    rows = table.rows[1:]
    assert len(rows) == len(frontmatter_doc.terms) == 11
    from diglot.lang.pinyin import sort_key

    in_order = sorted(frontmatter_doc.terms, key=lambda t: sort_key(t.target))  # as the EPUB glossary
    assert [t.target for t in in_order] != [t.target for t in frontmatter_doc.terms]  # not first-use order
    for term, row in zip(in_order, rows):
        cells = [c.text for c in row.cells]
        pinyin = to_pinyin(term.target) if HAN.search(term.target) else ""  # no pinyin for "AGI"
        assert cells == [term.target, pinyin, term.source or "", term.definition or ""]
    first = [c.text for c in rows[0].cells]
    assert first[:3] == [in_order[0].target, to_pinyin(in_order[0].target) if HAN.search(in_order[0].target) else "", in_order[0].source or ""]


def test_study_key_sentences(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    pars = d.paragraphs
    start = next(i for i, p in enumerate(pars) if p.style.name == "Heading 1" and p.text.startswith("Key sentences"))
    items = pars[start + 1 :]
    numbered = [p for p in items if re.match(r"\d+\. ", p.text)]
    assert 1 <= len(numbered) <= 12 and len(items) == 2 * len(numbered)
    # glossary terms are printed bold in the Chinese line of the sentence that illustrates them
    bold = {r.text for p in items for r in p.runs if r.bold and HAN.search(r.text)}
    assert bold and bold <= {t.target for t in frontmatter_doc.terms}
    # and the English term in the English line ("vibe coding", "evals")
    english = {r.text.lower() for p in items[0::2] for r in p.runs if r.bold}
    english -= {f"{n}. " for n in range(1, 13)}
    keys = {(t.source or "").split("(")[0].strip().lower() for t in frontmatter_doc.terms}
    assert {"evals", "vibe coding"} <= english <= keys


def test_key_sentence_selection():
    doc = Document(
        segments=(
            Segment("s1", "a", "b", pairs=(SentencePair("We talk about evals a lot here.", "我们常谈评估指标。"),)),
            Segment("s2", "c", "d", pairs=(SentencePair("One two three four five six seven.", "一二三四五六七。"),)),
            Segment("s3", "e", None, pairs=(SentencePair("Unpaired sentence.", None),)),
        ),
        terms=(Term("评估指标", "evals", "x", "s1"), Term("不存在", "missing")),
    )
    picked = key_sentence_pairs(doc, 5)
    assert [(p.source, t) for p, t in picked] == [
        ("We talk about evals a lot here.", "评估指标"),
        ("One two three four five six seven.", None),
    ]
    assert key_sentence_pairs(doc, 0) == []


# --------------------------------------------------------------------------- deep links


def timed(doc: Document) -> Document:
    segs = tuple(dataclasses.replace(s, start_ms=61_000 + i * 7_000) for i, s in enumerate(doc.segments))
    return dataclasses.replace(doc, segments=segs, timing=Timing(source="reference"))


def test_deep_links_with_reference_timing(tmp_path, frontmatter_doc):
    path = write(timed(frontmatter_doc), tmp_path / "t.docx")
    d = docx.Document(path)
    first = d.tables[0].rows[1].cells
    assert first[0].text == "1:01" and len(first) == 3
    targets = {r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert "https://www.youtube.com/watch?v=aR20FWCCjAs&t=61s" in targets
    assert "https://www.youtube.com/watch?v=aR20FWCCjAs&t=68s" in targets
    grid = [int(g.get(qn("w:w"))) for g in d.tables[0]._tbl.tblGrid.iter(W + "gridCol")]
    assert sum(grid) == A4_TEXT_WIDTH and len(grid) == 3


def test_deep_links_from_a_real_retiming(tmp_path, frontmatter_doc):
    """End to end with the retimer: a reference saying every word takes 300 ms from 0:05."""
    from diglot.timing.references import RefWord
    from diglot.timing.retime import retime

    words = [w for s in frontmatter_doc.segments for w in (s.source or "").split()]
    reference = [RefWord(w, 5000 + i * 300, 5000 + i * 300 + 250) for i, w in enumerate(words)]
    doc, _ = retime(diglot.align_document(frontmatter_doc), reference)
    d = docx.Document(write(doc, tmp_path / "r.docx", study=True))
    rows = d.tables[0].rows
    # "You know what's crazy? That all of this is real." is 10 words: the next turn starts at 0:08
    assert [rows[1].cells[0].text, rows[2].cells[0].text] == ["0:05", "0:08"]
    links = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://www.youtube.com/watch?v=aR20FWCCjAs&t=8s" in links
    assert len(links) > 100  # one per distinct second a row or key sentence starts at
    key = next(p for p in d.paragraphs if p.text.startswith("1. ["))
    assert re.match(r"1\. \[\d+:\d\d\] \S", key.text)


def test_deep_links_in_flow_layouts(tmp_path, frontmatter_doc):
    path = write(timed(frontmatter_doc), tmp_path / "ti.docx", layout="interleaved")
    d = docx.Document(path)
    first = next(p for p in d.paragraphs if p.style.name == "Source Text")
    assert first.text.startswith("[1:01] Ilya: You know what's crazy?")
    link = first._p.find(W + "hyperlink")
    assert d.part.rels[link.get(qn("r:id"))].target_ref.endswith("&t=61s")


def test_no_links_for_estimated_timing(tmp_path, frontmatter_doc):
    doc = dataclasses.replace(timed(frontmatter_doc), timing=Timing(source="estimated"))
    d = docx.Document(write(doc, tmp_path / "e.docx", layout="interleaved"))
    targets = [r.target_ref for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == [frontmatter_doc.source_url]


def test_video_link_forms():
    assert video_link("https://www.youtube.com/watch?v=X&t=5", 83_900) == "https://www.youtube.com/watch?v=X&t=83s"
    assert video_link("https://youtu.be/X", 1000) == "https://youtu.be/X?t=1s"
    assert video_link("https://vimeo.com/1", 2000) == "https://vimeo.com/1#t=2s"
    assert video_link("https://example.org/a.mp4", 3000) == "https://example.org/a.mp4#t=3"


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize("layout", ["interleaved", "source", "target"])
def test_flow_layouts_keep_every_text(tmp_path, paired_doc, layout):
    path = write(paired_doc, tmp_path / f"{layout}.docx", layout=layout)
    text = body_text(path)
    assert not docx.Document(path).tables
    for seg in paired_doc.segments:
        if layout != "target" or seg.target is None:
            assert seg.source.replace("\n\n", "\n") in text
        if layout != "source" and seg.target is not None:
            assert seg.target.replace("\n\n", "\n") in text
    if layout == "source":
        after_title = text.split("not translated", 1)[1].split("\n", 1)[1]
        assert not HAN.search(after_title.replace("Contents 目录", ""))  # no Chinese after the title block  # no Chinese after the title block
    if layout == "target":
        assert text.count("(not translated; original shown)") == 6


# --------------------------------------------------------------------------- reproducibility


def test_two_builds_are_byte_identical(tmp_path, frontmatter_doc, built):
    again = write(frontmatter_doc, tmp_path / "again.docx", study=True)
    assert again.read_bytes() == built["frontmatter"].read_bytes()


def test_core_properties_and_zip_entries_fixed(built, frontmatter_doc):
    d = docx.Document(built["frontmatter"])
    props = d.core_properties
    assert props.title == frontmatter_doc.title and props.author == "Ilya Sutskever; Dwarkesh Patel"
    assert props.created.isoformat().startswith("2025-11-25") and props.modified == props.created
    z = zipfile.ZipFile(built["frontmatter"])
    assert z.namelist()[0] == "[Content_Types].xml"
    assert {i.date_time for i in z.infolist()} == {(2025, 11, 25, 0, 0, 0)}
    for name in z.namelist():
        assert b"python-docx" not in z.read(name), name
    assert "docProps/thumbnail.jpeg" not in z.namelist()


def test_document_dates():
    from diglot.exporters.docx.builder import _parse_date

    assert _parse_date("2025-11-25").isoformat() == "2025-11-25T00:00:00+00:00"
    assert _parse_date("2025-11").isoformat() == "2025-11-01T00:00:00+00:00"
    assert _parse_date("2025").isoformat() == "2025-01-01T00:00:00+00:00"
    assert _parse_date("2025-13-40") is None and _parse_date("soon") is None and _parse_date(None) is None
    assert _parse_date("1970-01-01") is None  # zip cannot date entries before 1980


def test_source_date_epoch(tmp_path, monkeypatch, paired_doc):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = write(paired_doc, tmp_path / "a.docx")
    b = write(paired_doc, tmp_path / "b.docx")
    assert a.read_bytes() == b.read_bytes()
    props = docx.Document(a).core_properties
    assert props.modified.isoformat().startswith("2023-11-14T22:13:20")
    assert props.created.isoformat().startswith("2024-12-16")
    assert {i.date_time for i in zipfile.ZipFile(a).infolist()} == {(2023, 11, 14, 22, 13, 20)}


# --------------------------------------------------------------------------- bad input


def hostile() -> Document:
    long_word = "Supercalifragilistic" * 150  # 3000 characters, no break opportunity
    return Document(
        segments=(
            Segment(
                "s1", "Bell\x07 and\x00 null\x1b[0m escape", "响铃\x07和\x0b空字符", section="a", speaker="A\x01"
            ),
            Segment("s2", long_word, "超长" * 800, section="a"),
            Segment("s3", None, "只有译文，没有原文。", section="c"),
            Segment("s4", "Only the original.\n\nSecond paragraph.\nSame paragraph.", None, section="c"),
            Segment("s5", "\ud800 lone surrogate", "孤立代理项\udfff", section="zzz-unknown"),
        ),
        sections=(Section("a", "Control \x0c in title"), Section("b", "Empty section"), Section("c", "")),
        terms=(Term("术语\x02", "term\x03", "定义\x04"), Term("\x05", None, None)),
        title="../../etc/passwd\\:*?<>| \x00 title",
        summary="\x01",
        speakers=("A\x01",),
        tags=("a\x02",),
    )


@pytest.mark.parametrize("layout", ["table", "interleaved", "source", "target"])
def test_hostile_input_gives_a_valid_document(tmp_path, layout):
    path = tmp_path / "h.docx"
    result = render(DocxExporter(DocxOptions(layout=layout, study=True)), hostile(), path)
    assert "removed 17 control character(s) that XML cannot carry" in result.messages
    d = docx.Document(path)
    text = body_text(path)
    shown = {"table": "st", "interleaved": "st", "source": "s", "target": "t"}[layout]
    # each side is shown where the layout shows it; a passage missing that side shows the other one
    assert ("Bell and null[0m escape" in text) == ("s" in shown)
    assert ("响铃和空字符" in text) == ("t" in shown)
    assert ("Supercalifragilistic" * 150 in text) == ("s" in shown)
    assert ("超长" * 800 in text) == ("t" in shown)
    assert "只有译文，没有原文。" in text and "Only the original." in text
    assert "Empty section" in headings(path) and "(This section has no text.)" in text
    assert "Control in title" in headings(path)
    assert d.paragraphs[0].text == "../../etc/passwd\\:*?<>| title"
    assert d.core_properties.created is None  # no date known, none invented
    if layout == "table":
        assert "(original missing)" in text and "(no translation)" in text
        # the giant row may break across pages (it could not fit on one); the others may not
        rows = [r for t in d.tables[:2] for r in t._tbl.findall(W + "tr")[1:]]
        split = [r.find(f"{W}trPr/{W}cantSplit") is None for r in rows]
        assert split == [False, True, False, False]


def test_only_web_addresses_become_links(tmp_path):
    doc = Document(
        segments=(Segment("s1", "Hi.", "你好。", start_ms=1000),),
        source_url="javascript:alert(1)",
        timing=Timing(source="reference"),
    )
    result = render(DocxExporter(), doc, tmp_path / "j.docx")
    d = docx.Document(tmp_path / "j.docx")
    assert not [r for r in d.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "Source: javascript:alert(1)" in body_text(tmp_path / "j.docx")
    assert result.messages == ["no web address for the video: timestamps are not linked"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.text(max_size=200), target=st.text(max_size=200), speaker=st.text(max_size=12))
def test_any_text_gives_a_readable_document_that_keeps_it(tmp_path, source, target, speaker):
    doc = Document(segments=(Segment("s1", source, target, speaker=speaker or None),), title=target[:30])
    path = write(doc, tmp_path / "any.docx", layout="interleaved", vocabulary=False)
    text = "".join(body_text(path).split())
    for original in (source, target):
        kept = "".join(_XML_ILLEGAL().sub("", original).split())
        assert kept in text


def test_empty_and_bare_documents(tmp_path):
    path = write(Document(segments=()), tmp_path / "empty.docx")
    d = docx.Document(path)
    assert d.paragraphs[0].text == "Transcript"
    assert "(This transcript has no text.)" in body_text(path)
    bare = Document(segments=(Segment("s1", "Hello.", "你好。"),), source_file="talk one.txt")
    assert docx.Document(write(bare, tmp_path / "bare.docx")).paragraphs[0].text == "talk one"


def test_failed_export_leaves_no_partial_file(tmp_path, monkeypatch, paired_doc):
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous")
    import diglot.exporters.docx.builder as mod

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(mod, "package_bytes", boom)
    with pytest.raises(OSError):
        render(DocxExporter(), paired_doc, target)
    assert target.read_bytes() == b"previous" and sorted(os.listdir(tmp_path)) == ["out.docx"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.undo()
    with pytest.raises(OutputError):
        render(DocxExporter(), paired_doc, blocker / "out.docx")


def test_options_are_checked(paired_doc):
    with pytest.raises(OptionError):
        DocxOptions(layout="sideways")
    with pytest.raises(OptionError):
        DocxOptions(font_cjk="")
    with pytest.raises(OptionError):
        diglot.export(paired_doc, "docx", "/tmp/never.docx", paper="a3")
    opts = build_options(get("docx"), {"layout": "target", "font-cjk": "Microsoft YaHei", "study": "yes"})
    assert (opts.layout, opts.font_cjk, opts.study) == ("target", "Microsoft YaHei", True)


def test_library_api(tmp_path, paired_doc):
    path = tmp_path / "api.docx"
    assert diglot.export(paired_doc, "docx", path, layout="source") == [path]
    assert build_docx(paired_doc, DocxOptions(layout="source")) == path.read_bytes()


# --------------------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def pdfs(built, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice (soffice) is not installed: cannot convert the handouts to PDF")
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed: cannot read the PDFs")
    out = tmp_path_factory.mktemp("pdf")
    hostile_docx = write(hostile(), out / "hostile.docx")
    sources = [built["paired"], built["frontmatter"], built["paired-letter"], hostile_docx]
    profile = out / "profile"  # a private profile: other soffice processes on the machine do not interfere
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, sources)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    readers = {}
    for src in sources:
        pdf = out / (src.stem + ".pdf")
        assert pdf.exists(), f"LibreOffice did not convert {src.name}: {proc.stdout} {proc.stderr}"
        readers[src.stem] = pypdf.PdfReader(pdf)
    return readers


def test_libreoffice_page_counts_are_sane(pdfs):
    counts = {name: len(r.pages) for name, r in pdfs.items()}
    print("LibreOffice pages:", counts)
    assert 6 <= counts["paired"] <= 20  # 74 rows, about 7 per page
    assert 14 <= counts["frontmatter"] <= 40  # 121 rows, 12 sections, vocabulary, key sentences
    assert 4 <= counts["paired-letter"] <= 20
    assert 2 <= counts["hostile"] <= 12  # the 3000-letter word wraps inside its cell
    box = pdfs["paired"].pages[0].mediabox
    assert (round(box.width), round(box.height)) == (595, 842)
    box = pdfs["paired-letter"].pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_libreoffice_text_stays_on_the_page(pdfs):
    """The fixed table keeps every glyph between the margins, even the unbreakable word."""
    for name in ("frontmatter", "hostile"):
        reader = pdfs[name]
        for page in reader.pages[:4]:
            width = float(page.mediabox.width)
            xs: list[float] = []

            def visit(text, cm, tm, font, size, xs=xs):
                if text.strip():
                    xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

            page.extract_text(visitor_text=visit)
            assert xs and min(xs) >= 0 and max(xs) < width, name


def test_libreoffice_renders_chinese_with_a_cjk_font(pdfs, frontmatter_doc):
    page = pdfs["frontmatter"].pages[0]
    text = page.extract_text()
    assert "深度对话" in text and "Page 1 of" in text
    assert f"of {len(pdfs['frontmatter'].pages)}" in text  # NUMPAGES filled in
    fonts = {str(f.get_object().get("/BaseFont")) for f in page["/Resources"]["/Font"].values()}
    if Path("/usr/share/fonts/opentype/noto").exists():
        assert any("CJK" in f for f in fonts), fonts


def test_key_sentences_are_true_pairs_only(frontmatter_doc):
    """The seed-002 fragment is never a key sentence with another sentence's English; doubtful pairs are left out."""
    from diglot.align.sentences import align_document

    aligned = align_document(frontmatter_doc)
    picked = key_sentence_pairs(aligned, 10_000)
    assert picked and all(p.trusted for p, _ in picked)
    for pair, _ in picked:
        if pair.target == "所有不同的算法和证明技巧都信手拈来。":
            assert pair.source is not None and "fingertips" in pair.source
        assert "Now you've got this great competitive programmer." not in (pair.source or "")
    doubtful = Document(
        segments=(
            Segment(
                "seg-0001",
                "This sentence has twelve words in it, more or less, for the test.",
                "测试。",
                pairs=(
                    SentencePair(
                        "This sentence has twelve words in it, more or less, for the test.", "测试。", align_confidence=0.0002
                    ),
                ),
            ),
        )
    )
    assert key_sentence_pairs(doubtful, 5) == []


def _latin_words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def test_libreoffice_breaks_no_english_word(pdfs, paired_doc, frontmatter_doc):
    """Every English word of the model (in either language's text) is whole in LibreOffice's PDF.

    Latin letters inside Chinese runs once got Chinese line breaking ("Ily / a",
    "Transfor / mer"): the runs are now tagged w:val English, w:eastAsia Chinese.
    """
    from collections import Counter

    for name, doc in (("paired", paired_doc), ("frontmatter", frontmatter_doc), ("paired-letter", paired_doc)):
        printed = Counter(_latin_words("\n".join(page.extract_text() for page in pdfs[name].pages)))
        wanted = Counter(w for s in doc.segments for text in (s.source, s.target) if text for w in _latin_words(text))
        broken = {w: (n, printed[w]) for w, n in wanted.items() if printed[w] < n}
        assert not broken, f"{name}: words printed fewer times than the model has them (broken across lines?): {broken}"


def test_chinese_runs_tag_latin_letters_as_english(built):
    xml = zipfile.ZipFile(built["frontmatter"]).read("word/document.xml").decode()
    styles = zipfile.ZipFile(built["frontmatter"]).read("word/styles.xml").decode()
    assert 'w:val="zh-CN"' not in xml + styles
    assert '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>' in xml + styles
