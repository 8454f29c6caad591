"""Reader for the front-matter Markdown family (seed 002).

A blog post: YAML front matter, ``##``/``###`` section headings, and turns made
of Chinese paragraph(s) (optionally ``**Name:**``-labelled) followed by a
``<details>`` block holding the English original. Broken markup is repaired
where possible; every repair becomes a notice with its line number.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import replace
from typing import Any

from ...errors import InputError
from ...model import Document, Notice
from ...textio import scrub_surrogates
from .. import coverage, pairing, safeyaml
from .. import sniff as _sniff
from ..labels import BOLD_LABEL, plain_label_names
from ..markup import normalize_paragraph
from .parser import HeadingEvidence, Parser
from .turns import Builder, Built

NAME = "frontmatter"
#: ``read`` takes ``repair_pairing`` (see :func:`diglot.loads`)
REPAIRS_PAIRING = True

_FRONT = _sniff.FRONT
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?!#)(\s+)(.*?)\s*$")
_CONTENTS_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(.+?)\s*$")


sniff = _sniff.frontmatter


def _front_matter(text: str, file: str, notices: list[Notice]) -> tuple[dict[str, Any], str, int]:
    m = _FRONT.match(text)
    if not m:
        return {}, text, 0
    data = safeyaml.load(m.group(1), file, notices=notices)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError("YAML front matter is not a mapping of keys to values", file=file, line=2)
    offset = m.group(0).count("\n")
    return data, text[m.end():], offset


def _json_safe(value: Any) -> Any:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "nan", "inf": JSON has no such numbers
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


def _date(value: Any, file: str, notices: list[Notice]) -> str | None:
    """The ISO date of the ``date`` value; a date that does not exist is left out with a warning."""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value)
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                notices.append(Notice(file, 2, f"front-matter date {value.strip()!r} is not a real date: left out"))
    return None


def _scrub(value: Any, file: str, notices: list[Notice]) -> Any:
    """*value* with lone surrogates (from YAML ``\\ud800`` escapes) replaced by U+FFFD, with a warning."""
    if isinstance(value, str):
        text, count = scrub_surrogates(value)
        if count:
            notices.append(Notice(file, 2, f"front matter holds {count} unpaired surrogate escape(s): replaced by U+FFFD"))
        return text
    if isinstance(value, dict):
        return {_scrub(k, file, notices): _scrub(v, file, notices) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, file, notices) for v in value]
    return value


#: a blockquote's ``>`` marks, and an opening ``<p>``, at the start of a line (what :func:`_prescan` looks past)
_QUOTE_MARKS = re.compile(r"^\s{0,3}(?:>\s?)+(?!>)")
_P_OPEN = re.compile(r"^\s*<p\b[^>]*>")


def _prescan(body: str, meta: dict[str, Any]) -> tuple[set[str], HeadingEvidence]:
    """What the whole post says about itself before it is parsed: its labels and its headings."""
    lines = body.split("\n")
    # (both patterns need a ">": most lines hold none)
    starts = [_P_OPEN.sub("", _QUOTE_MARKS.sub("", line)) if ">" in line else line for line in lines]
    bold = {normalize_paragraph(m.group(1)) for line in starts if "**" in line and (m := BOLD_LABEL.match(line))}
    known = bold | set(_str_list(meta.get("speaker"))) | set(_str_list(meta.get("guest")))
    names = plain_label_names(starts, known)
    titles = [str(meta.get(k)) for k in ("summary", "title", "description") if meta.get(k)]
    lengths: list[int] = []
    first_heading = next((i for i, line in enumerate(lines) if line.lstrip().startswith("#")), len(lines))
    for i, line in enumerate(lines):
        h = _HEADING.match(line) if "#" in line else None
        if h:
            lengths.append(len(normalize_paragraph(h.group(2))))
        item = _CONTENTS_ITEM.match(line) if i < first_heading else None
        if item:
            titles.append(normalize_paragraph(item.group(1)))
    return names, HeadingEvidence(titles, lengths, names | bold)


def _check_pairing(built: Built, file: str, repair: bool) -> None:
    """Report a run of turns whose pairing slips by one; re-pair it when the evidence is clear (and *repair*)."""
    result = pairing.check(built.segments, file, repair)
    if result is None:
        return
    built.notices.append(result.notice)
    if result.ids is None:
        return
    ids = result.ids
    # a turn that has its English now no longer lacks one
    built.notices = [
        n for n in built.notices if not (n.message.startswith("turn has no English original") and n.line in result.paired_lines)
    ]
    built.segments = result.segments
    built.terms = [replace(t, segment=ids.get(t.segment or "", t.segment)) for t in built.terms]


def read(text: str, file: str, repair_pairing: bool = True) -> Document:
    """Parse a front-matter Markdown transcript.

    Raises :class:`InputError` for invalid front matter or a post without
    English originals.
    """
    meta_notices: list[Notice] = []
    meta, body, offset = _front_matter(text, file, meta_notices)
    meta = _scrub(meta, file, meta_notices)
    names, evidence = _prescan(body, meta)
    parser = Parser(file, evidence)
    for no, line in enumerate(body.split("\n"), offset + 1):
        parser.feed(line, no)
    parser.finish()

    if not any(t.en or t.details for t in parser.turns):
        if any(t.zh for t in parser.turns):
            raise InputError("no English originals (<details> blocks) found: a Chinese-only post, not a bilingual transcript", file=file)
        raise InputError("no transcript turns found", file=file)

    built = Builder(file, names).build(parser.turns, parser.sections)
    if not built.segments:
        raise InputError("no transcript turns found", file=file)
    _check_pairing(built, file, repair_pairing)

    known = {"title", "date", "source", "people", "tags", "summary"}
    extra = {k: _json_safe(v) for k, v in meta.items() if k not in known}
    summary = meta.get("summary")
    title = meta.get("title")
    source_url = meta.get("source")
    doc = Document(
        segments=tuple(built.segments),
        sections=tuple(built.sections),
        terms=tuple(built.terms),
        title=normalize_paragraph(str(title)) if title else None,
        date=_date(meta.get("date"), file, meta_notices),
        source_url=str(source_url).strip() if source_url else None,
        speakers=tuple(built.speakers),
        people=_str_list(meta.get("people")),
        tags=_str_list(meta.get("tags")),
        summary=normalize_paragraph(str(summary)) if summary else None,
        appendix=tuple(built.appendix),
        source_file=file,
        reader=NAME,
        extra=extra,
    )
    ratio, lost = coverage.check(doc, body, offset + 1, parser.discarded + built.discarded, built.also_placed)
    notices = sorted(meta_notices + parser.notices + built.notices + lost, key=lambda n: n.line or 0)
    return replace(doc, coverage=ratio, notices=tuple(notices))
