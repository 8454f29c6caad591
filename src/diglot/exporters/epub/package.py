"""Packaging the EPUB reproducibly: the build time and the zip as readers expect it."""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any

from ...fileio import ZIP_EPOCH, ordered_zip, source_date_epoch, zip_entries
from ...model import Document
from .text import _valid_date

#: zip entries cannot carry times before 1980
_ZIP_EPOCH = _dt.datetime.fromtimestamp(ZIP_EPOCH, tz=_dt.timezone.utc)


def build_time(doc: Document) -> _dt.datetime:
    """The book's ``dcterms:modified`` and zip time: ``SOURCE_DATE_EPOCH``, else the document date, else 1980."""
    epoch = source_date_epoch()
    if epoch is not None:
        return max(_dt.datetime.fromtimestamp(epoch, tz=_dt.timezone.utc), _ZIP_EPOCH)
    date = _valid_date(doc.date)
    if date:
        return max(_dt.datetime.fromisoformat(date).replace(tzinfo=_dt.timezone.utc), _ZIP_EPOCH)
    return _ZIP_EPOCH


def _zipped(entries: dict[str, bytes], when: _dt.datetime) -> bytes:
    """The book's entries zipped with fixed entry times, ``mimetype`` first and stored (as EPUB asks)."""
    return ordered_zip(entries, int(when.timestamp()), first=("mimetype",), stored=frozenset({"mimetype"}))


class _Entries:
    """Stands in for the zip ebooklib writes into: keeps each entry's bytes by name, in order."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def writestr(self, name: str, data: str | bytes, compress_type: Any = None) -> None:
        # what zipfile.ZipFile.writestr stores: text as UTF-8, the name cut at a NUL
        self.entries[name.split("\0", 1)[0]] = data.encode("utf-8") if isinstance(data, str) else data


#: ebooklib's writer steps that ``write_epub`` runs after the mimetype, in order
_WRITER_STEPS = ("_write_container", "_write_opf", "_write_items")


def book_bytes(book: Any, options: dict[str, Any], when: _dt.datetime) -> bytes:
    """The ebooklib *book* as reproducible EPUB bytes, deflated once.

    ``ebooklib.epub.write_epub`` deflates every entry into a zip that would then be
    inflated and deflated again (:func:`_zipped`); this runs ebooklib's own writer
    steps into memory and zips the entries once, in the same order (``mimetype``
    first, stored). Falls back to ``write_epub`` if ebooklib changes those steps.
    """
    from ebooklib import epub

    class Writer(epub.EpubWriter):
        def write(self) -> None:
            self.out = _Entries()
            self.out.writestr("mimetype", "application/epub+zip")
            self._write_container()
            self._write_opf()
            self._write_items()

    if not all(hasattr(epub.EpubWriter, step) for step in _WRITER_STEPS):
        buf = io.BytesIO()  # another ebooklib (tests/exporters/test_package_fallback.py)
        epub.write_epub(buf, book, {**options, "raise_exceptions": True})
        return _zipped(zip_entries(buf.getvalue()), when)
    writer = Writer(None, book, options)
    writer.process()
    writer.write()
    return _zipped(writer.out.entries, when)
