"""ASS exporter: styles per language, fixed order, PlayRes, centisecond timing, safe text, options, libass rendering."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import diglot
from diglot.pipeline import prepare, render
from diglot.errors import OptionError
from diglot.exporters.subtitles.ass import CJK_FONTS, AssExporter, AssOptions, ass_cues
from diglot.model import Document
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.writing import ordered_sides

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED
from .players import blank_frame, burn_in, ink_bands, with_system_ffmpeg
from .subtitle_readback import with_ffmpeg
from .test_srt import hostile_doc, plain

SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}


@cache
def seed(name: str) -> Document:
    return diglot.load(SEEDS[name])


def export(doc: Document, path: Path, **options):
    return render(AssExporter(AssOptions(**options)), doc, path)


def expected(doc: Document, **options) -> list[tuple[int, int, str]]:
    opts = AssOptions(**options)
    cues, _, _ = ass_cues(prepare(doc, timing=opts.timing()), opts)
    return [(c.start_ms, c.end_ms, "\n".join(l for _, side in ordered_sides(c, opts.order) for l in side)) for c in cues]


def with_pysubs2(path: Path) -> list[tuple[int, int, str]]:
    import pysubs2

    subs = pysubs2.load(str(path), encoding="utf-8")
    return [(e.start, e.end, e.plaintext) for e in subs.events if not e.is_comment]


def test_styles_order_and_script_info(tmp_path):
    import pysubs2

    doc = seed("frontmatter")
    path = tmp_path / "talk.ass"
    result = export(doc, path)
    subs = pysubs2.load(str(path))
    assert subs.info["PlayResX"] == "1920" and subs.info["PlayResY"] == "1080"
    assert subs.info["ScaledBorderAndShadow"] == "yes"
    target, source = subs.styles["Target"], subs.styles["Source"]
    assert target.fontname == CJK_FONTS[0] and source.fontname == "Arial"
    assert source.fontsize < target.fontsize  # the second language is smaller
    assert target.outline > 0 and source.outline > 0
    text = path.read_text("utf-8")
    assert "; Fonts: Noto Sans CJK SC for Chinese (fallbacks common systems have: Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC)" in text
    # one event per cue: Chinese lines, then the reset to the English style, then the English lines
    first = subs.events[0]
    assert first.style == "Target" and first.name == "Ilya"
    assert first.text == "你知道什么事最疯狂吗？\\N{\\rSource}You know what's crazy?"
    exchange = next(e for e in subs.events if "Meaning what?" in e.text)  # two speakers: a dash per line, no actor
    assert exchange.name == "" and exchange.text.endswith("-什么意思？\\N{\\rSource}- That all of this is real.\\N- Meaning what?")
    # seed 002's repaired turn lost the translation of two sentences: they are English-only cues
    one_sided = [e.text for e in subs.events if "{\\rSource}" not in e.text]
    assert one_sided == ["Now you've got this great\\Ncompetitive programmer.", "With this analogy,\\NI think it's more intuitive."]
    assert all(e.text.count("{\\rSource}") == 1 for e in subs.events if e.text not in one_sided)
    assert len(subs.events) == len(expected(doc)) > 700
    assert "hard limits: line-length 0, lines 0, duration 0, gap 0" in result.messages[-1]
    # times are whole centiseconds and still obey the gap and duration limits
    assert qc.check_file(path).hard_violations == 0


def test_options_position_size_fonts_order(tmp_path):
    import pysubs2

    doc = seed("paired")
    path = tmp_path / "top.ass"
    export(doc, path, position="top", size=50, second_size=0.6, font_target="PingFang SC", order="source-first", margin=30)
    subs = pysubs2.load(str(path))
    assert subs.styles["Source"].fontsize == 50 and subs.styles["Target"].fontsize == 30
    assert subs.styles["Target"].alignment == pysubs2.Alignment.TOP_CENTER and subs.styles["Target"].marginv == 30
    assert subs.styles["Target"].fontname == "PingFang SC"
    assert subs.events[0].style == "Source" and "{\\rTarget}" in subs.events[0].text
    for bad in ({"position": "middle"}, {"size": 2}, {"color_target": "white"}, {"font_target": "A,B"}):
        with pytest.raises(OptionError):
            AssOptions(**bad)


def test_hostile_text_is_safe_and_complete(tmp_path):
    doc = hostile_doc()
    path = tmp_path / "h.ass"
    export(doc, path, speaker="none")
    want = expected(doc, speaker="none")
    for reader, read in {"pysubs2": with_pysubs2, "pyav": with_ffmpeg}.items():
        got = read(path)
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], reader
        assert [plain(t) for _, _, t in got] == [plain(t) for _, _, t in want], reader
    raw = path.read_text("utf-8")
    assert "{\\an8}" not in raw and "C:\\\u200bNew\\\u200bdir" in raw  # no override, no line break from "\N"


def test_deterministic_bytes(tmp_path):
    a, b = tmp_path / "a.ass", tmp_path / "b.ass"
    export(seed("paired"), a)
    export(diglot.load(PAIRED_SEED), b)
    assert a.read_bytes() == b.read_bytes()


def test_burn_in_preview_and_font_fallback(tmp_path):
    """libass renders both languages; a CJK font the system lacks (PingFang SC on Linux) falls back, not tofu-blank."""
    doc = seed("frontmatter")
    cues, _, _ = ass_cues(prepare(doc, timing=AssOptions().timing()), AssOptions())
    cue = next(c for c in cues if len(c.target_lines) == 2 and len(c.source_lines) == 2)
    at = (cue.start_ms + cue.end_ms) // 2
    default, fallback = tmp_path / "d.ass", tmp_path / "f.ass"
    export(doc, default)
    export(doc, fallback, font_target="PingFang SC")
    a, b = burn_in(default, at), burn_in(fallback, at)
    assert max(blank_frame()) < 16
    print(f"\nbands {ink_bands(a)} (default) {ink_bands(b)} (PingFang SC requested) for {cue.target_lines + cue.source_lines}")
    assert len(ink_bands(a)) == 4 and len(ink_bands(b)) == 4
    # the two Chinese lines above the two English ones, each drawn apart
    (t1, t2, s1, s2) = ink_bands(a)
    assert t2[0] > t1[1] and s1[0] > t2[1]
    assert sum(v > 64 for v in b) > 0.5 * sum(v > 64 for v in a)


def test_system_ffmpeg_reads_hostile_ass(tmp_path):
    doc = hostile_doc()
    path = tmp_path / "h.ass"
    export(doc, path, speaker="none")
    want = expected(doc, speaker="none")
    got = with_system_ffmpeg(path)
    assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want]


def test_speaker_names_with_commas_and_newlines_keep_the_event_intact(tmp_path):
    from diglot.model import Segment, SentencePair

    segs = tuple(
        Segment(id=f"s{i}", source=en, target=zh, speaker=sp, pairs=(SentencePair(en, zh),))
        for i, (sp, en, zh) in enumerate([("Smith, John\nJr", "Hello, all.", "大家好。"), ("B", "Hi.", "嗨。")])
    )
    path = tmp_path / "n.ass"
    export(Document(segments=segs), path, speaker="name")
    got = with_pysubs2(path)
    assert [t.split("\n")[-1] for _, _, t in got] == ["Smith, John Jr: Hello, all.", "B: Hi."]
    import pysubs2

    assert pysubs2.load(str(path)).events[0].name == "Smith\uff0c John Jr"
