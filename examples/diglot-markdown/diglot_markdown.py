"""An example third-party diglot exporter: the transcript as a Markdown parallel text.

Install it next to diglot (``pip install ./examples/diglot-markdown``) and it
appears in ``diglot formats`` and works with ``diglot export --to markdown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from diglot.exporters import ExportResult
from diglot.fileio import write_text
from diglot.model import Document


@dataclass(frozen=True)
class MarkdownOptions:
    order: str = field(
        default="source-first",
        metadata={"help": "which language comes first in each pair", "choices": ("source-first", "target-first")},
    )
    quote_target: bool = field(default=True, metadata={"help": "show the translation as a block quote"})


class MarkdownExporter:
    name: ClassVar[str] = "markdown"
    extension: ClassVar[str] = ".md"
    description: ClassVar[str] = "Markdown parallel text (example plug-in)"
    Options: ClassVar[type] = MarkdownOptions

    def __init__(self, options: MarkdownOptions | None = None) -> None:
        self.options = options or MarkdownOptions()

    def write(self, document: Document, path: Path) -> ExportResult:
        lines = [f"# {document.title or path.stem}", ""]
        section = None
        for seg in document.segments:
            if seg.section != section:
                section = seg.section
                lines += [f"## {document.section_title(section) or ''}", ""]
            source = seg.source or "*(original missing)*"
            target = seg.target or "*(untranslated)*"
            if self.options.quote_target:
                target = "\n".join("> " + line if line else ">" for line in target.split("\n"))
            if seg.speaker:
                source = f"**{seg.speaker}:** {source}"
            first, second = (source, target) if self.options.order == "source-first" else (target, source)
            lines += [first, "", second, ""]
        return ExportResult(files=[write_text(path, "\n".join(lines))])
