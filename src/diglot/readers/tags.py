"""Repair of misspelt and lookalike HTML tags in the front-matter family.

Posts are typed or converted by hand, and the tags that delimit the English
originals come out as ``</detais>``, ``</sdetials>``, ``<<details>`` or with
``‹`` (U+2039) typed for ``<``. An unrecognised ``</details>`` glues the next
Chinese turn onto the previous one, so each is read as the tag it means and
reported with the tag as written.
"""

from __future__ import annotations

import re

from ..lazyre import lazy

#: the tags whose misspellings matter (the structure of a turn)
_STRUCTURAL = ("details", "summary")
#: real tags that must never be "corrected" into a structural one
_REAL = {
    "p", "br", "a", "b", "i", "u", "em", "strong", "code", "pre", "span", "div", "ul", "ol", "li",
    "sup", "sub", "img", "small", "blockquote", "table", "tr", "td", "th", "hr", "mark", "s",
    "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "figure", "figcaption", "iframe",
    "video", "audio", "source", "script", "style", "label", "input", "button", "del", "ins", "kbd",
}
_LOOKALIKE_OPEN = "‹〈＜"
_LOOKALIKE_CLOSE = "›〉＞"
#: something shaped like a tag: one or more openers (or a lookalike), a name, an end
_TAGLIKE = lazy(
    rf"(?P<lead><{{1,3}}|[{_LOOKALIKE_OPEN}])[ \t]*(?P<slash>/?)[ \t]*(?P<name>[A-Za-z][A-Za-z0-9]{{0,14}})"
    rf"(?P<attrs>(?:[ \t][^<>\n{_LOOKALIKE_OPEN}{_LOOKALIKE_CLOSE}]*)?)(?P<end>[>{_LOOKALIKE_CLOSE}])"
)
#: what makes a line worth a closer look: a doubled or lookalike opener, or a tag
#: that is not one of the well-formed usual ones
_SUSPECT = re.compile(rf"<<|[{_LOOKALIKE_OPEN}]|</?(?!(?:details|summary|p|br)\b[^<>]*>)[ \t]*[A-Za-z]", re.IGNORECASE)
#: a lookalike opener before a slash and text that is no tag name (``‹/我们…``)
_LOOKALIKE_SLASH = lazy(rf"[{_LOOKALIKE_OPEN}]/(?![A-Za-z])")


def _meant(name: str) -> str | None:
    """The structural tag *name* stands for, when it is a misspelling of one."""
    low = name.lower()
    if low in _STRUCTURAL or low in _REAL or len(low) < 4:
        return low if low in _STRUCTURAL else None
    from rapidfuzz.distance import OSA

    best = min(_STRUCTURAL, key=lambda t: OSA.distance(low, t))
    limit = 1 if len(low) <= 5 else 2
    if OSA.distance(low, best) <= limit or sorted(low) == sorted(best):
        return best
    # "sdetials": a stray letter before an anagram of the tag
    if any(sorted(low[i:i + len(best)]) == sorted(best) for i in (0, 1)) and len(low) == len(best) + 1:
        return best
    return None


def repair_tags(line: str) -> tuple[str, list[tuple[str, str]]]:
    """*line* with misspelt/lookalike structural tags rewritten.

    Returns the repaired line and the ``(as written, read as)`` pairs.
    """
    repairs: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        written = m.group(0)
        name = m.group("name")
        meant = _meant(name)
        lookalike = m.group("lead") != "<" or m.group("end") != ">"
        if meant is None:
            if lookalike and name.lower() in _REAL:
                fixed = f"<{m.group('slash')}{name}{m.group('attrs')}>"
                repairs.append((written, fixed))
                return fixed
            return written
        fixed = f"<{m.group('slash')}{meant}{m.group('attrs')}>"
        if fixed != written and (lookalike or meant != name.lower()):
            repairs.append((written, fixed))
            return fixed
        return written

    if not ("<" in line or any(ch in line for ch in _LOOKALIKE_OPEN)) or not _SUSPECT.search(line):
        return line, repairs
    line = _TAGLIKE().sub(fix, line)
    slash = _LOOKALIKE_SLASH()
    if slash.search(line):
        for m in slash.finditer(line):
            repairs.append((m.group(0), "</"))
        line = slash.sub("</", line)
    return line, repairs
