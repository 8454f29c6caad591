"""Reader for the paired-paragraph family (seed 000).

English paragraphs followed by their Chinese translation, blank-line separated;
an optional first heading ``## 20241216Title`` gives date and title. A chunk is
a run of English paragraphs then a run of Chinese ones: equal runs pair
positionally, unequal runs form one segment. The line ``未找到意译内容`` is the
pipeline's "no translation" sentinel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import Document, Notice, Origin, Section, Segment
from . import coverage, pairing
from . import sniff as _sniff
from .sniff import SENTINEL
from .sniff import language as _language
from .sniff import paragraphs as _paragraphs
from .markup import normalize_paragraph

NAME = "paired"
#: ``read`` takes ``repair_pairing`` (see :func:`diglot.loads`)
REPAIRS_PAIRING = True

#: an ATX heading: ``#`` marks then a space (``#1 priority`` is a paragraph)
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_DATE_TITLE = re.compile(r"^((?:19|20)\d{2})[-./]?([01]\d)[-./]?([0-3]\d)\s*[-_:：]?\s*(.*)$")


@dataclass
class _Para:
    text: str
    first: int
    last: int
    lang: str  # "en", "zh", "none" (the sentinel) or "?"


sniff = _sniff.paired


def monolingual_reason(text: str) -> str | None:
    """Why *text* is not a paired transcript when it is plain prose in one language."""
    paras = _paragraphs(text.split("\n")[:400])
    langs = [_language(p) for p, _, _ in paras]
    if not any(len(p.split()) >= 5 or len(p) >= 20 and _language(p) == "zh" for p, _, _ in paras):
        return None  # not prose: a table, code, a list of names
    if langs and all(lang in ("en", "?") for lang in langs) and "en" in langs:
        return "no translation found: only English paragraphs (not a bilingual transcript)"
    if langs and all(lang in ("zh", "?") for lang in langs) and "zh" in langs:
        return "no English original found: only Chinese paragraphs (not a bilingual transcript)"
    return None


def read(text: str, file: str, repair_pairing: bool = True) -> Document:
    """Parse a paired-paragraph transcript. Raises :class:`InputError` if it has no pairs.

    A pairing that slips by one turn is re-paired when clearly better, unless
    *repair_pairing* is off (then only reported).
    """
    lines = text.split("\n")
    notices: list[Notice] = []
    title = date = None
    sections: list[Section] = []
    paras: list[_Para] = []
    # Headings: the first gives date and title; later ones open sections.
    for raw, first, _last in _paragraphs(lines):
        rest: list[str] = []
        rest_first = first
        for no, line in enumerate(raw.split("\n"), first):
            m = _HEADING.match(line)
            if not m:
                if not rest:
                    rest_first = no
                rest.append(line)
                continue
            if rest:
                paras.append(_Para("\n".join(rest), rest_first, no - 1, "?"))
                rest = []
            heading = normalize_paragraph(m.group(2) or "")
            if title is None and not paras and not sections:
                dm = _DATE_TITLE.match(heading)
                if dm:
                    date = f"{dm.group(1)}-{dm.group(2)}-{dm.group(3)}"
                    heading = dm.group(4).strip() or heading
                title = heading
            else:
                section_id = f"sec-{len(sections) + 1:02d}"
                sections.append(Section(section_id, heading, Origin(file, no, no)))
                paras.append(_Para("", no, no, "section:" + section_id))
        if rest:
            paras.append(_Para("\n".join(rest), rest_first, rest_first + len(rest) - 1, "?"))
    for p in paras:
        if p.lang == "?":
            p.lang = _language(p.text)

    segments: list[Segment] = []
    current_section: str | None = None
    i = 0

    def new_id() -> str:
        return f"seg-{len(segments) + 1:04d}"

    def add(en: list[_Para], zh: list[_Para]) -> None:
        paras_all = en + zh
        origin = Origin(file, min(p.first for p in paras_all), max(p.last for p in paras_all))
        source = "\n\n".join(normalize_paragraph(p.text) for p in en) or None
        real_zh = [p for p in zh if p.lang != "none"]
        target = "\n\n".join(normalize_paragraph(p.text) for p in real_zh) or None
        segments.append(Segment(new_id(), source, target, section=current_section, origin=origin))

    while i < len(paras):
        p = paras[i]
        if p.lang.startswith("section:"):
            current_section = p.lang.split(":", 1)[1]
            i += 1
            continue
        en: list[_Para] = []
        while i < len(paras) and paras[i].lang in ("en", "?"):
            if paras[i].lang == "?":
                notices.append(Notice(file, paras[i].first, "paragraph of unclear language read as English"))
            en.append(paras[i])
            i += 1
        zh: list[_Para] = []
        while i < len(paras) and paras[i].lang in ("zh", "none"):
            zh.append(paras[i])
            i += 1
        if not en and not zh:
            continue
        if not zh:
            notices.append(Notice(file, en[0].first, "English paragraph(s) with no translation after them: kept each as an untranslated segment"))
            for p_en in en:
                add([p_en], [])
            continue
        if not en:
            notices.append(Notice(file, zh[0].first, "Chinese paragraph(s) with no English original before them: kept each as an untranslated segment"))
            for p_zh in zh:
                add([], [p_zh])
            continue
        if len(en) == len(zh):
            for a, b in zip(en, zh):
                add([a], [b])
        else:
            if any(z.lang == "none" for z in zh) and len(zh) > 1:
                notices.append(Notice(file, zh[0].first, f"{SENTINEL!r} inside a run of translations: dropped the sentinel and kept the run's other translations in one segment"))
            add(en, zh)

    if not segments:
        raise InputError("no paragraphs found", file=file)
    if all(s.target is None for s in segments) and not any(p.lang == "none" for p in paras):
        raise InputError("no translation found: only English paragraphs (not a bilingual transcript)", file=file)
    checked = pairing.check(segments, file, repair_pairing)
    if checked is not None:
        notices.append(checked.notice)
        segments = checked.segments
    doc = Document(
        segments=tuple(segments),
        sections=tuple(sections),
        title=title,
        date=date,
        source_file=file,
        reader=NAME,
    )
    # the first heading's date and title are content placed in the metadata
    sentinels = [SENTINEL] * sum(1 for p in paras if p.lang == "none")
    ratio, lost = coverage.check(doc, text, 1, sentinels, also_placed=[title or "", date or ""])
    return replace(doc, coverage=ratio, notices=tuple(notices + lost))
