"""``diglot check`` judges a cue's lines by the file's layout, so the same cues get the same verdict in SRT, WebVTT and ASS."""

from __future__ import annotations

from functools import cache

import pytest

import diglot
from diglot.pipeline import render
from diglot.exporters.subtitles.ass import AssExporter
from diglot.exporters.subtitles.srt import SrtExporter
from diglot.exporters.subtitles.vtt import VttExporter
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.layout import assign, assign_file

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED

# One cue whose Chinese half wraps onto a line of Latin letters only, one whose Chinese
# half has a bare speaker name, and one that really has three English lines.
CUES = [
    ("00:00:01,000", "00:00:04,000", ["我昨天读到的消息来自", "Hacker News"], ["I read it yesterday on", "Hacker News, of all places."]),
    ("00:00:05,000", "00:00:08,000", ["Ilya:", "我觉得是这样。"], ["Ilya: I think", "that's how it is."]),
    ("00:00:09,000", "00:00:12,000", ["这里有三行英文。"], ["Here the English half", "really does run on", "over three lines."]),
]


def srt_text() -> str:
    blocks = [f"{n}\n{s} --> {e}\n" + "\n".join(zh + en) for n, (s, e, zh, en) in enumerate(CUES, 1)]
    return "\n\n".join(blocks) + "\n"


def vtt_text() -> str:
    blocks = ["WEBVTT"]
    for s, e, zh, en in CUES:
        lines = [f"<c.target><lang zh-Hans>{line}</lang></c>" for line in zh] + [f"<c.source><lang en>{line}</lang></c>" for line in en]
        blocks.append(f"{s.replace(',', '.')} --> {e.replace(',', '.')}\n" + "\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def ass_text() -> str:
    head = (
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Target,Noto Sans CJK SC,64,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,60,60,60,1\n"
        "Style: Source,Arial,48,&H00E8E8E8,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,3,1,2,60,60,60,1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = []
    for s, e, zh, en in CUES:
        def clock(t: str) -> str:
            return t[1:].replace(",", ".")[:-1]

        br = "\\N"
        events.append(f"Dialogue: 0,{clock(s)},{clock(e)},Target,,0,0,0,,{br.join(zh)}{br}{{\\rSource}}{br.join(en)}")
    return head + "\n".join(events) + "\n"


def test_latin_only_chinese_lines_get_the_same_verdict_in_srt_vtt_and_ass(tmp_path):
    reports = {}
    for ext, text in (("srt", srt_text()), ("vtt", vtt_text()), ("ass", ass_text())):
        path = tmp_path / f"x.{ext}"
        path.write_text(text, "utf-8")
        cues = qc.read_file(path)
        assert [[role for _, role in c.lines] for c in cues] == [[True] * len(zh) + [False] * len(en) for _, _, zh, en in CUES], ext
        reports[ext] = qc.check_file(path)
    verdicts = {ext: [(i.cue, i.rule) for i in r.issues] for ext, r in reports.items()}
    print(f"\n{verdicts}")
    assert verdicts["srt"] == verdicts["vtt"] == verdicts["ass"] == [(3, "lines")]  # only the real third English line


def test_layout_rules():
    # the block order is the file's majority; lines between CJK lines are Chinese
    assert assign([("-SSI", None), ("（Safe Superintelligence Inc.）", None), ("- How will SSI", None)], True) == (
        ("-SSI", True), ("（Safe Superintelligence Inc.）", True), ("- How will SSI", False))
    assert assign([("A line in English", None), ("这是中文", None), ("GPT-4", None)], False) == (
        ("A line in English", False), ("这是中文", True), ("GPT-4", True))
    # an English line that the rest does not repeat stays English
    assert [r for _, r in assign([("中文", None), ("one two", None), ("three four", None)], True)] == [True, False, False]
    # only a name joins the Chinese block, not an English sentence the next line happens to repeat
    two = [("-非常感谢。", None), ("-Ilya，非常感谢。", None), ("- Thank you so much.", None), ("- Ilya, thank you so much.", None)]
    assert [r for _, r in assign(two, True)] == [True, True, False, False]
    # hints from the file win
    assert [r for _, r in assign([("Hacker News", True), ("Hacker News", False)], True)] == [True, False]
    # English on top in most cues: the file's order
    cues = [[("English", None), ("中文", None)]] * 3 + [[("中文", None), ("English", None)]]
    assert [r for _, r in assign_file(cues)[3]] == [True, False]  # CJK is CJK whatever the order
    assert [r for _, r in assign_file(cues)[0]] == [False, True]


SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}


@cache
def seed(name):
    return diglot.load(SEEDS[name])


@pytest.mark.parametrize("speaker", ["dash", "name"])
@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_seed_verdicts_identical_in_every_format(name, speaker, tmp_path):
    doc = seed(name)
    layouts = {}
    for cls in (SrtExporter, VttExporter, AssExporter):
        path = tmp_path / f"{name}{cls.extension}"
        render(cls(cls.Options(speaker=speaker)), doc, path)
        report = qc.check_file(path)
        assert report.hard_violations == 0, (cls.name, report.summary())
        layouts[cls.name] = [[role for _, role in c.lines] for c in qc.read_file(path)]
        if cls.name != "ass":
            assert report.warnings == []
    # SRT (inferred) and ASS (styles) put every line in the language WebVTT's <lang> spans say
    assert layouts["srt"] == layouts["vtt"] == layouts["ass"]
    srt = qc.check_file(tmp_path / f"{name}.srt")
    vtt = qc.check_file(tmp_path / f"{name}.vtt")
    assert [(i.cue, i.rule, i.detail) for i in srt.issues] == [(i.cue, i.rule, i.detail) for i in vtt.issues]
    print(f"\n{name} speaker={speaker}: {srt.summary()}")
