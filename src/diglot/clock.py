"""Clock values: the one grammar for ``HH:MM:SS.mmm`` / seconds strings, and their formatting.

At the bottom of the layers (beside :mod:`diglot.errors`), so readers, timing,
subtitle cue files and exporters all parse and write times the same way.
"""

from __future__ import annotations

import re

from .errors import OptionError

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d+))?")
_SECONDS = re.compile(r"\d+(?:\.\d*)?|\.\d+")


class ClockRangeError(ValueError):
    """A clock whose minutes or seconds are 60 or more."""


def clock_ms(text: str, *, max_fraction: int | None = None) -> int | None:
    """Milliseconds of the clock *text* (``HH:MM:SS[.fff]`` or ``MM:SS[.fff]``, ``,`` allowed), else ``None``.

    The one clock grammar: option values (:func:`parse_clock`) and subtitle
    cue times (:func:`diglot.cuefile.parse_cue_time`) both use
    it. Hours may exceed 24 or 99. *max_fraction* limits the digits after the
    separator (cue times have at most 3). Raises :class:`ClockRangeError` when
    the minutes or seconds are 60 or more.
    """
    m = _CLOCK.fullmatch(text.strip())
    if not m or (max_fraction is not None and m.group(4) and len(m.group(4)) > max_fraction):
        return None
    hours, minutes, seconds, frac = m.groups()
    if int(minutes) >= 60 or int(seconds) >= 60:
        raise ClockRangeError(text)
    if frac is None or len(frac) <= 3:  # exact in integers
        return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int((frac or "0").ljust(3, "0"))
    return round((int(hours or 0) * 3600 + int(minutes) * 60 + float(f"{seconds}.{frac}")) * 1000)


def parse_clock(text: str, *, name: str = "time", signed: bool = False) -> int:
    """Milliseconds in *text*: ``HH:MM:SS[.mmm]``, ``MM:SS[.mmm]`` or plain seconds (``90``, ``1.5``).

    With *signed*, a leading ``+`` or ``-`` is allowed. Rounded once to the
    nearest millisecond. Raises :class:`OptionError` naming *name* otherwise.
    """
    raw = text.strip()
    sign = 1
    if signed and raw.startswith(("+", "-")):
        sign = -1 if raw[0] == "-" else 1
        raw = raw[1:].strip()
    try:
        ms = clock_ms(raw)
    except ClockRangeError:
        raise OptionError(f"{name}: {text!r} has minutes or seconds over 59") from None
    if ms is not None:
        return sign * ms
    if _SECONDS.fullmatch(raw):
        return sign * round(float(raw) * 1000)
    form = "[+-]" if signed else ""
    raise OptionError(f"{name}: {text!r} is not a time ({form}HH:MM:SS[.mmm], MM:SS or seconds)")


def format_clock(ms: int, sep: str = ".", *, millis: bool = True) -> str:
    """``HH:MM:SS.mmm`` for *ms* (hours may exceed 99; *sep* ``,`` gives SRT style; ``millis=False`` drops ``.mmm``)."""
    if ms < 0:
        raise ValueError(f"negative time {ms} ms")
    hours, rest = divmod(int(ms), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, ms_part = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{ms_part:03d}" if millis else f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def short_clock(ms: int) -> str:
    """A reader-facing time without milliseconds: ``83000`` -> ``1:23``, ``3723000`` -> ``1:02:03``."""
    h, rest = divmod(max(0, int(ms)) // 1000, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
