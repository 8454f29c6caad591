"""Cue positions from subtitle input (``{\\an8}``, ASS ``\\pos``/styles, WebVTT ``line:``) kept in the model and written back.

The consumers decide: the system FFmpeg's libass burns the SRT and ASS into a
frame (the moved cue's ink is in the top third, nothing printed at the bottom,
so ``{\\an8}`` is honoured, not shown), Chromium's ``<track>`` reads the
WebVTT cue's ``line``, pysrt/webvtt-py/pysubs2 read the files back.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import diglot
from diglot.cli import cli
from diglot.readers.subtitle_position import ass_position, tag_position, vtt_position

from ..exporters.subtitles.players import CHROMIUM, burn_in, ink_bands, need


def _srt(*cues: tuple[str, str, str]) -> str:
    return "\n".join(f"{n}\n{a} --> {b}\n{t}\n" for n, (a, b, t) in enumerate(cues, 1))


EN = _srt(
    ("00:00:01,000", "00:00:03,000", "Hello there, everyone."),
    ("00:00:04,000", "00:00:06,000", "{\\an8}Look at the sign."),
    ("00:00:07,000", "00:00:09,000", "Let's begin now."),
)
ZH = _srt(
    ("00:00:01,100", "00:00:03,100", "大家好。"),
    ("00:00:04,100", "00:00:06,100", "{\\an8}看那个牌子。"),
    ("00:00:07,100", "00:00:09,100", "我们现在开始。"),
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    d = tmp_path_factory.mktemp("pos")
    (d / "talk.en.srt").write_text(EN, encoding="utf-8")
    (d / "talk.zh.srt").write_text(ZH, encoding="utf-8")
    out = d / "out"
    result = CliRunner().invoke(cli, ["export", str(d / "talk.en.srt"), str(d / "talk.zh.srt"), "--to", "srt,vtt,ass,json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    kept = d / "kept"
    result = CliRunner().invoke(cli, ["export", str(d / "talk.en.srt"), str(d / "talk.zh.srt"), "--to", "srt", "-O", "keep-cues=true", "-o", str(kept)])
    assert result.exit_code == 0, result.output
    return {"doc": diglot.load_pair(d / "talk.en.srt", d / "talk.zh.srt"), **{p.name.split(".", 1)[1]: p for p in out.iterdir()}, "kept": kept / "talk.srt"}


def test_positions_are_read_into_the_model_and_the_json(exported):
    pairs = [p for s in exported["doc"].segments for p in s.pairs]
    assert [(p.source, p.position) for p in pairs] == [("Hello there, everyone.", None), ("Look at the sign.", 8), ("Let's begin now.", None)]
    assert pairs[1].target == "看那个牌子。"  # the tag is markup: not in the text
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    shown = [p for s in data["document"]["segments"] for p in s["pairs"]]
    assert [p.get("position") for p in shown] == [None, 8, None] and "position" not in shown[0]  # no key when None
    assert diglot.load(exported["json"]) == exported["doc"]


def test_srt_and_ass_cues_sit_at_the_top_when_ffmpeg_burns_them_in(exported):
    import pysrt
    import pysubs2

    srt = pysrt.open(str(exported["srt"]), encoding="utf-8")
    assert [s.text.startswith("{\\an8}") for s in srt] == [False, True, False]
    kept = pysrt.open(str(exported["kept"]), encoding="utf-8")
    assert [s.text.startswith("{\\an8}") for s in kept] == [False, True, False]
    events = [e for e in pysubs2.load(str(exported["ass"])).events if not e.is_comment]
    assert [e.text.startswith("{\\an8}") for e in events] == [False, True, False]
    for path in (exported["srt"], exported["kept"], exported["ass"]):
        moved = ink_bands(burn_in(path, 5000))
        normal = ink_bands(burn_in(path, 2000))
        assert moved and max(b for _, b in moved) < 120, (path.name, moved)  # top third of 360 rows, nothing below
        assert normal and min(a for a, _ in normal) > 240, (path.name, normal)  # the others stay at the bottom


def test_webvtt_cue_settings_are_read_by_webvtt_py_and_chromium(exported):
    import webvtt

    captions = webvtt.read(str(exported["vtt"]))
    assert [str(c.settings or "") for c in captions] == ["", "line:0", ""]
    chromium = need(CHROMIUM)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(exported["vtt"], d / "track.vtt")
        (d / "page.html").write_text(
            """<!doctype html><html><body><video><track id="t" kind="subtitles" src="track.vtt" default></video>
<pre id="out">pending</pre><script>
const t = document.getElementById('t');
t.track.mode = 'hidden';
t.addEventListener('load', () => { document.getElementById('out').textContent =
  JSON.stringify(Array.from(t.track.cues).map(c => [c.line, c.snapToLines])); });
</script></body></html>""",
            encoding="utf-8",
        )
        run = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", f"--user-data-dir={d / 'profile'}",
             "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom", (d / "page.html").as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    m = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
    assert m and m.group(1) != "pending", run.stderr[-2000:]
    assert json.loads(m.group(1)) == [["auto", True], [0, True], ["auto", True]]  # line 0: the top line


def test_position_readers():
    assert tag_position("{\\an8}Hi") == 8 and tag_position("{\\i1\\an7}Hi") == 7 and tag_position("{\\an2}Hi") is None
    assert tag_position("{\\a6}Hi") == 8 and tag_position("Hi") is None  # old SSA \a6: top centre
    assert ass_position("{\\pos(960,80)}Sign", 2, (1920, 1080)) == 8
    assert ass_position("{\\pos(100,1000)}Left", 2, (1920, 1080)) == 1
    assert ass_position("Plain", 8, (1920, 1080)) == 8 and ass_position("Plain", 2, (1920, 1080)) is None
    assert ass_position("{\\an2}Forced bottom", 8, (1920, 1080)) is None  # the override beats the style
    assert vtt_position(" line:0") == 8 and vtt_position(" line:0 align:start") == 7
    assert vtt_position(" line:10%") == 8 and vtt_position(" line:50%,center") == 5 and vtt_position(" line:-1") is None
    assert vtt_position("") is None and vtt_position(" align:right") == 3


def test_a_position_that_is_not_a_number_is_ignored():
    """Fuzz long6:35014: ``line:./etc/passwd`` raised ValueError; WebVTT ignores a malformed setting, and so do we."""
    assert vtt_position(" line:./etc/passwd") is None and vtt_position(" line:. align:start") == 1
    assert vtt_position(" line:1.2.3") is None and vtt_position(" line:.5%") == 8 and vtt_position(" line:-.") is None
    assert ass_position("{\\pos(.,.)}Sign", 2, (1920, 1080)) is None
    assert ass_position("{\\pos(960.5,.5)}Sign", 2, (1920, 1080)) == 8


def test_positions_from_ass_and_webvtt_input(tmp_path):
    ass = tmp_path / "talk.ass"
    ass.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1920\nPlayResY: 1080\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, "
        "ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Default,Arial,48,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1\n"
        "Style: Top,Arial,48,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,8,10,10,10,1\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,Hello there.\\N你好。\n"
        "Dialogue: 0,0:00:04.00,0:00:06.00,Default,,0,0,0,,{\\pos(960,80)}Look up.\\N往上看。\n"
        "Dialogue: 0,0:00:07.00,0:00:09.00,Top,,0,0,0,,A sign.\\N一个牌子。\n",
        encoding="utf-8",
    )
    doc = diglot.load(ass)
    assert [(p.source, p.position) for s in doc.segments for p in s.pairs] == [("Hello there.", None), ("Look up.", 8), ("A sign.", 8)]
    vtt = tmp_path / "talk.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:01.000 --> 00:03.000\nHello there.\n你好。\n\n00:04.000 --> 00:06.000 line:0 align:start\nLook up.\n往上看。\n",
        encoding="utf-8",
    )
    assert [p.position for s in diglot.load(vtt).segments for p in s.pairs] == [None, 7]
