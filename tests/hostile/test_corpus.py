"""The torture corpus (tests/data/hostile, issue 16) through every reader and every exporter.

Every accepted input decodes to the same document whatever its encoding and
line ends; every refused input gets a one-line InputError. Each distinct
document is written in every format and read back by a real consumer of that
format: pysrt, webvtt-py, FFmpeg (PyAV and the system ``ffmpeg``), EPUBCheck
(one JVM for all books), python-docx, the real Anki (CSV and .apkg imported
into a fresh collection) and diglot's JSON reader. Nothing may be lost: every
word and Han character of every segment appears in every output.
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
ACCEPTED = sorted((CORPUS / "accepted").iterdir())
REFUSED = sorted((CORPUS / "refused").iterdir())
#: one file per distinct document (the other accepted files are the same text in other encodings)
DISTINCT = ["paired-utf8.txt", "paired-big5.txt", "frontmatter.md", "model.json"]
FORMATS = ["srt", "vtt", "ass", "epub", "docx", "anki", "apkg", "json"]


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
    twin = diglot.load(CORPUS / "accepted" / ("frontmatter.md" if path.suffix == ".md" else path.name if path.name in DISTINCT else "paired-utf8.txt"))
    def text(d: diglot.Document) -> list[tuple[str | None, ...]]:
        return [(s.id, s.source, s.target, s.section, s.speaker) for s in d.segments]

    assert text(doc) == text(twin) and doc.title == twin.title
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
        prep = Preparation(diglot.load(CORPUS / "accepted" / name), instances)
        for fmt, exporter in zip(FORMATS, instances):
            doc = prep.for_exporter(exporter)
            path = out_dir / f"{Path(name).stem}{exporter.extension}"
            result = exporter.write(doc, path)
            assert path in result.files
            written[name, fmt] = (doc, path)
    return written


@pytest.mark.parametrize("name", DISTINCT)
def test_subtitles_read_back_whole(outputs, name):
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
    ffmpeg = shutil.which("ffmpeg") or pytest.fail("system ffmpeg missing")
    for path in (srt, vtt, ass):  # the system FFmpeg (Debian 5.1) reads every cue without complaint
        done = subprocess.run(
            [ffmpeg, "-v", "error", "-i", str(path), "-f", "ass", "-"], capture_output=True, timeout=60
        )
        assert done.returncode == 0 and not done.stderr, done.stderr
        assert done.stdout.count(b"\nDialogue: ") == len(with_ffmpeg(path))


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
