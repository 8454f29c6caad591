"""Packaging the EPUB reproducibly: the build time and the zip as readers expect it."""

from __future__ import annotations

import datetime as _dt

from ...fileio import ZIP_EPOCH, repack_zip, source_date_epoch
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


def _repack(data: bytes, when: _dt.datetime) -> bytes:
    """The zip in *data* rewritten with fixed entry times, ``mimetype`` first and stored."""
    return repack_zip(data, int(when.timestamp()), first=("mimetype",), stored=frozenset({"mimetype"}))
