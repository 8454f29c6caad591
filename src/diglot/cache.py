"""Incremental runs: skip outputs whose input, options and diglot version have not changed.

Each output directory has a manifest, kept out of it (outputs are often
published as they are) in diglot's cache directory: ``$DIGLOT_CACHE_DIR``,
else ``$XDG_CACHE_HOME/diglot``, else ``~/.cache/diglot``. It holds, for every
main output (``talk.srt``), the key it was made with and the files it wrote
with their size and modification time. The key
is a SHA-256 over the input's bytes and modification time (the ``.apkg``
note time comes from it), the exporter and its options, the reader, the
retiming reference's bytes, ``SOURCE_DATE_EPOCH`` and the diglot version. An
output is up to date when its key is unchanged and every file it wrote is
still there, untouched; ``--force`` redoes it anyway.

The same records tell diglot which files in the directory it wrote: an
existing file is replaced only when the manifest lists it with its current
size and modification time (see :class:`diglot.fileio.WriteGuard`), unless
``--overwrite`` is given.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_FORMAT = 1


def cache_dir() -> Path:
    """Where diglot keeps its manifests."""
    own = os.environ.get("DIGLOT_CACHE_DIR")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diglot"


def _stamp(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def fingerprint_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes and its modification time (whole seconds). Raises OSError."""
    p = Path(path)
    digest = hashlib.sha256(p.read_bytes())
    digest.update(f"\0{int(p.stat().st_mtime)}".encode())
    return digest.hexdigest()


def fingerprint_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def output_key(input_print: str, exporter: Any, context: Iterable[str]) -> str:
    """The key of one output: the input's fingerprint, the exporter with its options, and *context*."""
    from . import __version__

    cls = type(exporter)
    parts = [
        f"diglot {__version__}",
        input_print,
        f"{cls.__module__}.{cls.__qualname__}",
        repr(getattr(exporter, "options", None)),
        f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}",
        *context,
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


class Manifest:
    """The manifest of one output directory (an empty one when missing or unreadable)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        where = hashlib.sha256(str(out_dir.resolve()).encode("utf-8")).hexdigest()[:32]
        self.path = cache_dir() / "manifests" / f"{where}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT and isinstance(data.get("outputs"), dict):
                self.entries = data["outputs"]
        except (OSError, ValueError, AttributeError):
            pass  # no manifest yet, or a damaged one: everything is redone
        self._changed = False

    def fresh(self, output: str, key: str) -> bool:
        """Whether *output* (relative to the output directory) was made with *key* and its files are all there."""
        entry = self.entries.get(output)
        if not entry or entry.get("key") != key:
            return False
        files = entry.get("files") or {}
        return bool(files) and isinstance(files, dict) and all(_stamp(self.out_dir / f) == stamp for f, stamp in files.items())

    def record(self, output: str, key: str, files: list[str]) -> None:
        self.entries[output] = {"key": key, "files": {f: _stamp(self.out_dir / f) for f in sorted(files)}}
        self._changed = True

    def forget(self, output: str) -> None:
        """*output* is no longer up to date; the files it wrote are still diglot's (see :meth:`owned`)."""
        entry = self.entries.get(output)
        if entry is not None and entry.get("key"):
            entry["key"] = ""
            self._changed = True

    def owned(self) -> dict[str, list[int]]:
        """Every file diglot wrote in the directory (relative POSIX path) -> its ``[size, mtime_ns]`` then."""
        out: dict[str, list[int]] = {}
        for entry in self.entries.values():
            files = entry.get("files") if isinstance(entry, dict) else None
            if isinstance(files, dict):
                out.update({f: stamp for f, stamp in files.items() if isinstance(stamp, list)})
        return out

    def save(self) -> None:
        """Write the manifest (atomically) if anything changed; a cache that cannot be written is no error."""
        if not self._changed:
            return
        from .errors import OutputError
        from .fileio import write_text

        data = {"format": _FORMAT, "out_dir": str(self.out_dir.resolve()), "outputs": dict(sorted(self.entries.items()))}
        try:
            write_text(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        except OutputError:
            pass  # the next run redoes the work, nothing is lost
        self._changed = False
