"""Patterns rewritten so that a text without Han characters needs no Han class compiled match as before.

Each reference below is the pattern as it was (with its Han classes); the rewritten code must give the same
match (span and groups) or the same text on both seeds' lines and on random strings over the characters
that matter (Han, ``·``, capitals, colons, brackets, quotes, spaces, line breaks).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from diglot.readers import coverage, labels, safeyaml

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

OLD_PLAIN_LABEL = re.compile(
    r"^\s*(?:(?:>>|&gt;&gt;)\s*)?"
    r"(?P<name>[\u3400-\u9fff·]{1,8}|[A-Z][A-Za-z.'\-]{0,20}(?: [A-Z][A-Za-z.'\-]{0,20}){0,2}"
    r"|[A-Z][A-Za-z.'\-]{0,20}[\u3400-\u9fff]{0,4}|[\u3400-\u9fff]{1,6}[A-Z][A-Za-z]{0,12})"
    r"\s*(?P<colon>[:：])(?!//)\s*"
)
OLD_PLAIN_SCALAR = re.compile(r"[A-Za-z\u3400-\u9fff](?:[^:#'\"\\{}\[\],&*!|>%@` ]|:(?=[^ ])| (?=[^ #]))*")
OLD_TAG = re.compile(r"<!--.*?-->|</?\s*([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>\n\u3400-\u9fff]*)?/?>", re.DOTALL)

#: pieces random texts are made of: the characters each pattern turns on, Han at and beyond the class edges
PIECES = [
    "A", "Z", "Kyra", "Mr.", "O'Neil", "Lee-Ann", " ", "  ", "\t", "\n", "\u3000", ":", "：", "//", ">>", "&gt;&gt;",
    "·", "主持人", "小王", "㐀", "\u4dbf", "\u4dc0", "鿿", "\u33ff", "\ua000", "\U00020000", "a", "b", "x", "1", ".",
    "-", "'", "#", "\"", "[", "]", "{", ",", "&", "*", "!", "|", "%", "@", "`", "<", ">", "/", "<!--", "-->",
    "<p>", "</p>", "<span class=x>", "<b 中文>", "<a href='/中'>", "<details>", "</summary>", "<int>", "é",
]


def _random_texts(seed: str, count: int, longest: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def _seed_lines() -> list[str]:
    return [line for path in SEEDS for line in path.read_text(encoding="utf-8").split("\n")]


def _same_match(new: re.Match[str] | None, old: re.Match[str] | None) -> bool:
    if new is None or old is None:
        return new is old
    return new.span() == old.span() and new.groups() == old.groups() and new.groupdict() == old.groupdict()


def test_plain_label_matches_as_the_han_pattern_did():
    texts = _seed_lines() + _random_texts("labels", 30_000, 12)
    texts += [t.lstrip() for t in texts] + ["Kyra: hi", "主持人小王：好", "Kyra汉: x", "·: x", "·汉: x", " >> Lee-Ann: yes", "Dr. Who: x"]
    matched = {True: 0, False: 0}
    for text in texts:
        new, old = labels.match_plain_label(text), OLD_PLAIN_LABEL.match(text)
        assert _same_match(new, old), repr(text)
        if old is not None:
            matched[any("\u3400" <= ch <= "\u9fff" for ch in text)] += 1
    assert min(matched.values()) > 100, matched  # labels seen both with and without Han text, not only misses


def test_plain_scalar_is_what_the_han_class_pattern_read():
    texts = _seed_lines() + _random_texts("yaml", 30_000, 8)
    for text in texts:
        assert safeyaml._plain(text) == (OLD_PLAIN_SCALAR.fullmatch(text) is not None), repr(text)
    assert sum(safeyaml._plain(t) for t in texts) > 1000


def test_markup_stripping_keeps_tags_with_han_attributes_as_before():
    def old_drop(m: re.Match[str]) -> str:
        return " " if m.group(1) is None or m.group(1).lower() in coverage.HTML_ELEMENTS else m.group(0)

    texts = _seed_lines() + _random_texts("tags", 30_000, 16)
    for text in texts:
        assert coverage._TAG.sub(coverage._drop_tag, text) == OLD_TAG.sub(old_drop, text), repr(text)
    kept = [t for t in texts if OLD_TAG.search(t) and coverage._TAG.search(t) and OLD_TAG.sub(old_drop, t) != t]
    assert len(kept) > 1000
    assert coverage.strip_markup("<b 中文>x</b>") == "<b 中文>x "
