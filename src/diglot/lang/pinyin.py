"""Pinyin with tone marks for Chinese text (pypinyin, phrase-aware)."""

from __future__ import annotations

from functools import lru_cache

from .script import is_han


@lru_cache(maxsize=4096)
def to_pinyin(text: str) -> str:
    """Pinyin with tone marks, one syllable per Han character, words kept together.

    Non-Han text (Latin names, digits, punctuation) passes through unchanged;
    syllables of one word are joined (``yínháng``) and words separated by a
    space, the way learner materials print them.
    """
    import jieba
    from pypinyin import Style, pinyin

    jieba.setLogLevel(60)
    words = jieba.lcut(text)
    out: list[str] = []
    for word in words:
        if any(is_han(ch) for ch in word):
            syllables = [s[0] for s in pinyin(word, style=Style.TONE, heteronym=False, errors="default")]
            out.append("".join(syllables))
        else:
            out.append(word)
    # join: a space between two pinyin words; keep original spacing/punctuation otherwise
    result = ""
    prev_han = False
    for word, original in zip(out, words):
        han = any(is_han(ch) for ch in original)
        if result and (han or prev_han) and not result.endswith(" ") and not original.isspace() and (
            han and prev_han or han and result[-1].isalnum() or prev_han and original[:1].isalnum()
        ):
            result += " "
        result += word
        prev_han = han
    return result
