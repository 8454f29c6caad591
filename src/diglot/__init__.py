"""diglot: bilingual talk transcripts into subtitles, EPUB books, DOCX handouts and flashcards.

The library API::

    import diglot
    doc = diglot.load("talk.txt")            # -> diglot.model.Document
    doc = diglot.prepare(doc, {"pairs", "times"})  # sentence pairs, timing (optional:
                                                   # export prepares what the format needs)
    diglot.export(doc, "epub", "talk.epub", layout="side-by-side")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import DiglotError, InputError, OptionError, OutputError

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from .model import Document, Section, Segment, SentencePair, Term

__version__ = "0.1.0"

_MODEL = ("Document", "Section", "Segment", "SentencePair", "Term")


def __getattr__(name: str) -> Any:
    """The model's classes and :mod:`diglot.schema`, imported on first use: ``diglot --help`` needs none of them."""
    if name in _MODEL:
        from . import model

        return getattr(model, name)
    if name == "schema":  # the JSON model (docs/api.md); sniffing no longer imports it as a side effect
        import importlib

        return importlib.import_module(".schema", __name__)  # not "from . import": that asks this hook again
    raise AttributeError(f"module 'diglot' has no attribute {name!r}")

__all__ = [
    "Document",
    "Section",
    "Segment",
    "SentencePair",
    "Term",
    "DiglotError",
    "InputError",
    "OptionError",
    "OutputError",
    "load",
    "load_pair",
    "loads",
    "prepare",
    "export",
    "align_document",
    "retime",
]


def loads(text: str, file: str = "<text>", format: str | None = None, *, repair_pairing: bool = True) -> Document:
    """Parse transcript *text*; *file* names it in messages; *format* skips sniffing.

    Raises :class:`InputError` when the text is not a transcript or a document
    over the per-document limits (:mod:`diglot.limits`).

    With *repair_pairing* off, a pairing that slips by one turn is reported
    but left as written (what a pairing audit needs to see).
    """
    from dataclasses import replace

    from . import readers
    from .limits import check_document
    from .model import Notice
    from .textio import scrub_surrogates

    text, surrogates = scrub_surrogates(text)  # no file holds them, but a str can: no writer could encode them
    reader = readers.get(format) if format else readers.detect(text, file)
    if not repair_pairing and getattr(reader, "REPAIRS_PAIRING", False):
        doc = reader.read(text, file, repair_pairing=False)
    else:
        doc = reader.read(text, file)
    check_document(doc, file)
    if surrogates:
        notice = Notice(file, None, f"{surrogates} unpaired surrogate(s) in the text replaced by U+FFFD")
        doc = replace(doc, notices=(notice, *doc.notices))
    return doc


def load(path: str | Path, format: str | None = None, *, repair_pairing: bool = True, max_bytes: int | None = None) -> Document:
    """Read the transcript at *path* (any supported family, sniffed unless *format* is given).

    Raises :class:`InputError` with the file name and the reason when the file
    cannot be read or is not a transcript. *repair_pairing*: see :func:`loads`.
    *max_bytes*: the input size limit (default 50 MB or ``DIGLOT_MAX_INPUT_MB``).
    """
    import os

    from .textio import plain_path_name, read_text_file

    file = plain_path_name(path) if type(path) is str else None  # what Path(path).name would say, sooner
    if file is None:
        from pathlib import Path

        path = Path(path)
        file = path.name
    name = str(path)
    text = read_text_file(path, max_bytes)
    try:
        doc = loads(text, file=file, format=format, repair_pairing=repair_pairing)
    except InputError as exc:
        exc.name_file(file, name)
        raise
    from dataclasses import replace

    return replace(doc, source_mtime=int(os.stat(path).st_mtime))


def prepare(document: Document, needs: Iterable[str] = ("pairs",), **options: Any) -> Document:
    """*document* with what *needs* asks for: ``"pairs"`` (sentence alignment), ``"times"``.

    Keyword options: ``timing`` (a :class:`~diglot.timing.params.TimingParams`:
    duration, offset, speaking rate of estimated times), ``timing_from`` (a
    timed reference of the video to retime against), ``ref_format``,
    ``force``, ``media`` (the talk's audio or video file, to align to; needs
    ``diglot[audio]``). See :func:`diglot.pipeline.prepare`.
    """
    from .pipeline import prepare as _prepare

    return _prepare(document, needs, **options)


def load_pair(source: str | Path, target: str | Path, *, force: bool = False) -> Document:
    """Merge an English and a Chinese subtitle file of one video into one bilingual document.

    The files may come in either order (languages from the file names' tags or
    the text's script). Raises :class:`InputError` naming the files when either
    cannot be read, both are in one language, or (unless *force*) they look
    like subtitles of different videos.
    """
    from .readers.subtitle_pair import load_pair as _load_pair

    from .limits import check_document

    doc: Document = _load_pair(source, target, force=force)
    check_document(doc, f"{source} + {target}")
    return doc


def align_document(document: Document) -> Document:
    """*document* with sentence pairs (English sentences aligned to Chinese ones) in every segment."""
    from .align.sentences import align_document as _align

    return _align(document)


def retime(
    document: Document,
    reference: str | Path | None = None,
    ref_format: str | None = None,
    force: bool = False,
    media: str | Path | None = None,
) -> Document:
    """*document* timed from a timed reference of the video (YouTube captions, Whisper JSON, SRT/VTT),
    from the talk's audio or video file itself (*media*, forced alignment; needs ``diglot[audio]``), or both
    (the reference gives the anchors, the audio refines them).

    Raises :class:`InputError` when the reference or media cannot be read or barely
    matches the transcript (unless *force*).
    """
    if reference is None and media is None:
        raise OptionError("retime needs a timed reference, a media file or both")
    from .pipeline import prepare as _prepare

    return _prepare(
        document, ("pairs",), timing_from=None if reference is None else str(reference), ref_format=ref_format,
        force=force, media=None if media is None else str(media),
    )


def export(document: Document, to: str, path: str | Path, **options: Any) -> list[Path]:
    """Write *document* in format *to* at *path*; keyword arguments are the exporter's options.

    The document is prepared first with what the format needs (sentence pairs,
    times; see :func:`prepare`). Returns the files written (a subtitle export
    may write a chapters file too).
    """
    from pathlib import Path

    from . import exporters
    from .pipeline import prepare_for

    cls = exporters.get(to)
    try:
        opts = cls.Options(**options)
    except TypeError as exc:
        raise OptionError(f"{to} options: {exc}") from None
    exporter = cls(opts)
    (prepared,) = prepare_for(document, [exporter])
    return exporter.write(prepared, Path(path)).files
