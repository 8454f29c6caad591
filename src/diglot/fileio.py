"""File helpers shared by readers and exporters: safe names and atomic writes."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import OptionError, OutputError

#: 1980-01-01T00:00:00Z, the earliest time a zip entry can carry
ZIP_EPOCH = 315532800
_ZIP_LAST = 4354819198  # 2107-12-31T23:59:58Z, the latest

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_stem(name: str, fallback: str = "document") -> str:
    """A file-name stem safe on every common file system, stable for the same input.

    Keeps letters of any script, digits, ``-``, ``_`` and ``.``; no path
    separators, no leading dots, at most 120 characters.
    """
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("-", text).strip("-._")
    text = re.sub(r"-{2,}", "-", text)[:120].strip("-._")
    return text or fallback


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to *path*; rename it onto *path* on success.

    On any exception the temporary file is removed and *path* is left as it
    was, so a failed export never leaves a partial file behind. A file-system
    error (disk full, *path* a directory, no permission) becomes an
    :class:`OutputError` naming *path*.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
        raise


def write_bytes(path: Path, data: bytes) -> Path:
    """Write *data* to *path* atomically; returns *path*."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    """Write *text* as UTF-8 (no BOM, ``\\n`` line ends) to *path* atomically."""
    return write_bytes(path, text.encode("utf-8"))


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` (reproducible-builds.org) in Unix seconds, or None when unset.

    Raises :class:`OptionError` when it is set but not a whole, non-negative number of seconds.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if value < 0:
        raise OptionError(f"SOURCE_DATE_EPOCH={raw!r} is not a Unix time in whole seconds")
    return value


def reproducible_zip(entries: Iterable[tuple[str, bytes]], when: int, stored: frozenset[str] = frozenset()) -> bytes:
    """A zip of *entries*, in the order given, every one dated *when* (Unix seconds, UTC).

    Entries are deflated except those named in *stored*; permissions are a
    plain 0644 file. The same entries and time give the same bytes.
    """
    stamp = time.gmtime(min(max(when, ZIP_EPOCH), _ZIP_LAST))[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, payload in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            dst.writestr(info, payload)
    return out.getvalue()


def zip_entries(data: bytes) -> dict[str, bytes]:
    """The entries of the zip in *data*, by name, in the order they are stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return {name: src.read(name) for name in src.namelist()}


def repack_zip(data: bytes, when: int, *, first: tuple[str, ...] = (), sort_rest: bool = False, stored: frozenset[str] = frozenset()) -> bytes:
    """The zip in *data* rewritten reproducibly (see :func:`reproducible_zip`): the entries named in
    *first* lead, in that order, then the others in stored order (or by name with *sort_rest*)."""
    entries = zip_entries(data)
    head = [n for n in first if n in entries]
    rest = [n for n in entries if n not in head]
    if sort_rest:
        rest.sort()
    return reproducible_zip(((n, entries[n]) for n in head + rest), when, stored=stored)
