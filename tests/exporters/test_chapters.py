"""One chapter plan for books and handouts (diglot.content.chapters): EPUB and DOCX show the same chapters.

A section that resumes after another one comes back as "<title> (continued)"
and the text stays in the order it was said; chapters every N minutes of video
time for documents without headings of their own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

import diglot
from diglot.cli import cli
from diglot.content.chapters import parse_every, plan_chapters
from diglot.errors import OptionError
from diglot.exporters.docx.builder import DocxOptions
from diglot.exporters.epub.book import EpubExporter, EpubOptions
from diglot.model import TIMING_SUBTITLES, Document, Section, Segment, SentencePair, Timing

X = "{http://www.w3.org/1999/xhtml}"


def _seg(n: int, section: str | None, at_s: int) -> Segment:
    src, tgt = f"Sentence number {n} is here.", f"第{n}句话在这里。"
    pair = SentencePair(src, tgt, at_s * 1000, at_s * 1000 + 4000, timing="reference")
    return Segment(f"s{n}", src, tgt, section=section, pairs=(pair,), start_ms=at_s * 1000, end_ms=at_s * 1000 + 4000)


def resuming_doc() -> Document:
    """Sections Opening, Empty (no text), Middle; Opening resumes after Middle."""
    return Document(
        segments=(_seg(1, "a", 0), _seg(2, "a", 10), _seg(3, "c", 20), _seg(4, "a", 30)),
        sections=(Section("a", "Opening"), Section("b", "Empty"), Section("c", "Middle")),
        title="Resuming",
    )


def subtitle_doc(minutes: int = 25) -> Document:
    """A segment a minute, in the reader's pause chapters of about six minutes (as subtitle input has)."""
    segs = tuple(_seg(n + 1, f"c{n // 6 + 1}", 60 * n) for n in range(minutes))
    sections = tuple(Section(f"c{k + 1}", f"pause chapter {k + 1}") for k in range((minutes + 5) // 6))
    return Document(segments=segs, sections=sections, title="Subtitles", timing=Timing(source=TIMING_SUBTITLES))


def epub_chapters(path: Path) -> list[tuple[str, list[str]]]:
    """(heading, segment texts) of each chapter page, in spine order."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if "/chapter-" in n)
        for name in names:
            root = etree.fromstring(z.read(name))
            heading = "".join(root.find(f".//{X}h1").itertext())
            texts = ["".join(p.itertext()) for p in root.iter(f"{X}p")]
            out.append((heading, [t for t in texts if t.startswith("Sentence number")]))
    return out


def docx_chapters(path: Path) -> list[tuple[str, list[str]]]:
    """(heading, segment texts) under each Heading 1 of the handout, in document order."""
    out: list[tuple[str, list[str]]] = []
    d = docx.Document(path)
    for block in d.element.body.iterchildren():
        text_of = ["".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))) for p in block.iter(docx.oxml.ns.qn("w:p"))]
        style = block.find(f"{docx.oxml.ns.qn('w:pPr')}/{docx.oxml.ns.qn('w:pStyle')}")
        if style is not None and style.get(docx.oxml.ns.qn("w:val")) == "Heading1":
            out.append((text_of[0], []))
        elif out:
            out[-1][1].extend(t for t in text_of if t.startswith("Sentence number"))
    return out


def test_a_resuming_section_comes_back_continued_in_spoken_order_in_epub_and_docx(tmp_path):
    doc = resuming_doc()
    expected = [
        ("Opening", ["Sentence number 1 is here.", "Sentence number 2 is here."]),
        ("Empty", []),
        ("Middle", ["Sentence number 3 is here."]),
        ("Opening (continued)", ["Sentence number 4 is here."]),
    ]
    diglot.export(doc, "epub", tmp_path / "r.epub")
    diglot.export(doc, "docx", tmp_path / "r.docx", layout="interleaved")
    assert epub_chapters(tmp_path / "r.epub") == expected
    assert docx_chapters(tmp_path / "r.docx") == expected
    zh = [t for t, _ in EpubExporter(EpubOptions(layout="target")).plan(doc)]
    assert zh[-1] == "Opening（续）"


def test_plan_keeps_a_lead_in_and_places_empty_sections_before_the_next_one():
    doc = Document(
        segments=(Segment("1", "Before any heading.", "标题之前。"), Segment("2", "In Y.", "在Y里。", section="y")),
        sections=(Section("x", "X"), Section("y", "Y"), Section("z", "Z")),
    )
    plan = plan_chapters(doc)
    assert [(c.title, [s.id for s in c.segments], c.kind) for c in plan] == [
        ("Part 1 · Before any heading.", ["1"], "part"),
        ("X", [], "section"),
        ("Y", ["2"], "section"),
        ("Z", [], "section"),
    ]


def test_epub_and_docx_take_the_same_plan_for_the_seeds(tmp_path, seed_doc):
    """The handout's headings are the book's contents entries (the default book: the original's language)."""
    book = [t for t, _ in EpubExporter(EpubOptions()).plan(seed_doc)]
    diglot.export(seed_doc, "docx", tmp_path / "seed.docx", vocabulary=False)
    assert [t for t, _ in docx_chapters(tmp_path / "seed.docx")] == book
    assert len(book) >= 4


def test_chapters_every_n_minutes_replace_the_pause_chapters(tmp_path):
    doc = subtitle_doc(25)
    plan = plan_chapters(doc, chapter_every="10m")
    assert [c.title for c in plan] == ["0:00–9:04", "10:00–19:04", "20:00–24:04"]
    assert [len(c.segments) for c in plan] == [10, 10, 5] and {c.kind for c in plan} == {"time"}
    assert [c.title for c in plan_chapters(doc)] == [f"pause chapter {k}" for k in range(1, 6)]  # default: the reader's
    diglot.export(doc, "epub", tmp_path / "t.epub", chapter_every="10m")
    diglot.export(doc, "docx", tmp_path / "t.docx", chapter_every="10m")
    for got in (epub_chapters(tmp_path / "t.epub"), docx_chapters(tmp_path / "t.docx")):
        assert [(t, len(s)) for t, s in got] == [("0:00–9:04", 10), ("10:00–19:04", 10), ("20:00–24:04", 5)]
    # a gap longer than a chapter: no empty chapter, the next one starts at the next segment
    gap = Document(segments=(_seg(1, None, 0), _seg(2, None, 1500)), timing=Timing(source="reference"))
    assert [c.title for c in plan_chapters(gap, chapter_every="5m")] == ["0:00–0:04", "25:00–25:04"]


def test_chapter_every_is_refused_politely_where_it_cannot_apply(tmp_path):
    notes: list[str] = []
    plan = plan_chapters(resuming_doc(), chapter_every="10m", notes=notes)
    assert [c.title for c in plan][0] == "Opening" and notes == ["chapter-every: the document has sections of its own; they are its chapters"]
    untimed = Document(segments=tuple(Segment(f"{n}", f"Line {n}.", f"第{n}行。") for n in range(30)))
    notes = []
    assert len(plan_chapters(untimed, chapter_every="10m", notes=notes)) == 2 and "no times" in notes[0]
    src = tmp_path / "talk.json"
    diglot.export(resuming_doc(), "json", src)
    result = CliRunner().invoke(cli, ["export", str(src), "--to", "epub,docx", "-O", "chapter-every=10m", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert result.output.count("chapter-every: the document has sections of its own") == 2  # once per format
    bad = CliRunner().invoke(cli, ["export", str(src), "--to", "epub,docx", "-O", "chapter-every=ten", "-o", str(tmp_path / "bad")])
    assert bad.exit_code != 0 and "chapter_every: 'ten' is not a duration" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "bad").exists()


@pytest.mark.parametrize(("text", "ms"), [("10m", 600_000), ("90s", 90_000), ("1h30m", 5_400_000), ("10", 600_000), ("2.5m", 150_000), ("none", None)])
def test_parse_every(text, ms):
    assert parse_every(text) == ms


@pytest.mark.parametrize("text", ["10x", "m", "-5m", "10s"])
def test_parse_every_refuses(text):
    with pytest.raises(ValueError):
        parse_every(text)
    with pytest.raises(OptionError):
        DocxOptions(chapter_every=text)
