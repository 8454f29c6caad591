"""Timed-reference readers: every format on small realistic fixtures, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from diglot.errors import DiglotError, InputError, OptionError
from diglot.timing.references import RefWord, load_reference, loads_reference

FIXTURES = Path(__file__).parent / "fixtures"
#: (word, start ms) the fixtures were written from: 41 words said in three sentences
TRUTH = [(w, s) for w, s in json.loads((FIXTURES / "truth.json").read_text())]
WORDS = [w for w, _ in TRUTH]


def _texts(ref) -> list[str]:
    return [w.text for w in ref.words]


def _starts(ref) -> list[int]:
    return [w.start_ms for w in ref.words]


def _assert_ordered(ref) -> None:
    for a, b in zip(ref.words, ref.words[1:]):
        assert a.start_ms <= a.end_ms <= b.start_ms


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("youtube_rolling.vtt", "youtube-vtt"), ("youtube_old.vtt", "youtube-vtt"), ("captions.json3", "json3")],
)
def test_word_timed_youtube_formats_give_every_word_once_at_its_time(name, fmt):
    ref = load_reference(FIXTURES / name)
    assert ref.format == fmt
    # the rolling duplication trap: each line appears in two or three cues, each word must come out once
    assert _texts(ref) == WORDS
    assert _starts(ref) == [s for _, s in TRUTH]
    _assert_ordered(ref)


def test_rolling_vtt_really_repeats_lines():
    """The fixture does hold the trap: naive cue-by-cue conversion doubles the text."""
    text = (FIXTURES / "youtube_rolling.vtt").read_text()
    naive = [line for line in text.split("\n") if line.strip() and "-->" not in line and ":" not in line[:6]]
    naive_words = " ".join(naive).split()
    assert len(naive_words) > 1.8 * len(WORDS)
    ref = load_reference(FIXTURES / "youtube_rolling.vtt")
    assert len(ref.words) == len(WORDS)


def test_one_word_line_without_inline_time_starts_at_its_cue():
    ref = load_reference(FIXTURES / "youtube_rolling.vtt")
    assert ref.words[-1].text == "ago"
    assert ref.words[-1].start_ms == TRUTH[-1][1]


def test_old_youtube_vtt_colour_spans_and_no_blank_lines():
    text = (FIXTURES / "youtube_old.vtt").read_text()
    assert "<c.colorCCCCCC>" in text and "\n\n0" not in text.split("##", 1)[1].strip()
    ref = loads_reference(text, "old.vtt")
    assert not any("<" in w or "c." in w for w in _texts(ref))
    assert _texts(ref) == WORDS


def test_json3_skips_newline_segs_and_events_without_segs():
    data = json.loads((FIXTURES / "captions.json3").read_text())
    assert any("segs" not in e for e in data["events"])
    assert any(e.get("segs") == [{"utf8": "\n"}] for e in data["events"])
    ref = load_reference(FIXTURES / "captions.json3")
    assert "\n" not in "".join(_texts(ref))
    assert ref.words[1] == RefWord("want", TRUTH[1][1], TRUTH[2][1])  # tStartMs + tOffsetMs, ends at the next word


def test_whisperx_words_without_times_are_interpolated_between_neighbours():
    ref = load_reference(FIXTURES / "whisperx.json")
    assert ref.format == "whisper"
    assert _texts(ref) == WORDS
    k = WORDS.index("quoc")
    before, quoc, after = ref.words[k - 1], ref.words[k], ref.words[k + 1]
    assert before.end_ms <= quoc.start_ms <= quoc.end_ms <= after.start_ms
    timed = [i for i in range(len(WORDS)) if i != k]
    assert [ref.words[i].start_ms for i in timed] == [TRUTH[i][1] for i in timed]


@pytest.mark.parametrize("name", ["whisper_segments.json", "plain.srt"])
def test_cue_level_formats_spread_words_by_characters_inside_each_cue(name):
    ref = load_reference(FIXTURES / name)
    assert [w.lower().strip(".") for w in _texts(ref)] == WORDS
    _assert_ordered(ref)
    # each sentence's first word starts at its cue's start, the rest inside the cue
    for first in (0, 13, 17):
        assert ref.words[first].start_ms == TRUTH[first][1]
    assert ref.words[5].start_ms > ref.words[4].start_ms
    long_word = WORDS.index("organizers")
    assert ref.words[long_word].end_ms - ref.words[long_word].start_ms > ref.words[2].end_ms - ref.words[2].start_ms


def test_whisper_segment_level_says_so():
    ref = load_reference(FIXTURES / "whisper_segments.json")
    assert any("without word times" in n for n in ref.notices)


def test_srt_converted_from_rolling_captions_is_not_doubled():
    ref = load_reference(FIXTURES / "rolling.srt")
    assert ref.format == "srt"
    assert _texts(ref) == WORDS
    assert any("rolling" in n for n in ref.notices)


def test_plain_srt_with_a_repeated_line_keeps_both():
    text = "1\n00:00:01,000 --> 00:00:02,000\nYeah.\n\n2\n00:00:03,000 --> 00:00:04,000\nYeah.\n\n3\n00:00:05,000 --> 00:00:06,000\nRight.\n"
    ref = loads_reference(text, "yeah.srt")
    assert _texts(ref) == ["Yeah.", "Yeah.", "Right."]


def test_ref_format_overrides_sniffing():
    text = (FIXTURES / "youtube_rolling.vtt").read_text()
    as_plain = loads_reference(text, "x.vtt", ref_format="vtt")
    assert as_plain.format == "vtt"
    assert [w.lower() for w in _texts(as_plain)] == WORDS  # rolling repeats dropped at cue level too
    with pytest.raises(OptionError, match="unknown reference format 'mp4'"):
        loads_reference(text, "x.vtt", ref_format="mp4")


def test_bom_crlf_and_utf16_are_read(tmp_path):
    text = (FIXTURES / "plain.srt").read_text()
    (tmp_path / "bom.srt").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    (tmp_path / "u16.srt").write_bytes(text.encode("utf-16"))
    for name in ("bom.srt", "u16.srt"):
        ref = load_reference(tmp_path / name)
        assert len(ref.words) == len(WORDS)


def test_unsorted_and_overlapping_cues_are_sorted_and_trimmed():
    text = (
        "2\n00:00:05,000 --> 00:00:08,000\nsecond cue here\n\n"
        "1\n00:00:01,000 --> 00:00:06,000\nfirst cue overlaps\n\n"
    )
    ref = loads_reference(text, "messy.srt")
    assert _texts(ref) == ["first", "cue", "overlaps", "second", "cue", "here"]
    _assert_ordered(ref)
    assert any("not in time order" in n for n in ref.notices)


def test_times_beyond_24_hours_are_kept_and_noted():
    text = "1\n25:00:01,000 --> 25:00:03,000\nvery late words\n\n2\n100:00:00.000 --> 100:00:01.000\nlater\n"
    ref = loads_reference(text, "long.srt")
    assert ref.words[0].start_ms == 25 * 3600_000 + 1000
    assert ref.words[-1].start_ms == 100 * 3600_000
    assert any("past 24 hours" in n for n in ref.notices)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just some words\nwithout any times\n", "not a timed reference"),
        ('{"foo": [1, 2]}', "not a timed reference"),
        ("1\n00:61:00,000 --> 00:62:00,000\nbad minutes\n", "bad time"),
        ('{"segments": [{"start": NaN, "end": 1.0, "text": "x"}]}', "not a time"),
        ('{"segments": [{"start": -3, "end": 1.0, "text": "x"}]}', "not a time"),
        ('{"segments": [{"start": 1e308, "end": 1e308, "text": "x"}]}', "not a time"),
        ('{"events": [{"tStartMs": 1e300, "segs": [{"utf8": "hi"}]}]}', "not a time"),
        ('{"events": [{"tStartMs": "soon", "segs": [{"utf8": "hi"}]}]}', "not a time"),
        ('{"events": []}', "no timed words"),
        ("WEBVTT\n\nNOTE nothing here\n", "no timed words"),
        ('{"segments": [{"start": 1.0, "end": 2.0, "text": "hi"}', "invalid JSON"),
    ],
)
def test_bad_references_give_one_line_errors(text, message):
    with pytest.raises(InputError, match=message) as info:
        loads_reference(text, "bad.ref", ref_format="whisper" if "invalid JSON" in message else None)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("bad.ref")


def test_a_bad_inline_time_names_its_own_line():
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nhello<00:00:01.500><c> world</c>\n\n"
        "00:00:03.000 --> 00:00:05.000\nfoo<00:00:99.500><c> bar</c>\n"
    )
    with pytest.raises(InputError, match="bad time") as info:
        loads_reference(text, "x.vtt")
    assert info.value.line == 7


def test_empty_or_missing_files(tmp_path):
    (tmp_path / "empty.vtt").write_text("")
    with pytest.raises(InputError, match="empty"):
        load_reference(tmp_path / "empty.vtt")
    with pytest.raises(InputError, match="no such file"):
        load_reference(tmp_path / "missing.json3")


def test_annotations_and_speaker_marks_are_not_words():
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n[Music]\n\n00:00:03.000 --> 00:00:05.000\n>> so &amp; then <i>we</i> went\n"
    ref = loads_reference(text, "x.vtt")
    assert _texts(ref) == ["so", "&", "then", "we", "went"]
    assert ref.words[0].start_ms == 3000


def test_errors_are_diglot_errors():
    assert issubclass(InputError, DiglotError)


def test_old_variant_repeating_the_previous_line_with_colour_spans():
    text = (
        "WEBVTT\nKind: captions\nLanguage: en\n\n"
        "00:00:00.030 --> 00:00:02.720 align:start position:0%\n"
        "<c.colorE5E5E5>so<00:00:00.480><c> today</c><00:00:00.900><c> we</c></c>\n"
        "00:00:02.720 --> 00:00:02.730 align:start position:0%\n"
        "<c.colorE5E5E5>so today we</c>\n"
        "00:00:02.730 --> 00:00:05.000 align:start position:0%\n"
        "<c.colorE5E5E5>so today we</c>\n"
        "<c.colorCCCCCC>talk<00:00:03.100><c> about</c><00:00:03.500><c> scaling</c></c>\n"
    )
    ref = loads_reference(text, "old.vtt")
    assert [(w.text, w.start_ms) for w in ref.words] == [
        ("so", 30), ("today", 480), ("we", 900), ("talk", 2730), ("about", 3100), ("scaling", 3500)
    ]


def test_json3_manual_captions_without_word_offsets():
    data = {"events": [
        {"tStartMs": 1000, "dDurationMs": 2000, "segs": [{"utf8": "Hello there, friends."}]},
        {"tStartMs": 3000, "dDurationMs": 1000, "segs": [{"utf8": "Bye."}]},
    ]}
    ref = loads_reference(json.dumps(data), "manual.json3")
    assert [w.text for w in ref.words] == ["Hello", "there,", "friends.", "Bye."]
    assert ref.words[0].start_ms == 1000 and ref.words[-1].start_ms == 3000
    assert 1000 < ref.words[1].start_ms < ref.words[2].start_ms < 3000


def test_whisper_cpp_json_with_millisecond_offsets():
    data = {"transcription": [
        {"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"}, "offsets": {"from": 0, "to": 2000}, "text": " One two."},
        {"timestamps": {"from": "00:00:02,500", "to": "00:00:03,000"}, "offsets": {"from": 2500, "to": 3000}, "text": " Three."},
    ]}
    ref = loads_reference(json.dumps(data), "cpp.json")
    assert ref.format == "whisper"
    assert [(w.text, w.start_ms) for w in ref.words] == [("One", 0), ("two.", 888), ("Three.", 2500)]  # by characters: 2000 * 4 / 9


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "WEBVTT\n", "\n", "\n\n", " --> ", "00:00:01.000", "00:00:02,500", "99:59:59.999", "1:2", "<00:00:01.500>",
    "<c> word</c>", "<c.colorCCCCCC>", "hello ", "[Music] ", "1\n", "&gt;&gt; ", '{"events": [', '{"segments": [',
    '{"tStartMs": 5, "segs": [{"utf8": " hi", "tOffsetMs": 3}]}', '{"start": 1, "end": 2, "text": "a b", "words": [',
    '{"word": "x", "start": 1.5}', "]", "}", ",", "null", "-1",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from([None, "youtube-vtt", "vtt", "srt", "json3", "whisper"]))
def test_any_input_gives_words_in_order_or_one_line_error(pieces, fmt):
    text = "".join(pieces)
    try:
        ref = loads_reference(text, "fuzz.ref", ref_format=fmt)
    except DiglotError as exc:
        assert "\n" not in str(exc)
        return
    assert ref.words
    _assert_ordered(ref)


def test_cue_level_words_leave_a_pause_after_a_sentence_end():
    ref = loads_reference("1\n00:00:10,000 --> 00:00:12,000\nNice. And then\n", "p.srt")
    nice, and_, then = ref.words
    # weights: "Nice." 5 characters + a space + a pause worth 4; "And" 3 + 1; "then" 4 + 1 (last: no pause)
    assert (nice.start_ms, and_.start_ms, then.start_ms) == (10_000, 10_000 + 2000 * 10 // 19, 10_000 + 2000 * 14 // 19)
    plain = loads_reference("1\n00:00:10,000 --> 00:00:12,000\nNice and then\n", "q.srt")
    assert plain.words[1].start_ms < and_.start_ms


def test_a_cue_spanning_a_long_silence_times_its_words_at_the_speaking_rate():
    """A cue-level reference cue over a 3-minute sponsor break: its words are said at the file's rate, then a pause."""
    normal = [
        ("00:00:01,000", "00:00:04,000", "so the thing about scaling is that it works"),
        ("00:00:04,100", "00:00:07,000", "and we kept seeing it again and again"),
        ("00:00:07,100", "00:00:10,000", "which surprised a lot of people at the time"),
        ("00:00:10,100", "00:03:10,000", "let's take a short break now"),
        ("00:03:10,100", "00:03:13,000", "welcome back to the show everyone thank you"),
    ]
    text = "\n".join(f"{n}\n{s} --> {e}\n{t}\n" for n, (s, e, t) in enumerate(normal, 1))
    ref = loads_reference(text, "long.srt")
    brk = [w for w in ref.words if 10_100 <= w.start_ms < 190_000]
    assert [w.text for w in brk] == "let's take a short break now".split()
    assert brk[0].start_ms == 10_100
    assert brk[-1].end_ms < 14_000  # about the time six words take at the file's rate, not three minutes
    assert ref.words[-8].start_ms == 190_100  # the cue after the break starts on time
    (note,) = [n for n in ref.notices if "far longer" in n]
    assert "longest 180 s for 6 words" in note
    # ordinary cues are spread over their whole length, as before
    assert ref.words[8].end_ms == 4_000 and ref.words[16].end_ms == 7_000
