"""Speaker labels and speaker-change marks in transcript paragraphs.

* ``**Name:**``, ``**Name**:``, ``**Name：**`` (bold) are labels wherever they
  open a paragraph;
* ``Name: `` / ``主持人小王：`` without bold is a label only when the same
  short name opens several paragraphs of the post, or is already known as a
  speaker (a bold label elsewhere, the front matter's ``speaker``/``guest``);
  a one-off ``注意：`` is text;
* ``>>`` marks a change of speaker, at the start of a paragraph, in the middle
  of one, or right after a label (``Kyra: >> Hi.``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..lazyre import lazy

#: what may open a labelled paragraph: white space and a ``>>`` speaker mark (or its escaped form)
_LEAD_SRC = r"\s*(?:(?:>>|&gt;&gt;)\s*)?"
#: a Latin name of up to three words, and the colon after a plain label
_LATIN_NAME_SRC = r"[A-Z][A-Za-z.'\-]{0,20}(?: [A-Z][A-Za-z.'\-]{0,20}){0,2}"
_COLON_SRC = r"\s*(?P<colon>[:：])(?!//)\s*"
BOLD_LABEL = re.compile(rf"^{_LEAD_SRC}\*\*\s*([^*\n:：]{{1,40}}?)\s*(?:[:：]\s*\*\*|\*\*\s*[:：])\s*")
#: a short name and a colon at the start of a paragraph (the candidates for unbolded labels)
_PLAIN_LABEL = lazy(
    rf"^{_LEAD_SRC}"
    rf"(?P<name>[\u3400-\u9fff·]{{1,8}}|{_LATIN_NAME_SRC}"
    r"|[A-Z][A-Za-z.'\-]{0,20}[\u3400-\u9fff]{0,4}|[\u3400-\u9fff]{1,6}[A-Z][A-Za-z]{0,12})"
    + _COLON_SRC
)
#: :data:`_PLAIN_LABEL` for a text without a character of ``[\u3400-\u9fff]``, where it matches exactly as this
#: does: its Han-led alternative can only match ``·``, the Han tail of ``Name汉`` only nothing, and the
#: Han-then-Latin one never (its three Han classes take about 6 ms to compile; an English line needs none)
_PLAIN_LABEL_NO_HAN = lazy(rf"^{_LEAD_SRC}(?P<name>·{{1,8}}|{_LATIN_NAME_SRC}|[A-Z][A-Za-z.'\-]{{0,20}})" + _COLON_SRC)
#: what precedes the name in :data:`_PLAIN_LABEL` (the name starts where this greedy match ends, or nowhere)
_LEAD = re.compile(_LEAD_SRC)
#: ``>>`` (or its escaped form) marking a change of speaker: at the start, after
#: a space or after sentence punctuation
SPEAKER_MARK = re.compile(r"(?:(?<=^)|(?<=\s)|(?<=[.!?。！？”\"]))(?:>>|&gt;&gt;)(?!>)[ \t]*")
#: how often a name must open a paragraph to count as an unbolded label
MIN_PLAIN_LABELS = 2
#: words that open notes, not turns, however often they recur
NOT_SPEAKERS = frozenset(
    "Note Notes NB Warning Caution Update Edit PS Tip Example Source Sources Summary Translation TLDR Disclaimer "
    "注意 注 提示 备注 更新 编者按 编者注 译者注 译注 来源 摘要 总结 免责声明 警告 示例 例如 链接 "
    "比如 首先 其次 然后 最后 另外 总之 结论 原因 问题 答案 要点 背景 目标 方法 结果 关键 重点 定义 参考 原文 译文 "
    "第一 第二 第三 一是 二是 三是 Step Q1 Q2 Answer Question Key Result Results Goal Background Conclusion".split()
)


def plain_label_names(paragraph_starts: Iterable[str], known: Iterable[str] = ()) -> set[str]:
    """Names that open several paragraphs with a colon (unbolded labels), plus known speakers."""
    counts: Counter[str] = Counter()
    for text in paragraph_starts:
        m = match_plain_label(text)
        if m:
            counts[m.group("name")] += 1
    known_set = {k.strip() for k in known if k and k.strip()}
    return {
        name for name, n in counts.items() if (n >= MIN_PLAIN_LABELS and name not in NOT_SPEAKERS) or name in known_set
    }


def match_plain_label(text: str) -> re.Match[str] | None:
    """``_PLAIN_LABEL.match(text)``: a short name and a colon opening *text* (a candidate unbolded label), or None.

    Only a text whose name would start with a capital, ``·`` or a Han character, and that holds a colon, can
    match; of those, one without Han characters is matched without compiling the Han classes.
    """
    if ":" not in text and "：" not in text:
        return None
    lead = _LEAD.match(text)
    assert lead is not None  # it matches the empty string
    first = text[lead.end() : lead.end() + 1]
    if "\u3400" <= first <= "\u9fff":
        return _PLAIN_LABEL().match(text)
    if not ("A" <= first <= "Z" or first == "·"):
        return None
    if any("\u3400" <= ch <= "\u9fff" for ch in text):
        return _PLAIN_LABEL().match(text)
    return _PLAIN_LABEL_NO_HAN().match(text)


def split_label(paragraph: str, plain_names: set[str]) -> tuple[str | None, str, str]:
    """``(speaker, rest, label as written)`` for a paragraph; speaker None when it has no label."""
    m = BOLD_LABEL.match(paragraph) if "**" in paragraph else None  # (a bold label needs its "**")
    if m:
        from .markup import plain_text

        return plain_text(m.group(1)).strip(), paragraph[m.end():], m.group(0)
    if plain_names:
        m = match_plain_label(paragraph)
        if m and m.group("name") in plain_names:
            return m.group("name"), paragraph[m.end():], m.group(0)
    return None, paragraph, ""


def split_marks(text: str) -> tuple[list[str], int]:
    """*text* cut at its ``>>`` speaker-change marks: the parts (blank ones dropped) and the mark count."""
    if ">>" not in text and "&gt;&gt;" not in text:  # no mark (most paragraphs): what the split gives, without its scan
        return ([text] if text.strip() else []), 0
    parts = SPEAKER_MARK.split(text)
    marks = len(parts) - 1
    return [p for p in parts if p.strip()], marks


def starts_with_mark(text: str) -> bool:
    return bool(re.match(r"\s*(?:>>|&gt;&gt;)", text))
