"""The one SRT/WebVTT cue parser, as subtitle input, timed references and ``diglot check`` all read it."""

from __future__ import annotations

import pytest

from diglot.cuefile import scan_cues
from diglot.errors import InputError
from diglot.exporters.subtitles import qc
from diglot.readers.subtitle_files import read_cues
from diglot.timing.references import loads_reference

#: a cue with text after a blank line, a cue id, a NOTE block and a number-less SRT join
VTT = (
    "WEBVTT\nKind: captions\n\nNOTE a note\nspanning lines\n\n"
    "intro\n00:00:01.000 --> 00:00:03.000 line:90%\nHello there,\n\nmy friends.\n\n"
    "00:00:04.000 --> 00:00:06.000\n大家好。\n"
)
SRT = "1\n00:00:01,000 --> 00:00:03,000\nHello there,\n\nmy friends.\n\n2\n00:00:04,000 --> 00:00:06,000\n大家好。\n"


@pytest.mark.parametrize(("text", "vtt"), [(VTT, True), (SRT, False)])
def test_text_after_a_blank_line_stays_with_its_cue(text, vtt):
    cues, notices = scan_cues(text, "x", vtt=vtt)
    assert [(c.number, c.start_ms, c.end_ms, c.lines) for c in cues] == [
        (1, 1000, 3000, ("Hello there,", "my friends.")),
        (2, 4000, 6000, ("大家好。",)),
    ]
    assert [msg for _, msg in notices] == ["cue 1: text after a blank line kept with the cue"]


def test_every_reader_of_cues_sees_the_same_cues(tmp_path):
    """Subtitle input, timed references and QC all keep the text after the blank line (pysrt, QC's old parser, lost it)."""
    path = tmp_path / "talk.srt"
    path.write_text(SRT, "utf-8")
    assert read_cues(SRT, "talk.srt").cues[0].lines == ("Hello there,", "my friends.")
    assert [w.text for w in loads_reference(SRT, "talk.srt").words] == ["Hello", "there,", "my", "friends.", "大家好。"]
    checked = qc.read_file(path)
    assert [[text for text, _ in c.lines] for c in checked] == [["Hello there,", "my friends."], ["大家好。"]]
    assert qc.read_vtt(VTT, "talk.vtt")[0].lines == checked[0].lines


def test_a_whitespace_first_line_is_text_and_later_one_ends_the_cue():
    """YouTube's rolling captions start a cue with a line of one space; a blank-looking line after text ends it."""
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n \nso<00:00:01.500><c> we</c>\n\n00:00:02.000 --> 00:00:02.010\nso we\n \n"
    cues, notices = scan_cues(text, "x.vtt", vtt=True)
    assert [c.lines for c in cues] == [(" ", "so<00:00:01.500><c> we</c>"), ("so we",)]
    assert notices == []


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("1\n00:00:01,000 --> 00:00:61,000\nx\n", "cue 1: bad time '00:00:61,000' (minutes and seconds must be below 60)", 2),
        ("1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:00:03,000 -->\ny\n", "cue 2: timing line without an end time", 6),
        ("1\n00:00:01,000 --> soon\nx\n", "cue 1: bad time 'soon'", 2),
    ],
)
def test_bad_timing_lines_name_the_cue_and_line(text, message, line, tmp_path):
    with pytest.raises(InputError) as info:
        scan_cues(text, "bad.srt", vtt=False)
    assert (info.value.reason, info.value.file, info.value.line) == (message, "bad.srt", line)
    path = tmp_path / "bad.srt"
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as info:
        qc.read_file(path)
    assert info.value.reason == f"not a valid SRT file: {message}" and info.value.line == line
