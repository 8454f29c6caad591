"""A book cover as SVG: title, speakers and languages set as text.

Why SVG with text rather than a PNG: no imaging library or font file is
needed at export time, the bytes are the same on every machine, and the
cover scales to any screen. The text needs a Chinese font when it is read;
a reading system without one could not show the book's Chinese either.
EPUBCheck accepts it as the ``cover-image``; Chromium renders it
(``docs/epub-cover.png``).

Lines are broken by an estimate of the glyph widths (a Han character is one
em, Latin letters about half), never before closing punctuation.
"""

from __future__ import annotations

from html import escape

from ...lang.script import is_han
from ...content.xmltext import xml_text

WIDTH, HEIGHT = 600, 800
_MARGIN = 48
_CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif'
#: characters that may not begin a line (Chinese and Western closing punctuation)
_NO_LINE_START = set("，。、；：！？）」』】》〉”’…,.;:!?)]}%")


def _wide(ch: str) -> bool:
    return is_han(ch) or ord(ch) > 0x2E80


def _width(text: str, size: float) -> float:
    return sum(size if _wide(ch) else size * (0.3 if ch == " " else 0.56) for ch in text)


def _tokens(text: str) -> list[str]:
    """Breakable units: a Latin word with its following space, or one wide character."""
    out: list[str] = []
    for ch in text:
        if not out:
            out.append(ch)
        elif ch in _NO_LINE_START or ch == " ":
            out[-1] += ch  # punctuation sticks to what precedes; a space ends a word
        elif _wide(ch) or out[-1].endswith(" ") or _wide(out[-1][-1]):
            out.append(ch)  # a wide character, or the start of a Latin word
        else:
            out[-1] += ch  # the Latin word goes on
    return out


def wrap(text: str, size: float, width: float) -> list[str]:
    """*text* broken into lines no wider than *width* at font *size* (a longer word keeps its own line)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(" ".join(text.split())):
        if line and _width((line + token).rstrip(), size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _lang(text: str, zh: str) -> str:
    return zh if any(is_han(ch) for ch in text) else "en"


def cover_svg(title: str, speakers: list[str], languages: str, target_lang: str = "zh-Hans") -> bytes:
    """The cover as a standalone SVG document (UTF-8 bytes)."""
    title = " ".join(xml_text(title).split()) or "diglot"
    inner = WIDTH - 2 * _MARGIN
    size = 46.0
    lines = wrap(title, size, inner)
    while len(lines) > 6 and size > 24:
        size -= 4
        lines = wrap(title, size, inner)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title, quote=True)}">\n',
        f"<title>{escape(title)}</title>\n",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#1f3a4d"/>\n',
        f'<rect x="{_MARGIN}" y="{_MARGIN}" width="{inner}" height="6" fill="#e0b65a"/>\n',
    ]
    y = 150.0
    for line in lines:
        y += size * 1.25
        out.append(
            f'<text x="{_MARGIN}" y="{y:.0f}" xml:lang="{_lang(line, target_lang)}" font-family=\'{_CJK_FONTS}\' '
            f'font-size="{size:.0f}" font-weight="bold" fill="#ffffff">{escape(line)}</text>\n'
        )
    y += 70
    names = " · ".join(" ".join(xml_text(s).split()) for s in speakers if xml_text(s).strip())
    for line in wrap(names, 28, inner)[:3]:
        out.append(
            f'<text x="{_MARGIN}" y="{y:.0f}" xml:lang="{_lang(line, target_lang)}" font-family=\'{_CJK_FONTS}\' '
            f'font-size="28" fill="#e0b65a">{escape(line)}</text>\n'
        )
        y += 38
    out.append(
        f'<text x="{_MARGIN}" y="{HEIGHT - _MARGIN - 10}" xml:lang="{_lang(languages, target_lang)}" '
        f"font-family='{_CJK_FONTS}' font-size=\"24\" fill=\"#c9d6df\">{escape(languages)}</text>\n"
    )
    out.append("</svg>\n")
    return "".join(out).encode("utf-8")
