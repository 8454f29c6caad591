"""``-O keep-cues=true``: the cues of the subtitle files a document was read from, both languages merged.

The subtitle readers keep the source's cues (the English file's timing, each
Chinese cue merged into the English cue it overlaps most) in
``Document.extra["subtitle_cues"]``; this turns them back into cues instead of
re-segmenting the sentence pairs. Times are kept as they were (shifted by
``offset``); sound descriptions stay on the source-language side.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from ...errors import OptionError
from ...lang.linebreak import normalize_space
from ...model import Document
from .cues import Cue


def kept_cues(document: Document, *, layout: str = "bilingual", offset_ms: int = 0) -> tuple[list[Cue], list[str]]:
    """The source's cues of *document*, and a note for the user.

    Raises :class:`OptionError` when the document was not read from subtitle files
    or the offset would move a cue before 0:00.
    """
    raw: Any = document.extra.get("subtitle_cues")
    if not isinstance(raw, list) or not raw:
        raise OptionError("keep-cues: the document was not read from subtitle files, so it has no cues to keep", file=document.source_file)
    # each cue belongs to the section (chapter) of the last segment starting at or before it
    timed = sorted((s.start_ms, s.section) for s in document.segments if s.start_ms is not None)
    starts = [t for t, _ in timed]
    cues: list[Cue] = []
    for item in raw:
        start, end = int(item["start_ms"]) + offset_ms, int(item["end_ms"]) + offset_ms
        if start < 0:
            raise OptionError(f"offset would move a cue at {item['start_ms']} ms before 0:00", file=document.source_file)
        source = normalize_space(" ".join(x for x in (item.get("sounds") or "", item.get("source") or "") if x))
        target = normalize_space(item.get("target") or "")
        if layout == "source":
            source, target = source or target, ""
        elif layout == "target":
            source, target = ("", target) if target else (source, "")
        if not source and not target:
            continue
        cues.append(
            Cue(
                start_ms=start,
                end_ms=max(end, start),
                source_lines=(source,) if source else (),
                target_lines=(target,) if target else (),
                timing="subtitles",
                position=item.get("position") if isinstance(item.get("position"), int) else None,
                section=timed[max(0, bisect_right(starts, int(item["start_ms"])) - 1)][1] if timed else None,
            )
        )
    return cues, [f"kept the {len(cues)} cues of the subtitle file(s), both languages merged cue by cue"]
