"""Glossary annotations written into the running text of a post.

``**评估指标**（evals: 用于衡量…）``, ``“**氛围编程**”（vibe coding: …）``,
``“奖励投机”（reward hacking）``: the term stays in the text, the parenthesised
note goes to the glossary. The note's shapes are listed in :data:`SHAPES` (one
pattern each, tried in order; the tests walk the same table). A gloss of a
pronoun or function word (``“那个东西”（it）``) is not a glossary term: it is
left in the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..lang.script import han_count
from ..lazyre import LazyPattern, lazy
from ..model import Term
from .markup import plain_text

#: an annotated term in Markdown: bold (optionally quoted) or quoted, then a full-width parenthesis
TERM = re.compile(
    r"(?P<q1>[“\"]?)\*\*(?P<b>[^*\n]{1,40}?)\*\*(?P<q2>[”\"]?)（(?P<bp>[^（）\n]{1,400})）"
    r"|“(?P<q>[^“”*\n]{1,30})”（(?P<qp>[A-Za-z0-9][^（）\n]{0,200})）"
)

_LATIN = r"[A-Za-z0-9][A-Za-z0-9 .,'’\"&/+\-]*?"

#: Shapes of a note: name, pattern, and how its groups become (English term, definition).
SHAPES: tuple[tuple[str, LazyPattern, Callable[[re.Match[str]], tuple[str | None, str | None]]], ...] = (
    # Capital Expenditure, 简称 capex / …, 简称 DRAM: 一种内存 — the abbreviation note is Chinese: a definition
    (
        "long, 简称 short",
        lazy(rf"^(?P<long>[A-Za-z]{_LATIN})\s*[,，]\s*(?P<d>(?:简称|缩写|又称|即)\s*.+)$", re.S),
        lambda m: (m["long"].strip(), m["d"].strip()),
    ),
    # Dynamic Random Access Memory, DRAM: 一种内存
    (
        "long, short: definition",
        lazy(rf"^(?P<long>[A-Za-z]{_LATIN})\s*[,，]\s*(?P<short>[A-Za-z0-9][A-Za-z0-9.\-]{{0,15}})\s*[:：]\s*(?P<d>.+)$", re.S),
        lambda m: (f"{m['long'].strip()} ({m['short']})", m["d"].strip()),
    ),
    # Capital Expenditure, capex
    (
        "long, short",
        lazy(rf"^(?P<long>[A-Za-z]{_LATIN})\s*[,，]\s*(?P<short>[A-Za-z0-9][A-Za-z0-9.\-]{{0,15}})$"),
        lambda m: (f"{m['long'].strip()} ({m['short']})", None),
    ),
    # RL: Reinforcement Learning，一种机器学习方法
    (
        "short: long, definition",
        lazy(r"^(?P<short>[A-Za-z0-9][A-Za-z0-9.\-]{0,15})\s*[:：]\s*(?P<long>[A-Za-z][A-Za-z0-9 .'’\-]*[A-Za-z0-9.])\s*[，,]\s*(?P<d>.+)$", re.S),
        lambda m: (f"{m['short']} ({m['long'].strip()})", m["d"].strip()),
    ),
    # evals: 用于衡量 AI 模型性能的基准测试 / 996: 指早九晚九
    (
        "english: definition",
        lazy(rf"^(?P<en>{_LATIN})\s*[:：]\s*(?P<d>.+)$", re.S),
        lambda m: (m["en"].strip(), m["d"].strip()),
    ),
    # reward hacking / April Fools’ / the "it" factor
    (
        "english only",
        lazy(r"^[A-Za-z0-9][A-Za-z0-9 .,'’\"&/+\-()]*$"),
        lambda m: (m.group(0).strip(), None),
    ),
    # 一种…方法 (definition only)
    ("definition only", lazy(r"^(?P<d>.+)$", re.S), lambda m: (None, m["d"].strip())),
)

#: glosses that name no concept: a pronoun or function word is not a glossary term
FUNCTION_WORDS = frozenset(
    "it its this that these those they them their he him his she her hers we us our you your i me my "
    "one ones thing things stuff something someone there here so well like a an the of and or but "
    "to in on at for with as be is are was were do does did not no yes".split()
)


def gloss(term: str, note: str) -> Term | None:
    """The glossary entry for *term* annotated with *note*, or None for a function-word gloss."""
    note = plain_text(note).strip()
    for _name, pattern, build in SHAPES:
        m = pattern().match(note)
        if not m:
            continue
        source, definition = build(m)
        if source is not None and han_count(source):
            continue  # Chinese in the "English" part: a later shape fits better
        if source and not definition and source.lower().strip(" .'’\"") in FUNCTION_WORDS:
            return None
        return Term(target=term, source=source or None, definition=definition or None)
    return Term(target=term, definition=note or None)


def extract_terms(text: str) -> tuple[str, list[tuple[Term, str]]]:
    """Pull glossary annotations out of Markdown *text*; the term itself stays.

    Returns the text and, for each annotation removed, the term and the note as
    written. A function-word gloss stays in the text untouched.
    """
    found: list[tuple[Term, str]] = []
    if "（" not in text:  # every annotation has its note in full-width parentheses
        return text, found

    def repl(m: re.Match[str]) -> str:
        if m.group("b") is not None:
            term_text = plain_text(m.group("b")).strip()
            note = m.group("bp")
            kept = f"{m.group('q1')}{term_text}{m.group('q2')}"
        else:
            term_text = plain_text(m.group("q")).strip()
            note = m.group("qp")
            kept = f"“{term_text}”"
        entry = gloss(term_text, note)
        if entry is None:
            return f"{kept}（{note}）"
        found.append((entry, note))
        return kept

    return TERM.sub(repl, text), found
