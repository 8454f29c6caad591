"""WebVTT exporter: read back by webvtt-py and FFmpeg, language spans, voices, STYLE, NOTE, chapters, hostile text."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

import diglot
from diglot.exporters.subtitles.vtt import VttExporter, VttOptions
from diglot.model import Document
from diglot.exporters.subtitles import qc
from diglot.pipeline import render

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED
from .subtitle_readback import lang_streams, squash, with_ffmpeg, with_webvtt
from .test_srt import HOSTILE, cues_of, hostile_doc

SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}
READERS = {"webvtt-py": with_webvtt, "ffmpeg": with_ffmpeg}


@cache
def seed(name: str) -> Document:
    return diglot.load(SEEDS[name])


def export(doc: Document, path: Path, **options):
    return render(VttExporter(VttOptions(**options)), doc, path)


def expected(doc: Document, **options) -> list[tuple[int, int, str]]:
    return cues_of(doc, VttOptions(**options))


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_seed_vtt_reads_back_identically(name, tmp_path):
    doc = seed(name)
    path = tmp_path / f"{name}.vtt"
    result = export(doc, path)
    want = expected(doc)
    for reader, read in READERS.items():
        got = read(path)
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], reader
        assert [t for _, _, t in got] == [t for _, _, t in want], reader
    print(f"\n{name}.vtt {result.messages[-1]}")
    assert "ok; hard limits: line-length 0, lines 0, duration 0, gap 0" in result.messages[-1]
    report = qc.check_file(path)
    assert report.hard_violations == 0 and report.cues == len(want)


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_language_spans_carry_each_language_completely(name, tmp_path):
    doc = seed(name)
    path = tmp_path / "x.vtt"
    export(doc, path, speaker="none")
    streams = lang_streams(path)
    assert set(streams) == {doc.source_lang, doc.target_lang}
    assert squash("".join(streams[doc.source_lang])) == squash("".join(s.source or "" for s in doc.segments))
    assert squash("".join(streams[doc.target_lang])) == squash("".join(s.target or "" for s in doc.segments))


def test_header_note_style_and_voices(tmp_path):
    doc = seed("frontmatter")
    path = tmp_path / "talk.vtt"
    export(doc, path, css=True)
    text = path.read_text("utf-8")
    head = text.split("\n\n")
    assert head[0] == "WEBVTT"
    assert head[1].startswith("NOTE\n") and "Source: https://www.youtube.com/watch?v=aR20FWCCjAs" in head[1]
    assert f"Title: {doc.title}" in head[1] and "Timing: estimated" in head[1]
    assert head[2].startswith("STYLE\n::cue(.source)")  # the second language (English) is the smaller one
    import webvtt

    caps = webvtt.read(str(path))
    assert caps[0].voice == "Ilya"
    first_dwarkesh = next(c for c in caps if c.voice == "Dwarkesh")
    assert "什么意思？" not in first_dwarkesh.raw_text  # "Meaning what?" shares a cue with Ilya's line: no voice
    exchange = next(c for c in caps if "Meaning what?" in c.raw_text)
    assert "-什么意思？" in exchange.raw_text and "- Meaning what?" in exchange.raw_text and exchange.voice is None
    assert caps[0].raw_text.startswith("<v Ilya><c.target><lang zh-Hans>你知道")
    assert len(caps.styles) == 1
    plain = tmp_path / "plain.vtt"
    export(doc, plain, classes=False, note=False, speaker="none", order="source-first")
    raw = plain.read_text("utf-8")
    assert "STYLE" not in raw and "NOTE" not in raw and "<v " not in raw and "<c." not in raw
    assert webvtt.read(str(plain))[0].raw_text.startswith("<lang en>You know")


def test_chapters_file_from_sections(tmp_path):
    import webvtt

    doc = seed("frontmatter")
    path = tmp_path / "talk.vtt"
    result = export(doc, path)
    chapters = tmp_path / "talk.chapters.vtt"
    assert result.files == [path, chapters]
    caps = webvtt.read(str(chapters))
    assert [c.text for c in caps] == [s.title for s in doc.sections]
    cues = webvtt.read(str(path))
    assert caps[0].start_time.in_milliseconds() == 0
    assert caps[-1].end_time.in_milliseconds() == cues[-1].end_time.in_milliseconds()
    for a, b in zip(caps, caps[1:]):
        assert a.end_time.in_milliseconds() == b.start_time.in_milliseconds()  # chapters tile the talk
    with_ffmpeg(chapters)  # FFmpeg reads it too
    # a document without sections: no chapters file, and the user is told
    result = export(seed("paired"), tmp_path / "plain.vtt")
    assert result.files == [tmp_path / "plain.vtt"]
    assert "no sections: no chapters file" in result.messages


@pytest.mark.parametrize("layout", ["bilingual", "target"])
def test_hostile_text_is_escaped_and_complete(layout, tmp_path):
    doc = hostile_doc()
    path = tmp_path / "h.vtt"
    result = export(doc, path, layout=layout)
    raw = path.read_text("utf-8")
    body = [line for line in raw.split("\n") if " --> " not in line]
    assert not any("-->" in line for line in body)
    assert "&lt;b&gt;" in raw and "&amp;amp;" in raw  # "<b>" and the literal "&amp;" survive as text
    blocks = raw.strip("\n").split("\n\n")
    assert all(all(line.strip() for line in b.split("\n")) for b in blocks)
    want = expected(doc, layout=layout)
    for reader, read in READERS.items():
        got = read(path)
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], reader
        assert [t for _, _, t in got] == [t for _, _, t in want], reader
    streams = lang_streams(path)
    for source, target in HOSTILE:
        if layout == "bilingual" or target is None:
            assert squash(source) in squash("".join(streams["en"])), source
        if target:
            assert squash(target) in squash("".join(streams["zh-Hans"])), target
    assert "hard limits: line-length 0, lines 0, duration 0, gap 0" in result.messages[-1]


def test_hours_over_99_and_determinism(tmp_path):
    doc = seed("frontmatter")
    a = tmp_path / "a.vtt"
    export(doc, a, offset="360000")
    export(diglot.load(FRONTMATTER_SEED), tmp_path / "b.vtt", offset="100:00:00")
    assert a.read_bytes() == (tmp_path / "b.vtt").read_bytes()
    assert (tmp_path / "a.chapters.vtt").read_bytes() == (tmp_path / "b.chapters.vtt").read_bytes()
    assert not a.read_bytes().startswith(b"\xef\xbb\xbf")
    assert re.search(r"^100:00:00\.000 --> 100:00:0\d\.\d{3}$", a.read_text("utf-8"), re.M)
    for reader, read in READERS.items():
        assert read(a)[0][0] == 360_000_000, reader


def test_failed_export_leaves_no_file(tmp_path):
    with pytest.raises(diglot.OptionError):
        export(seed("frontmatter"), tmp_path / "x.vtt", offset="-1:00")
    assert list(tmp_path.iterdir()) == []


def test_control_characters_odd_speakers_and_empty_documents(tmp_path):
    import webvtt

    from diglot.model import Section, Segment

    doc = Document(
        segments=(
            Segment("a", "x\x00y\x07 z", "中\x01文", section="s", speaker="A\nB>&"),
            Segment("b", "Hello", None, section="s", speaker="C"),
        ),
        sections=(Section("s", "  "),),
    )
    path = tmp_path / "odd.vtt"
    export(doc, path)
    caps = webvtt.read(str(path))
    assert caps[0].raw_text.startswith("<v A B&gt;&amp;>") and caps[0].text == "中文\nxy z"
    assert "\x00" not in path.read_text("utf-8")
    assert [c.text for c in webvtt.read(str(tmp_path / "odd.chapters.vtt"))] == ["Chapter 1"]
    with_ffmpeg(path)
    empty = export(Document(segments=()), tmp_path / "empty.vtt")
    assert empty.messages[0] == "no text to subtitle: the file has no cues"
    assert len(webvtt.read(str(tmp_path / "empty.vtt"))) == 0
    # diglot's own empty WebVTT (header and NOTE only) is a valid file with no cues, not "no cues found"
    report = qc.check_file(tmp_path / "empty.vtt")
    assert (report.cues, report.issues) == (0, [])
    with pytest.raises(diglot.InputError, match="no cues found"):
        qc.read_vtt("WEBVTT\n\nNOTE kept\n\nnot a cue\n", "junk.vtt")


def test_low_confidence_cues_get_a_note_for_editors(tmp_path):
    import webvtt

    from diglot.timing.retime import retime_from_file

    fixtures = Path(__file__).resolve().parents[2] / "timing" / "fixtures"
    doc, _ = retime_from_file(diglot.align_document(diglot.load(fixtures / "talk.txt")), str(fixtures / "whisperx.json"))
    path = tmp_path / "talk.vtt"
    result = export(doc, path)
    text = path.read_text("utf-8")
    assert "Timing: from a timed reference (whisperx.json)" in text
    assert not any("timing estimated" in m for m in result.messages)
    notes = text.count("NOTE timing confidence")
    low = sum(1 for s in doc.segments for p in s.pairs if p.confidence is not None and p.confidence < 0.5)
    assert low and notes >= low
    caps = webvtt.read(str(path))  # comments do not disturb readers
    assert len(caps) == len(with_ffmpeg(path))


@pytest.mark.parametrize("name", ["---", "a--", "--", "x-->y"])
def test_a_voice_name_never_makes_an_arrow(name, tmp_path):
    """A speaker named '---' gave '<v --->', which holds '-->' (found by the long fuzz run, long3:1040)."""
    import webvtt

    from diglot.model import Segment

    doc = Document(segments=(Segment("a", "Hello there.", "你好。", speaker=name),))
    path = tmp_path / "voice.vtt"
    export(doc, path)
    (cue,) = webvtt.read(str(path))
    assert "-->" not in cue.raw_text and cue.voice.strip() == name.replace(">", "&gt;")  # WebVTT strips the annotation
    with_ffmpeg(path)
