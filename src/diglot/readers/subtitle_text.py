"""The text of one subtitle cue: markup stripped, sound descriptions set apart, languages told apart.

A cue of a bilingual subtitle holds an English block and a Chinese block, in
either order, one or several lines each. This module turns the raw lines of
a cue (SRT, WebVTT or ASS) into :class:`CueText`: the English text, the
Chinese text and the sound descriptions (``[Music]``, ``♪ … ♪``,
``(laughs)``, ``[笑声]``) it held, which are not speech and must not become
sentences or cards.

Markup removed: HTML-like tags (``<i>``, ``<font color=…>``, ``<b>``), WebVTT
class, voice and language spans, ASS override blocks (``{\\an8}``,
``{\\fs12\\c&H…&}``), ASS escapes (``\\N``, ``\\n``, ``\\h``), entities and
leading dialogue dashes (``- ``) or ``>>`` speaker marks. A WebVTT span that
names its language (``<c.zh>``, ``<c.en>``, ``<lang zh-Hans>``) decides the
language of its text; otherwise each line's script decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..cuefile import ASS_BREAK
from ..lang.script import dominant_script, han_count, latin_count
from ..lang.sentences import ENGLISH_END
from .markup import unescape

_ASS_BLOCK = re.compile(r"\{\\[^{}]*\}|\{\*?\\[^}]*\}")
_ASS_HARD_SPACE = re.compile(r"\\h")
_LANG_SPAN = re.compile(r"<(?:c\.(?P<cls>[\w.-]+)|lang\s+(?P<tag>[\w-]+))>(?P<body>.*?)</(?:c|lang)>", re.DOTALL)
#: subtitle markup only (SRT/WebVTT/SSA tags, cue timestamps): ``<think>`` or ``std::vector<int>`` is text
_TAG = re.compile(
    r"</?(?:[ibus]|c|v|lang|ruby|rt|font|span|br)(?:[\s./][^<>]*)?>|<\d{1,2}:\d{2}[:.\d]*>", re.IGNORECASE
)
_DASH = re.compile(r"^\s*(?:[-‐–—]\s+|-(?=[^\s\da-z.,-])|>>\s*)")
_MUSIC = re.compile(r"[♪♫]")
#: sound descriptions in brackets anywhere: [Music], [笑声], 【音乐】, ［掌声］
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,60}\]|［[^［］\n]{1,30}］|【[^【】\n]{1,30}】")
#: a parenthesised description alone on a line, or 1-3 words at its start: (laughs), (APPLAUSE), （笑）
_PAREN_LINE = re.compile(r"^\s*(?:\([^()\n]{1,60}\)|（[^（）\n]{1,30}）)\s*$")
_PAREN_LEAD = re.compile(r"^\s*(\((?:[A-Za-z'’-]+\s?){1,3}\)|（[^（）\n]{1,8}）)\s*")
#: Chinese sound descriptions: a parenthesis in Chinese text is usually a gloss, "（规模化）"
_ZH_SOUND = re.compile(r"笑|掌声|鼓掌|音乐|歌声|叹气|咳|欢呼|喝彩|沉默|停顿|噪音|铃声|喘气|哭")

_FULLWIDTH = re.compile(r"[，。！？、；：（）「」『』“”《》]")
_ASIDE_WORDS = frozenset(
    "which that and or but so as who whom whose where when if of in on for to from with by is are was it its "
    "this these those we you i he she they the a an not no i.e. e.g. etc or".split()
)
#: small English words a Chinese line quoting names does not hold
_FUNCTION_WORDS = frozenset("the a an and or but of in on at to for with from by is are was were be it this that".split())
_WORD = re.compile(r"[A-Za-z]+")
_ZH_CLASSES = ("zh", "chs", "cht", "chi", "cn", "chinese", "sc", "tc")
_EN_CLASSES = ("en", "eng", "english")


@dataclass(frozen=True, slots=True)
class CueText:
    """What one cue says: English text, Chinese text, and sound descriptions."""

    source: str = ""
    target: str = ""
    sounds: tuple[str, ...] = ()
    #: the cue began with a dialogue dash or ``>>``: a new speaker starts here
    speaker_change: bool = False
    #: lines whose language could not be told (no letters): kept with their neighbours
    unknown: tuple[str, ...] = ()
    #: every speech line in file order, whatever its language (for a one-language file)
    lines: tuple[str, ...] = ()


def ass_to_lines(text: str) -> list[str]:
    """ASS event text as lines: override blocks dropped, ``\\N`` breaks split, ``\\h`` a space."""
    text = _ASS_BLOCK.sub("", text)
    text = _ASS_HARD_SPACE.sub(" ", text)
    return ASS_BREAK.split(text)


def _language_of_span(cls: str | None, tag: str | None) -> str | None:
    name = (tag or cls or "").lower()
    for part in re.split(r"[.\-_]", name):
        if part in _ZH_CLASSES:
            return "zh"
        if part in _EN_CLASSES:
            return "en"
    return None


def _plain(line: str) -> str:
    line = _ASS_BLOCK.sub("", line)
    line = _TAG.sub("", line)
    # only references that end in ";": "Sales&registration" is not "Sales®istration"
    return unescape(line).replace("\u200b", "").replace("\xa0", " ")


def _sounds_of(line: str, sounds: list[str]) -> str:
    """*line* without its sound descriptions, which are appended to *sounds*."""
    stripped = line.strip()
    if not stripped:
        return ""
    if _MUSIC.search(stripped):
        sounds.append(stripped)  # lyrics and music notes: not speech
        return ""
    if _PAREN_LINE.match(stripped) and _looks_like_description(stripped):
        sounds.append(stripped)
        return ""
    for m in _BRACKETED.finditer(stripped):
        sounds.append(m.group(0))
    stripped = _BRACKETED.sub(" ", stripped).strip()
    lead = _PAREN_LEAD.match(stripped)
    if lead and _looks_like_description(lead.group(1)):
        sounds.append(lead.group(1))
        stripped = stripped[lead.end():]
    return " ".join(stripped.split())


def _looks_like_description(paren: str) -> bool:
    """``(laughs)``, ``(APPLAUSE)``, ``（笑）``: lowercase or capitals, no sentence inside."""
    inner = paren.strip("()（）").strip()
    if not inner:
        return False
    if han_count(inner):
        return bool(_ZH_SOUND.search(inner)) and len(inner) <= 8
    words = inner.split()
    if inner.isupper():
        return len(words) <= 6  # (APPLAUSE), (SPEAKING FRENCH)
    # (laughs), (door closes); not an aside in speech: (which is true), (i.e. the model)
    return inner.islower() and len(words) <= 3 and words[0].strip("'’") not in _ASIDE_WORDS


def split_cue(lines: list[str] | tuple[str, ...]) -> CueText:
    """The English text, Chinese text and sound descriptions of a cue's raw *lines*."""
    tagged: list[tuple[str | None, str]] = []  # (language from a span or None, plain line)
    # "\N" breaks lines in SRT converted from ASS too
    for raw in (part for line in lines for part in ASS_BREAK.split(line)):
        spans = list(_LANG_SPAN.finditer(raw))
        if spans:
            rest = _LANG_SPAN.sub("\n", raw)
            for m in spans:
                tagged.append((_language_of_span(m.group("cls"), m.group("tag")), _plain(m.group("body"))))
            tagged.extend((None, _plain(part)) for part in rest.split("\n"))
        else:
            tagged.append((None, _plain(raw)))
    sounds: list[str] = []
    speaker_change = False
    items: list[tuple[str | None, str]] = []
    for lang, line in tagged:
        if _DASH.match(line) and line.strip() not in ("-", "--"):
            speaker_change = speaker_change or not items
            line = _DASH.sub("", line)
        text = _sounds_of(line, sounds)
        if _DASH.match(text) and text.strip() not in ("-", "--"):  # "(laughs) - Right."
            speaker_change = speaker_change or not items
            text = _DASH.sub("", text)
        if text:
            items.append((lang, text))
    en: list[str] = []
    zh: list[str] = []
    unknown: list[str] = []
    last: str | None = None
    pending: list[str] = []  # lines without letters, waiting for a neighbour's language
    labels = _languages(items)
    for (_, text), lang in zip(items, labels):
        if lang is None:
            pending.append(text)
            continue
        side = zh if lang == "zh" else en
        if pending:
            (zh if (last or lang) == "zh" else en).extend(pending)
            unknown.extend(pending)
            pending = []
        side.append(text)
        last = lang
    if pending:
        # a cue of digits or punctuation only: English side, unless the cue is Chinese
        (zh if last == "zh" else en).extend(pending)
        unknown.extend(pending)
    return CueText(
        source=" ".join(en),
        target=join_chinese(zh),
        sounds=tuple(sounds),
        speaker_change=speaker_change,
        unknown=tuple(unknown),
        lines=tuple(text for _, text in items),
    )


def _reads_english(text: str, han: int) -> bool:
    """Whether *text*, a line with a few Han characters, is English: English words around them, two of them
    small function words ("and", "the"), and four Latin letters or more to each Han character. A Chinese line
    dense with names ("Ilya Sutskever 认为 Scaling 时代") has no such words."""
    return latin_count(text) >= 4 * han and sum(w in _FUNCTION_WORDS for w in _WORD.findall(text)) >= 2


def _languages(items: list[tuple[str | None, str]]) -> list[str | None]:
    """The language of each line: a span's, else its script's, else its neighbours' (None: no letters).

    A line with Han characters is the Chinese side (which keeps names such as
    "Oriel Vinyals 和 Kwok Lee，"), unless another line of the cue is plainly
    Chinese and this one is mostly Latin with a stray Han character, or reads
    as English around a few ("astral Han 𠀀𪚥 and combining marks"). An acronym on
    a line of its own where the English block ends with a full sentence and the
    Chinese block begins ("SSI" wrapped off "SSI（Safe …）") starts the Chinese.
    """
    has_han_line = any(dominant_script(text) == "han" for lang, text in items if lang is None)
    labels: list[str | None] = []
    for lang, text in items:
        if lang is None:
            han = han_count(text)
            if han and (
                dominant_script(text) == "han" or not has_han_line or _FULLWIDTH.search(text) or (han >= 2 and not _reads_english(text, han))
            ):
                lang = "zh"
            elif not han and _FULLWIDTH.search(text):
                lang = "zh"  # "SSI（Safe Superintelligence Inc.）" wrapped onto a line of its own
            else:
                lang = "en" if latin_count(text) else None
        labels.append(lang)
    for i in range(1, len(items) - 1):
        text = items[i][1]
        if items[i][0] is not None or labels[i] != "en" or len(text.split()) > 3 or ENGLISH_END().search(text):
            continue
        before, after = labels[i - 1], labels[i + 1]
        prev_text = items[i - 1][1]
        if before == "en" and after == "zh" and ENGLISH_END().search(prev_text) and not any(c.islower() for c in text):
            labels[i] = "zh"
    return labels


def join_chinese(parts: list[str]) -> str:
    """Chinese lines joined with nothing, except a space between two pieces of Latin text."""
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out
