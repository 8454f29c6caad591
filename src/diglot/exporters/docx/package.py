"""Packaging the DOCX reproducibly: the document date as the file time, and the zip rewritten with fixed times and order."""

from __future__ import annotations

import datetime as _dt
import re

from ...fileio import ZIP_EPOCH, repack_zip


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


def _normalize_zip(data: bytes, when: _dt.datetime | None) -> bytes:
    """Rewrite the package with fixed entry times and a stable entry order."""
    stamp = int(when.timestamp()) if when else ZIP_EPOCH
    return repack_zip(data, stamp, first=("[Content_Types].xml", "_rels/.rels"), sort_rest=True)
