"""A readable summary of a document, for ``diglot inspect``."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from .model import Document


def summarize(doc: Document, path: str) -> dict[str, Any]:
    """The facts ``diglot inspect`` shows, as a JSON-ready dict."""
    speakers = Counter(s.speaker for s in doc.segments if s.speaker)
    return {
        "file": path,
        "format": doc.reader,
        "title": doc.title,
        "date": doc.date,
        "source_url": doc.source_url,
        "languages": [doc.source_lang, doc.target_lang],
        "sections": [
            {"id": sec.id, "title": sec.title, "segments": len(doc.segments_in(sec.id))} for sec in doc.sections
        ],
        "segments": len(doc.segments),
        "untranslated": doc.untranslated_count,
        "repaired": sum(1 for s in doc.segments if s.repaired),
        "source_words": sum(len((s.source or "").split()) for s in doc.segments),
        "target_chars": sum(len("".join((s.target or "").split())) for s in doc.segments),
        "speakers": {name: speakers[name] for name in doc.speakers},
        "people": list(doc.people),
        "tags": list(doc.tags),
        "terms": [
            {"target": t.target, "source": t.source, "definition": t.definition, "segment": t.segment}
            for t in doc.terms
        ],
        "sound_cues": sum(1 for s in doc.segments if s.sound),
        "appendix_paragraphs": len(doc.appendix),
        "coverage": doc.coverage,
        "unplaced": [str(n) for n in doc.notices if n.message.startswith(("text not placed", "text placed twice"))],
        "sentence_pairs": sum(len(s.pairs) for s in doc.segments),
        "timing": doc.timing.source if doc.timing else None,
        "warnings": [str(n) for n in doc.notices],
    }


def format_summary(info: dict[str, Any]) -> str:
    lines = [f"{info['file']}  ({info['format']})"]
    lines.append(f"  title:        {info['title'] or '(none)'}")
    if info["date"]:
        lines.append(f"  date:         {info['date']}")
    if info["source_url"]:
        lines.append(f"  source:       {info['source_url']}")
    lines.append(f"  languages:    {' -> '.join(info['languages'])}")
    lines.append(
        f"  segments:     {info['segments']} ({info['untranslated']} untranslated, {info['repaired']} repaired); "
        f"{info['source_words']} source words, {info['target_chars']} target characters"
    )
    if info["coverage"] is not None:
        lines.append(f"  content placed: {_percent(info['coverage'])}")
        for u in info["unplaced"]:
            lines.append(f"    ? {u}")
    if info["sound_cues"]:
        lines.append(f"  sound cues:   {info['sound_cues']} (not speech: no cards)")
    if info["appendix_paragraphs"]:
        lines.append(f"  appendix:     {info['appendix_paragraphs']} paragraph(s) after the talk (not in subtitles or cards)")
    if info["sections"]:
        lines.append(f"  sections:     {len(info['sections'])}")
        for sec in info["sections"]:
            lines.append(f"    - {sec['title']}  ({sec['segments']} segments)")
    if info["speakers"]:
        lines.append("  speakers:     " + ", ".join(f"{k} ({v})" for k, v in info["speakers"].items()))
    if info["terms"]:
        lines.append(f"  glossary:     {len(info['terms'])} terms")
        for t in info["terms"]:
            en = f" = {t['source']}" if t["source"] else ""
            lines.append(f"    - {t['target']}{en}")
    if info["sentence_pairs"]:
        lines.append(f"  sentence pairs: {info['sentence_pairs']}")
    if info["warnings"]:
        lines.append(f"  warnings:     {len(info['warnings'])}")
        for w in info["warnings"]:
            lines.append(f"    ! {w}")
    return "\n".join(lines)


def _percent(ratio: float) -> str:
    """``100%`` only when everything was placed; otherwise rounded down (``99.9%``)."""
    if ratio >= 1.0:
        return "100%"
    return f"{math.floor(ratio * 1000) / 10:.1f}%"
