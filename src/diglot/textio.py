"""Turning input bytes into text: encodings, BOMs, line ends, and refusing binaries."""

from __future__ import annotations

import codecs
import os
import re
from typing import TYPE_CHECKING

from .errors import InputError
from .lazyre import lazy

if TYPE_CHECKING:
    from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


#: the largest input file read, in bytes, unless ``DIGLOT_MAX_INPUT_MB`` or ``max_bytes`` says otherwise
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_LONE_SURROGATE = lazy(r"[\ud800-\udfff]")
#: control characters (Unicode category Cc: U+0000-U+001F, U+007F-U+009F) but the four text files use (\t \n \v \f)
_CONTROL = re.compile(r"[\x00-\x08\x0d-\x1f\x7f-\x9f]")


def max_input_bytes() -> int:
    """The input size limit: ``DIGLOT_MAX_INPUT_MB`` (megabytes, may be fractional) or 50 MB."""
    raw = os.environ.get("DIGLOT_MAX_INPUT_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        from .errors import OptionError

        raise OptionError(f"DIGLOT_MAX_INPUT_MB={raw!r} is not a positive number of megabytes")
    return int(value * 1024 * 1024)


def scrub_surrogates(text: str) -> tuple[str, int]:
    """*text* with unpaired surrogates (which no UTF encoding can write) replaced by U+FFFD, and how many."""
    if not _has_surrogate(text):
        return text, 0
    return _LONE_SURROGATE().subn("\ufffd", text)


def _has_surrogate(text: str) -> bool:
    """Whether *text* holds a surrogate code point: the only thing strict UTF-8 cannot encode.

    Encoding a megabyte at a time finds out in C without compiling the ``[\\ud800-\\udfff]`` class
    (about half a millisecond of every reading) and without a copy of a whole big input in memory.
    """
    if text.isascii():
        return False
    step = 1 << 20
    for start in range(0, len(text), step):
        try:
            text[start : start + step].encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def plain_path_name(path: str) -> str | None:
    """The file name of *path* when ``str(Path(path)) == path``, without importing pathlib; else None.

    That is a path with no empty and no ``.`` component (``seeds/002.txt``, ``/tmp/a.txt``): pathlib
    keeps it as written and its name is the last component. For anything else (``./a``, ``a//b``,
    ``dir/``, ``""``) the caller asks pathlib. pathlib's import (with urllib.parse and ipaddress)
    costs milliseconds that ``diglot inspect`` of a file named plainly need not pay.
    """
    if os.sep != "/" or os.altsep:  # Windows: pathlib reads "\\" and drive letters too
        return None
    parts = path.split("/")
    if parts[0] == "":  # an absolute path: "/" then the components
        parts = parts[1:]
    if not parts or not all(part and part != "." for part in parts):
        return None
    return parts[-1]


def read_text_file(path: str | Path, max_bytes: int | None = None) -> str:
    """The text of the file at *path*, decoded as :func:`decode` does.

    Reads at most *max_bytes* (default :func:`max_input_bytes`): a larger file,
    or an endless one such as ``/dev/zero``, is refused before it fills memory.
    Raises :class:`InputError` naming the file (as given) when it is missing,
    a directory, unreadable, too large, empty or binary.
    """
    name = str(path)
    limit = max_input_bytes() if max_bytes is None else max_bytes
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=name) from None
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    if len(data) > limit:
        raise InputError(
            f"larger than the input limit of {limit / 1024 / 1024:g} MB (raise it with DIGLOT_MAX_INPUT_MB)",
            file=name,
        )
    return decode(data, name)


def decode(data: bytes, file: str) -> str:
    """Decode *data* (a whole input file) to text with ``\\n`` line ends.

    Accepts UTF-8 with or without BOM, UTF-16/32 with BOM, UTF-16/32 without BOM,
    and legacy encodings such as GB18030 (detected with charset-normalizer).
    Raises :class:`InputError` for an empty or binary file; a NUL byte anywhere
    in a file that is not UTF-16/32 makes it binary.
    """
    if not data.strip():
        raise InputError("file is empty", file=file)
    text = _decode(data, file)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = len(_CONTROL.findall(text, 0, 100_000))
    if bad > max(3, len(text[:100_000]) // 100):
        raise InputError("binary file, not text", file=file)
    if "\x00" in text:
        raise InputError(f"binary file, not text (NUL character at offset {text.index(chr(0))})", file=file)
    if not text.strip():
        raise InputError("file is empty", file=file)
    return text


def _decode(data: bytes, file: str) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {enc.upper()} text at byte {exc.start + len(bom)}", file=file) from None
    if b"\x00" in data:
        guess = _utf32_without_bom(data) or _utf16_without_bom(data)
        if guess is None:
            raise InputError(f"binary file, not text (NUL byte at offset {data.index(0)})", file=file)
        return guess
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("binary file, or text in an encoding diglot cannot determine", file=file)
    encoding = best.encoding
    if encoding.replace("_", "").lower() in {"gb2312", "gbk", "cp936", "hz", "gb18030"}:
        encoding = "gb18030"  # the superset: never loses a character its subsets have
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(best)


def _decoded(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _utf32_without_bom(data: bytes) -> str | None:
    if len(data) % 4:
        return None
    sample = data[:4096]
    quarter = len(sample) / 4
    counts = [sample[k::4].count(0) for k in range(4)]
    if counts[3] == quarter and counts[2] > 0.9 * quarter and counts[0] < 0.05 * quarter:
        enc = "utf-32-le"
    elif counts[0] == quarter and counts[1] > 0.9 * quarter and counts[3] < 0.05 * quarter:
        enc = "utf-32-be"
    else:
        return None
    return _decoded(data, enc)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    if odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        enc = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        enc = "utf-16-be"
    else:
        return None
    return _decoded(data, enc)
