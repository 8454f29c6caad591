"""Appendix and sound descriptions in books and handouts (issue 11).

The reader fixtures ``appendix.md`` (an editor's note and a quoted post after
the last turn) and ``sound_cues.md`` (``[music]``, ``[笑声]``/``[laughter]``,
``(applause)``) exported to EPUB and DOCX: the appendix comes after the talk
under its own heading (and in the EPUB's navigation), sound cues are shown as
discreet bracketed lines and never as "not translated".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

import diglot
from diglot.model import Document

from .test_epub import run_epubcheck

FIXTURES = Path(__file__).resolve().parent.parent / "readers" / "fixtures"
X = "{http://www.w3.org/1999/xhtml}"
NOT_TRANSLATED = ("(not translated)", "（此段未翻译）", "(no translation)", "not translated")
EPUB_LAYOUTS = ("interleaved", "side-by-side", "source", "target")
DOCX_LAYOUTS = ("parallel", "interleaved", "source", "target")


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def appendix_doc():
    doc = diglot.load(FIXTURES / "appendix.md")
    assert doc.appendix, "the fixture must give the reader an appendix"
    return doc


@pytest.fixture(scope="module")
def sound_doc():
    doc = diglot.load(FIXTURES / "sound_cues.md")
    assert any(s.sound for s in doc.segments), "the fixture must give the reader sound segments"
    return doc


def _export_each(out: Path, docs: dict[str, Document], fmt: str, layouts) -> dict[tuple[str, str], Path]:
    """Every document of *docs* exported to *fmt* in every layout of *layouts*."""
    paths = {}
    for name, doc in docs.items():
        for layout in layouts:
            path = out / f"{name}-{layout}.{fmt}"
            diglot.export(doc, fmt, path, layout=layout)
            paths[name, layout] = path
    return paths


@pytest.fixture(scope="module")
def epubs(tmp_path_factory, appendix_doc, sound_doc) -> dict[tuple[str, str], Path]:
    return _export_each(tmp_path_factory.mktemp("appendix-epub"), {"appendix": appendix_doc, "sound": sound_doc}, "epub", EPUB_LAYOUTS)


@pytest.fixture(scope="module")
def docxs(tmp_path_factory, appendix_doc, sound_doc) -> dict[tuple[str, str], Path]:
    return _export_each(tmp_path_factory.mktemp("appendix-docx"), {"appendix": appendix_doc, "sound": sound_doc}, "docx", DOCX_LAYOUTS)


def xhtml(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        entry = next(n for n in z.namelist() if n.endswith("/" + name) or n == name)
        return etree.fromstring(z.read(entry))


def spine_files(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        opf_name = next(n for n in z.namelist() if n.endswith(".opf"))
        opf = etree.fromstring(z.read(opf_name))
    ns = {"o": "http://www.idpf.org/2007/opf"}
    href = {item.get("id"): item.get("href") for item in opf.findall(".//o:manifest/o:item", ns)}
    return [href[ref.get("idref")] for ref in opf.findall(".//o:spine/o:itemref", ns)]


def chapter_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if "/chapter-" in n or n.startswith("chapter-"))
        assert names
        return "".join("".join(etree.fromstring(z.read(n)).itertext()) for n in names)


# --------------------------------------------------------------------------- EPUB


def test_epubcheck_passes_on_appendix_and_sound_books(epubs):
    results = run_epubcheck(list(epubs.values()))
    bad = {p.name: r for p, r in results.items() if r[:3] != (0, 0, 0)}
    assert not bad, bad


@pytest.mark.parametrize("layout", EPUB_LAYOUTS)
def test_epub_appendix_page_after_the_talk_and_in_the_nav(epubs, appendix_doc, layout):
    path = epubs["appendix", layout]
    page = xhtml(path, "appendix.xhtml")
    section = page.find(f".//{X}section")
    assert section.get("{http://www.idpf.org/2007/ops}type") == "appendix"
    ui = page.get("lang", "en").split("-")[0]  # the heading is in the book's own language
    assert squash(page.find(f".//{X}h1").text) == {"en": "Appendix", "zh": "附录"}[ui]
    text = squash("".join(page.itertext()))
    for block in appendix_doc.appendix:
        assert squash(block) in text
    # not in the talk
    talk = squash(chapter_text(path))
    assert squash(appendix_doc.appendix[0]) not in talk
    # after every chapter in the reading order
    spine = spine_files(path)
    chapters = [i for i, f in enumerate(spine) if f.startswith("chapter-")]
    assert chapters and spine.index("appendix.xhtml") > max(chapters)
    # in the table of contents, after the chapters
    nav = xhtml(path, "nav.xhtml")
    toc = nav.find(f".//{X}nav[@id='toc']")
    hrefs = [a.get("href") for a in toc.iter(f"{X}a")]
    assert "appendix.xhtml" in hrefs
    assert hrefs.index("appendix.xhtml") > max(i for i, h in enumerate(hrefs) if h.startswith("chapter-"))


def test_epub_without_appendix_has_no_appendix_page(epubs):
    with zipfile.ZipFile(epubs["sound", "interleaved"]) as z:
        assert not any(n.endswith("appendix.xhtml") for n in z.namelist())


@pytest.mark.parametrize("layout", EPUB_LAYOUTS)
def test_epub_sound_cues_are_bracketed_discreet_lines_not_untranslated(epubs, sound_doc, layout):
    path = epubs["sound", layout]
    text = chapter_text(path)
    for note in NOT_TRANSLATED:
        assert note not in text
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if "chapter-" in n]
        cues = [
            "".join(p.itertext())
            for n in names
            for p in etree.fromstring(z.read(n)).iter(f"{X}p")
            if "sound" in (p.get("class") or "").split()
        ]
    assert "[music]" in cues and "(applause)" in cues
    assert "[笑声]" in cues or "[laughter]" in cues
    assert all(c[0] in "[(（【" and c[-1] in "])）】" for c in cues)
    # the speech is still there
    assert "Welcome to the show." in text or "欢迎收听。" in text


# --------------------------------------------------------------------------- DOCX


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style, text) of every body paragraph, tables' cells in place, in document order."""
    d = docx.Document(str(path))
    out = []
    for block in d.element.body.iterchildren():
        if block.tag.endswith("}p"):
            p = docx.text.paragraph.Paragraph(block, d)
            out.append((p.style.name, p.text))
        elif block.tag.endswith("}tbl"):
            table = docx.table.Table(block, d)
            for row in table.rows:
                for cell in row.cells:
                    out.extend((p.style.name, p.text) for p in cell.paragraphs)
    return out


@pytest.mark.parametrize("layout", DOCX_LAYOUTS)
def test_docx_appendix_heading_and_paragraphs_after_the_talk(docxs, appendix_doc, layout):
    pars = paragraphs(docxs["appendix", layout])
    heads = [i for i, (style, text) in enumerate(pars) if style == "Heading 1" and text == "Appendix 附录"]
    assert len(heads) == 1
    head = heads[0]
    last_turn = max(i for i, (_, text) in enumerate(pars) if "谢谢大家。" in text or "Thank you all." in text)
    assert last_turn < head
    after = squash("".join(text for _, text in pars[head + 1 :]))
    before = squash("".join(text for _, text in pars[:head]))
    for block in appendix_doc.appendix:
        assert squash(block) in after
        assert squash(block) not in before


def test_docx_without_appendix_has_no_appendix_heading(docxs):
    assert not any(text.startswith("Appendix") for _, text in paragraphs(docxs["sound", "parallel"]))


@pytest.mark.parametrize("layout", DOCX_LAYOUTS)
def test_docx_sound_cues_are_notes_not_untranslated(docxs, sound_doc, layout):
    pars = paragraphs(docxs["sound", layout])
    text = "\n".join(t for _, t in pars)
    for note in NOT_TRANSLATED:
        assert note not in text
    passages = next(t for _, t in pars if t.startswith("Passages: "))
    assert passages == f"Passages: {len(sound_doc.segments)}"
    cues = [t for style, t in pars if style == "Handout Note"]
    assert "[music]" in cues and "(applause)" in cues
    assert "[笑声]" in cues or "[laughter]" in cues
