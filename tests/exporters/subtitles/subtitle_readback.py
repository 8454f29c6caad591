"""Reading exported subtitle files back with their real consumers: pysrt, webvtt-py and FFmpeg (PyAV).

Shared by tests/exporters/test_srt.py and test_vtt.py. Every reader returns a
list of ``(start_ms, end_ms, text)`` with tags removed and entities decoded,
lines joined by ``\\n``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ZWSP = "\u200b"
_TAG = re.compile(r"<[^>\n]*>")


def squash(text: str | None) -> str:
    """Text with whitespace and zero-width spaces removed: what "no text lost" compares."""
    return re.sub(r"[\s\u200b]+", "", text or "")


def with_pysrt(path: Path) -> list[tuple[int, int, str]]:
    import pysrt

    subs = pysrt.open(str(path), encoding="utf-8", error_handling=pysrt.ERROR_RAISE)
    return [(s.start.ordinal, s.end.ordinal, s.text) for s in subs]


def with_webvtt(path: Path) -> list[tuple[int, int, str]]:
    import webvtt

    vtt = path.suffix == ".vtt"
    caps = (webvtt.read if vtt else webvtt.from_srt)(str(path))
    out = []
    for c in caps:
        # WebVTT: drop the tags we write and decode entities; SRT has neither, its text is literal
        text = "\n".join(html.unescape(_TAG.sub("", line)) for line in c.raw_text.split("\n")) if vtt else c.raw_text
        out.append((c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), text))
    return out


def with_ffmpeg(path: Path) -> list[tuple[int, int, str]]:
    """Decode the subtitle stream with FFmpeg's own decoder (srt, webvtt or ass) through PyAV."""
    import av

    out = []
    with av.open(str(path)) as container:
        stream = container.streams.subtitles[0]
        ms = stream.time_base * 1000  # 1/1000 s for SRT and WebVTT, 1/100 s for ASS
        assert ms.denominator == 1, stream.time_base
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            for sub in packet.decode():
                text = ass_to_text(sub.ass.decode("utf-8"))
                out.append((int(packet.pts * ms), int((packet.pts + packet.duration) * ms), text))
    return out


def ass_to_text(event: str) -> str:
    """The text a renderer shows for FFmpeg's ASS event line (PyAV's ``.dialogue`` mangles escapes).

    FFmpeg escapes a literal ``{`` as ``\\{{}`` and a literal backslash as
    ``\\`` + WORD JOINER; ``{...}`` blocks are overrides (hidden), ``\\N``
    a line break.
    """
    text = event.split(",", 8)[8]
    text = text.replace("\\\u2060", "\x00")  # a literal backslash, kept aside
    text = text.replace("{}", "")
    text = re.sub(r"(?<!\\)\{[^}]*\}", "", text)  # override blocks
    text = text.replace("\\{", "{").replace("\\}", "}").replace("\\N", "\n").replace("\\n", "\n").replace("\\h", "\u00a0")
    return text.replace("\x00", "\\")


def lang_streams(path: Path) -> dict[str, list[str]]:
    """For a WebVTT file: the plain text of every line, grouped by its ``<lang>`` span."""
    import webvtt

    streams: dict[str, list[str]] = {}
    for c in webvtt.read(str(path)):
        for line in c.raw_text.split("\n"):
            m = re.search(r"<lang ([^>]+)>", line)
            assert m, line
            streams.setdefault(m.group(1), []).append(html.unescape(_TAG.sub("", line)))
    return streams
