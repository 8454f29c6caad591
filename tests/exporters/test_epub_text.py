"""The EPUB's text helpers against the patterns they replaced (same results, without compiling the patterns)."""

from __future__ import annotations

import random
import re

import diglot
from diglot.exporters.epub.text import _quoted, _source_needles

from ..conftest import SEEDS

#: the pattern _quoted replaced (its class of curly quotes took about a millisecond to compile)
_OLD_QUOTED = re.compile(r"[\"“”']([^\"“”']+)[\"“”']")


def test_quoted_gives_what_the_pattern_found():
    texts = [t.source or "" for p in sorted(SEEDS.glob("*.txt")) for t in diglot.load(p).terms]
    texts += ['the "it" factor', "“scaling” laws", "it's 'a' \"b", "''x''", "\"", "", "a “b” c 'd' e \"f\" g"]
    rng = random.Random(13)
    texts += ["".join(rng.choice("\"“”'ab ") for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    for text in texts:
        assert _quoted(text) == _OLD_QUOTED.findall(text), text
    assert _source_needles('the "it" factor') == ('the "it" factor', "it")
