"""The pipeline between reading and rendering: the transforms, each run once.

::

    doc = diglot.load(path)                      # readers: text -> Document
    doc = diglot.prepare(doc, {"pairs", "times"}) # transforms: sentence pairs, timing
    diglot.export(doc, "srt", out)               # exporters: Document -> file

An exporter states what it needs in its ``needs`` attribute (a subset of
:data:`NEEDS`; a class attribute, or set per instance when its options decide:
an EPUB of whole paragraphs uses no sentence pairs, so no alignment runs for
it) and, when it needs times, how they are estimated (its ``timing()`` method,
a :class:`~diglot.timing.apply.TimingParams`). An exporter that needs ``clips`` (the flashcard exporters) gets, when the run
has a media file and real times, the audio clip and still of every sentence
cut once (its ``clip_options()`` method, a
:class:`~diglot.timing.params.ClipOptions`; ``None``: no clips), as the
document's :class:`~diglot.model.MediaCut`.
:func:`prepare_for` prepares one document for several exporters: retiming and
sentence alignment run once for all of them, timing once per distinct request.
Exporters never call a transform themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .errors import OptionError
from .model import Document

if TYPE_CHECKING:  # imported where times or clips are asked for: an EPUB or JSON run needs neither
    from .timing.params import ClipOptions, TimingParams

PAIRS = "pairs"
TIMES = "times"
CLIPS = "clips"
#: What an exporter can ask the pipeline for.
NEEDS = frozenset({PAIRS, TIMES, CLIPS})
#: What an exporter that declares nothing gets (every exporter used to get aligned documents).
DEFAULT_NEEDS = frozenset({PAIRS})


def needs_of(exporter: Any) -> frozenset[str]:
    """The needs an exporter instance declares, checked; :data:`DEFAULT_NEEDS` when it declares none."""
    needs = frozenset(getattr(exporter, "needs", DEFAULT_NEEDS))
    unknown = needs - NEEDS
    if unknown:
        name = getattr(exporter, "name", type(exporter).__name__)
        raise OptionError(f"exporter {name!r} needs {', '.join(sorted(unknown))}: the pipeline provides only {', '.join(sorted(NEEDS))}")
    return needs


def timing_of(exporter: Any) -> TimingParams | None:
    """The timing an exporter instance asks for (``None``: no times, unless it needs them)."""
    ask = getattr(exporter, "timing", None)
    params = ask() if callable(ask) else None
    if params is None and TIMES in needs_of(exporter):
        from .timing.params import TimingParams

        return TimingParams()
    return params


def clip_options_of(exporter: Any) -> ClipOptions | None:
    """How an exporter instance wants clips cut (``None``: no clips, even when it needs them by default)."""
    if CLIPS not in needs_of(exporter):
        return None
    ask = getattr(exporter, "clip_options", None)
    if callable(ask):
        return ask()
    from .timing.params import ClipOptions

    return ClipOptions()


def prepare(
    doc: Document,
    needs: Iterable[str] = DEFAULT_NEEDS,
    *,
    timing: TimingParams | None = None,
    timing_from: str | None = None,
    ref_format: str | None = None,
    force: bool = False,
    reports: list[Any] | None = None,
    media: str | None = None,
    clips: ClipOptions | None = None,
    workers: int = 1,
) -> Document:
    """*doc* with what *needs* asks for: ``"pairs"`` (sentence alignment), ``"times"`` and ``"clips"``.

    *timing_from* retimes against a timed reference of the video first (its
    :class:`~diglot.timing.retime.RetimeReport` is appended to *reports* when
    given). Times come from the reference, shifted by ``timing.offset_ms``, or
    are estimated with *timing* (defaults when ``None``); giving *timing* asks
    for times. With *media* (an audio or video file of the talk) the
    document is then aligned to the audio itself
    (:func:`~diglot.timing.audio.align.align_to_media`; its report goes to
    *reports* too). ``"clips"`` with *media* cuts the audio clip (and, for
    video, the still) of every sentence timed from the video, as *clips* says
    (defaults when ``None``; :func:`~diglot.timing.audio.clips.cut_for_cards`);
    without *media* the document keeps the clips it has. *workers* > 1 lets
    the sentence alignment of a long document use that many processes (the
    same pairs; :func:`~diglot.align.sentences.align_document`). Every transform is
    idempotent: preparing a prepared document again changes nothing but a
    repeated offset.

    Raises :class:`InputError` for an unreadable or unmatched reference and
    :class:`OptionError` for a bad need or timing option.
    """
    wanted = frozenset(needs)
    unknown = wanted - NEEDS
    if unknown:
        raise OptionError(f"unknown need {', '.join(sorted(unknown))} (the pipeline provides {', '.join(sorted(NEEDS))})")
    if timing is not None:
        wanted |= {TIMES}
    if TIMES in wanted or CLIPS in wanted or timing_from or media:
        wanted |= {PAIRS}
    if PAIRS in wanted and not doc.is_aligned:  # a document's own pairs are used as they are
        from .align.sentences import align_document

        doc = align_document(doc, workers=workers) if workers > 1 else align_document(doc)
    if timing_from:
        from .timing.retime import retime_from_file

        doc, report = retime_from_file(doc, timing_from, ref_format=ref_format, force=force)
        if reports is not None:
            reports.append(report)
    if media:
        doc = _align_media(doc, media, force, reports)
    if TIMES in wanted:
        from .timing.apply import apply_timing

        doc = apply_timing(doc, timing)
    if CLIPS in wanted and media:
        doc = _cut_clips(doc, media, clips)
    return doc


def _cut_clips(doc: Document, media: str, options: ClipOptions | None) -> Document:
    from .timing.audio.clips import cut_for_cards

    return cut_for_cards(doc, media, options)


def _align_media(doc: Document, media: str, force: bool, reports: list[Any] | None) -> Document:
    from .timing.audio.align import align_to_media

    doc, report = align_to_media(doc, media, force=force)
    if reports is not None:
        reports.append(report)
    return doc


class Preparation:
    """One document prepared for several exporters: each transform runs once.

    Retiming and sentence alignment run when it is made, shared by all
    exporters; :meth:`for_exporter` times the document once per distinct
    :class:`TimingParams` asked for (a bad timing option fails that exporter
    only). ``reports`` holds the retiming report, if any.
    """

    def __init__(
        self,
        doc: Document,
        exporters: Sequence[Any],
        *,
        timing_from: str | None = None,
        ref_format: str | None = None,
        force: bool = False,
        media: str | None = None,
        workers: int = 1,
    ) -> None:
        shared = frozenset().union(*(needs_of(e) for e in exporters)) - {TIMES, CLIPS}
        self.reports: list[Any] = []
        self.document = prepare(
            doc, shared, timing_from=timing_from, ref_format=ref_format, force=force, reports=self.reports, media=media,
            workers=workers,
        )
        self.media = media
        self._timed: dict[TimingParams, Document] = {}
        self._clipped: dict[tuple[int, ClipOptions], tuple[Document, Document]] = {}

    def align_media(self, media: str, force: bool = False) -> None:
        """Align the shared document to the audio of *media* (after making it, so a bad media file
        fails only this step and exporters that need no times can still be served)."""
        self.document = _align_media(self.document, media, force, self.reports)
        self.media = media
        self._timed.clear()
        self._clipped.clear()

    def for_exporter(self, exporter: Any) -> Document:
        """The document prepared with what *exporter* needs."""
        params = timing_of(exporter)
        doc = self.document
        if params is not None:
            if params not in self._timed:
                self._timed[params] = prepare(self.document, needs_of(exporter) - {CLIPS}, timing=params)
            doc = self._timed[params]
        clips = clip_options_of(exporter)
        if clips is None or not self.media:
            return doc
        key = (id(doc), clips)  # cut once per document and options: the CSV and .apkg of a run share the files
        if key not in self._clipped:
            self._clipped[key] = (doc, _cut_clips(doc, self.media, clips))
        return self._clipped[key][1]


def prepare_for(doc: Document, exporters: Sequence[Any], **sources: Any) -> list[Document]:
    """One prepared document per exporter in *exporters*.

    *sources* are :class:`Preparation`'s keywords (``timing_from``,
    ``ref_format``, ``force``, ``media``), passed on as they are.
    """
    prep = Preparation(doc, exporters, **sources)
    return [prep.for_exporter(e) for e in exporters]


def render(exporter: Any, doc: Document, path: Any) -> Any:
    """Prepare *doc* for *exporter* and write it at *path*: the whole pipeline for one exporter instance.

    Returns the exporter's :class:`~diglot.exporters.ExportResult`.
    """
    from pathlib import Path

    (prepared,) = prepare_for(doc, [exporter])
    return exporter.write(prepared, Path(path))
