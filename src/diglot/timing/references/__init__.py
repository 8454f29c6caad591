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

from pathlib import Path

from ...errors import InputError
from ...registry import Registry
from .base import RefFormat, Reference, RefWord

__all__ = ["RefWord", "Reference", "RefFormat", "FORMATS", "formats", "detect", "loads_reference", "load_reference"]

#: ``ref_format`` name -> the module's :class:`RefFormat` (sniff and read). Listing
#: imports nothing; sniffing asks each format in this order and accepts a single claimant.
FORMATS: Registry[RefFormat] = Registry("reference format", listing="known")
FORMATS.register("json3", "diglot.timing.references.json_formats:JSON3", "YouTube json3 captions (word times)")
FORMATS.register(
    "whisper",
    "diglot.timing.references.json_formats:WHISPER",
    "Whisper, faster-whisper, whisperX or whisper.cpp JSON (word or segment times)",
)
FORMATS.register("youtube-vtt", "diglot.timing.references.webvtt:YOUTUBE_VTT", "YouTube automatic captions, rolling WebVTT with inline word times")
FORMATS.register("vtt", "diglot.timing.references.webvtt:VTT", "any WebVTT file (cue-level times)")
FORMATS.register("srt", "diglot.timing.references.subrip:SRT", "any SubRip file (cue-level times)")


def formats() -> dict[str, str]:
    """``ref_format`` name -> one-line description, for help texts (imports no format module)."""
    return {name: FORMATS.describe(name) for name in FORMATS.names()}


def detect(text: str, file: str) -> str:
    """The name of the one format that claims *text*.

    Raises :class:`InputError` when no format or more than one claims it.
    """
    return FORMATS.detect(
        text,
        lambda fmt, t: fmt.sniff(t),
        none=lambda: InputError(
            "not a timed reference diglot can read (expected YouTube WebVTT or json3 captions, "
            "Whisper JSON, WebVTT or SRT)",
            file=file,
        ),
        several=lambda names: InputError(f"ambiguous reference format ({' or '.join(names)}); choose one with --ref-format", file=file),
    )


def loads_reference(text: str, file: str = "<reference>", ref_format: str | None = None) -> Reference:
    """Parse reference *text*; *ref_format* skips sniffing.

    Raises :class:`OptionError` for an unknown *ref_format* and
    :class:`InputError` for a file that is empty, malformed or has no timed words.
    """
    if ref_format is not None:
        name = ref_format.strip().lower()
        if name not in FORMATS:
            FORMATS.unknown(ref_format)
    else:
        name = detect(text, file)
    ref = FORMATS.get(name).read(text, file)
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
