"""Han characters counted and recognised without compiling the ``[HAN_CHARS]`` class: the same answers on every code point."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from diglot.lang.script import HAN_CHARS, HAN_RANGES, han_count, is_han

SEED_002 = next((Path(__file__).resolve().parents[2] / "seeds").glob("002_*.txt"))
_CLASS = re.compile(f"[{HAN_CHARS}]")


def test_the_ranges_are_the_class_ones():
    assert "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN_RANGES) == HAN_CHARS


def test_han_count_and_is_han_agree_with_the_class_on_every_code_point():
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert han_count(every) == len(_CLASS.findall(every)) == sum(b + 1 - a for a, b in HAN_RANGES)
    assert [c for c in every if is_han(c)] == _CLASS.findall(every)
    for first, last in HAN_RANGES:  # the edges, and text around them
        for code in (first - 1, first, last, last + 1):
            text = f"a{chr(code)}中b"
            assert is_han(chr(code)) == bool(_CLASS.match(chr(code)))
            assert han_count(text) == len(_CLASS.findall(text))


def test_is_han_reads_the_first_character_only():
    assert is_han("中a") and not is_han("a中") and not is_han("")
    assert han_count("") == 0 and han_count("GPT-2 and LSTM") == 0 and han_count("我们用 GPT-2 训练") == 5


def test_seed_text_counts_as_before():
    text = SEED_002.read_text(encoding="utf-8")
    for line in text.splitlines():
        assert han_count(line) == len(_CLASS.findall(line))


def test_inspect_compiles_no_han_class():
    """Start-up: reading seed 002 compiles no pattern with the big Han ranges (3-5 ms each)."""
    script = (
        "import sys, re\n"
        "c = getattr(re, '_compiler', None) or __import__('sre_compile')\n"  # Python 3.10: sre_compile
        "seen = []\nreal = c.compile\n"
        "def record(p, flags=0):\n    seen.append(p if isinstance(p, str) else '')\n    return real(p, flags)\n"
        "c.compile = record\n"
        f"sys.argv = ['diglot', 'inspect', {str(SEED_002)!r}]\nfrom diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HAN', sum('\\u4e00-\\u9fff' in p for p in seen), len(seen))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    han, total = proc.stdout.split("HAN ", 1)[1].split()
    assert int(total) > 20  # the recorder saw the reading's patterns
    assert han == "0"


def test_latin_count_agrees_with_the_class_on_every_code_point():
    from diglot.lang.script import _LATIN_TABLE, latin_count

    latin = re.compile(r"[A-Za-z\u00c0-\u024f]")
    everything = "".join(map(chr, range(0x110000)))
    marked = everything.translate(_LATIN_TABLE)
    assert [i for i, ch in enumerate(marked) if ch == "\x01"] == [m.start() for m in latin.finditer(everything)]
    for path in Path(__file__).resolve().parents[2].glob("seeds/*.txt"):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            assert latin_count(para) == len(latin.findall(para))
