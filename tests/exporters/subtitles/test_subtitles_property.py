"""Property: any text survives SRT and WebVTT writing, read back by pysrt, webvtt-py and FFmpeg."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot.exporters.subtitles.srt import SrtExporter, SrtOptions
from diglot.exporters.subtitles.vtt import VttExporter, VttOptions
from diglot.model import Document, Segment, SentencePair
from diglot.exporters.subtitles.writing import make_cues, ordered_sides
from diglot.pipeline import render, prepare

from .subtitle_readback import ZWSP, with_ffmpeg, with_pysrt, with_webvtt

# Printable text with the characters subtitle formats care about, plus CJK, emoji, marks and spaces.
_PIECE = st.one_of(
    st.sampled_from(list("<>&-{}\\/;:,.!?\"'#=NnhbiBI 0123456789")),
    st.sampled_from(["-->", "&amp;", "&lt;", "<b>", "</i>", "{\\an8}", "\\N", "\n\n", "\t", "\u200b", "\u202e", "\u202c", "🎉", "。", "，", "「", "」"]),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF),
    st.characters(min_codepoint=0x41, max_codepoint=0x7A),
)
_TEXT = st.lists(_PIECE, min_size=1, max_size=60).map("".join).filter(lambda t: t.strip())


def _plain_srt(text: str) -> str:
    return text.replace(ZWSP, "").replace("\uff5b", "{").replace("\uff5d", "}")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.tuples(_TEXT, st.one_of(st.none(), _TEXT)), min_size=1, max_size=3))
def test_any_text_reads_back_the_same(pairs):
    segs = tuple(Segment(id=f"s{i}", source=en, target=zh, pairs=(SentencePair(en, zh),)) for i, (en, zh) in enumerate(pairs))
    doc = Document(segments=segs)
    with tempfile.TemporaryDirectory() as tmp:
        for exporter, options, readers, plain in (
            (SrtExporter, SrtOptions(speaker="none"), (with_pysrt, with_webvtt, with_ffmpeg), _plain_srt),
            (VttExporter, VttOptions(speaker="none"), (with_webvtt, with_ffmpeg), lambda t: t),
        ):
            path = Path(tmp) / f"x{exporter.extension}"
            render(exporter(options), doc, path)
            cues, _, _ = make_cues(prepare(doc, timing=options.timing()), options)
            want = [
                (c.start_ms, c.end_ms, "\n".join(l for _, side in ordered_sides(c, options.order) for l in side)) for c in cues
            ]
            for read in readers:
                got = read(path)
                assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], read.__name__
                assert [plain(t).replace(ZWSP, "") for _, _, t in got] == [t.replace(ZWSP, "") for _, _, t in want], read.__name__
