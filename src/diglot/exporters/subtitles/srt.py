"""SRT exporter: bilingual subtitles, one cue per piece of a sentence pair, both languages in one cue.

Written with pysrt from integer milliseconds (no float truncation). SRT has
no escapes: see :mod:`diglot.exporters.subtitles.writing` for how ``-->`` and
tag-like ``<`` are kept harmless without losing text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ...fileio import write_text
from ...model import Document
from ...timing.params import TimingParams
from .writing import LendsCues, SubtitleOptions, make_cues, ordered_sides, qc_summary, srt_safe
from .. import ExportResult


@dataclass(frozen=True)
class SrtOptions(SubtitleOptions):
    pass


class SrtExporter(LendsCues[SrtOptions]):
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
        import pysrt

        opts = self.options
        cues, _doc, notes = make_cues(document, opts)
        items = pysrt.SubRipFile()
        for n, cue in enumerate(cues, 1):
            lines = [line for _, side in ordered_sides(cue, opts.order) for line in side]
            items.append(
                pysrt.SubRipItem(
                    index=n,
                    start=pysrt.SubRipTime.from_ordinal(cue.start_ms),
                    end=pysrt.SubRipTime.from_ordinal(cue.end_ms),
                    # the input's place on screen: {\an8} (top) is honoured by FFmpeg, mpv, VLC and most players
                    text=(f"{{\\an{cue.position}}}" if cue.position else "") + srt_safe("\n".join(lines)),
                )
            )
        buf = io.StringIO()
        items.write_into(buf, eol="\n")
        return buf.getvalue(), [*notes, qc_summary(document, opts)]

    def write(self, document: Document, path: Path) -> ExportResult:
        text, messages = self.render(document)
        return ExportResult(files=[write_text(path, text)], messages=messages)
