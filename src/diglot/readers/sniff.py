"""Every built-in reader's ``sniff`` ("is this text mine?"), importable without the readers.

:func:`diglot.readers.detect` asks each reader in turn; with the predicates
here (a few regular expressions) only the one reader that claims the text is
imported. Each reader module re-exports its own predicate as ``sniff``. The
paired family's test (its paragraph splitter lives here, the paired reader
uses it) imports the script counts only for a text no cheaper test has
already turned down.
"""

from __future__ import annotations

import re

from ..lazyre import lazy

SRT, VTT, ASS = "srt", "vtt", "ass"
#: the paired family's "no translation" line
SENTINEL = "未找到意译内容"

_SRT_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}(?:[,.]\d{1,3})?\s*-->", re.MULTILINE)
_ASS_SECTION = re.compile(r"^\[(?:V4\+? Styles|Events)\]", re.MULTILINE)
_JSON_TAG = lazy(r'"format"\s*:\s*"diglot"')
#: YAML front matter between ``---`` fences at the very start (the frontmatter reader reads group 1)
FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
DETAILS_OPEN = lazy(r"<details\b[^>]*>", re.IGNORECASE)


def paragraphs(lines: list[str]) -> list[tuple[str, int, int]]:
    """Blank-line separated paragraphs of *lines*: (text, first line, last line), lines counted from 1."""
    paras: list[tuple[str, int, int]] = []
    buf: list[str] = []
    start = 0
    for no, line in enumerate(lines, 1):
        if line.strip():
            if not buf:
                start = no
            buf.append(line)
        elif buf:
            paras.append(("\n".join(buf), start, no - 1))
            buf = []
    if buf:
        paras.append(("\n".join(buf), start, len(lines)))
    return paras


def language(text: str) -> str:
    """``en``, ``zh``, ``none`` (the sentinel) or ``?`` of a paragraph, from its dominant script."""
    from ..lang.script import dominant_script
    from .markup import plain_text

    if text.strip() == SENTINEL:
        return "none"
    return {"han": "zh", "latin": "en"}.get(dominant_script(plain_text(text)) or "", "?")


def sniff_format(text: str) -> str | None:
    """``srt``, ``vtt``, ``ass`` or None, from the text's first lines and timing lines."""
    head = text.lstrip("\ufeff \n\t")
    if head.startswith("WEBVTT"):
        return VTT
    if head.startswith("[Script Info]") or _ASS_SECTION.search(text[:20000]):
        return ASS
    if _SRT_TIMING.search(text[:20000]):
        return SRT
    return None


def json(text: str) -> bool:
    """diglot's own JSON model."""
    return text.lstrip().startswith("{") and bool(_JSON_TAG().search(text[:2000]))


def frontmatter(text: str) -> bool:
    """Front-matter Markdown: YAML front matter or a ``<details>`` block."""
    if text.lstrip().startswith("{"):
        return False
    return bool(FRONT.match(text)) or bool(DETAILS_OPEN().search(text))


def subtitles(text: str) -> bool:
    """One subtitle file (SRT, WebVTT or ASS/SSA)."""
    return sniff_format(text) is not None


def subtitle_pair(text: str) -> bool:
    """Never: one text is never a pair (the command line groups two files)."""
    return False


def paired(text: str) -> bool:
    """Paired paragraphs: English paragraph(s), then Chinese ones (or the no-translation sentinel)."""
    head = text.lstrip()[:1]
    if head == "{" or text.startswith("---\n") or "<details" in text:
        return False
    if sniff_format(text):
        return False  # cues with timing lines: the subtitles reader's
    langs = {language(p) for p, _, _ in paragraphs(text.split("\n")[:400])}
    return "en" in langs and bool(langs & {"zh", "none"})
