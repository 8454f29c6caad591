"""Textbook pinyin for Chinese text, after the basic rules of GB/T 16159-2012.

What :func:`to_pinyin` prints (``docs/lang.md`` has the details and sources):

* the syllables of a word joined and words separated by a space
  (``wǒmen kěyǐ huígù zhèxiē nèiróng``), words cut by :mod:`diglot.lang.words`
  and then regrouped the way the standard asks: a numeral and its measure word
  apart (``yí gè``), a verb and its aspect particle 了/着/过 together
  (``xuǎnzéle``), 第 and its numeral joined by a hyphen (``dì-èr gè``);
* an apostrophe before a syllable starting with a, o or e inside a word
  (``Xī'ān``, ``fāng'àn``);
* neutral tones where 现代汉语词典 (7th ed.) has them (``dōngxi``,
  ``péngyou``, ``zhīdao``, ``wǒmen``), from a list shipped with diglot
  (``data/readings.tsv``) over pypinyin's phrase data;
* 一 and 不 with the tone-change marks most learner textbooks print
  (``yí gè``, ``yìqǐ``, ``bú shì``, ``bù hǎo``); ``sandhi=False`` gives the
  dictionary tones instead (``yī gè``, ``bù shì``), as GB/T 16159 prints them.
  The third-tone change (``nǐ hǎo`` read ``ní hǎo``) is never marked, as in
  textbooks and dictionaries;
* Chinese punctuation in its Western form with Western spacing
  (``，`` → ``, ``; ``。`` → ``. ``; ``「」`` → ``“ ”``), a capital at the start of each
  sentence when the text has sentence punctuation, and place names capitalised;
* Latin words and numbers kept as written (``GDP de 1%``).

pypinyin's readings come from tables made from its data (:mod:`diglot.lang._pinyindata`,
searched in place), so a handful of terms costs milliseconds, not pypinyin's
whole phrase dictionary; words are cut by :mod:`diglot.lang.words`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from . import _pinyindata, data_file, words
from .script import is_han

_TONES = {
    "ā": 1, "á": 2, "ǎ": 3, "à": 4, "ē": 1, "é": 2, "ě": 3, "è": 4, "ī": 1, "í": 2, "ǐ": 3, "ì": 4,
    "ō": 1, "ó": 2, "ǒ": 3, "ò": 4, "ū": 1, "ú": 2, "ǔ": 3, "ù": 4, "ǖ": 1, "ǘ": 2, "ǚ": 3, "ǜ": 4,
}  # fmt: skip

# Chinese punctuation -> (Western form, kind): "close" sticks to the word before, "open" to the word after.
_PUNCT: dict[str, tuple[str, str]] = {
    "，": (",", "close"), "、": (",", "close"), "。": (".", "close"), "．": (".", "close"),
    "；": (";", "close"), "：": (":", "close"), "？": ("?", "close"), "！": ("!", "close"),
    "）": (")", "close"), "】": ("]", "close"), "”": ("”", "close"), "’": ("’", "close"),
    "」": ("”", "close"), "』": ("’", "close"), "》": ("”", "close"), "〉": ("’", "close"),
    "（": ("(", "open"), "【": ("[", "open"), "“": ("“", "open"), "‘": ("‘", "open"),
    "「": ("“", "open"), "『": ("‘", "open"), "《": ("“", "open"), "〈": ("‘", "open"),
    "…": ("...", "close"), "—": ("—", "dash"), "～": ("~", "dash"), "·": ("·", "dash"),
    ",": (",", "close"), ".": (".", "close"), ";": (";", "close"), ":": (":", "close"),
    "?": ("?", "close"), "!": ("!", "close"), ")": (")", "close"), "(": ("(", "open"),
}  # fmt: skip
_SENTENCE_END = set("。！？!?…")
_NUMERALS = set("零〇一二三四五六七八九十两几百千万亿")
_DIGITS = set("零〇一二三四五六七八九")
_MEASURES = set("个位种次件张本条只年天岁层步篇句段份项类批场番遍名家部台倍秒周章节期代辆架座所门堂轮组套双群")
_LONG_MEASURES = {"小时", "分钟", "世纪", "星期", "部分", "系列", "方面"}
_PLACE_ENDS = set("国省市县州山江河湖岛城京海安港洲")
_PREFIXES = {"预", "超", "副", "伪"}  # joined to the word after: 预训练 yùxùnliàn
_SUFFIXES = {"性", "化", "者", "体", "式", "率", "器"}  # joined to the word before: 智能体 zhìnéngtǐ
_COMPLEMENTS = {"到", "完", "懂", "见", "好"}  # one-syllable verb + one-syllable complement: shuōdào
_APART = {"你好": ("你", "好"), "您好": ("您", "好")}
_BU_APART = set("是会能好太想去来多够敢该让在")
_GUO_VERBS = set("看听去来做见吃说想用学读写走玩住到")
_ASPECT = {"了": "le", "着": "zhe", "过": "guo"}
_PARTICLES = {
    "的": "de", "了": "le", "着": "zhe", "吗": "ma", "呢": "ne", "吧": "ba", "啊": "a", "呀": "ya", "嘛": "ma",
}  # fmt: skip
# Latin words and numbers, kept as written: a letter or digit (Latin, full-width, Cyrillic...) that is
# not Han, then letters, digits and the inner signs of "U.S.", "GPT-3", "1%", ending on a letter, a
# digit, "_" or "%". Scanned by hand (:func:`_latin_end`): a pattern with these Han ranges takes
# milliseconds to compile, and one glossary term in ten mixes scripts.
_HAN_LIKE = (
    (0x2E80, 0x2FDF), (0x3005, 0x3005), (0x3007, 0x3007), (0x3021, 0x3029), (0x3038, 0x303B),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F),
)  # fmt: skip
_LATIN_SIGNS = frozenset(".'’+/&-")


def _han_like(ch: str) -> bool:
    """Han characters, CJK radicals and the ideographic marks 々 〇 〡-〩 〸-〻: never part of a Latin word."""
    o = ord(ch)
    return any(a <= o <= b for a, b in _HAN_LIKE)


def _latin_end(text: str, i: int) -> int:
    """End of the Latin word or number that starts at *i* (``GPT-3``, ``U.S.``, ``1%``), or *i* if none does.

    What the pattern ``[^\\W_](?:[\\w.%'’+/&-])*(?<=[\\w%])`` matches at *i* with no
    :func:`_han_like` character in it (``\\w`` is :meth:`str.isalnum` or ``_``).
    """
    ch = text[i]
    if not ch.isalnum() or _han_like(ch):
        return i
    end = j = i + 1
    n = len(text)
    while j < n:
        ch = text[j]
        if ch.isalnum() or ch in "_%":
            if _han_like(ch):
                break
            j += 1
            end = j  # the word may end here
        elif ch in _LATIN_SIGNS:
            j += 1  # an inner sign: the word goes on only if a letter, digit, "_" or "%" follows
        else:
            break
    return end


@lru_cache(maxsize=1)
def _readings() -> dict[str, list[str]]:
    """Word -> syllables as 现代汉语词典 reads them, mostly neutral tones (``data/readings.tsv``)."""
    text = data_file("readings.tsv").decode("utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, syllables = line.split("\t")
            out[word] = syllables.split()
    return out


def _tone(syllable: str) -> int:
    """1-4, or 0 for a neutral (unmarked) syllable."""
    for ch in syllable:
        if ch in _TONES:
            return _TONES[ch]
    return 0


def _syllables(word: str) -> list[str]:
    """One pinyin syllable per character of the Han *word*, tone marks, dictionary tones for 一 and 不."""
    reading = _readings().get(word)
    if reading is not None:
        return list(reading)
    out = _pinyindata.syllables(word)  # pypinyin's readings, from its data without loading it
    for i, ch in enumerate(word):
        if ch == "一" and out[i] in ("yí", "yì"):
            out[i] = "yī"  # pypinyin's phrases mark the change for some words (一个) and not others (一切)
        elif ch == "不" and out[i] == "bú":
            out[i] = "bù"
    if len(word) >= 2 and word.endswith("们"):
        out[-1] = "men"
    return out


_PROPER = ("ns", "nr", "nrt", "nt", "nz")


def _split_phrase(word: str, pos: str) -> list[tuple[str, str]]:
    """A phrase the segmenter's dictionary keeps as one entry, cut into its words (事实证明 → 事实 证明).

    A four-character idiom of pypinyin's phrase data stays one word, written
    with a hyphen between its halves when both are words (惊天动地 →
    jīngtiān-dòngdì), as GB/T 16159 asks of idioms read as two halves.
    """
    if len(word) < 4 or pos in _PROPER or pos.startswith("m"):
        return [(word, pos)]
    has_word = words.has_word
    if len(word) == 4 and _pinyindata.is_phrase(word):
        if has_word(word[:2]) and has_word(word[2:]):
            return [(word, "idiom")]
        return [(word, pos)]
    # fewest pieces, then fewest single characters: 神经网络 → 神经 网络, not 神经网 络
    n = len(word)
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        cur = best[i]
        if cur is None:
            continue
        for j in range(i + 1, n + 1 if i else n):  # never the whole word again
            piece = word[i:j]
            if j - i > 1 and not has_word(piece):
                continue
            cand = (cur[0] + 1, cur[1] + (j - i == 1), [*cur[2], piece])
            old = best[j]
            if old is None or cand[:2] < old[:2]:
                best[j] = cand
    found = best[n]
    if found is None or found[1] == n:
        return [(word, pos)]
    return [(w, pos) for w in found[2]]


def _split_token(word: str, pos: str) -> list[tuple[str, str]]:
    """A segmenter token cut where the standard writes apart: 一个 → 一 个, 那本书 → 那 本 书, 十年 → 十 年."""
    if len(word) < 2:
        return [(word, pos)]
    if len(word) == 2 and word[0] == "不" and word[1] in _BU_APART:
        return [("不", "d"), (word[1], pos)]  # 不 is an adverb of its own: bú shì, bù hǎo
    if len(word) == 3 and word[1] in "不一" and word[0] == word[2]:
        return [(word[0], pos), (word[1], "d"), (word[2], pos)]  # 是不是: shì bu shì
    if len(word) >= 4:
        pieces = _split_phrase(word, pos)
        if len(pieces) > 1:
            return [t for w, p in pieces for t in _split_token(w, p)]
        word, pos = pieces[0]
    i = 0
    if word[0] == "第":
        i = 1
    while i < len(word) and word[i] in _NUMERALS:
        i += 1
    if word[0] == "第" and i == 1:
        i = 0
    if i == 0 and word[0] in "这那哪每" and word[1] in _MEASURES and word[:2] not in ("这个", "那个", "哪个"):
        i = 1
    if 0 < i < len(word):
        rest = word[i:]
        if rest in _LONG_MEASURES:
            return [(word[:i], "m"), (rest, "q")]
        if rest[0] in _MEASURES:
            tail = _split_token(rest[1:], "m" if rest[1] in _NUMERALS else "n") if len(rest) > 1 else []
            return [(word[:i], "m"), (rest[0], "q"), *tail]
    return [(word, pos)]


def _sandhi(chars: list[str], sylls: list[str], word_end: list[bool]) -> None:
    """Tone-change marks for 一 and 不 (in place), from the tone of the next syllable."""
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch not in "一不" or not sylls[i]:
            continue
        prev = chars[i - 1] if i else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        if not nxt or not sylls[i + 1]:
            continue  # 一 / 不 at the end: dictionary tone
        if prev and prev == nxt and is_han(prev):
            sylls[i] = "yi" if ch == "一" else "bu"  # 看一看, 是不是
            continue
        if ch == "一":
            if prev in _NUMERALS or prev == "第" or nxt in _DIGITS or nxt == "一":
                continue  # 十一, 第一, 一九八四: the numeral as counted
            if word_end[i] and i and not word_end[i - 1]:
                continue  # 一 closing a word: 统一, 唯一
            tone = _tone(sylls[i + 1]) or (4 if nxt in "个" else 0)
            if tone == 4:
                sylls[i] = "yí"
            elif tone in (1, 2, 3):
                sylls[i] = "yì"
        elif sylls[i] == "bù":
            tone = _tone(sylls[i + 1])
            if tone == 4:
                sylls[i] = "bú"


def _join(sylls: list[str]) -> str:
    """Syllables of one word joined, with an apostrophe before an a/o/e syllable inside the word."""
    out = ""
    for s in sylls:
        if out and s and unicodedata.normalize("NFD", s)[0].lower() in "aoe" and out[-1] not in "-":
            out += "'"
        out += s
    return out


def _han_run(run: str, sandhi: bool) -> list[tuple[str, str]]:
    """Pinyin words of a run of Han characters: ``(text, kind)`` pairs, kind ``word`` or a punctuation kind."""
    tokens: list[tuple[str, str]] = []
    for word, pos in words.tag(run):
        if tokens and set(word) <= _DIGITS and set(tokens[-1][0]) <= _DIGITS:
            tokens[-1] = (tokens[-1][0] + word, "m")  # 一九八|四 -> 一九八四, read digit by digit
            continue
        if word in _APART:
            tokens.extend((w, pos) for w in _APART[word])
            continue
        prev = tokens[-1][0] if tokens else ""
        if (
            len(word) > 1 and word[0] in _MEASURES and prev
            and (all(c in _NUMERALS for c in prev) or prev in ("这", "那", "哪", "每"))
        ):
            tokens.extend([(word[0], "q"), (word[1:], "n")])  # 三|本书 -> 三 本 书
            continue
        tokens.extend(_split_token(word, pos))
    # syllables per character, then 一/不 across the whole run (the next syllable may be the next word's)
    chars: list[str] = []
    sylls: list[str] = []
    word_end: list[bool] = []
    for word, pos in tokens:
        if pos in ("ul", "uz", "ug") and word in _ASPECT:
            ws = [_ASPECT[word]]
        elif word in _PARTICLES and pos.startswith(("u", "y")):
            ws = [_PARTICLES[word]]
        elif pos in ("uv", "ud") and word in "地得":
            ws = ["de"]
        else:
            ws = _syllables(word)
            if len(word) == 2 and word[1] == "过" and word[0] in _GUO_VERBS and pos.startswith("v"):
                ws[1] = "guo"  # 看过, 去过: the aspect particle, in the neutral tone
        chars.extend(word)
        sylls.extend(ws)
        word_end.extend([False] * (len(word) - 1) + [True])
    if sandhi:
        _sandhi(chars, sylls, word_end)
    out: list[tuple[str, str]] = []
    k = 0
    for t, (word, pos) in enumerate(tokens):
        ws = sylls[k : k + len(word)]
        k += len(word)
        if word.startswith("第") and len(word) > 1 and word[1] in _NUMERALS:
            text = ws[0] + "-" + _join(ws[1:])
        elif pos == "idiom":
            text = _join(ws[:2]) + "-" + _join(ws[2:])
        else:
            text = _join(ws)
        if pos == "ns" and (len(word) >= 3 or word[-1] in _PLACE_ENDS):
            text = text[:1].upper() + text[1:]
        last = t + 1 == len(tokens)
        prev_word, prev_pos = tokens[t - 1] if t else ("", "")
        if out and out[-1][1] == "word-verb" and word in _ASPECT and pos in ("ul", "uz", "ug") and not (
            word == "了" and last
        ):
            # 了/着/过 join the verb before them, except 了 closing the run (a sentence-final particle)
            out[-1] = (out[-1][0] + text, "word")
            continue
        if out and prev_word in _PREFIXES:
            out[-1] = (out[-1][0] + text, "word")
            continue
        if out and word in _SUFFIXES and len(prev_word) >= 2 and prev_pos.startswith(("n", "v", "a")):
            out[-1] = (out[-1][0] + text, "word")
            continue
        if (
            out and word in _COMPLEMENTS and len(prev_word) == 1 and prev_pos == "v"
            and out[-1][1] == "word-verb" and pos.startswith("v")
        ):
            out[-1] = (out[-1][0] + text, "word-verb")
            continue
        out.append((text, "word-verb" if pos.startswith("v") else "word"))
    return [(text, "word") for text, _ in out]


def _tokens(text: str, sandhi: bool) -> list[tuple[str, str]]:
    """*text* as pinyin words and punctuation: ``(text, kind)`` with kind word/latin/open/close/dash."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if is_han(ch):
            j = i
            while j < n and is_han(text[j]):
                j += 1
            out.extend(_han_run(text[i:j], sandhi))
            i = j
        elif ch.isspace():
            i += 1
        elif (end := _latin_end(text, i)) > i:
            out.append((text[i:end], "latin"))
            i = end
        elif ch in "…—" and text[i : i + 2] in ("……", "——"):
            out.append(_PUNCT[ch])
            i += 2
        elif ch in _PUNCT:
            out.append(_PUNCT[ch])
            i += 1
        else:
            out.append((ch, "word"))
            i += 1
    return out


def _render(tokens: list[tuple[str, str]], sentences: bool) -> str:
    out = ""
    prev = ""
    capital = sentences
    for text, kind in tokens:
        if out and (kind in ("word", "latin", "open") and prev in ("word", "latin", "close")):
            out += " "
        if capital and kind == "word":
            text = text[:1].upper() + text[1:]
        if kind in ("word", "latin"):
            capital = False  # a sentence starting with "o1" or "iPhone" keeps it as written
        out += text
        if kind == "close" and text in (".", "?", "!", "...") and sentences:
            capital = True
        prev = kind
    return out


@lru_cache(maxsize=4096)
def to_pinyin(text: str, *, sandhi: bool = True) -> str:
    """Textbook pinyin of the Chinese *text* (a word, a phrase or sentences), after GB/T 16159-2012.

    Words are separated and their syllables joined, with apostrophes before
    a/o/e syllables inside a word; tones are the dictionary's, neutral tones
    included. 一 and 不 carry the tone-change marks learner textbooks print
    (``yí gè``, ``bú shì``, ``yìqǐ``); with ``sandhi=False`` they keep their
    dictionary tones (``yī gè``, ``bù shì``). Chinese punctuation becomes
    Western punctuation with Western spacing; when the text has sentence
    punctuation (。？！…) each sentence starts with a capital. Latin words and
    numbers pass through unchanged; text without Han characters is returned
    as it is.
    """
    if not any(is_han(ch) for ch in text):
        return text
    sentences = any(ch in _SENTENCE_END for ch in text)
    return _render(_tokens(text, sandhi), sentences)


def sort_key(text: str) -> str:
    """The order of glossaries and vocabulary lists: toneless pinyin of Chinese, Latin text as it is.

    Case and tone marks are ignored (``Ā`` sorts as ``a``), so every output
    that lists terms lists them in one order.
    """
    if any(is_han(ch) for ch in text):
        text = to_pinyin(text)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
