"""Which script a piece of text is mostly written in."""

from __future__ import annotations

from ..lazyre import lazy

#: Han characters (CJK unified ideographs, extension A and B-F, compatibility ideographs), for a ``[...]`` class.
HAN_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
#: the same ranges as code points, first and last (a test checks that they are HAN_CHARS's)
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def _han_table() -> str:
    r"""A ``str.translate`` table: ``"\x01"`` at every Han code point, ``"\x00"`` at the others below the last one.

    Counting Han characters through it replaces the regular expression ``[HAN_CHARS]``, which every
    reading used and which took 3-5 ms to compile (``re`` fills a 64K-entry map in a Python loop for
    the ranges); the table is built in well under a millisecond. A code point past the table's end is
    left as it is by ``translate`` (never ``"\x01"``), so it is not counted: none of them is Han.
    """
    parts: list[str] = []
    at = 0
    for first, last in HAN_RANGES:
        parts += ["\x00" * (first - at), "\x01" * (last + 1 - first)]
        at = last + 1
    return "".join(parts)


_HAN_TABLE = _han_table()
_HAN_END = len(_HAN_TABLE)
#: Any CJK character: Han, CJK radicals and punctuation, kana, full-width forms (compiled when first
#: needed: its 30,000 code points take milliseconds to compile, and only subtitle input asks).
_CJK = lazy("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


def han_count(text: str) -> int:
    """How many Han characters *text* holds."""
    return 0 if text.isascii() else text.translate(_HAN_TABLE).count("\x01")


def first_han(text: str) -> int | None:
    """The index of the first Han character of *text*, or None."""
    if text.isascii():
        return None
    at = text.translate(_HAN_TABLE).find("\x01")  # only a Han code point becomes "\x01" (see _han_table)
    return None if at < 0 else at


#: a ``str.translate`` table: ``"\x01"`` at the Latin letters ``[A-Za-z\u00c0-\u024f]``, ``"\x00"`` at the
#: other code points below its end (a code point past the end is left as it is, never ``"\x01"``)
_LATIN_TABLE = "".join("\x01" if ch.isascii() and ch.isalpha() or "\u00c0" <= ch else "\x00" for ch in map(chr, range(0x250)))


def latin_count(text: str) -> int:
    """How many characters of ``[A-Za-z\u00c0-\u024f]`` *text* holds (counted without listing them)."""
    return text.translate(_LATIN_TABLE).count("\x01")


def is_han(ch: str) -> bool:
    """Whether *ch* (its first character; ``False`` for ``""``) is a Han character."""
    if not ch:
        return False
    code = ord(ch[0])
    return code < _HAN_END and _HAN_TABLE[code] == "\x01"


def has_cjk(text: str) -> bool:
    """True when *text* holds any CJK character (a Chinese subtitle line, even one mostly of Latin letters)."""
    return bool(_CJK().search(text))


_LATIN_WORD = lazy(r"[A-Za-z\u00c0-\u024f]+")
_CJK_PUNCT = lazy(r"[，。、；：？！]")


def dominant_script(text: str) -> str | None:
    """``"han"``, ``"latin"`` or ``None`` (neither dominates, or no letters at all).

    A Han character weighs three Latin letters; a paragraph with Chinese
    punctuation and at least one Han character per Latin word is Chinese too
    (``我们用 PyTorch、TensorFlow 和 JAX 训练了 GPT-4 模型。``).
    """
    han, lat = han_count(text), latin_count(text)
    if han and han * 3 >= lat:
        return "han"
    if han and _CJK_PUNCT().search(text) and han >= len(_LATIN_WORD().findall(text)):
        return "han"
    if lat and lat > han * 3:
        return "latin"
    return None


def is_mostly_han(text: str) -> bool:
    """True when Han characters dominate *text*.

    A Han character carries about as much as three Latin letters, so a Chinese
    paragraph full of names (``GPT-2``, ``Oriel Vinyals``) still counts as
    Chinese while an English paragraph with a stray CJK character does not.
    """
    han = han_count(text)
    return han > 0 and han * 3 >= latin_count(text)


def is_mostly_latin(text: str) -> bool:
    lat = latin_count(text)
    return lat > 0 and lat > han_count(text) * 3
