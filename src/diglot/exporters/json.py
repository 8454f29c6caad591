"""The diglot JSON exporter: the whole model, versioned, readable back with ``diglot.load``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .. import schema
from ..fileio import write_text
from ..model import Document
from . import ExportResult


@dataclass(frozen=True)
class JsonOptions:
    pairs: bool = field(default=True, metadata={"help": "include sentence pairs when the model has them"})


class JsonExporter:
    name: ClassVar[str] = "json"
    extension: ClassVar[str] = ".json"
    description: ClassVar[str] = "diglot's JSON model (schema-versioned; diglot reads it back)"
    Options: ClassVar[type] = JsonOptions

    def __init__(self, options: JsonOptions | None = None) -> None:
        self.options = options or JsonOptions()

    def write(self, document: Document, path: Path) -> ExportResult:
        doc = document
        if not self.options.pairs and doc.has_pairs:
            from dataclasses import replace

            doc = replace(doc, segments=tuple(replace(s, pairs=()) for s in doc.segments))
        return ExportResult(files=[write_text(path, schema.dumps(doc))])
