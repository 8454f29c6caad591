"""Input files grouped into documents: a pair of subtitle files of one video is one document.

Kept apart from :mod:`diglot.readers.subtitle_pair` (which imports the whole
subtitle reader and the sentence aligner) so that grouping transcripts costs
nothing: the subtitle reader's file-name rules are imported only when a
subtitle file is among the paths.
"""

from __future__ import annotations

from pathlib import Path

SUBTITLE_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")


def group_files(paths: list[str]) -> list[tuple[str, ...]]:
    """*paths* grouped into documents: two subtitle files whose names differ only by a language tag are one.

    Order is kept (a pair takes the place of its first file).
    """
    subtitles = [p for p in paths if Path(p).suffix.lower() in SUBTITLE_SUFFIXES]
    if not subtitles:
        return [(p,) for p in paths]
    from .subtitles import title_and_tag

    keys: dict[tuple[str, str], list[str]] = {}
    for p in subtitles:
        path = Path(p)
        stem, tag = title_and_tag(path.name)
        if tag:
            keys.setdefault((str(path.parent / stem), tag), []).append(p)
    partner: dict[str, str] = {}
    for (base, tag), files in keys.items():
        other = keys.get((base, "zh" if tag == "en" else "en"))
        if len(files) == 1 and other and len(other) == 1:
            partner[files[0]] = other[0]
    out: list[tuple[str, ...]] = []
    done: set[str] = set()
    for p in paths:
        if p in done:
            continue
        if p in partner:
            q = partner[p]
            en, zh = (p, q) if title_and_tag(Path(p).name)[1] == "en" else (q, p)
            out.append((en, zh))
            done.update((p, q))
        else:
            out.append((p,))  # a file given twice is exported twice, as before
    return out
