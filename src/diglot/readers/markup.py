"""Inline markup shared by the readers: Markdown emphasis, HTML tags and entities to plain text."""

from __future__ import annotations

import html
import re

from ..lang.script import is_han

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
#: ``*word*``, also inside a word (``*S*atisfaction``, ``代表*准*确``), never between digits (``5*3``)
_ITALIC = re.compile(r"(?<![A-Za-z0-9*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?!\*)")
#: a backslash escape of Markdown punctuation (``\_``, ``\*``)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_SPACES = re.compile(r"[ \t\u00a0]+")


def plain_text(text: str) -> str:
    """*text* with Markdown emphasis, inline HTML tags and entities resolved.

    ``<br>`` becomes a line break; ``[label](url)`` keeps the label; any other
    tag is dropped but its content kept. The result holds no ``**``, ``&amp;``
    or tags.
    """
    if "<" in text:
        text = _BR.sub("\n", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "`" in text:
        text = _CODE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(r"\2", text)
    if "*" in text:
        text = _ITALIC.sub(r"\1", text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    return text


def join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph: a space between words, nothing between Han characters."""
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (is_han(out[-1]) or _is_cjk_punct(out[-1])) or out and not (is_han(line[0]) or _is_cjk_punct(line[0])):
            out += " "
        out += line
    return _SPACES.sub(" ", out).strip()


def _is_cjk_punct(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—"


def normalize_paragraph(text: str) -> str:
    """Plain text of one paragraph with its lines joined and spaces collapsed."""
    return join_lines(plain_text(text).split("\n"))
