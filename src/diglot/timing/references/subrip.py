"""SubRip (SRT) references: cue-level times, words spread over each cue."""

from __future__ import annotations

import re

from .base import RefFormat, Reference
from ...cuefile import scan_cues
from .webvtt import cue_level_words

_SRT_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}", re.MULTILINE)


def read_srt(text: str, file: str) -> Reference:
    """Any SRT file (including captions converted from YouTube's rolling form)."""
    return cue_level_words(scan_cues(text, file, vtt=False)[0], file, "srt")


def sniff_srt(text: str) -> bool:
    return not text.lstrip("\ufeff \n").startswith("WEBVTT") and _SRT_TIMING.search(text) is not None


SRT = RefFormat(sniff_srt, read_srt)
