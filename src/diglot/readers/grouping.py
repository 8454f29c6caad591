"""Input files grouped into documents: a pair of subtitle files of one video is one document.

Kept apart from :mod:`diglot.readers.subtitle_pair` (which imports the whole
subtitle reader and the sentence aligner) so that grouping transcripts costs
nothing; the subtitle reader's file-name rules (language tags in file names)
live here too, so that naming a pair's output does not import the reader.
"""

from __future__ import annotations

from ..lazyre import lazy

SUBTITLE_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")

#: language tags in file names (talk.en.srt, talk.zh-Hans.vtt, talk.chs.ass)
EN_TAGS = {"en", "eng", "english", "en-us", "en-gb"}
ZH_TAGS = {"zh", "zho", "chi", "chs", "cht", "cn", "sc", "tc", "chinese", "zh-cn", "zh-hans", "zh-hant", "zh-tw", "zh-hk", "zh-sg"}
#: tags that mean Traditional Chinese: the document's target language becomes zh-Hant
HANT_TAGS = {"cht", "tc", "zh-hant", "zh-tw", "zh-hk"}
_TAG_RE = lazy(r"^(?P<stem>.+?)[._ -](?P<tag>[A-Za-z]{2,7}(?:-[A-Za-z]{2,4})?)$")


def title_and_tag(file: str) -> tuple[str, str | None]:
    """The file's stem without a language tag, and the tag (``en``/``zh``) when it has one."""
    from pathlib import PurePath

    stem = PurePath(file).stem
    m = _TAG_RE().match(stem)
    if m:
        tag = m.group("tag").lower()
        if tag in EN_TAGS:
            return m.group("stem"), "en"
        if tag in ZH_TAGS:
            return m.group("stem"), "zh"
    return stem, None


def chinese_tag(file: str) -> str:
    """``zh-Hant`` when the file name's tag says Traditional Chinese, else ``zh-Hans``."""
    from pathlib import PurePath

    m = _TAG_RE().match(PurePath(file).stem)
    return "zh-Hant" if m and m.group("tag").lower() in HANT_TAGS else "zh-Hans"


def group_files(paths: list[str]) -> list[tuple[str, ...]]:
    """*paths* grouped into documents: two subtitle files whose names differ only by a language tag are one.

    Order is kept (a pair takes the place of its first file).
    """
    if not any(suffix in p.lower() for p in paths for suffix in SUBTITLE_SUFFIXES):
        return [(p,) for p in paths]  # no name can end in a subtitle suffix (and pathlib is not imported)
    from pathlib import Path

    subtitles = [p for p in paths if Path(p).suffix.lower() in SUBTITLE_SUFFIXES]
    if not subtitles:
        return [(p,) for p in paths]
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
