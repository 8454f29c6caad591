"""Subtitle QC: rules and counts, reading SRT/WebVTT files in any encoding, and ``diglot check``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import diglot
from diglot.cli import cli
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.cues import SubtitleStyle

from ...conftest import PAIRED_SEED

BAD_SRT = """1
00:00:00,000 --> 00:00:00,500
这一行中文字幕实在是太长了超过了十六个字的限制
Short.

2
00:00:00,550 --> 00:00:09,000
This English line is certainly longer than forty-two characters.
two
three

3
00:00:09,300 --> 00:00:10,300
一二三四五六七八九十一二三四五六七八九十
Fast.
"""


def test_rules_and_counts_on_a_bad_file(tmp_path):
    path = tmp_path / "bad.srt"
    path.write_text(BAD_SRT, "utf-8")
    report = qc.check_file(path)
    assert report.cues == 3
    assert report.counts == {
        "line-length": 3,  # cue 1 Chinese (23 > 16), cue 2 English (64 > 42), cue 3 Chinese (20 > 16)
        "lines": 1,  # cue 2 has three English lines
        "duration": 2,  # cue 1 500 ms, cue 2 8450 ms
        "gap": 1,  # 50 ms between cues 1 and 2
        "reading-speed": 2,  # Chinese: cue 1 (23 chars in 0.5 s), cue 3 (20 in 1 s); "Short." is 12/s
        "open-gap": 1,  # 300 ms between cues 2 and 3
    }
    assert report.hard_violations == 7
    assert "7 hard-limit violations" in report.summary()
    lines = [qc.format_issue(i, "bad.srt") for i in report.issues]
    assert "bad.srt: cue 1 at 00:00:00.000: line-length: target line 1 is 23 > 16 characters" in lines[0]


def test_latin_counts_half_in_chinese_lines():
    cue = qc.CheckedCue(1, 0, 2000, (("GPT-2 和 Transformer 模型", True),))
    assert qc.check([cue]).count("line-length") == 0  # 3 Han + 19 half-width = 12.5
    narrow = SubtitleStyle(max_chars_target=12)
    assert qc.check([cue], narrow).count("line-length") == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_reads_bom_crlf_and_utf16(encoding, tmp_path):
    path = tmp_path / "x.srt"
    path.write_bytes(BAD_SRT.replace("\n", "\r\n").encode(encoding))
    assert qc.check_file(path).counts["line-length"] == 3
    vtt = tmp_path / "x.vtt"
    body = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v A><lang zh-Hans>GPT &amp; 你好</lang>\n<lang en>Hello &lt;there&gt;</lang>\n"
    vtt.write_bytes(body.replace("\n", "\r\n").encode(encoding))
    cues = qc.read_file(vtt)
    assert cues[0].lines == (("GPT & 你好", True), ("Hello <there>", False))
    assert (cues[0].start_ms, cues[0].end_ms) == (1000, 3000)


def test_bad_files_give_one_line_errors(tmp_path):
    junk = tmp_path / "junk.srt"
    junk.write_text("this is not\na subtitle file\n", "utf-8")
    fake = tmp_path / "fake.vtt"
    fake.write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n", "utf-8")
    empty = tmp_path / "empty.srt"
    empty.write_bytes(b"")
    for path in (junk, fake, empty, tmp_path / "missing.srt"):
        with pytest.raises(diglot.InputError) as info:
            qc.check_file(path)
        assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_cli_check_exit_codes(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", str(PAIRED_SEED), "--to", "srt,vtt", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    good = sorted(out.glob("*.*t"))
    assert len(good) == 2
    result = runner.invoke(cli, ["check", *map(str, good)])
    assert result.exit_code == 0, result.output
    assert result.output.count("hard limits: line-length 0, lines 0, duration 0, gap 0") == 2
    bad = tmp_path / "bad.srt"
    bad.write_text(BAD_SRT, "utf-8")
    result = runner.invoke(cli, ["check", "--summary", str(bad)])
    assert result.exit_code == 1 and "7 hard-limit violations" in result.output
    assert "cue 1 at" not in result.output
    result = runner.invoke(cli, ["check", "-L", "max-chars-target=30", "-L", "max-chars-source=80", "-L", "max-lines=3", "-L", "min-duration-ms=400", "-L", "max-duration-ms=9000", "-L", "min-gap-ms=40", str(bad)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["check", "-L", "colour=red", str(bad)])
    assert result.exit_code == 2
    junk = tmp_path / "junk.vtt"
    junk.write_text("nothing here", "utf-8")
    result = runner.invoke(cli, ["check", str(junk), *map(str, good)])
    assert result.exit_code == 1
    assert "junk.vtt: not a valid WebVTT file" in result.output and "Traceback" not in result.output


def test_chapters_track_is_checked_as_chapters(tmp_path):
    from ...conftest import FRONTMATTER_SEED

    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(FRONTMATTER_SEED), "--to", "vtt", "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    files = sorted(tmp_path.glob("*.vtt"))
    assert any(qc.is_chapters_file(f) for f in files) and len(files) == 2
    result = runner.invoke(cli, ["check", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "QC (chapters track): 12 chapters, ok" in result.output
    bad = tmp_path / "bad.chapters.vtt"
    bad.write_text("WEBVTT\n\n00:00:00.000 --> 00:02:00.000\nOne\n\n00:01:00.000 --> 00:03:00.000\nTwo\n", "utf-8")
    report = qc.check_file(bad)
    assert report.kind == "chapters" and report.count("gap") == 1 and report.hard_violations == 1


def test_only_real_tags_are_stripped():
    cues = qc.read_srt("1\n00:00:01,000 --> 00:00:02,000\na <\u200bb>b</\u200bb> <i>c</i> {\\an8}d\n", "x.srt")
    assert cues[0].lines == (("a <\u200bb>b</\u200bb> c d", False),)
    cues = qc.read_vtt("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<c.x>a</c> <00:00:01.500>b &lt;i&gt;\n", "x.vtt")
    assert cues[0].lines == (("a b <i>", False),)
