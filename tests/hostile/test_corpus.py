"""The torture corpus (tests/data/hostile, issue 16) through every reader and every exporter.

Every accepted input decodes to the same document whatever its encoding and
line ends; every refused input gets a one-line InputError. Each distinct
document (blog families, JSON, bilingual SRT/WebVTT/ASS and a two-file pair)
is written in every format once (a module fixture) and read back by a real
consumer of that format: pysrt, webvtt-py, FFmpeg (PyAV, and the system
``ffmpeg`` in one process for all files), EPUBCheck (one JVM for all books),
python-docx and LibreOffice (one ``soffice`` call for all handouts, text read
back from the PDFs), the real Anki (CSV and .apkg imported into a fresh
collection) and diglot's JSON reader. Nothing may be lost: every word and Han
character of every segment appears in every output.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot import exporters
from diglot.errors import InputError
from diglot.readers.coverage import tokens

from ..exporters.subtitles.subtitle_readback import squash, with_ffmpeg, with_pysrt, with_webvtt

CORPUS = Path(__file__).resolve().parent.parent / "data" / "hostile"
ACCEPTED = sorted(p for p in (CORPUS / "accepted").iterdir() if p.is_file())
REFUSED = sorted((CORPUS / "refused").iterdir())
#: two subtitle files of one video, one per language (a folder of the corpus)
PAIR = (CORPUS / "accepted" / "pair" / "talk.en.srt", CORPUS / "accepted" / "pair" / "talk.zh.vtt")
#: one input per distinct document (the other accepted files are the same text in other encodings)
DISTINCT = ["paired-utf8.txt", "paired-big5.txt", "frontmatter.md", "model.json", "subtitles.srt", "subtitles.vtt", "subtitles.ass", "pair"]
#: the accepted files that are another's text in another encoding or with other line ends
TWINS = {"frontmatter-crlf-bom.md": "frontmatter.md", "subtitles-bom-crlf.srt": "subtitles.srt"}
SUBTITLE_INPUTS = ["subtitles.srt", "subtitles.vtt", "subtitles.ass", "pair"]
FORMATS = ["srt", "vtt", "ass", "epub", "docx", "anki", "apkg", "json"]


def load(name: str) -> diglot.Document:
    return diglot.load_pair(*PAIR) if name == "pair" else diglot.load(CORPUS / "accepted" / name)


def content(doc: diglot.Document) -> list[str]:
    """Every content token of the segments (words, digits, Han characters), in order."""
    out: list[str] = []
    for seg in doc.segments:
        for text in (seg.source, seg.target):
            out += tokens(text or "")
    return out


def assert_nothing_lost(doc: diglot.Document, shown: str, what: str, split_long: bool = False) -> None:
    """Every token of *doc* is in *shown*; with *split_long* (bilingual subtitles), a token longer than a
    subtitle line may be cut over several cues, so only its letters are counted."""
    flat = squash(shown)
    words = list(dict.fromkeys(content(doc)))
    if split_long:
        long = [t for t in content(doc) if len(t) > 40]
        need, have = Counter("".join(long)), Counter(flat)
        assert not need - have, f"{what} lost letters of long words"
        words = [t for t in words if len(t) <= 40]
    lost = [t for t in words if t not in flat]
    assert not lost, f"{what} lost {[t[:40] for t in lost[:10]]}"


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.name)
def test_every_encoding_reads_to_the_same_document(path):
    doc = diglot.load(path)
    twin = diglot.load(CORPUS / "accepted" / TWINS.get(path.name, path.name if path.name in DISTINCT else "paired-utf8.txt"))
    def text(d: diglot.Document) -> list[tuple[str | None, ...]]:
        return [(s.id, s.source, s.target, s.section, s.speaker) for s in d.segments]

    assert text(doc) == text(twin)
    # a subtitle file has no title of its own: it is the file name's
    assert doc.title == (path.stem if path.suffix in (".srt", ".vtt", ".ass") else twin.title)
    assert doc.coverage in (None, 1.0)


def test_traps_reach_the_model_as_written():
    doc = diglot.load(CORPUS / "accepted" / "paired-utf8.txt")
    text = "\n".join(s.source or "" for s in doc.segments)
    for trap in ("-->", "]]>", "<think>", "std::vector<int>", "{{c1::x}}", "a&b", "Sales&registration", "\u202e", "🎉", "𠀀", "e\u0301"):
        assert trap in text, trap
    assert [s.title for s in doc.sections] == ["Empty section", "Only untranslated"]
    assert doc.segments[-1].source.startswith("#1 priority")


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.name)
def test_refused_inputs_get_one_line(path):
    with pytest.raises(InputError) as info:
        diglot.load(path)
    assert str(info.value).startswith(f"{path}") and "\n" not in str(info.value)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[tuple[str, str], tuple[diglot.Document, Path]]:
    """(input name, format) -> (the document as prepared for that exporter, the file written)."""
    from diglot.pipeline import Preparation

    out_dir = tmp_path_factory.mktemp("hostile-out")
    instances = [exporters.get(name)(exporters.get(name).Options()) for name in FORMATS]
    written = {}
    for name in DISTINCT:
        prep = Preparation(load(name), instances)
        for fmt, exporter in zip(FORMATS, instances):
            doc = prep.for_exporter(exporter)
            path = out_dir / f"{name.replace('.', '-')}{exporter.extension}"
            result = exporter.write(doc, path)
            assert path in result.files
            written[name, fmt] = (doc, path)
    return written


@pytest.fixture(scope="module")
def system_ffmpeg(outputs, tmp_path_factory) -> dict[Path, int]:
    """Every subtitle output converted to ASS by the system FFmpeg (Debian 5.1) in one process: path -> Dialogue lines.

    FFmpeg must read every cue of every file without a word on stderr.
    """
    ffmpeg = shutil.which("ffmpeg") or pytest.fail("system ffmpeg missing")
    out_dir = tmp_path_factory.mktemp("ffmpeg-ass")
    paths = [outputs[name, fmt][1] for name in DISTINCT for fmt in ("srt", "vtt", "ass")]
    command = [ffmpeg, "-v", "error", "-nostdin"]
    for path in paths:
        command += ["-i", str(path)]
    for i in range(len(paths)):
        command += ["-map", f"{i}", "-f", "ass", str(out_dir / f"{i}.ass")]
    done = subprocess.run(command, capture_output=True, timeout=300)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return {path: (out_dir / f"{i}.ass").read_bytes().count(b"\nDialogue: ") for i, path in enumerate(paths)}


@pytest.mark.parametrize("name", DISTINCT)
def test_subtitles_read_back_whole(outputs, system_ffmpeg, name):
    doc, srt = outputs[name, "srt"]
    for reader in (with_pysrt, with_webvtt, with_ffmpeg):
        cues = reader(srt)
        assert cues and all(0 <= a < b for a, b, _ in cues)
        assert_nothing_lost(doc, "".join(t for _, _, t in cues), f"srt via {reader.__name__}", True)
    doc, vtt = outputs[name, "vtt"]
    for reader in (with_webvtt, with_ffmpeg):
        assert_nothing_lost(doc, "".join(t for _, _, t in reader(vtt)), f"vtt via {reader.__name__}", True)
    doc, ass = outputs[name, "ass"]
    assert_nothing_lost(doc, "".join(t for _, _, t in with_ffmpeg(ass)), "ass via PyAV", True)
    for path in (srt, vtt, ass):  # the system FFmpeg read every cue, as PyAV did
        assert system_ffmpeg[path] == len(with_ffmpeg(path)) > 0


#: what the subtitle readers keep of each trap: everything as written, but whitespace is normalised (a tab or
#: NEL becomes a space) and zero-width spaces are dropped (diglot's ASS writer puts one after a backslash)
SUBTITLE_TRAPS = ("-->", "]]>", "<think>", "std::vector<int>", "{{c1::x}}", "a&b", "Sales&registration", "\u202e",
                  "\u2066isolate\u2069", "🎉", "𠀀𪚥", "e\u0301", "n\u0303", "= starts a formula", "\x07", "\x1b[31m")


@pytest.mark.parametrize("name", SUBTITLE_INPUTS)
def test_subtitle_traps_reach_the_model_as_written(name):
    doc = load(name)
    assert not doc.notices, doc.notices
    text = "\n".join(f"{s.source or ''}\n{s.target or ''}" for s in doc.segments)
    assert [t for t in SUBTITLE_TRAPS if t not in text] == []
    # SRT and ASS text is read like WebVTT's, references decoded: "&amp;" is "&" there, and "&amp;amp;" in WebVTT
    assert ("&amp;" in text) == (name in ("subtitles.vtt", "pair"))
    english = " ".join(s.source or "" for s in doc.segments)
    for trap in ("Cues end with -->", "The <think> token", "std::vector<int> are text", "escape \x1b[31m red", "Pneumono"):
        assert trap in english, trap


@pytest.mark.parametrize("name", ["subtitles.srt", "subtitles.vtt", "subtitles.ass"])
def test_an_english_line_with_a_few_han_characters_stays_english(name):
    english = " ".join(s.source or "" for s in load(name).segments)
    assert "Emoji 🎉 and astral Han 𠀀𪚥" in english


def test_every_epub_passes_epubcheck_and_keeps_the_text(outputs):
    from lxml import etree

    from ..exporters.test_epub import run_epubcheck

    books = {name: outputs[name, "epub"] for name in DISTINCT}
    results = run_epubcheck([p for _, p in books.values()])
    for name, (doc, path) in books.items():
        fatal, errors, warnings, messages = results[path]
        assert (fatal, errors, warnings) == (0, 0, 0), f"{name}: {messages}"
        with zipfile.ZipFile(path) as z:
            text = "".join(
                "".join(etree.fromstring(z.read(n)).itertext()) for n in z.namelist() if n.endswith(".xhtml")
            )
        assert_nothing_lost(doc, text, f"{name} epub")


def test_every_docx_converts_to_pdf_in_libreoffice_with_all_text(outputs, tmp_path):
    """One headless LibreOffice (a profile of its own) converts every handout; the PDFs' text holds every token."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docs = {name: outputs[name, "docx"] for name in DISTINCT}
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         *(str(p) for _, p in docs.values())],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for name, (doc, path) in docs.items():
        pdf = tmp_path / "pdf" / f"{path.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), f"{name}: {done.stdout} {done.stderr}"
        # -raw: the order of the page's content stream, so a word wrapped in one table cell stays whole
        # (the reading order of two columns would put the other cell's line between its halves)
        text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        # a word inside a bidi override (U+202E) is laid out right to left: the PDF holds it reversed
        assert_nothing_lost(doc, text + text[::-1], f"{name} docx as PDF", True)


@pytest.mark.parametrize("name", DISTINCT)
def test_docx_opens_in_python_docx_with_all_text(outputs, name):
    import docx

    doc, path = outputs[name, "docx"]
    word = docx.Document(str(path))
    text = [p.text for p in word.paragraphs]
    text += [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert_nothing_lost(doc, "".join(text), f"{name} docx")


def _fields(col) -> str:
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return "".join(html.unescape(re.sub(r"<[^>]*>", "", f)) for n in notes for f in n.fields)


@pytest.mark.parametrize("name", DISTINCT)
def test_anki_imports_both_packages_with_all_text(outputs, name, tmp_path):
    from anki.collection import Collection

    from ..exporters.anki.test_anki import import_csv
    from ..exporters.anki.test_apkg import import_apkg

    doc, apkg = outputs[name, "apkg"]
    csv_exporter = exporters.get("anki")(exporters.get("anki").Options(notetypes="diglot"))
    rich_csv = tmp_path / "rich.csv"
    csv_exporter.write(doc, rich_csv)
    col = Collection(str(tmp_path / "a.anki2"))
    try:
        import_apkg(col, apkg)
        assert col.note_count() > 0
        assert_nothing_lost(doc, _fields(col), f"{name} apkg")
        notes = col.note_count()
        import_csv(col, rich_csv)  # the CSV with diglot's note types updates the same notes
        assert col.note_count() == notes
        assert_nothing_lost(doc, _fields(col), f"{name} csv")
    finally:
        col.close()
    # the default CSV (stock note types) imports on its own into a fresh collection
    col = Collection(str(tmp_path / "c.anki2"))
    try:
        import_csv(col, outputs[name, "anki"][1])
        assert col.note_count() > 0
    finally:
        col.close()


@pytest.mark.parametrize("name", DISTINCT)
def test_json_reads_back_to_the_same_document(outputs, name):
    doc, path = outputs[name, "json"]
    back = diglot.load(path)
    assert replace(back, source_file=doc.source_file, notices=doc.notices) == replace(doc, notices=doc.notices)
