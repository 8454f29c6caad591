"""SRT exporter: files read back by pysrt, webvtt-py and FFmpeg match the model; hostile text; hours > 99."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import diglot
from diglot.exporters.subtitles.srt import SrtExporter, SrtOptions
from diglot.model import Document, Section, Segment, SentencePair
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.writing import make_cues, ordered_sides
from diglot.pipeline import render, prepare

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED
from .subtitle_readback import ZWSP, squash, with_ffmpeg, with_pysrt, with_webvtt

SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}
READERS = {"pysrt": with_pysrt, "webvtt-py": with_webvtt, "ffmpeg": with_ffmpeg}


@cache
def seed(name: str) -> Document:
    return diglot.load(SEEDS[name])


def export(doc: Document, path: Path, **options) -> tuple[Path, list[str]]:
    result = render(SrtExporter(SrtOptions(**options)), doc, path)
    assert result.files == [path]
    return path, result.messages


def plain(text: str) -> str:
    """Undo the SRT safety changes: zero-width spaces out, full-width braces back to ASCII."""
    return text.replace(ZWSP, "").replace("\uff5b", "{").replace("\uff5d", "}")


def cues_of(doc: Document, opts) -> list[tuple[int, int, str]]:
    """(start, end, text) of the cues *opts* (SRT or WebVTT options) build from *doc*, sides in their order."""
    cues, _, _ = make_cues(prepare(doc, timing=opts.timing()), opts)
    return [(c.start_ms, c.end_ms, "\n".join(l for _, side in ordered_sides(c, opts.order) for l in side)) for c in cues]


def expected(doc: Document, **options) -> list[tuple[int, int, str]]:
    return cues_of(doc, SrtOptions(**options))


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_seed_srt_reads_back_identically_in_three_consumers(name, tmp_path):
    doc = seed(name)
    path, messages = export(doc, tmp_path / f"{name}.srt")
    want = expected(doc)
    for reader, read in READERS.items():
        got = read(path)
        assert len(got) == len(want), reader
        for (s1, e1, t1), (s2, e2, t2) in zip(got, want):
            assert (s1, e1) == (s2, e2), reader
            assert plain(t1) == t2, reader
    summary = messages[-1]
    print(f"\n{name}.srt {summary}")
    assert "ok; hard limits: line-length 0, lines 0, duration 0, gap 0" in summary
    report = qc.check_file(path)
    assert report.hard_violations == 0 and report.cues == len(want)


@pytest.mark.parametrize("layout", ["source", "target"])
def test_one_language_srt_keeps_all_the_text(layout, tmp_path):
    doc = seed("paired")
    path, _ = export(doc, tmp_path / "x.srt", layout=layout, speaker="none")
    for reader, read in READERS.items():
        shown = "".join(t for _, _, t in read(path))
        want = "".join((s.source if layout == "source" else s.target or s.source) or "" for s in doc.segments)
        assert squash(shown) == squash(want), reader


def test_order_puts_chinese_on_top_by_default(tmp_path):
    doc = seed("frontmatter")
    top, _ = export(doc, tmp_path / "top.srt")
    bottom, _ = export(doc, tmp_path / "bottom.srt", order="source-first")
    first_top = with_pysrt(top)[0][2].split("\n")
    first_bottom = with_pysrt(bottom)[0][2].split("\n")
    assert first_top[0].startswith("你知道") and first_top[-1].startswith("You know")
    assert first_bottom[0].startswith("You know") and first_bottom[-1].startswith("你知道")


def test_untranslated_segment_gives_source_only_cues(tmp_path):
    doc = seed("paired")
    path, _ = export(doc, tmp_path / "x.srt")
    seg = next(s for s in doc.segments if s.target is None)
    first_words = " ".join(seg.source.split()[:3])
    cue = next(t for _, _, t in with_pysrt(path) if t.startswith(first_words))
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in cue)


def test_deterministic_bytes(tmp_path):
    doc = seed("frontmatter")
    a, _ = export(doc, tmp_path / "a.srt")
    b, _ = export(diglot.load(FRONTMATTER_SEED), tmp_path / "b.srt")
    assert a.read_bytes() == b.read_bytes()
    data = a.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    data.decode("utf-8")


HOSTILE = [
    ("Arrows --> inside, and <b>bold</b> & <i>tags</i>.", "箭头 --> 在里面，还有 <b>粗体</b> & 标签。"),
    ("First paragraph.\n\nSecond\tparagraph\twith tabs.", "第一段。\n\n第二段\t有制表符。"),
    ("Zero\u200bwidth and \u202eRTL\u202c marks, emoji 🎉🚀 too.", "零\u200b宽字符和 \u202eRTL\u202c 标记，还有表情 🎉🚀。"),
    (
        "Visit https://www.example.com/a/very/long/path/that/never/ends/and/keeps/going?query=1&x=2 now.",
        "访问 https://www.example.com/a/very/long/path/that/never/ends/and/keeps/going?query=1&x=2 吧。",
    ),
    ("Supercalifragilisticexpialidociousandevenlongerthanthat" * 2 + " end.", "非常长的词" * 12 + "。"),
    ("{\\an8}ASS override &amp; entity &lt; literal, C:\\New\\dir.", "{\\an8}覆盖 &amp; 实体 &lt; 字面，路径 C:\\New\\dir。"),
    ("Only English here, no translation.", None),
]


def hostile_doc() -> Document:
    segs = []
    for i, (en, zh) in enumerate(HOSTILE):
        segs.append(
            Segment(
                id=f"h{i}",
                source=en,
                target=zh,
                section="s1" if i < 3 else "s2",
                speaker="A" if i % 2 else "B",
                pairs=(SentencePair(en, zh),),
            )
        )
    return Document(segments=tuple(segs), sections=(Section("s1", "One"), Section("s2", "Two")), speakers=("B", "A"))


@pytest.mark.parametrize("layout", ["bilingual", "source", "target"])
def test_hostile_text_stays_valid_and_complete(layout, tmp_path):
    doc = hostile_doc()
    path, messages = export(doc, tmp_path / "h.srt", layout=layout, speaker="none")
    raw = path.read_text("utf-8")
    assert "-->" not in "\n".join(line for line in raw.split("\n") if not line[:1].isdigit())
    for block in raw.strip("\n").split("\n\n"):
        lines = block.split("\n")
        assert lines[0].isdigit() and " --> " in lines[1] and all(l.strip() for l in lines[2:]), block
    want = expected(doc, layout=layout, speaker="none")
    for reader, read in READERS.items():
        got = read(path)
        assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want], reader
        assert [plain(t) for _, _, t in got] == [plain(t) for _, _, t in want], reader
    # and the cues, language by language, hold every hostile text
    cues, _, _ = make_cues(prepare(doc, timing=SrtOptions(layout=layout, speaker="none").timing()), SrtOptions(layout=layout, speaker="none"))
    en = squash("".join(l for c in cues for l in c.source_lines))
    zh = squash("".join(l for c in cues for l in c.target_lines))
    for source, target in HOSTILE:
        if layout in ("bilingual", "source") or target is None:
            assert squash(source) in en, source
        if layout in ("bilingual", "target") and target:
            assert squash(target) in zh, target
    # FFmpeg turns SRT tags into ASS overrides; the zero-width space keeps "<b>" as text
    if layout != "source":
        assert "<\u200bb>粗体" in "".join(t for _, _, t in with_ffmpeg(path))
    assert "hard limits: line-length 0, lines 0, duration 0, gap 0" in messages[-1]


def test_braces_across_lines_and_nested_stay_visible(tmp_path):
    # FFmpeg hides "{...}" up to the first "}", across the lines of a cue and whatever "{" is inside
    texts = [("}", "{"), ("{\\an8}}", "{"), ("a {b {c} d} e", None)]
    doc = Document(segments=tuple(Segment(id=f"b{i}", source=en, target=zh, pairs=(SentencePair(en, zh),)) for i, (en, zh) in enumerate(texts)))
    path, _ = export(doc, tmp_path / "braces.srt", speaker="none")
    want = expected(doc, speaker="none")
    for reader, read in READERS.items():
        assert [plain(t) for _, _, t in read(path)] == [t for _, _, t in want], reader


def test_hours_over_99(tmp_path):
    doc = seed("paired")
    path, _ = export(doc, tmp_path / "late.srt", offset="100:00:00")
    assert "\n100:00:00,000 --> " in "\n" + path.read_text("utf-8")
    for reader, read in READERS.items():
        got = read(path)
        assert got[0][0] == 360_000_000, reader
        assert all(s >= 360_000_000 for s, _, _ in got)


def test_duration_stretches_and_offset_shifts(tmp_path):
    doc = seed("paired")
    path, _ = export(doc, tmp_path / "fit.srt", duration="00:20:00", offset="+15.5")
    got = with_pysrt(path)
    assert got[0][0] == 15_500
    assert abs(got[-1][1] - (15_500 + 20 * 60_000)) <= 1000  # the last cue may only be stretched to the minimum
    for bad in ({"duration": "1:2:3:4"}, {"offset": "soon"}, {"layout": "both"}, {"offset": "-5"}):
        with pytest.raises(diglot.DiglotError):
            render(SrtExporter(SrtOptions(**bad)), doc, tmp_path / "bad.srt")
    assert not (tmp_path / "bad.srt").exists()


def test_cli_export_and_check(tmp_path):
    from click.testing import CliRunner

    from diglot.cli import cli

    result = CliRunner().invoke(cli, ["export", str(PAIRED_SEED), "--to", "srt", "-o", str(tmp_path), "-O", "srt.order=source-first", "-O", "max-chars-target=15"])
    assert result.exit_code == 0, result.output
    assert "QC:" in result.output and "hard limits: line-length 0" in result.output
    out = tmp_path / f"{PAIRED_SEED.stem}.srt"
    assert with_pysrt(out)[0][2].startswith("I want")

    for bad in (["-O", "duration=soon"], ["-O", "srt.layout=both"], ["-O", "srt.colour=red"]):
        result = CliRunner().invoke(cli, ["export", str(PAIRED_SEED), "--to", "srt", "-o", str(tmp_path / "bad"), *bad])
        assert result.exit_code == 2, (bad, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "bad").exists()


def test_library_api(tmp_path):
    files = diglot.export(seed("frontmatter"), "srt", tmp_path / "x.srt", order="source-first", speaker="name", layout="bilingual")
    assert files == [tmp_path / "x.srt"]
    first = with_pysrt(files[0])[0][2].split("\n")
    assert first[0] == "Ilya: You know what's crazy?" and first[1] == "Ilya：你知道什么事最疯狂吗？"
    with pytest.raises(diglot.OptionError):
        diglot.export(seed("frontmatter"), "srt", tmp_path / "y.srt", order="upside-down")
