"""The cue builder's faster paths give what the plain code they replaced gives."""

from __future__ import annotations

from dataclasses import fields, replace

from diglot.exporters.subtitles.style import Cue


def test_retimed_is_replace_with_new_times():
    """``Cue.retimed`` copies every other field as ``dataclasses.replace`` does (each field set to a value of its own)."""
    values = {
        "source_lines": ("one", "two"), "target_lines": ("一",), "speaker": "Host", "segment": "s3", "pair_index": 4,
        "confidence": 0.25, "section": "intro", "speaker_change": True, "source_mark": "- ", "target_mark": "-",
        "timing": "reference", "second_segment": "s4", "second_pair_index": 1, "split_mismatch": True, "position": 8,
    }
    assert set(values) | {"start_ms", "end_ms"} == {f.name for f in fields(Cue)}  # a new field must be added here
    cue = Cue(100, 900, **values)
    moved = cue.retimed(120, 960)
    assert moved == replace(cue, start_ms=120, end_ms=960)
    assert (moved.start_ms, moved.end_ms) == (120, 960) and cue.end_ms == 900
