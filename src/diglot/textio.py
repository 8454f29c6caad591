"""Turning input bytes into text: encodings, BOMs, line ends, and refusing binaries."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def read_text_file(path: str | Path) -> str:
    """The text of the file at *path*, decoded as :func:`decode` does.

    Raises :class:`InputError` naming the file (as given) when it is missing,
    a directory, unreadable, empty or binary.
    """
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=name) from None
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    return decode(data, name)


def decode(data: bytes, file: str) -> str:
    """Decode *data* (a whole input file) to text with ``\\n`` line ends.

    Accepts UTF-8 with or without BOM, UTF-16/32 with BOM, UTF-16 without BOM,
    and legacy encodings such as GB18030 (detected with charset-normalizer).
    Raises :class:`InputError` for an empty or binary file.
    """
    if not data.strip():
        raise InputError("file is empty", file=file)
    text = _decode(data, file)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = sum(1 for ch in text[:100_000] if unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v")
    if bad > max(3, len(text[:100_000]) // 100):
        raise InputError("binary file, not text", file=file)
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
    if b"\x00" in data[:4096]:
        guess = _utf16_without_bom(data)
        if guess is None:
            raise InputError("binary file, not text", file=file)
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
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None
