"""Raw turns of a front-matter post → segments, glossary and appendix.

Resolves, per turn: speaker labels (bold or not) and ``>>`` marks, glossary
annotations in either language, sound descriptions (their own segments),
Chinese found where the English belongs, and the speaker of an unlabelled
turn that continues the previous speaker's. Material after the last turn
that is not part of the talk becomes the document's appendix.
"""

from __future__ import annotations

import re

from ...lang.script import han_count, is_mostly_han
from ...lazyre import lazy
from ...model import Notice, Origin, Section, Segment, Term
from ..annotations import extract_terms
from ..labels import split_label, split_marks, starts_with_mark
from ..markup import normalize_paragraph, plain_text
from .parser import Turn

_OPENERS = ("[", "(", "（", "【")
#: a blank line, which parts an English original's paragraphs
_BLANK_LINE = re.compile(r"\n\s*\n")
#: a paragraph that is only a sound description: [music], [笑声], (applause), （掌声）
_SOUND = lazy(r"^(?:\s*[\[(（【]\s*[^\[\]()（）【】\n]{1,40}?\s*[\])）】])+\s*$")


def is_sound(text: str) -> bool:
    """True for a paragraph made only of short bracketed descriptions (``[music]``, ``（笑声）``)."""
    if text.lstrip()[:1] not in _OPENERS or not _SOUND().match(text):
        return False
    inner = re.sub(r"[\[\]()（）【】]", " ", text)
    return len(inner.split()) <= 4 * max(1, text.count("[") + text.count("(") + text.count("（")) and han_count(inner) <= 8


class Built:
    """What the builder made of the turns (plain classes here: a dataclass costs start-up to create)."""

    __slots__ = ("segments", "terms", "speakers", "appendix", "sections", "notices", "discarded", "also_placed")

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.terms: list[Term] = []
        self.speakers: list[str] = []
        self.appendix: list[str] = []
        self.sections: list[Section] = []
        self.notices: list[Notice] = []
        self.discarded: list[str] = []  # labels removed from the text
        self.also_placed: list[str] = []  # repeated notes folded into one glossary entry


class _Side:
    """One language of a turn, paragraph by paragraph, with the sound cues marked."""

    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []  # (plain text, is a sound cue)


class Builder:
    def __init__(self, file: str, plain_names: set[str]) -> None:
        self.file = file
        self.plain_names = plain_names
        self.out = Built()
        self._term_keys: set[tuple[str, str | None, str | None]] = set()

    def warn(self, line: int | None, message: str) -> None:
        self.out.notices.append(Notice(self.file, line, message))

    def build(self, turns: list[Turn], sections: list[Section]) -> Built:
        last_en = max((i for i, t in enumerate(turns) if t.en or t.details), default=-1)
        tail = turns[last_en + 1:]
        body_turns = turns[: last_en + 1]
        tail_line = tail[0].first if tail else None
        tail_sections = [s for s in sections if tail_line and s.origin and s.origin.first_line > (turns[last_en].last if last_en >= 0 else 0)]
        if tail and self._is_appendix(tail, tail_sections):
            self._appendix(tail, tail_sections)
            sections = [s for s in sections if s not in tail_sections]
        else:
            body_turns = turns
        self.out.sections = sections
        prev_speaker: tuple[str | None, str | None] = (None, None)  # (section, speaker)
        for turn in body_turns:
            prev_speaker = self._turn(turn, prev_speaker)
        return self.out

    # appendix -----------------------------------------------------------
    def _is_appendix(self, tail: list[Turn], tail_sections: list[Section]) -> bool:
        """Is what follows the last English original material apart from the talk?

        Yes after a thematic break or a heading, or when it runs to several
        paragraphs; no when it opens with a speaker label (a last turn whose
        original is missing).
        """
        if any(t.after_rule for t in tail) or tail_sections:
            return True
        first = tail[0].zh[0][0] if tail[0].zh else ""
        if split_label(first.lstrip(), self.plain_names)[0] is not None:
            return False
        return sum(len(t.zh) for t in tail) >= 2

    def _appendix(self, tail: list[Turn], tail_sections: list[Section]) -> None:
        items: list[tuple[int, str]] = [(s.origin.first_line if s.origin else 0, s.title) for s in tail_sections]
        for t in tail:
            for text, line in t.zh:
                plain = normalize_paragraph(text)
                if plain:
                    items.append((line, plain))
        if not items:
            return  # only markup after the last turn (`<i>`, `&nbsp;`): no text to keep
        items.sort(key=lambda x: x[0])
        self.out.appendix = [text for _, text in items]
        first, last = items[0][0], max(t.last for t in tail) if tail else items[-1][0]
        self.warn(
            first,
            f"{len(items)} paragraph(s) after the last turn (lines {first}-{last}) have no English original and "
            "are not part of the talk: kept as the document's appendix (not in subtitles or cards)",
        )

    # one turn -------------------------------------------------------------
    def _turn(self, turn: Turn, prev: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
        en_raw: list[tuple[str, int]] = []
        zh_raw = list(turn.zh)
        for para, line in turn.en:
            if is_mostly_han(plain_text(para)):
                zh_raw.append((para, line))
            else:
                en_raw.append((para, line))
        for para, line in turn.en:
            if (para, line) in zh_raw:
                missing = "" if en_raw else " (original missing)"
                self.warn(line, f"Chinese text inside the English original block: kept it as the turn's translation{missing}")
        seg_index = len(self.out.segments) + 1
        speaker, marked, zh = self._chinese(zh_raw, seg_index)
        en_speaker, en_marked, en = self._english(en_raw, seg_index)
        speaker = speaker or en_speaker
        marked = marked or en_marked
        if speaker is None and not marked and not turn.repaired and prev[0] == turn.section and prev[1]:
            speaker = prev[1]  # an unlabelled paragraph continues the previous speaker's turn
        # sound cues at the start or end of a turn are their own segments
        lead_zh, body_zh, trail_zh = _split_sound(zh.parts)
        lead_en, body_en, trail_en = _split_sound(en.parts)
        origin = Origin(self.file, turn.first or 1, max(turn.last, turn.first))
        if not body_zh and not body_en:
            self._add_sound(lead_zh + trail_zh, lead_en + trail_en, turn, origin)
            return prev
        self._add_sound(lead_zh, lead_en, turn, origin)
        source = "\n\n".join(t for t, _ in body_en) or None
        target = "\n\n".join(t for t, _ in body_zh) or None
        if source is None:
            self.warn(turn.first, "turn has no English original: kept its Chinese as an untranslated segment")
        elif target is None:
            self.warn(turn.first, "English original with no Chinese translation before it: kept as an untranslated segment")
        if speaker and speaker not in self.out.speakers:
            self.out.speakers.append(speaker)
        self._append(source, target, turn, origin, speaker=speaker, repaired=turn.repaired)
        self._fix_term_segments(seg_index)
        self._add_sound(trail_zh, trail_en, turn, origin)
        return (turn.section, speaker)

    def _add_sound(self, zh: list[tuple[str, bool]], en: list[tuple[str, bool]], turn: Turn, origin: Origin) -> None:
        if not zh and not en:
            return
        # a cue is filed by its script: [music] is English, [笑声] Chinese, wherever it stood
        cues = [t for t, _ in zh + en]
        source = "\n\n".join(c for c in cues if not han_count(c)) or None
        target = "\n\n".join(c for c in cues if han_count(c)) or None
        self._append(source, target, turn, origin, sound=True)

    def _append(
        self,
        source: str | None,
        target: str | None,
        turn: Turn,
        origin: Origin,
        *,
        speaker: str | None = None,
        repaired: bool = False,
        sound: bool = False,
    ) -> None:
        """Add the next segment (ids ``seg-0001``, ``seg-0002``, ... in reading order)."""
        self.out.segments.append(
            Segment(
                id=f"seg-{len(self.out.segments) + 1:04d}",
                source=source,
                target=target,
                section=turn.section,
                speaker=speaker,
                origin=origin,
                repaired=repaired,
                sound=sound,
            )
        )

    def _fix_term_segments(self, seg_index: int) -> None:
        """Point the terms found in this turn at the segment that now holds the turn's text."""
        seg_id = self.out.segments[-1].id
        placeholder = f"#{seg_index}"
        self.out.terms = [Term(t.target, t.source, t.definition, seg_id) if t.segment == placeholder else t for t in self.out.terms]

    def _terms(self, text: str, seg_index: int) -> str:
        text, found = extract_terms(text)
        for term, _note in found:
            key = (term.target, term.source, term.definition)
            if key in self._term_keys:
                # the same note again: one glossary entry holds it
                self.out.also_placed += [term.source or "", term.definition or ""]
                continue
            self._term_keys.add(key)
            self.out.terms.append(Term(term.target, term.source, term.definition, f"#{seg_index}"))
        return text

    def _chinese(self, paras: list[tuple[str, int]], seg_index: int) -> tuple[str | None, bool, _Side]:
        speaker: str | None = None
        marked = False
        side = _Side()
        first = True  # no spoken paragraph yet (sound cues before the label do not count)
        for para, _line in paras:
            label, rest, written = split_label(para.lstrip(), self.plain_names)
            if first and starts_with_mark(para if not label else rest):
                marked = True
            opening = first
            first = first and para.lstrip()[:1] in _OPENERS and is_sound(normalize_paragraph(para))
            if label and (opening or label == speaker) and speaker in (None, label):
                speaker = label
                self.out.discarded.append(written)
            elif label:
                rest = para.lstrip()  # a second speaker's label inside one turn stays in the text
            parts, _marks = split_marks(rest)
            for part in parts:
                text = normalize_paragraph(self._terms(part, seg_index))
                if text:
                    side.parts.append((text, is_sound(text)))
        return speaker, marked, side

    def _english(self, paras: list[tuple[str, int]], seg_index: int) -> tuple[str | None, bool, _Side]:
        speaker: str | None = None
        marked = False
        side = _Side()
        for i, (para, _line) in enumerate(paras):
            text = self._terms(para, seg_index)
            plain = plain_text(text)
            for j, chunk in enumerate(_BLANK_LINE.split(plain) if "\n" in plain else (plain,)):
                parts, _marks = split_marks(chunk)
                if i == 0 and j == 0 and starts_with_mark(chunk):
                    marked = True
                for part in parts:
                    label, rest, written = split_label(part.lstrip(), self.plain_names)
                    if label:
                        speaker = speaker or label
                        self.out.discarded.append(written)
                        if starts_with_mark(rest):
                            marked = marked or (i == 0 and j == 0)
                        sub, _ = split_marks(rest)
                    else:
                        sub = [part]
                    for piece in sub:
                        line = normalize_paragraph(piece)
                        if line:
                            side.parts.append((line, is_sound(line)))
        return speaker, marked, side


def _split_sound(parts: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]], list[tuple[str, bool]]]:
    i = 0
    while i < len(parts) and parts[i][1]:
        i += 1
    j = len(parts)
    while j > i and parts[j - 1][1]:
        j -= 1
    return parts[:i], parts[i:j], parts[j:]
