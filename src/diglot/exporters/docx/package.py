"""Packaging the DOCX reproducibly: the document date as the file time, and the zip rewritten with fixed times and order."""

from __future__ import annotations

import datetime as _dt
import io
import re
from typing import Any

from ...fileio import ZIP_EPOCH, ordered_zip, zip_entries

#: the entries a DOCX starts with; the others follow by name
_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _parse_date(text: str | None) -> _dt.datetime | None:
    """The document date (``2025-11-25``, ``2025-11`` or ``2025``) as midnight UTC, or None."""
    found = re.match(r"\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text or "")
    if not found:
        return None
    try:
        day = _dt.date(int(found[1]), int(found[2] or 1), int(found[3] or 1))
    except ValueError:
        return None
    if day.year < 1980:
        return None
    return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)


def _zipped(entries: dict[str, bytes], when: _dt.datetime | None) -> bytes:
    """The package's parts zipped with fixed entry times and a stable entry order."""
    return ordered_zip(entries, int(when.timestamp()) if when else ZIP_EPOCH, first=_FIRST, sort_rest=True)


class _Entries:
    """Stands in for python-docx's zip writer: keeps each serialised part by its name in the package."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.entries[pack_uri.membername] = blob


#: python-docx's package writer steps that ``Document.save`` runs, in order
_WRITER_STEPS = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")


def package_bytes(word: Any, when: _dt.datetime | None) -> bytes:
    """The python-docx document *word* as reproducible DOCX bytes, deflated once.

    ``Document.save`` deflates every part into a zip that would then be inflated
    and deflated again (:func:`_zipped`); this serialises the parts exactly as
    ``save`` does (python-docx's own package writer steps) and zips them once,
    in the same order. Falls back to ``save`` if python-docx changes those steps.
    """
    try:
        from docx.opc.pkgwriter import PackageWriter

        steps: tuple[Any, ...] = tuple(getattr(PackageWriter, step) for step in _WRITER_STEPS)
    except (ImportError, AttributeError):  # another python-docx (tests/exporters/test_package_fallback.py)
        buffer = io.BytesIO()
        word.save(buffer)
        return _zipped(zip_entries(buffer.getvalue()), when)
    package = word.part.package
    for part in package.parts:
        part.before_marshal()
    out = _Entries()
    steps[0](out, package.parts)
    steps[1](out, package.rels)
    steps[2](out, package.parts)
    return _zipped(out.entries, when)
