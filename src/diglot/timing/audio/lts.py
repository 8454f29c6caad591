"""Pronunciations for words the pocketsphinx dictionary lacks: letter-to-sound rules.

Names and coinages ("Sutskever", "autoregressive") are not in the CMU
dictionary. A pronunciation does not need to be right to align: it needs
about the right sounds in about the right number, so the word takes its own
stretch of audio instead of being squeezed or stretched over its neighbours.
Short all-capital words are spelled out letter by letter ("GPT", "LSTM").
"""

from __future__ import annotations

from collections.abc import Callable

# Longest spellings first; each maps to CMU phones (stress-free, as the en-us model uses).
_RULES: tuple[tuple[str, str], ...] = (
    ("tch", "CH"), ("sch", "SH"), ("tion", "SH AH N"), ("sion", "ZH AH N"), ("ough", "AO"), ("igh", "AY"),
    ("ch", "CH"), ("sh", "SH"), ("th", "TH"), ("ph", "F"), ("ng", "NG"), ("ck", "K"), ("qu", "K W"),
    ("wh", "W"), ("gh", "G"), ("kn", "N"), ("wr", "R"), ("ee", "IY"), ("ea", "IY"), ("oo", "UW"),
    ("ou", "AW"), ("ow", "OW"), ("ai", "EY"), ("ay", "EY"), ("oi", "OY"), ("oy", "OY"), ("au", "AO"),
    ("aw", "AO"), ("ie", "IY"), ("ei", "EY"), ("ey", "IY"), ("eu", "Y UW"), ("er", "ER"), ("ir", "ER"),
    ("ur", "ER"), ("ar", "AA R"), ("or", "AO R"),
    ("a", "AE"), ("b", "B"), ("d", "D"), ("e", "EH"), ("f", "F"), ("h", "HH"), ("i", "IH"), ("j", "JH"),
    ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("o", "AA"), ("p", "P"), ("q", "K"), ("r", "R"),
    ("s", "S"), ("t", "T"), ("u", "AH"), ("v", "V"), ("w", "W"), ("x", "K S"), ("z", "Z"),
)
_VOWEL_PHONES = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())


def letters_to_sounds(word: str) -> list[str]:
    """CMU phones for a lower-case *word* by spelling rules (empty for a word without letters)."""
    w = "".join(ch for ch in word.lower() if "a" <= ch <= "z")
    phones: list[str] = []
    i = 0
    while i < len(w):
        ch = w[i]
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if ch == nxt and ch not in "aeiou":  # doubled consonants sound once
            i += 1
            continue
        if ch == "e" and i == len(w) - 1 and len(w) > 2:  # silent final e
            break
        rule = next(((sp, so) for sp, so in _RULES if len(sp) > 1 and w.startswith(sp, i)), None)
        if rule:
            phones.extend(rule[1].split())
            i += len(rule[0])
            continue
        if ch == "c":
            phones.append("S" if nxt in ("e", "i", "y") and nxt else "K")
            i += 1
            continue
        if ch == "g":
            phones.append("JH" if nxt in ("e", "i", "y") and nxt else "G")
            i += 1
            continue
        if ch == "y":
            phones.append("Y" if i == 0 else ("AY" if i == len(w) - 1 and len(w) <= 3 else "IY"))
            i += 1
            continue
        for spelling, sounds in _RULES:
            if w.startswith(spelling, i):
                phones.extend(sounds.split())
                i += len(spelling)
                break
        else:
            i += 1
    return phones


def pronounce(word: str, original: str, lookup: Callable[[str], str | None]) -> str | None:
    """A pronunciation (space-separated phones) for *word*, which the dictionary lacks.

    *original* is the word as the transcript writes it (to see acronyms);
    *lookup* gives dictionary pronunciations (for letters and word parts).
    Returns None when nothing sensible can be said (no letters).
    """
    letters = "".join(ch for ch in original if ch.isalpha())
    if letters.isupper() and 1 < len(letters) <= 6:
        spelled = [lookup(ch.lower()) for ch in letters]
        if all(spelled):
            return " ".join(p for p in spelled if p)
    if word.endswith("s") and len(word) > 3:  # a possessive written without its apostrophe: "sutskevers"
        stem = lookup(word[:-1])
        if stem:
            return stem + (" Z" if stem.split()[-1] in _VOWEL_PHONES else " S")
    phones = letters_to_sounds(word)
    if not phones:
        return None
    if not any(p in _VOWEL_PHONES for p in phones):
        phones.append("AH")
    return " ".join(phones)
