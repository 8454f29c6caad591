"""Readers for timed references: what a video's words are and when they are said.

A timed reference is automatic captions or speech-recogniser output for the
real video. Every reader turns one file format into a :class:`Reference`, a
list of :class:`RefWord` in time order. The formats (``ref_format`` names):

* ``youtube-vtt``: YouTube automatic captions as "rolling" WebVTT with inline
  word times (also the older variant with colour spans and no blank lines);
* ``json3``: YouTube's json3 caption format;
* ``whisper``: Whisper, faster-whisper, whisperX or whisper.cpp JSON
  (word-level times when present, segment-level otherwise);
* ``vtt`` and ``srt``: any WebVTT or SubRip file (cue-level times; the words
  of a cue are spread over it by character count).

Sniffing asks every format whether the text is its own and accepts a single
claimant, as pysubs2 does.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ...errors import InputError, OptionError
from .base import Reference, RefWord

__all__ = ["RefWord", "Reference", "formats", "detect", "loads_reference", "load_reference"]

_PACKAGE = "diglot.timing.references"
#: name -> (module, sniff function, read function, description). Listing imports
#: nothing; sniffing asks each format in this order and accepts a single claimant.
_FORMATS: dict[str, tuple[str, str, str, str]] = {
    "json3": ("json_formats", "sniff_json3", "read_json3", "YouTube json3 captions (word times)"),
    "whisper": ("json_formats", "sniff_whisper", "read_whisper", "Whisper, faster-whisper, whisperX or whisper.cpp JSON (word or segment times)"),
    "youtube-vtt": ("webvtt", "sniff_youtube_vtt", "read_youtube_vtt", "YouTube automatic captions, rolling WebVTT with inline word times"),
    "vtt": ("webvtt", "sniff_vtt", "read_vtt", "any WebVTT file (cue-level times)"),
    "srt": ("subrip", "sniff_srt", "read_srt", "any SubRip file (cue-level times)"),
}


def formats() -> dict[str, str]:
    """``ref_format`` name -> one-line description, for help texts (imports no format module)."""
    return {name: entry[3] for name, entry in _FORMATS.items()}


def _function(name: str, which: int):
    module, *functions, _description = _FORMATS[name]
    return getattr(importlib.import_module(f"{_PACKAGE}.{module}"), functions[which])


def detect(text: str, file: str) -> str:
    """The name of the one format that claims *text*.

    Raises :class:`InputError` when no format or more than one claims it.
    """
    claimants = [name for name in _FORMATS if _function(name, 0)(text)]
    if len(claimants) == 1:
        return claimants[0]
    if not claimants:
        raise InputError(
            "not a timed reference diglot can read (expected YouTube WebVTT or json3 captions, "
            "Whisper JSON, WebVTT or SRT)",
            file=file,
        )
    raise InputError(f"ambiguous reference format ({' or '.join(claimants)}); choose one with --ref-format", file=file)


def loads_reference(text: str, file: str = "<reference>", ref_format: str | None = None) -> Reference:
    """Parse reference *text*; *ref_format* skips sniffing.

    Raises :class:`OptionError` for an unknown *ref_format* and
    :class:`InputError` for a file that is empty, malformed or has no timed words.
    """
    if ref_format is not None:
        name = ref_format.strip().lower()
        if name not in _FORMATS:
            raise OptionError(f"unknown reference format {ref_format!r} (known: {', '.join(_FORMATS)})")
    else:
        name = detect(text, file)
    ref = _function(name, 1)(text, file)
    if not ref.words:
        raise InputError(f"reference has no timed words (read as {name})", file=file)
    return ref


def load_reference(path: str | Path, ref_format: str | None = None) -> Reference:
    """Read the timed reference at *path* (format sniffed unless *ref_format* is given).

    Raises :class:`InputError` naming the file when it cannot be read or parsed.
    """
    from ...textio import read_text_file

    path = Path(path)
    try:
        return loads_reference(read_text_file(path), file=path.name, ref_format=ref_format)
    except InputError as exc:
        exc.name_file(path.name, str(path))
        raise
