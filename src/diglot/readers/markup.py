"""Inline markup shared by the readers: Markdown emphasis, HTML tags and entities to plain text."""

from __future__ import annotations

import re

from ..lang.script import is_han
from ..lazyre import lazy

_BR = lazy(r"<br\s*/?>", re.IGNORECASE)
#: the HTML elements a transcript's inline markup uses; ``<int>`` in ``std::vector<int>`` or
#: ``the <think> token`` is text, not a tag
HTML_ELEMENTS = frozenset(
    "a abbr address article aside audio b bdi bdo big blockquote body br button caption center cite code col "
    "colgroup dd del details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 head header hr "
    "html i iframe img input ins kbd label li link main mark meta nav noscript ol p picture pre q rp rt ruby s "
    "samp script section small source span strike strong style sub summary sup table tbody td template tfoot "
    "th thead time title tr tt u ul var video wbr".split()
)
_TAG = lazy(r"</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_COMMENT = lazy(r"<!--.*?-->", re.DOTALL)
#: a character reference that ends in ``;`` (HTML5 also resolves ``&reg`` in ``&registration``; diglot does not)
_ENTITY = lazy(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BOLD = lazy(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
#: ``*word*``, also inside a word (``*S*atisfaction``, ``代表*准*确``), never between digits (``5*3``)
_ITALIC = lazy(r"(?<![A-Za-z0-9*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*\\])\*(?!\*)")
#: a backslash escape of Markdown punctuation (``\_``, ``\*``)
_ESCAPE = lazy(r"\\([\\`*_{}\[\]()#+\-.!>|~])")
_CODE = lazy(r"`([^`\n]+)`")
#: ``[label](url)``; the URL may hold balanced parentheses (``javascript:alert(1)``)
_LINK = lazy(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_SPACES = re.compile(r"[ \t\u00a0]+")


def plain_text(text: str) -> str:
    """*text* with Markdown emphasis, inline HTML tags and entities resolved.

    ``<br>`` becomes a line break; ``[label](url)`` keeps the label; any other
    HTML element tag is dropped but its content kept, an HTML comment is
    dropped. Only real markup is markup: ``std::vector<int>``, ``the <think>
    token`` and ``Sales&registration`` are kept as written.
    """
    if "<!--" in text:
        text = _COMMENT().sub("", text)
    if "<" in text:
        text = _BR().sub("\n", text)
    if "](" in text:
        text = _LINK().sub(r"\1", text)
    if "`" in text:
        text = _CODE().sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _BOLD().sub(r"\2", text)
    if "*" in text:
        text = _ITALIC().sub(r"\1", text)
    if "<" in text:
        text = _TAG().sub(_drop_tag, text)
    if "\\" in text:
        text = _ESCAPE().sub(r"\1", text)
    if "&" in text:
        text = unescape(text)
    return text


def unescape(text: str) -> str:
    """*text* with character references that end in ``;`` resolved (``&amp;``, ``&#x4E2D;``), others kept."""
    if "&" not in text:
        return text
    import html  # only for a text with references: its entity table takes milliseconds to import

    return _ENTITY().sub(lambda m: html.unescape(m.group(0)), text)


def _drop_tag(m: re.Match[str]) -> str:
    return "" if m.group(1).lower() in HTML_ELEMENTS else m.group(0)


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
    if "  " in out or "\t" in out or "\xa0" in out:  # else every run of spaces is one space already
        out = _SPACES.sub(" ", out)
    return out.strip()


def _is_cjk_punct(ch: str) -> bool:
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "“”‘’…—"


def normalize_paragraph(text: str) -> str:
    """Plain text of one paragraph with its lines joined and spaces collapsed."""
    return join_lines(plain_text(text).split("\n"))
