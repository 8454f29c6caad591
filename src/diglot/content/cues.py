"""Sound descriptions (``[music]``, ``[笑声]``, ``(applause)``) as books and handouts show them."""

from __future__ import annotations

_OPEN = ("[", "(", "（", "【")
_CLOSE = ("]", ")", "）", "】")


def sound_cue(text: str) -> str:
    """*text* on one line, bracketed (``[music]``) unless it already is."""
    cue = " ".join(text.split())
    if not cue or (cue.startswith(_OPEN) and cue.endswith(_CLOSE)):
        return cue
    return f"[{cue}]"
