"""What the EPUB's pages are made of: escaped inline XHTML, anchors, labels in the book's language, links, dates and glossary matching.

Plain functions over text, used by the page builder in :mod:`diglot.exporters.epub.book`.
"""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import quote

from ...content.chapters import CHAPTER_LABELS
from ...content.xmltext import xml_escape, xml_text
from ...lang.script import han_count
from ...lang.sentences import split_paragraphs
from ...links import http_url
from ...links import video_link as _video_link

# --------------------------------------------------------------------------- text safety

_LONG_RUN = re.compile(r"[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]{25,}")
_WBR_EVERY = 12


def _inline(text: str) -> str:
    """Escaped inline XHTML for *text*: line breaks kept, very long words breakable."""
    out: list[str] = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<br/>")
        pos = 0
        for m in _LONG_RUN.finditer(line):
            out.append(xml_escape(line[pos : m.start()]))
            run = m.group()
            out.append("<wbr/>".join(xml_escape(run[j : j + _WBR_EVERY]) for j in range(0, len(run), _WBR_EVERY)))
            pos = m.end()
        out.append(xml_escape(line[pos:]))
    return "".join(out)


def _attr(value: str) -> str:
    return xml_escape(xml_text(value), quote=True)


def _paragraphs(text: str | None) -> list[str]:
    return split_paragraphs(xml_text(text))


def _anchor(raw: str, used: set[str]) -> str:
    """An XML ID (NCName) derived from *raw*, unique within *used*."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "-", raw).strip("-.") or "x"
    if not base[0].isalpha():
        base = "x" + base
    name, n = base, 2
    while name in used:
        name, n = f"{base}-{n}", n + 1
    used.add(name)
    return name


# --------------------------------------------------------------------------- labels

_LABELS = {
    "en": {
        "contents": "Contents",
        "landmarks": "Landmarks",
        "glossary": "Glossary",
        "appendix": "Appendix",
        "title_page": "Title page",
        "start": "Start of the talk",
        **CHAPTER_LABELS["en"],
        "untranslated": "(not translated)",
        "no_original": "(original not available)",
        "source": "Source",
        "first_use": "First use",
        "in_text": "Term in the text",
        "watch": "Watch from {t}",
        "lang_en": "English",
        "lang_zh": "中文",
    },
    "zh": {
        "contents": "目录",
        "landmarks": "导览",
        "glossary": "术语表",
        "appendix": "附录",
        "title_page": "扉页",
        "start": "正文开始",
        **CHAPTER_LABELS["zh"],
        "untranslated": "（此段未翻译）",
        "no_original": "（原文缺失）",
        "source": "来源",
        "first_use": "首次出现",
        "in_text": "正文中的术语",
        "watch": "从 {t} 开始观看",
        "lang_en": "英文",
        "lang_zh": "中文",
    },
}


def _labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang.split("-")[0].lower(), _LABELS["en"])


def _lang_name(lang: str, ui: str) -> str:
    return _labels(ui).get("lang_" + lang.split("-")[0].lower(), lang)


# --------------------------------------------------------------------------- links


def _http_url(url: str | None) -> str | None:
    """*url* if it is a web address (:func:`diglot.links.http_url`), percent-encoded for an XHTML attribute."""
    checked = http_url(xml_text(url)) if url else None
    return quote(checked, safe=":/?#[]@!$&'()*+,;=%~-._") if checked else None


def video_link(url: str | None, ms: int) -> str | None:
    """*url* opening at *ms* (:func:`diglot.links.video_link`), or ``None`` if *url* is not http(s)."""
    checked = _http_url(url)
    return _video_link(checked, ms) if checked else None


def _has(text: str | None) -> bool:
    return bool(text) and bool(xml_text(text).strip())


def _role(side: str) -> str:
    return "src" if side == "source" else "tgt"


def _source_needles(source: str | None) -> tuple[str, ...]:
    text = " ".join(xml_text(source).split())
    if not text:
        return ()
    needles = [text]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", text)
    if m:
        needles += [n.strip() for n in m.groups() if n.strip()]
    for quoted in _quoted(text):
        needles.append(quoted.strip())
    seen: list[str] = []
    for n in needles:
        if n and n not in seen:
            seen.append(n)
    return tuple(seen)


_QUOTES = "\"“”'"


def _quoted(text: str) -> list[str]:
    """What ``re.findall(r"[\"“”']([^\"“”']+)[\"“”']", text)`` gives: the text between two quote marks.

    Scanned by hand: that pattern's class of curly quotes takes about a
    millisecond to compile, for a handful of glossary terms.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i] in _QUOTES:
            j = i + 1
            while j < n and text[j] not in _QUOTES:
                j += 1
            if j == n:
                break  # no closing quote: nothing further can match
            if j > i + 1:
                out.append(text[i + 1 : j])
                i = j + 1
                continue
        i += 1
    return out


def _find(text: str, needles: tuple[str, ...]) -> tuple[int, int] | None:
    """Span of the first needle found in *text* (Latin needles match whole words, any case)."""
    if not text:
        return None
    for needle in needles:
        if not needle:
            continue
        if han_count(needle):
            pos = text.find(needle)
            if pos >= 0:
                return pos, pos + len(needle)
            continue
        m = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text, re.IGNORECASE)
        if m:
            return m.span()
    return None


def _valid_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(xml_text(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def _long_date(iso: str, lang: str) -> str:
    d = _dt.date.fromisoformat(iso)
    if lang.lower().startswith("zh"):
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"  # not strftime: locale-independent


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
