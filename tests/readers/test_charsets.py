"""Character classes written for speed say exactly what the slower spelling said."""

from __future__ import annotations

import re
import sys
import unicodedata

from diglot import textio
from diglot.readers import safeyaml

#: the whole BMP (where every range edge of both classes lies), then the astral planes sampled, and their end
CODE_POINTS = [*range(0x10000), *range(0x10000, sys.maxunicode + 1, 97), sys.maxunicode]


def test_control_class_is_category_cc_but_the_four_text_files_use():
    for cp in CODE_POINTS:
        ch = chr(cp)
        expected = unicodedata.category(ch) == "Cc" and ch not in "\n\t\f\v"
        assert bool(textio._CONTROL.match(ch)) == expected, hex(cp)


def test_not_plain_text_is_the_complement_of_yaml_printable():
    printable = re.compile("[\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
    for cp in CODE_POINTS:
        ch = chr(cp)
        assert (ch in safeyaml._NOT_PLAIN_TEXT) != bool(printable.match(ch)), hex(cp)  # a set of characters now
