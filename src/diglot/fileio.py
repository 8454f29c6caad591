"""File helpers shared by readers and exporters: safe names and atomic writes."""

from __future__ import annotations

import contextlib
import contextvars
import io
import os
import re
import shutil
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OptionError, OutputError

if TYPE_CHECKING:
    import tempfile

#: 1980-01-01T00:00:00Z, the earliest time a zip entry can carry
ZIP_EPOCH = 315532800
_ZIP_LAST = 4354819198  # 2107-12-31T23:59:58Z, the latest

_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_stem(name: str, fallback: str = "document") -> str:
    """A file-name stem safe on every common file system, stable for the same input.

    Keeps letters of any script, digits, ``-``, ``_`` and ``.``; no path
    separators, no leading dots, at most 120 characters and
    :data:`MAX_STEM_BYTES` bytes of UTF-8 (a file name holds 255 bytes; the
    rest is for suffixes such as ``-2`` and ``.chapters.vtt``).
    """
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("-", text).strip("-._")
    text = re.sub(r"-{2,}", "-", text)[:120]
    while len(text.encode("utf-8")) > MAX_STEM_BYTES:
        text = text[:-1]
    text = text.strip("-._")
    return text or fallback


#: the longest stem :func:`safe_stem` returns, in bytes of UTF-8
MAX_STEM_BYTES = 200
#: temporary files and folders diglot makes next to its outputs: ``.diglot-PID-XXXX.tmp`` / ``.diglot-PID-XXXX.d``
TEMP_PREFIX = ".diglot-"
_TEMP_NAME = re.compile(r"^\.diglot-(\d+)-[^/]*\.(?:tmp|d)$")
_cleaned: set[Path] = set()
#: folders made by :func:`scratch_dir`: what diglot writes there is not an output, so no :class:`WriteGuard` applies
_scratch: set[Path] = set()


def _temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


def clean_stale_temporaries(directory: Path) -> list[Path]:
    """Remove the temporary files and folders a killed diglot left in *directory*; returns them.

    Only names diglot makes (``.diglot-PID-….tmp``/``.d``) whose process is no
    longer running are removed; a run still writing keeps its own.
    """
    removed: list[Path] = []
    try:
        entries = list(Path(directory).iterdir())
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP_NAME.match(entry.name)
        if not m or _alive(int(m.group(1))):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or a number the system cannot look up: leave it
    return True


def _prepare_dir(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    key = directory.resolve()
    if key not in _cleaned:
        _cleaned.add(key)
        clean_stale_temporaries(directory)


@dataclass(frozen=True)
class WriteGuard:
    """What a batch run may write: only inside *root*, and over an existing file only when diglot wrote it.

    *owned* maps a path relative to *root* (POSIX) to the ``[size, mtime_ns]``
    diglot recorded when it wrote that file (the incremental-run manifest,
    :mod:`diglot.cache`); None means every existing file may be replaced, as
    does *overwrite* (``--overwrite``).
    """

    root: Path
    owned: Mapping[str, Sequence[int]] | None = None
    overwrite: bool = False


_guard: contextvars.ContextVar[WriteGuard | None] = contextvars.ContextVar("diglot_write_guard", default=None)


@contextlib.contextmanager
def guarded(guard: WriteGuard) -> Iterator[None]:
    """Every write inside the block goes through *guard* (see :func:`check_target`)."""
    token = _guard.set(WriteGuard(Path(guard.root).resolve(), guard.owned, guard.overwrite))
    try:
        yield
    finally:
        _guard.reset(token)


def check_target(path: Path) -> None:
    """Raise :class:`OutputError` naming *path* when the active :class:`WriteGuard` forbids writing it.

    Without a guard (a path the caller named itself) everything is allowed.
    """
    guard = _guard.get()
    if guard is None:
        return
    full = Path(path).parent.resolve() / Path(path).name
    if full.parent in _scratch:
        return
    if not full.is_relative_to(guard.root):
        raise OutputError(f"outside the output directory {guard.root}", file=str(path))
    if guard.overwrite or guard.owned is None or not os.path.lexists(full):
        return
    stamp = guard.owned.get(full.relative_to(guard.root).as_posix())
    if stamp is None:
        raise OutputError("exists and diglot did not write it (--overwrite replaces it)", file=str(path))
    try:
        st = os.lstat(full)
    except OSError:
        return
    if [st.st_size, st.st_mtime_ns] != list(stamp):
        raise OutputError("changed since diglot wrote it (--overwrite replaces it)", file=str(path))


def scratch_dir(prefix: str) -> tempfile.TemporaryDirectory[str]:
    """A new folder in the system's temporary folder (removed by the returned object's ``cleanup``, or when it is
    collected) for files that are not outputs, such as audio clips an exporter copies: no :class:`WriteGuard`
    applies to what :func:`write_bytes` writes there.

    Its name carries this process's id (``.diglot-PID-PREFIX….d``), so the folders of a killed run are
    removed by the next run's first scratch folder (:func:`clean_stale_temporaries`).
    """
    import tempfile  # only clips need a scratch folder: not imported by every export

    base = Path(tempfile.gettempdir())
    _prepare_dir(base)
    folder = tempfile.TemporaryDirectory(prefix=f"{_temp_prefix()}{prefix}", suffix=".d", dir=base)
    _scratch.add(Path(folder.name).resolve())
    return folder


@contextlib.contextmanager
def temporary_dir(near: Path) -> Iterator[Path]:
    """A scratch folder next to the output *near*, removed afterwards (and by the next run if killed)."""
    near = Path(near)
    check_target(near)
    tmp = _temp_name(near.parent, ".d")
    try:
        try:
            _prepare_dir(near.parent)
            tmp.mkdir(mode=0o700)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(near)) from None
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to *path*; rename it onto *path* on success.

    On any exception (and on Ctrl-C or SIGTERM through the command line) the
    temporary file is removed and *path* is left as it was, so a failed export
    never leaves a partial file behind. The temporary name is short and
    recognisable (``.diglot-PID-XXXX.tmp``): one a killed run left is removed
    by the next run that writes to the same folder. A file-system
    error (disk full, *path* a directory, no permission) becomes an
    :class:`OutputError` naming *path*. Inside :func:`guarded`, a path the
    guard forbids is refused before anything is written.
    """
    path = Path(path)
    check_target(path)
    try:
        _prepare_dir(path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    tmp = _temp_name(path.parent, ".tmp")
    # the name is known before the file exists: an interrupt at any point below can remove it
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
        raise


def _temp_name(directory: Path, suffix: str) -> Path:
    return directory / f"{_temp_prefix()}{os.urandom(6).hex()}{suffix}"  # what secrets.token_hex(6) returns, without importing hmac


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


def ordered_zip(
    entries: Mapping[str, bytes], when: int, *, first: tuple[str, ...] = (), sort_rest: bool = False, stored: frozenset[str] = frozenset()
) -> bytes:
    """*entries* (name -> bytes) zipped reproducibly (see :func:`reproducible_zip`): the entries named in
    *first* lead, in that order, then the others in their own order (or by name with *sort_rest*).

    The zip of a package a library serialised into memory, or (with :func:`zip_entries`) one it wrote
    as a zip, rewritten."""
    head = [n for n in first if n in entries]
    rest = [n for n in entries if n not in head]
    if sort_rest:
        rest.sort()
    return reproducible_zip(((n, entries[n]) for n in head + rest), when, stored=stored)
