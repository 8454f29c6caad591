"""WebVTT exporter: bilingual cues with voice and language spans, a NOTE header, a STYLE block and chapters.

Each cue is ``<v Speaker>`` (when the document names speakers) followed by
one line per subtitle line, wrapped in ``<c.target>``/``<c.source>`` class
spans and ``<lang TAG>`` spans carrying the document's languages. A STYLE block
making the second language smaller is opt-in (``css=true``): FFmpeg 5.1
(Debian 12's, under mpv, Jellyfin and many converters) stops reading a WebVTT
file at a STYLE block and shows no subtitle at all. Without it the file is
plain, readable text everywhere; a web page can still style the class spans
with ``::cue(.source)``. With reference timing, a cue whose timing
confidence is low gets a ``NOTE`` comment before it. Sections become a
``<stem>.chapters.vtt`` file (``<track kind="chapters">``); a document
without sections gets none.

Written with webvtt-py, which validates every block; cue text is escaped
here (webvtt-py does not escape ``&``, ``<`` or ``>``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...errors import OutputError
from ...fileio import atomic_path, write_text
from ...lang.linebreak import normalize_space
from ...lang.tags import is_language_tag
from ...model import Document
from ...timing.params import LOW_CONFIDENCE, TimingParams  # reference-timed cues below it get a NOTE comment
from .cues import Cue
from .writing import LendsCues, SubtitleOptions, make_cues, note_safe, ordered_sides, qc_summary, vtt_escape
from ...clock import format_clock
from .. import ExportResult


@dataclass(frozen=True)
class VttOptions(SubtitleOptions):
    classes: bool = field(default=True, metadata={"help": "wrap each line in a class span (<c.target>, <c.source>) that a page's ::cue() CSS can style; every player reads them"})
    css: bool = field(default=False, metadata={"help": "add a STYLE block making the second language smaller; off by default because FFmpeg 5.1 (Debian 12; mpv, Jellyfin) stops reading at a STYLE block and shows no subtitles"})
    chapters: bool = field(default=True, metadata={"help": "write <stem>.chapters.vtt from the document's sections"})
    note: bool = field(default=True, metadata={"help": "add a NOTE header with title, source URL and how the times were obtained"})





def cue_settings(position: int | None) -> str | None:
    """WebVTT cue settings for a numpad alignment (8: ``line:0``, top centre); None for the default bottom centre."""
    if not position or position == 2:
        return None
    row, col = (position - 1) // 3, (position - 1) % 3  # row 0 bottom, 1 middle, 2 top
    settings = {0: [], 1: ["line:50%,center"], 2: ["line:0"]}[row]
    settings += {0: ["align:left"], 1: [], 2: ["align:right"]}[col]
    return " ".join(settings) or None


def chapters_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.chapters.vtt")


class VttExporter(LendsCues[VttOptions]):
    name: ClassVar[str] = "vtt"
    extension: ClassVar[str] = ".vtt"
    description: ClassVar[str] = "WebVTT subtitles: bilingual cues with <v>/<lang>/class spans, NOTE header and a chapters file (STYLE block opt-in: old FFmpeg stops at it)"
    Options: ClassVar[type] = VttOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs", "times"})

    def __init__(self, options: VttOptions | None = None) -> None:
        self.options = options or VttOptions()

    def timing(self) -> TimingParams:
        """How the pipeline should time the document for these subtitles."""
        return self.options.timing()

    # -- rendering

    def _wrappers(self, doc: Document) -> dict[str, tuple[str, str]]:
        """What each line of either language is wrapped in: its class span and language span, opened and closed."""
        opts = self.options
        out = {}
        for role, lang in (("target", doc.target_lang), ("source", doc.source_lang)):
            head, tail = (f"<lang {lang}>", "</lang>") if is_language_tag(lang) else ("", "")  # a malformed tag would break the cue
            out[role] = (f"<c.{role}>{head}", f"{tail}</c>") if opts.classes or opts.css else (head, tail)
        return out

    def _payload(self, cue: Cue, wrappers: dict[str, tuple[str, str]]) -> str:
        out: list[str] = []
        for role, lines in ordered_sides(cue, self.options.order):
            head, tail = wrappers[role]
            out.extend(f"{head}{vtt_escape(line)}{tail}" for line in lines)
        if cue.speaker and self.options.speaker != "none":
            voice = vtt_escape(cue.speaker)
            # a name ending in "--" would make "-->" with the tag's ">"; players strip the space
            out[0] = f"<v {voice} >{out[0]}" if voice.endswith("--") else f"<v {voice}>{out[0]}"
        return "\n".join(out)

    def _style(self, doc: Document) -> str:
        second = "source" if self.options.order == "target-first" else "target"
        rules = [f"::cue(.{second}) {{ font-size: 85%; color: #e0e0e0; }}"]
        if is_language_tag(doc.target_lang):
            rules.append(f"::cue(:lang({doc.target_lang})) {{ font-family: sans-serif; }}")
        return "\n".join(rules)

    def _notes(self, doc: Document) -> list[str]:
        lines = ["Bilingual subtitles made by diglot"]
        if doc.title:
            lines.append(f"Title: {doc.title}")
        if doc.source_url:
            lines.append(f"Source: {doc.source_url}")
        if doc.has_real_timing:
            ref = f" ({doc.timing.reference})" if doc.timing and doc.timing.reference else ""
            lines.append(f"Timing: from a timed reference{ref}")
        else:
            lines.append("Timing: estimated from speaking rate, not synchronised to the video")
        lines.append(f"Languages: {doc.target_lang}, {doc.source_lang}")
        return ["\n".join(note_safe(line) for line in lines)]

    def render(self, document: Document) -> tuple[str, str | None, list[str]]:
        """The cue file text, the chapters file text (or None), and the messages for the user."""
        import webvtt
        from webvtt.vtt import to_str

        opts = self.options
        cues, doc, notes = make_cues(document, opts)
        captions = []
        wrappers = self._wrappers(doc)
        for c in cues:
            caption = webvtt.Caption(format_clock(c.start_ms), format_clock(c.end_ms), self._payload(c, wrappers), settings=cue_settings(c.position))
            if c.confidence is not None and c.confidence < LOW_CONFIDENCE:
                # players ignore comments; an editor syncing by hand sees where to look
                caption.comments = [f"timing confidence {c.confidence:.2f}: check this cue against the video"]
            captions.append(caption)
        styles = [webvtt.Style(self._style(doc))] if opts.css else []
        header = self._notes(doc) if opts.note else []
        try:
            text = to_str(captions, styles, header, [])
        except ValueError as exc:  # webvtt-py refuses a block that would not read back
            raise OutputError(f"cannot write WebVTT: {exc}", file=document.source_file) from None
        chapters = self._chapters(cues, doc) if opts.chapters else None
        if opts.chapters and chapters is None:
            notes.append("no sections: no chapters file")
        return text, chapters, [*notes, qc_summary(document, opts)]

    def _chapters(self, cues: list[Cue], doc: Document) -> str | None:
        import webvtt
        from webvtt.vtt import to_str

        if not doc.sections or not cues:
            return None
        spans: list[tuple[str, int, int]] = []  # (title, start, end)
        current: object = object()
        for cue in cues:
            if cue.section != current:
                current = cue.section
                title = doc.section_title(cue.section) if cue.section else (doc.title or "Introduction")
                spans.append((title or cue.section or "", cue.start_ms, cue.end_ms))
            else:
                t, s, _ = spans[-1]
                spans[-1] = (t, s, cue.end_ms)
        captions = []
        for i, (title, start, end) in enumerate(spans):
            if i + 1 < len(spans):
                end = spans[i + 1][1]  # chapters tile the timeline
            text = normalize_space(title) or f"Chapter {i + 1}"
            captions.append(webvtt.Caption(format_clock(start), format_clock(end), vtt_escape(text)))
        header = [note_safe(f"Chapters of: {doc.title}")] if doc.title and self.options.note else []
        return to_str(captions, [], header, [])

    def write(self, document: Document, path: Path) -> ExportResult:
        text, chapters, messages = self.render(document)
        path = Path(path)
        files = [path]
        # Both files are complete on disk before either is renamed into place.
        with atomic_path(path) as tmp:
            tmp.write_bytes(text.encode("utf-8"))
            if chapters is not None:
                files.append(write_text(chapters_path(path), chapters))
        return ExportResult(files=files, messages=messages)
