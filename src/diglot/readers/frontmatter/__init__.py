"""Reader for the front-matter Markdown family (seed 002).

A blog post: YAML front matter, ``##``/``###`` section headings, and turns made
of Chinese paragraph(s) (optionally ``**Name:**``-labelled) followed by a
``<details>`` block holding the English original. Broken markup is repaired
where possible; every repair becomes a notice with its line number.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..lang.script import is_mostly_han
from ..model import Document, Notice, Origin, Section, Segment, Term
from .markup import normalize_paragraph, plain_text

NAME = "frontmatter"
DESCRIPTION = "front-matter Markdown: Chinese turns, English originals in <details> blocks"

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^\s{0,3}(#{1,6})(?!#)(\s*)(.*?)\s*$")
_DETAILS_OPEN = re.compile(r"<details\b[^>]*>", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"</details\s*>", re.IGNORECASE)
_SUMMARY = re.compile(r"<summary\b[^>]*>.*?(</summary\s*>|</p\s*>)", re.IGNORECASE | re.DOTALL)
_SUMMARY_OPEN = re.compile(r"<summary\b[^>]*>", re.IGNORECASE)
_P_OPEN = re.compile(r"<p\b[^>]*>", re.IGNORECASE)
_P_CLOSE = re.compile(r"</p\s*>", re.IGNORECASE)
#: ``</`` not followed by a tag name: the remains of a lost ``</details>``
_BROKEN_CLOSE = re.compile(r"</(?![A-Za-z/])")
_LABEL = re.compile(
    r"^\s*(?:>>\s*)?\*\*\s*([^*\n:：]{1,40}?)\s*(?:[:：]\s*\*\*|\*\*\s*[:：])\s*"
)
_SPEAKER_MARK = re.compile(r"(?:^|\n)\s*>>\s*")
#: glossary annotation: **术语**（english: 定义） / “**术语**”（…） / “术语”（english）
_TERM = re.compile(
    r"(?P<q1>[“\"]?)\*\*(?P<b>[^*\n]{1,40}?)\*\*(?P<q2>[”\"]?)（(?P<bp>[^（）\n]{1,400})）"
    r"|“(?P<q>[^“”*\n]{1,30})”（(?P<qp>[A-Za-z][^（）\n]{0,200})）"
)
_LATIN_HEAD = re.compile(r"^([A-Za-z][A-Za-z0-9 .,'\"&/+\-]*?)\s*[:：]\s*(.+)$", re.DOTALL)
_LATIN_ONLY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'\"&/+\-()]*$")
_LATIN_LEAD = re.compile(r"^([A-Za-z][A-Za-z0-9 .'\-]*[A-Za-z0-9.])\s*[，,]\s*(.+)$", re.DOTALL)


def sniff(text: str) -> bool:
    if text.lstrip().startswith("{"):
        return False
    return bool(_FRONT.match(text)) or bool(_DETAILS_OPEN.search(text))


@dataclass
class _Turn:
    zh: list[tuple[str, int]] = field(default_factory=list)  # (paragraph text, first line)
    en: list[tuple[str, int]] = field(default_factory=list)
    first: int = 0
    last: int = 0
    repaired: bool = False
    section: str | None = None


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file
        self.notices: list[Notice] = []
        self.sections: list[Section] = []
        self.section: str | None = None
        self.turns: list[_Turn] = []
        self.turn = _Turn()
        self.in_details = False
        self.in_summary = False
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
        self.turn.last = line

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
        self.turn = _Turn()

    # lines --------------------------------------------------------------
    def feed(self, raw: str, no: int) -> None:
        line = raw
        while True:
            if self.in_summary:
                m = re.search(r"</summary\s*>|</p\s*>", line, re.IGNORECASE)
                if not m:
                    return
                if m.group(0).lower().startswith("</p"):
                    self.warn(no, "<summary> closed with </p>; repaired")
                self.in_summary = False
                line = line[m.end():]
                continue
            if self.in_details:
                rest = self._feed_details(line, no)
                if rest is None:
                    return
                line = rest
                continue
            self._feed_outside(line, no)
            return

    def _feed_outside(self, line: str, no: int) -> None:
        m_open = _DETAILS_OPEN.search(line)
        m_close = _DETAILS_CLOSE.search(line)
        if m_close and (not m_open or m_close.start() < m_open.start()):
            before, after = line[: m_close.start()], line[m_close.end():]
            self.warn(no, "stray </details> outside a <details> block; ignored")
            self._feed_outside(before, no)
            self._feed_outside(after, no)
            return
        if m_open:
            before, after = line[: m_open.start()], line[m_open.end():]
            self._feed_outside(before, no)
            self.end_para()
            self.in_details = True
            self.details_line = no
            self.turn.first = self.turn.first or no
            self.feed(after, no)
            return
        if not line.strip():
            self.end_para()
            return
        h = _HEADING.match(line)
        if h and not self.para:
            self.end_turn()
            title = normalize_paragraph(h.group(3))
            rest = ""
            if not h.group(2) and title:
                # "###介绍与开场大家好，…": a heading glued to the next paragraph
                cut = re.search(r"[，。？！；：,.?!;:]", title)
                if cut and cut.start() > 0:
                    split = min(cut.start(), 12)  # a title is short; the sentence runs on
                    title, rest = title[:split], title[split:]
                    self.warn(no, f"heading glued to its text; split as title {title!r} (check it)")
            sid = f"sec-{len(self.sections) + 1:02d}"
            self.sections.append(Section(sid, title or f"Section {len(self.sections) + 1}", Origin(self.file, no, no)))
            self.section = sid
            if rest:
                self.add_text(rest, no)
            return
        # a new labelled Chinese paragraph after a finished turn starts a new turn
        self.add_text(line, no)

    def _feed_details(self, line: str, no: int) -> str | None:
        """Consume *line* inside <details>; return the remainder to feed again once the block closed, else None."""
        m_close = _DETAILS_CLOSE.search(line)
        m_broken = _BROKEN_CLOSE.search(line)
        m_open = _DETAILS_OPEN.search(line)
        cut = [m for m in (m_close, m_broken, m_open) if m]
        if cut:
            first = min(cut, key=lambda m: m.start())
            self._details_text(line[: first.start()], no)
            self.end_para()
            self.in_details = False
            if first is m_broken:
                self.warn(
                    no,
                    "broken closing tag '</' followed by text: closed the <details> block and kept the text "
                    "as the next turn's translation (its speaker label was lost)",
                )
                self.end_turn()
                self.turn.repaired = True
                self.turn.first = no
                return line[first.end():]
            if first is m_open:
                self.warn(no, "<details> opened before the previous one was closed; closed it")
                self.end_turn()
                return line[first.start():]
            self.end_turn()
            return line[first.end():]
        self._details_text(line, no)
        return None

    def _details_text(self, text: str, no: int) -> None:
        m = _SUMMARY.search(text)
        while m:
            if m.group(1).lower().startswith("</p"):
                self.warn(no, "<summary> closed with </p>; repaired")
            text = text[: m.start()] + text[m.end():]
            m = _SUMMARY.search(text)
        m_open = _SUMMARY_OPEN.search(text)
        if m_open:
            self._details_text(text[: m_open.start()], no)
            self.in_summary = True
            return
        # <p> and </p> delimit English paragraphs; a blank line does too
        pieces = re.split(r"(<p\b[^>]*>|</p\s*>)", text, flags=re.IGNORECASE)
        for piece in pieces:
            if _P_OPEN.fullmatch(piece) or _P_CLOSE.fullmatch(piece):
                self.end_para()
            elif piece.strip():
                self.add_text(piece, no)
            elif not piece and text.strip() == "":
                self.end_para()
        if not text.strip():
            self.end_para()


def _front_matter(text: str, file: str) -> tuple[dict[str, Any], str, int]:
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    import yaml

    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(
            f"invalid YAML front matter: {getattr(exc, 'problem', None) or exc}".replace("\n", " "),
            file=file,
            line=(line + 2) if line is not None else None,
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("YAML front matter is not a mapping of keys to values", file=file, line=2)
    offset = m.group(0).count("\n")
    return data, text[m.end():], offset


def _json_safe(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _str_list(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return tuple(p.strip() for p in str(value).split(",") if p.strip())


def _date(value: Any) -> str | None:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def _gloss(term: str, note: str, quoted_latin: bool) -> Term:
    note = plain_text(note).strip()
    if quoted_latin:
        return Term(target=term, source=note)
    m = _LATIN_HEAD.match(note)
    if m:
        source, definition = m.group(1).strip(), m.group(2).strip()
        lead = _LATIN_LEAD.match(definition)
        if lead:  # "RL: Reinforcement Learning，一种…" -> "RL (Reinforcement Learning)"
            source, definition = f"{source} ({lead.group(1).strip()})", lead.group(2).strip()
        return Term(target=term, source=source, definition=definition or None)
    if _LATIN_ONLY.match(note):
        return Term(target=term, source=note)
    return Term(target=term, definition=note)


def _extract_terms(text: str) -> tuple[str, list[Term]]:
    """Pull glossary annotations out of Chinese Markdown; the term itself stays in the text."""
    terms: list[Term] = []

    def repl(m: re.Match[str]) -> str:
        if m.group("b") is not None:
            term = plain_text(m.group("b")).strip()
            terms.append(_gloss(term, m.group("bp"), quoted_latin=False))
            q1, q2 = m.group("q1"), m.group("q2")
            return f"{q1}{term}{q2}"
        term = plain_text(m.group("q")).strip()
        terms.append(_gloss(term, m.group("qp"), quoted_latin=True))
        return f"“{term}”"

    return _TERM.sub(repl, text), terms


def _speaker(paragraph: str) -> tuple[str | None, str]:
    m = _LABEL.match(paragraph)
    if not m:
        return None, paragraph
    return plain_text(m.group(1)).strip(), paragraph[m.end():]


def _english(paragraphs: list[tuple[str, int]]) -> list[str]:
    out: list[str] = []
    for text, _ in paragraphs:
        text = plain_text(text)
        for part in _SPEAKER_MARK.split(text):
            part = normalize_paragraph(part)
            if part:
                out.append(part)
    return out


def read(text: str, file: str) -> Document:
    """Parse a front-matter Markdown transcript.

    Raises :class:`InputError` for invalid front matter or a post without
    English originals.
    """
    meta, body, offset = _front_matter(text, file)
    parser = _Parser(file)
    for no, line in enumerate(body.split("\n"), offset + 1):
        parser.feed(line, no)
    if parser.in_details:
        parser.warn(parser.details_line, "<details> block never closed; closed at end of file")
        parser.in_details = False
    parser.end_turn()

    if not any(t.en for t in parser.turns):
        if any(t.zh for t in parser.turns):
            raise InputError("no English originals (<details> blocks) found: a Chinese-only post, not a bilingual transcript", file=file)
        raise InputError("no transcript turns found", file=file)

    segments: list[Segment] = []
    terms: list[Term] = []
    seen_terms: set[str] = set()
    speakers: list[str] = []
    notices = parser.notices
    for turn in parser.turns:
        seg_id = f"seg-{len(segments) + 1:04d}"
        # Chinese found where the English original belongs: keep it as translation
        en_paras = []
        for para, para_line in turn.en:
            if is_mostly_han(plain_text(para)):
                notices.append(Notice(file, para_line, "Chinese text inside the English original block; kept as translation, original missing"))
                turn.zh.append((para, para_line))
            else:
                en_paras.append((para, para_line))
        speaker: str | None = None
        zh_parts: list[str] = []
        for i, (para, _line) in enumerate(turn.zh):
            label, rest = _speaker(para.lstrip())
            if rest.lstrip().startswith(">>"):
                rest = rest.lstrip()[2:]
            if label and i == 0:
                speaker = label
            elif label:
                rest = f"{label}: {rest}" if label != speaker else rest
            rest, found = _extract_terms(rest)
            for t in found:
                if t.target not in seen_terms:
                    seen_terms.add(t.target)
                    terms.append(Term(t.target, t.source, t.definition, seg_id))
            para_text = normalize_paragraph(rest)
            if para_text:
                zh_parts.append(para_text)
        english = _english(en_paras)
        source = "\n\n".join(english) or None
        target = "\n\n".join(zh_parts) or None
        if source is None and target is None:
            continue
        if source is None:
            notices.append(Notice(file, turn.first, "turn has no English original; kept as an untranslated segment"))
        elif target is None:
            notices.append(Notice(file, turn.first, "English original with no Chinese translation before it"))
        if speaker and speaker not in speakers:
            speakers.append(speaker)
        segments.append(
            Segment(
                id=seg_id,
                source=source,
                target=target,
                section=turn.section,
                speaker=speaker,
                origin=Origin(file, turn.first or offset + 1, max(turn.last, turn.first)),
                repaired=turn.repaired,
            )
        )

    known = {"title", "date", "source", "people", "tags", "summary"}
    extra = {k: _json_safe(v) for k, v in meta.items() if k not in known}
    summary = meta.get("summary")
    title = meta.get("title")
    source_url = meta.get("source")
    return Document(
        segments=tuple(segments),
        sections=tuple(parser.sections),
        terms=tuple(terms),
        title=normalize_paragraph(str(title)) if title else None,
        date=_date(meta.get("date")),
        source_url=str(source_url).strip() if source_url else None,
        speakers=tuple(speakers),
        people=_str_list(meta.get("people")),
        tags=_str_list(meta.get("tags")),
        summary=normalize_paragraph(str(summary)) if summary else None,
        source_file=file,
        reader=NAME,
        notices=tuple(sorted(notices, key=lambda n: n.line or 0)),
        extra=extra,
    )
