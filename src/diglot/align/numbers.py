"""Numbers in an English text and in its Chinese translation, as values that can be compared.

``"1.5 million"`` and ``"150 万"``, ``"10 years"`` and ``"十年"``, ``"2014"``
and ``"二〇一四"`` give the same value. The pairing audit flags a number
written in digits on one side whose value the other side does not hold in
any form (digits, number words, Chinese numerals).
"""

from __future__ import annotations

import re

__all__ = ["source_numbers", "target_numbers"]

_EN_DIGITS = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|[kKMB](?![A-Za-z])))?"
)
_ZH_DIGITS = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:,\d{3})+|\d+(?:\.\d+)?)\s*([万亿千百]*)")
_ZH_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_EN_WORD = re.compile(r"[A-Za-z]+")

_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9}
_EN_UNITS: dict[str, float] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_EN_UNITS.update(
    {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "half": 0.5, "dozen": 12, "once": 1, "twice": 2}
)
# months: "October 1987" is "1987 年 10 月"
_EN_MONTHS = {
    m: float(i + 1)
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_EN_TENS: dict[str, float] = {
    w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 1e4, "亿": 1e8}


def _key(value: float) -> float:
    return float(f"{value:.6g}")


def _plain(digits: str) -> float:
    return float(digits.replace(",", ""))


def source_numbers(text: str) -> tuple[dict[str, float], set[float]]:
    """Numbers an English *text* writes in digits (as written → value), and every value it mentions."""
    written: dict[str, float] = {}
    for m in _EN_DIGITS.finditer(text):
        value = _plain(m.group(1))
        if m.group(2):
            value *= _EN_SCALES[m.group(2) if len(m.group(2)) == 1 else m.group(2).lower()]
        written[m.group(0)] = _key(value)
    values = set(written.values()) | {_key(_plain(m.group(1))) for m in _EN_DIGITS.finditer(text)}
    values |= _en_word_values(text)
    return written, values


def _en_word_values(text: str) -> set[float]:
    values: set[float] = set()
    current = total = 0.0
    in_number = False
    for word in [w.lower() for w in _EN_WORD.findall(text)] + [""]:
        if word in _EN_MONTHS:
            values.add(_EN_MONTHS[word])
        if word in _EN_UNITS or word in _EN_TENS:
            current += _EN_UNITS.get(word, 0) + _EN_TENS.get(word, 0)
            values.add(_key(_EN_UNITS.get(word, 0) + _EN_TENS.get(word, 0)))
            in_number = True
        elif word == "hundred":
            current = (current or 1) * 100
            in_number = True
        elif word in _EN_SCALES and len(word) > 1:
            total += (current or 1) * _EN_SCALES[word]
            current = 0.0
            in_number = True
        elif word == "and" and in_number:
            continue
        else:
            if in_number:
                values.add(_key(total + current))
            current = total = 0.0
            in_number = False
    return values


def target_numbers(text: str) -> tuple[dict[str, float], set[float]]:
    """Numbers a Chinese *text* writes in digits (as written → value), and every value it mentions."""
    written: dict[str, float] = {}
    for m in _ZH_DIGITS.finditer(text):
        value = _plain(m.group(1))
        for ch in m.group(2):
            value *= _ZH_BIG.get(ch) or _ZH_SMALL[ch]
        written[m.group(0).strip()] = _key(value)
    values = set(written.values()) | {_key(_plain(m.group(1))) for m in _ZH_DIGITS.finditer(text)}
    for m in _ZH_NUMERAL.finditer(text):
        values |= _zh_numeral_values(m.group(0))
    return written, values


def _zh_numeral_values(run: str) -> set[float]:
    """Values a run of Chinese numerals can mean: the whole (``一百二十``), digit by digit (``二〇一四``), each digit."""
    out = {_key(float(_ZH_DIGIT[ch])) for ch in run if ch in _ZH_DIGIT}
    if all(ch in _ZH_DIGIT for ch in run) and len(run) > 1:
        out.add(_key(float("".join(str(_ZH_DIGIT[ch]) for ch in run))))
        return out
    total = section = 0.0
    digit = 0.0
    for ch in run:
        if ch in _ZH_DIGIT:
            digit = _ZH_DIGIT[ch]
        elif ch in _ZH_SMALL:
            section += (digit or 1) * _ZH_SMALL[ch]
            digit = 0
        else:  # 万 or 亿
            total = (total + section + digit) * _ZH_BIG[ch]
            section = digit = 0
    out.add(_key(total + section + digit))
    return out
