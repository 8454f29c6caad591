"""File helpers shared by readers and exporters: safe names and atomic writes."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

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
    was, so a failed export never leaves a partial file behind.
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
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes(path: Path, data: bytes) -> Path:
    """Write *data* to *path* atomically; returns *path*."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    """Write *text* as UTF-8 (no BOM, ``\\n`` line ends) to *path* atomically."""
    return write_bytes(path, text.encode("utf-8"))
