"""SRT exporter: bilingual subtitles, one cue per piece of a sentence pair, both languages in one cue.

Written as pysrt writes it, from integer milliseconds (no float truncation). SRT has
no escapes: see :mod:`diglot.exporters.subtitles.writing` for how ``-->`` and
tag-like ``<`` are kept harmless without losing text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ...fileio import write_text
from ...model import Document
from ...timing.params import TimingParams
from .cues import Cue
from .writing import SubtitleOptions, make_cues, ordered_sides, qc_summary, srt_safe
from .. import ExportResult


@dataclass(frozen=True)
class SrtOptions(SubtitleOptions):
    pass


def _blocks(cues: list[Cue], order: str) -> str:
    """The cue blocks of an SRT file, numbered from 1, as pysrt writes them (``SubRipFile.write_into`` with
    ``eol="\\n"``: its items and their formatting were about a third of rendering the SRT of a 3-hour talk)."""
    out = []
    for n, cue in enumerate(cues, 1):
        lines = [line for _, side in ordered_sides(cue, order) for line in side]
        # the input's place on screen: {\\an8} (top) is honoured by FFmpeg, mpv, VLC and most players
        text = (f"{{\\an{cue.position}}}" if cue.position else "") + srt_safe("\n".join(lines))
        block = f"{n}\n{_time(cue.start_ms)} --> {_time(cue.end_ms)}\n{text}\n"
        out.append(block if block.endswith("\n\n") else block + "\n")  # a blank line after each block
    return "".join(out)


def _time(ms: int) -> str:
    """``HH:MM:SS,mmm`` as pysrt writes it (a negative time as zero, hours past 99 in full)."""
    ms = max(ms, 0)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


class SrtExporter:
    name: ClassVar[str] = "srt"
    extension: ClassVar[str] = ".srt"
    description: ClassVar[str] = "SubRip subtitles: bilingual cues (Chinese over English by default), estimated or reference timing"
    Options: ClassVar[type] = SrtOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs", "times"})

    def __init__(self, options: SrtOptions | None = None) -> None:
        self.options = options or SrtOptions()

    def timing(self) -> TimingParams:
        """How the pipeline should time the document for these subtitles."""
        return self.options.timing()

    def render(self, document: Document) -> tuple[str, list[str]]:
        """The SRT text for *document* and the messages for the user (timing note, QC summary)."""
        opts = self.options
        cues, _doc, notes = make_cues(document, opts)
        return _blocks(cues, opts.order), [*notes, qc_summary(document, opts, cues)]

    def write(self, document: Document, path: Path) -> ExportResult:
        text, messages = self.render(document)
        return ExportResult(files=[write_text(path, text)], messages=messages)
