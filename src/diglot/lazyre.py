"""Regular expressions compiled when first used, not when their module is imported.

Compiling is not free: ``re`` walks every code point of a character class's
ranges in Python (a Han range such as ``[\\u3400-\\u9fff]`` costs 2-4 ms), and
a command imports modules whose patterns it never uses (``diglot inspect`` of
a transcript never splits an English sentence). A module-level
``_WORD = lazy(r"...")`` costs nothing at import; ``_WORD()`` compiles the
pattern on the first call and returns the same compiled pattern on every
later one, so each command pays only for the patterns it uses. Han characters
are counted without a pattern (:mod:`diglot.lang.script`'s table).

This module sits at the bottom of the layers and imports nothing of diglot.
"""

from __future__ import annotations

import re

__all__ = ["LazyPattern", "lazy"]


class LazyPattern:
    """``re.compile(pattern, flags)``, done by the first call; later calls return the same compiled pattern."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __call__(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    @property
    def compiled(self) -> bool:
        """True once the pattern has been compiled (it has been used)."""
        return self._compiled is not None

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """*pattern* (with *flags*), compiled when the returned object is first called."""
    return LazyPattern(pattern, flags)
