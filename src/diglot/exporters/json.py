"""The diglot JSON exporter: the whole model, versioned, readable back with ``diglot.load``.

It writes what the pipeline computed: sentence pairs, and times when the
document has them (retimed) or when ``duration`` / ``offset`` ask for them
(estimated as for subtitles with the default speaking rate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .. import schema
from ..fileio import write_text
from ..model import Document
from ..timing.params import TimingParams, parse_duration, parse_offset
from . import ExportResult


@dataclass(frozen=True)
class JsonOptions:
    pairs: bool = field(default=True, metadata={"help": "include sentence pairs when the model has them"})
    duration: str | None = field(default=None, metadata={"help": "length of the talk in the video, HH:MM:SS[.mmm]: estimated times, stretched to it, are written"})
    offset: str | None = field(default=None, metadata={"help": "where the talk starts in the video (signed seconds or [-]HH:MM:SS[.mmm]): times are written, shifted by it"})

    def __post_init__(self) -> None:
        self.timing()  # validate now, with a message naming the option

    def timing(self) -> TimingParams | None:
        if self.duration is None and self.offset is None:
            return None
        return TimingParams(duration_ms=parse_duration(self.duration), offset_ms=parse_offset(self.offset))


class JsonExporter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    description: ClassVar[str] = "diglot's JSON model (schema-versioned; diglot reads it back)"
    Options: ClassVar[type] = JsonOptions
    #: sentence pairs unless left out (times, when asked for, bring them: see pipeline.prepare)
    needs: frozenset[str]

    def __init__(self, options: JsonOptions | None = None) -> None:
        self.options = options or JsonOptions()
        self.needs = frozenset({"pairs"}) if self.options.pairs else frozenset()

    def timing(self) -> TimingParams | None:
        """Times only when asked for with duration or offset (a retimed document has its own)."""
        return self.options.timing()

    def write(self, document: Document, path: Path) -> ExportResult:
        doc = document
        if not self.options.pairs and doc.has_pairs:
            from dataclasses import replace

            doc = replace(doc, segments=tuple(replace(s, pairs=()) for s in doc.segments))
        return ExportResult(files=[write_text(path, schema.dumps(doc))])
