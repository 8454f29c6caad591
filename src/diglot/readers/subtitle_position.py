"""Where a subtitle cue sits on the screen, as a numpad alignment (ASS ``\\an``): 7 8 9 top, 4 5 6 middle, 1 2 3 bottom.

Read from what the formats write: the ``{\\an8}`` tag (SRT files use it too,
and most players including FFmpeg honour it), the old SSA ``{\\a6}``, an ASS
``\\pos(x,y)`` (the third of the script's PlayRes it falls in) or a style
whose alignment is not bottom centre; WebVTT cue settings ``line:`` and
``align:``. Bottom centre (2), the default everywhere, is ``None``: only a
cue moved on purpose (usually to the top, away from burned-in text) keeps a
position, which the subtitle exporters write back.
"""

from __future__ import annotations

import re

_AN = re.compile(r"\{[^{}]*?\\an([1-9])[^{}]*\}")
_A_OLD = re.compile(r"\{[^{}]*?\\a(\d{1,2})(?![\d])[^{}]*\}")
#: a decimal number as the formats write one (``12``, ``12.5``, ``.5``), not any run of digits and dots
_NUMBER = r"-?(?:\d+(?:\.\d*)?|\.\d+)"
_POS = re.compile(r"\{[^{}]*?\\pos\(\s*(" + _NUMBER + r")\s*,\s*(" + _NUMBER + r")\s*\)[^{}]*\}")
#: SSA v4 \a values: 1-3 bottom, 5-7 top ("toptitles"), 9-11 middle, left/centre/right each
_SSA_ALIGN = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}
_VTT_LINE = re.compile(r"(?:^|\s)line:(" + _NUMBER + r")(%?)(?=[\s,]|$)")  # anything else: the setting is ignored
_VTT_ALIGN = re.compile(r"(?:^|\s)align:(start|left|center|middle|end|right)\b")


def _plain(n: int | None) -> int | None:
    return None if n in (None, 2) else n


def tag_position(text: str) -> int | None:
    """The ``{\\anN}`` (or SSA ``{\\aN}``) alignment in cue *text*, if any."""
    m = _AN.search(text)
    if m:
        return _plain(int(m.group(1)))
    m = _A_OLD.search(text)
    if m and int(m.group(1)) in _SSA_ALIGN:
        return _plain(_SSA_ALIGN[int(m.group(1))])
    return None


def ass_position(text: str, style_alignment: int | None, play_res: tuple[float, float] | None) -> int | None:
    """An ASS event's alignment: its override tag, else its ``\\pos`` by thirds of the PlayRes, else its style's."""
    tagged = tag_position(text)
    if tagged is not None or _AN.search(text) or _A_OLD.search(text):
        return tagged
    m = _POS.search(text)
    if m and play_res and play_res[0] > 0 and play_res[1] > 0:
        x, y = float(m.group(1)) / play_res[0], float(m.group(2)) / play_res[1]
        row = 7 if y < 1 / 3 else (4 if y < 2 / 3 else 1)
        col = 0 if x < 1 / 3 else (1 if x < 2 / 3 else 2)
        return _plain(row + col)
    return _plain(style_alignment)


def vtt_position(settings: str) -> int | None:
    """The alignment WebVTT cue *settings* (the text after the end time) ask for."""
    row = 1
    m = _VTT_LINE.search(settings)
    if m:
        value = float(m.group(1))
        if m.group(2):  # a percentage of the video height
            row = 7 if value < 100 / 3 else (4 if value < 200 / 3 else 1)
        else:  # a line number: 0, 1, ... from the top; -1, -2, ... from the bottom
            row = 7 if value >= 0 else 1
    a = _VTT_ALIGN.search(settings)
    col = {"start": 0, "left": 0, "end": 2, "right": 2}.get(a.group(1), 1) if a else 1
    return _plain(row + col)
