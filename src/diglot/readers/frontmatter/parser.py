"""Line-by-line parse of a front-matter post's body into raw turns.

A turn is the Chinese paragraph(s) before a ``<details>`` block and the
English paragraph(s) inside it. This layer only finds the structure (turns,
sections, rules) and repairs broken markup; labels, annotations and sound
cues are resolved when the turns become segments (:mod:`.turns`). Every
repair is a notice with its line; every piece of text it recognises as
markup rather than content (a ``<summary>`` caption) is recorded in
:attr:`Parser.discarded` for the coverage check.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ...lang.script import first_han, han_count
from ...model import Notice, Origin, Section
from ..markup import normalize_paragraph
from ..tags import repair_tags

_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?!#)(\s*)(.*?)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_QUOTE = re.compile(r"^\s{0,3}>(?!>)[ \t]?")
_DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
#: ``<summary …>``, also with its ``>`` lost (``<summary View/Hide…</summary>``)
_SUMMARY_OPEN = re.compile(r"<summary\b(?:[^<>\n]*>|[ \t]*(?=[^<>\n]*<))", re.IGNORECASE)
#: what ends a summary: its closing tag, a </p> typed for it, a <p> or </details> after a missing close
_SUMMARY_END = re.compile(r"</summary\s*>|</p\s*>|(?=<p\b)|(?=</details\s*>)", re.IGNORECASE)
#: (a line is searched for a tag only when it holds the tag's start, ``_..._AT`` below, in every case ``re``
#: folds to it: ``<d``/``<D``, ``<p``/``<P``; ``<s``, ``<S`` and ``<ſ``, which is an ``s`` to ``re.IGNORECASE``:
#: ``re._casefix`` adds no other letter to ``d``, ``p`` or ``s``)
_P_TAG = re.compile(r"(<p\b[^>]*>|</p\s*>)", re.IGNORECASE)
_P_OPEN = re.compile(r"<p\b[^>]*>", re.IGNORECASE)
_P_CLOSE = re.compile(r"</p\s*>", re.IGNORECASE)
_P_ENGLISH = re.compile(r"<p\b[^>]*english-text[^>]*>", re.IGNORECASE)
#: the starts a line must hold for each pattern above to match in it (tests/readers/test_shortcuts.py checks them)
_DETAILS_OPEN_AT = ("<d", "<D")
_DETAILS_CLOSE_AT = ("</d", "</D")
_P_OPEN_AT = ("<p", "<P")
_P_CLOSE_AT = ("</p", "</P")
_P_TAG_AT = _P_OPEN_AT + _P_CLOSE_AT
_SUMMARY_OPEN_AT = ("<s", "<S", "<\u017f")


def _holds(text: str, starts: tuple[str, ...]) -> bool:
    """Whether *text* holds one of *starts* (``<`` looked for first: most lines have none)."""
    if "<" not in text:
        return False
    for start in starts:
        if start in text:
            return True
    return False


#: a <summary> caption ("View/Hide Original English") is short; longer text is content
_CAPTION_WORDS = 6
#: ``</`` not followed by a tag name: the remains of a lost closing tag
_BROKEN_CLOSE = re.compile(r"</(?![A-Za-z/])")


class Turn:
    """One turn as the parser collects it (a plain class: a dataclass costs start-up to create)."""

    __slots__ = ("zh", "en", "first", "last", "repaired", "section", "after_rule", "details")

    def __init__(self) -> None:
        self.zh: list[tuple[str, int]] = []  # (paragraph text, first line)
        self.en: list[tuple[str, int]] = []
        self.first = 0
        self.last = 0
        self.repaired = False
        self.section: str | None = None
        self.after_rule = False  # a thematic break came before it
        self.details = False  # it had a <details> block


class HeadingEvidence(NamedTuple):
    """What the post says about its own headings (for glued headings)."""

    known_titles: list[str]
    lengths: list[int]
    labels: set[str]


def _glued(raw: str, typical: float | None) -> bool:
    """:func:`~diglot.readers.headings.looks_glued`, imported for the first heading written without a space
    after its hashes (most posts have none: the module and its patterns are not loaded for them)."""
    from ..headings import looks_glued

    return looks_glued(raw, typical)


class Parser:
    def __init__(self, file: str, evidence: HeadingEvidence) -> None:
        self.file = file
        self.evidence = evidence
        self.notices: list[Notice] = []
        self.discarded: list[str] = []
        self.sections: list[Section] = []
        self.section: str | None = None
        self.turns: list[Turn] = []
        self.turn = Turn()
        self.in_details = False
        self.orphan_p = False  # inside a <p class="english-text"> found after its block
        self.in_summary = False
        self.summary: list[str] = []
        self.summary_line = 0
        self.para: list[str] = []
        self.para_line = 0
        self.details_line = 0

    def warn(self, line: int, message: str) -> None:
        self.notices.append(Notice(self.file, line, message))

    # paragraphs ---------------------------------------------------------
    def add_text(self, text: str, line: int) -> None:
        if not text.strip():
            return
        if not self.para:
            self.para_line = line
        if not self.turn.first:
            self.turn.first = line
        self.para.append(text)
        self.turn.last = max(self.turn.last, line)

    def end_para(self) -> None:
        if not self.para:
            return
        text = "\n".join(self.para)
        (self.turn.en if self.in_details else self.turn.zh).append((text, self.para_line))
        self.para = []

    def end_turn(self) -> None:
        self.end_para()
        t = self.turn
        if t.zh or t.en:
            t.section = t.section or self.section
            self.turns.append(t)
        self.turn = Turn()

    def finish(self) -> None:
        if self.in_summary:
            self._close_summary(self.summary_line, "end of file")
        if self.in_details:
            self.warn(self.details_line, "<details> block never closed; closed it at the end of the file")
            self.end_para()
            self.in_details = False
        self.end_turn()

    # lines --------------------------------------------------------------
    def feed(self, raw: str, no: int) -> None:
        line, repairs = repair_tags(raw)
        for written, meant in repairs:
            self.warn(no, f"misspelt or lookalike tag {written!r} read as {meant!r}")
            self.discarded.append(written)
        if not self.in_details and not self.in_summary:
            outside = self._outside_prefix(line, no)
            if outside is None:
                return
            line = outside
        self._feed(line, no)

    def _outside_prefix(self, line: str, no: int) -> str | None:
        """Blockquote markers and thematic breaks, which only mean something outside a block."""
        if _RULE.match(line):
            self.end_para()
            if not (self.turn.zh or self.turn.en):
                self.turn.after_rule = True
            return None
        if _QUOTE.match(line):
            while _QUOTE.match(line):
                line = _QUOTE.sub("", line, count=1)
            if not line.strip():
                self.end_para()
                return None
        return line

    def _feed(self, line: str, no: int) -> None:
        while True:
            if self.in_summary:
                rest = self._feed_summary(line, no)
                if rest is None:
                    return
                line = rest
                continue
            if self.in_details:
                rest = self._feed_details(line, no)
                if rest is None:
                    return
                line = rest
                continue
            rest = self._feed_outside(line, no)
            if rest is None:
                return
            line = rest

    def _feed_summary(self, line: str, no: int) -> str | None:
        m = _SUMMARY_END.search(line) if "<" in line else None
        if not m:
            self.summary.append(line)
            return None
        self.summary.append(line[: m.start()])
        tag = m.group(0).lower() or ("<p>" if line[m.end():m.end() + 2].lower() == "<p" else "</details>")
        self._close_summary(no, tag)
        return line[m.end():]

    def _close_summary(self, no: int, how: str) -> None:
        """End a <summary>: its caption is markup; Chinese caught in a broken tag inside it is content."""
        self.in_summary = False
        text = "\n".join(self.summary)
        self.summary = []
        if how.startswith("</p"):
            self.warn(no, "<summary> closed with </p>: read it as </summary>")
        elif not how.startswith("</summary"):
            self.warn(no, f"<summary> not closed before {how!r}: closed it there")
        cut = _BROKEN_CLOSE.search(text)
        han_at = first_han(text)
        if cut is not None or han_at is not None:
            start = cut.start() if cut is not None else han_at or 0
            caption, caught = text[:start], text[start:]
            caught = _BROKEN_CLOSE.sub("", caught).strip().rstrip(">").strip()
            if caught:
                self.warn(
                    no,
                    f"text caught inside a broken <summary> tag: {caught[:30]!r} kept as this turn's "
                    + ("translation" if han_count(caught) else "English original"),
                )
                if han_count(caught):
                    self.turn.zh.append((caught, self.summary_line))
                else:
                    self.turn.en.append((caught, self.summary_line))
                self.turn.last = max(self.turn.last, no)
            text = caption
        if len(text.split()) > _CAPTION_WORDS:
            # more than a caption ("View/Hide Original English"): the original typed into the summary
            self.warn(no, f"English text inside <summary>: {text.strip()[:30]!r}… kept as this turn's original")
            self.turn.en.append((text, self.summary_line))
        elif text.strip():
            self.discarded.append(text)

    def _feed_outside(self, line: str, no: int) -> str | None:
        """Consume *line* outside a block; return the remainder after a tag that changed the state, else None."""
        # each pattern is searched for only in a line holding its start (see _holds)
        m_open = _DETAILS_OPEN.search(line) if _holds(line, _DETAILS_OPEN_AT) else None
        m_close = _DETAILS_CLOSE.search(line) if _holds(line, _DETAILS_CLOSE_AT) else None
        m_en = _P_ENGLISH.search(line) if _holds(line, _P_OPEN_AT) else None
        first = min((m for m in (m_open, m_close, m_en) if m), key=lambda m: m.start(), default=None)
        if first is not None and first is m_close:
            before, after = line[: m_close.start()], line[m_close.end():]
            self.warn(no, "stray </details> outside a <details> block; ignored the tag")
            self._feed_outside(before, no)
            return after
        if first is not None:
            before, after = line[: first.start()], line[first.end():]
            self._feed_outside(before, no)
            self.end_para()
            if first is m_en:
                self._reopen_for_english(no)
            self.in_details = True
            self.turn.details = True
            self.details_line = no
            self.turn.first = self.turn.first or no
            return after
        if not line.strip():
            self.end_para()
            return None
        h = _HEADING.match(line)
        if h and not self.para:
            self._heading(h, no)
            return None
        self.add_text(line, no)
        return None

    def _reopen_for_english(self, no: int) -> None:
        """A <p class="english-text"> outside any block: English of the turn above, wherever it stands."""
        self.orphan_p = True
        if self.turn.zh or not self.turns:
            self.warn(no, "English paragraph (<p class=\"english-text\">) outside a <details> block: read it as this turn's original")
            return
        self.turn = self.turns.pop()
        self.warn(no, "English paragraph (<p class=\"english-text\">) after its </details>: attached it to the turn above")

    def _heading(self, h: re.Match[str], no: int) -> None:
        self.end_turn()
        raw = h.group(3)
        title = normalize_paragraph(raw)
        rest = ""
        if not h.group(2) and title and _glued(raw, _median(self.evidence.lengths)):
            from ..headings import split_glued

            cut = split_glued(raw, self.evidence.known_titles, self.evidence.lengths, self.evidence.labels)
            if cut is not None and cut.title:
                title, rest = normalize_paragraph(cut.title), cut.rest
                self.warn(no, f"heading glued to its text: cut it as title {title!r} + text, from {cut.evidence}")
        sid = f"sec-{len(self.sections) + 1:02d}"
        self.sections.append(Section(sid, title or f"Section {len(self.sections) + 1}", Origin(self.file, no, no)))
        self.section = sid
        self.turn.section = sid
        if rest:
            self.add_text(rest, no)

    def _feed_details(self, line: str, no: int) -> str | None:
        """Consume *line* inside a block; return the remainder to feed again once the block closed, else None."""
        # each pattern is searched for only in a line holding its start (see _holds)
        if self.orphan_p:
            m_close = _P_CLOSE.search(line) if _holds(line, _P_CLOSE_AT) else None
        else:
            m_close = _DETAILS_CLOSE.search(line) if _holds(line, _DETAILS_CLOSE_AT) else None
        m_broken = _BROKEN_CLOSE.search(line) if "</" in line else None
        m_open = _DETAILS_OPEN.search(line) if _holds(line, _DETAILS_OPEN_AT) else None
        cut = [m for m in (m_close, m_broken, m_open) if m]
        if cut:
            first = min(cut, key=lambda m: m.start())
            self._details_text(line[: first.start()], no)
            if self.in_summary:  # the summary swallowed the line: the block's end is handled there
                return line[first.start():]
            self.end_para()
            self.in_details = False
            self.orphan_p = False
            if first is m_broken:
                self.warn(
                    no,
                    "broken closing tag '</' followed by text: closed the <details> block and read the text "
                    "as the next turn's translation (its speaker label was lost)",
                )
                self.end_turn()
                self.turn.repaired = True
                self.turn.first = no
                return line[first.end():]
            if first is m_open:
                self.warn(no, "<details> opened before the previous one was closed; closed the previous one there")
                self.end_turn()
                return line[first.start():]
            self.end_turn()
            return line[first.end():]
        self._details_text(line, no)
        return None

    def _details_text(self, text: str, no: int) -> None:
        m_open = _SUMMARY_OPEN.search(text) if _holds(text, _SUMMARY_OPEN_AT) else None
        if m_open:
            self._details_text(text[: m_open.start()], no)
            self.end_para()
            self.in_summary = True
            self.summary_line = no
            tag = m_open.group(0)
            if han_count(tag):
                # text typed inside the tag itself (<summary 我们在伦敦…>): summary text, caught below
                self.warn(no, "text inside a <summary …> tag: read the tag as <summary> followed by that text")
                self.discarded.append("<summary")
                self.summary.append(tag[len("<summary"):].rstrip(">"))
            elif not tag.endswith(">"):
                self.warn(no, f"<summary> tag without its '>': read {tag.strip()!r} as <summary>")
                self.discarded.append(tag)
            rest = self._feed_summary(text[m_open.end():], no)
            if rest is not None:
                self._details_text(rest, no)
            return
        # <p> and </p> delimit English paragraphs; a blank line does too
        for piece in _P_TAG.split(text) if _holds(text, _P_TAG_AT) else (text,):
            if piece[:1] == "<" and (_P_OPEN.fullmatch(piece) or _P_CLOSE.fullmatch(piece)):
                self.end_para()
            elif piece.strip():
                self.add_text(piece, no)
        if not text.strip():
            self.end_para()


def _median(values: list[int]) -> float | None:
    if not values:
        return None
    s = sorted(values)
    return float(s[len(s) // 2])

