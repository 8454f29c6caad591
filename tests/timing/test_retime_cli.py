"""The command line: ``diglot export --timing-from`` and ``diglot retime``, checked with real subtitle parsers."""

from __future__ import annotations

from pathlib import Path

import pysrt
import webvtt
from click.testing import CliRunner

import diglot
from diglot.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
TALK = str(FIXTURES / "talk.txt")
SEED_FRONT = str(Path(__file__).resolve().parents[2] / "seeds" / "002_497afb8ee9508095.txt")


def test_export_timing_from_json3_gives_subtitles_at_the_real_times(tmp_path):
    result = CliRunner().invoke(
        cli, ["export", TALK, "--to", "srt,vtt", "--timing-from", str(FIXTURES / "captions.json3"), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "matched words: 40 of 63" in result.output
    assert "1 estimated (not covered)" in result.output
    subs = pysrt.open(str(tmp_path / "talk.srt"), encoding="utf-8")
    assert subs[0].start.ordinal == 1200  # the reference's first word, not an estimate
    assert "I want to thank" in subs[0].text
    and_cue = next(s for s in subs if "And I also" in s.text)
    assert and_cue.start.ordinal == 9020
    starts = [s.start.ordinal for s in subs]
    assert starts == sorted(starts)
    vtt = webvtt.read(str(tmp_path / "talk.vtt"))
    assert vtt.captions[0].start == "00:00:01.200"


def test_export_without_timing_from_is_estimated(tmp_path):
    result = CliRunner().invoke(cli, ["export", TALK, "--to", "srt", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert pysrt.open(str(tmp_path / "talk.srt"), encoding="utf-8")[0].start.ordinal != 1200


def test_retime_command_writes_a_timed_model_the_reader_reads_back(tmp_path):
    out = tmp_path / "talk.json"
    result = CliRunner().invoke(cli, ["retime", TALK, str(FIXTURES / "youtube_rolling.vtt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output
    doc = diglot.load(out)
    assert doc.timing.source == "reference" and doc.timing.reference == "youtube_rolling.vtt"
    first = doc.segments[0].pairs[0]
    assert first.start_ms == 1200 and first.timing == "reference" and first.word_starts[0] == 1200
    # and the timed model exports with its reference times
    result = CliRunner().invoke(cli, ["export", str(out), "--to", "srt", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert pysrt.open(str(tmp_path / "talk.srt"), encoding="utf-8")[0].start.ordinal == 1200


def test_reference_of_another_video_is_refused_with_one_line_and_no_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["export", SEED_FRONT, "--to", "srt", "--timing-from", str(FIXTURES / "captions.json3"), "-o", str(tmp_path)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("diglot: error:")]
    assert len(errors) == 1 and "another video" in errors[0] and "captions.json3" in errors[0]
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())
    forced = runner.invoke(cli, ["export", SEED_FRONT, "--to", "srt", "--timing-from", str(FIXTURES / "captions.json3"), "--force", "-o", str(tmp_path)])
    assert forced.exit_code == 0, forced.output
    assert "forced" in forced.output


def test_bad_reference_and_usage_errors(tmp_path):
    bad = tmp_path / "bad.vtt"
    bad.write_text("this is not a caption file\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["retime", TALK, str(bad), "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert "bad.vtt: not a timed reference" in result.output
    assert not (tmp_path / "x.json").exists()
    other = tmp_path / "other.txt"  # two documents (the same file twice is one document)
    other.write_text(Path(TALK).read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(cli, ["export", TALK, str(other), "--timing-from", str(bad)])
    assert result.exit_code == 2 and "single FILE" in result.output
    result = runner.invoke(cli, ["retime", TALK, str(FIXTURES / "plain.srt"), "--ref-format", "json3", "-o", str(tmp_path / "y.json")])
    assert result.exit_code == 1 and "json3" in result.output


def test_ref_format_override_on_the_command_line(tmp_path):
    result = CliRunner().invoke(
        cli, ["retime", TALK, str(FIXTURES / "youtube_rolling.vtt"), "--ref-format", "vtt", "-o", str(tmp_path / "t.json")]
    )
    assert result.exit_code == 0, result.output
    assert "(vtt," in result.output


def test_formats_lists_the_reference_formats_the_cli_accepts():
    from diglot import cli as cli_module
    from diglot.timing import references

    assert sorted(references.formats()) == sorted(cli_module.REF_FORMAT_CHOICES)
    result = CliRunner().invoke(cli, ["formats"])
    assert result.exit_code == 0
    for name in cli_module.REF_FORMAT_CHOICES:
        assert f"  {name} " in result.output
