"""Sound descriptions ([music], （笑声）) render in brackets in every subtitle format and belong to no speaker."""

from __future__ import annotations

import pytest

from diglot.exporters import get
from diglot.model import Document, Segment, SentencePair
from diglot.exporters.subtitles.cues import build_cues, is_sound
from diglot.exporters.subtitles.writing import SubtitleOptions
from diglot.pipeline import prepare, render

from .players import with_system_ffmpeg
from .subtitle_readback import with_ffmpeg, with_pysrt, with_webvtt
from .test_ass import with_pysubs2

TEXTS = [
    ("A", "Hello there, everyone.", "大家好。"),
    ("A", "[music]", "[音乐]"),
    ("A", "And welcome back.", "欢迎回来。"),
    ("B", "(applause)", "（掌声）"),
    ("B", "Thank you.", "谢谢。"),
]


def doc() -> Document:
    segs = tuple(Segment(id=f"s{i}", source=en, target=zh, speaker=sp, pairs=(SentencePair(en, zh),)) for i, (sp, en, zh) in enumerate(TEXTS))
    return Document(segments=segs, speakers=("A", "B"))


def test_sound_segments_are_detected_and_have_no_speaker():
    d = doc()
    assert [is_sound(s) for s in d.segments] == [False, True, False, True, False]
    timed = prepare(d, timing=SubtitleOptions(speaker="name").timing())
    cues = build_cues(timed, speaker_mark="name")
    assert [c.speaker for c in cues] == ["A", None, "A", None, "B"]
    assert cues[1].source_lines == ("[music]",) and cues[3].target_lines == ("（掌声）",)
    # the music does not end A's turn: no second label after it; B is labelled once
    assert [c.source_lines[0].split(":")[0] for c in cues if c.source_mark] == ["A", "B"]


@pytest.mark.parametrize("fmt", ["srt", "vtt", "ass"])
def test_sound_cues_in_brackets_in_every_format(fmt, tmp_path):
    cls = get(fmt)
    path = tmp_path / f"s.{fmt}"
    render(cls(cls.Options(speaker="name")), doc(), path)
    python = {"srt": with_pysrt, "vtt": with_webvtt, "ass": with_pysubs2}[fmt]
    for reader in (python, with_ffmpeg, with_system_ffmpeg):
        texts = [t for _, _, t in reader(path)]
        assert len(texts) == 5, reader.__name__
        assert texts[1].split("\n") == ["[音乐]", "[music]"], reader.__name__
        assert texts[3].split("\n") == ["（掌声）", "(applause)"], reader.__name__
        assert ":" not in texts[1] + texts[3] and "：" not in texts[1] + texts[3]
