"""Field values of flashcard notes: Anki's stored HTML, tags, GUIDs, highlights and clozes.

Transcript text is escaped, line breaks become ``<br>``, ``{{`` / ``}}`` are
character references (never a cloze by accident), and a field starting with
``= + - @`` or a tab starts with a numeric character reference instead, so a
spreadsheet opening the CSV never sees a formula while Anki shows the exact text.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from pathlib import PurePath
from functools import lru_cache

_FORMULA_START = {"=": "&#61;", "+": "&#43;", "-": "&#45;", "@": "&#64;", "\t": "&#9;"}


@lru_cache(maxsize=16384)
def html_text(text: str | None) -> str:
    """Plain *text* as an Anki field: HTML-escaped, ``<br>`` line breaks, formula-safe start.

    Quotes stay as they are (Anki searches the stored HTML), ``{{`` / ``}}`` become character
    references so transcript text can never be read as a cloze deletion,
    and a leading ``= + - @`` or tab becomes a numeric character reference:
    Anki renders the exact text, a spreadsheet sees no formula. Memoised: a
    sentence is a note's field and its neighbours' context.
    """
    if not text:
        return ""
    return defuse(escape_inner(text))


def defuse(value: str) -> str:
    if value[:1] in _FORMULA_START:
        return _FORMULA_START[value[0]] + value[1:]
    return value


def plain_text(value: str) -> str:
    """The inverse of :func:`html_text` for tests and tools: field HTML back to plain text."""
    value = re.sub(r"</?b>", "", value)
    return html.unescape(value.replace("<br>", "\n"))


_TAG_BAD = re.compile(r"[\s\"]+")


def tag(text: str) -> str:
    """An Anki tag: no whitespace or quotes (they separate tags), no empty ``::`` levels, and no
    control characters (C0, C1, DEL), dropped as in the deck name (:func:`.notes.deck_name`): Anki's CSV
    import drops C0 and DEL itself but keeps C1, so the .apkg and the CSV would disagree."""
    value = _TAG_BAD.sub("_", text.strip())
    value = "".join(ch for ch in value if not is_control(ch))
    value = re.sub(r":{3,}", "::", value).strip(":_")
    value = re.sub(r"(?<!:):(?!:)", "_", value)  # a lone ':' is legal but reads like a hierarchy typo
    return value


def is_control(ch: str) -> bool:
    """A C0 or C1 control character or DEL (tab and line breaks are not)."""
    return (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f"


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def note_guid(identity: str, *key: str) -> str:
    """A stable GUID for the note keyed by *key* in the document with *identity*.

    Letters and digits only, starting with a letter: safe in a CSV cell
    (never ``#`` or a formula character, unlike Anki's own base91 GUIDs).
    """
    digest = hashlib.sha256("\x1f".join(("diglot", identity, *key)).encode("utf-8")).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = []
    while number:
        number, rem = divmod(number, 62)
        chars.append(_B62[rem])
    return "dg" + "".join(reversed(chars))


def media_name(path: str) -> str:
    """The name a field uses for a media file: its base name, HTML-escaped (Anki keeps media by name)."""
    return html.escape(PurePath(path).name)


def english_forms(source: str | None, target: str = "") -> list[str]:
    """Forms of a glossary term to highlight in English: ``RL (Reinforcement Learning)`` -> both parts.

    A Latin "Chinese" term (``AGI``) is highlighted too.
    """
    forms = [target.strip()] if target.strip().isascii() else []
    if not source:
        return [f for f in forms if f]
    forms.append(source.strip())
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", source.strip())
    if m:
        forms += [m.group(1).strip(), m.group(2).strip()]
    return [f for f in forms if f]


def highlight(text: str, words: list[str]) -> str:
    """*text* as a field with every occurrence of *words* in ``<b>`` (case-insensitive for Latin)."""
    if not text:
        return ""
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not words:
        return html_text(text)
    pattern = re.compile("|".join(_word_pattern(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(escape_inner(text[pos : m.start()]))
        out.append("<b>" + escape_inner(m.group(0)) + "</b>")
        pos = m.end()
    out.append(escape_inner(text[pos:]))
    return defuse("".join(out))


def _word_pattern(word: str) -> str:
    p = re.escape(word)
    if word[:1].isalnum() and word[:1].isascii():
        p = r"(?<![A-Za-z0-9])" + p
    if word[-1:].isalnum() and word[-1:].isascii():
        p = p + r"(?![A-Za-z0-9])"
    return p


def escape_inner(text: str) -> str:
    """Like :func:`html_text` without the formula defence (applied once to the whole field)."""
    # Anki stores note text NFC-normalised; do it here so the stored field is exactly ours
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = html.escape(text, quote=False).replace("\n", "<br>")
    return out.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")


def cloze_text(text: str, words: list[str]) -> str | None:
    """*text* as a cloze field, each distinct word of *words* its own card (c1, c2...); None if none occur."""
    words = sorted({w for w in words if w and w in text}, key=lambda w: (-len(w), w))
    if not words:
        return None
    numbers: dict[str, int] = {}
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, pos = [], 0
    for m in pattern.finditer(text):
        n = numbers.setdefault(m.group(0), len(numbers) + 1)
        out.append(escape_inner(text[pos : m.start()]))
        out.append(f"{{{{c{n}::{escape_inner(m.group(0))}}}}}")
        pos = m.end()
    out.append(escape_inner(text[pos:]))
    return defuse("".join(out))
