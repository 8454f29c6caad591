"""Build diglot's compact pinyin tables from pypinyin's data (run after upgrading pypinyin).

    .venv/bin/python scripts/build_pinyin_data.py          # writes src/diglot/lang/data/pinyin_*.tsv
    .venv/bin/python scripts/build_pinyin_data.py --check  # exit 1 if the committed tables differ

pypinyin (MIT licence, https://github.com/mozillazg/python-pinyin) loads its
whole phrase dictionary (47,111 phrases, 0.3-0.4 s and about 60 MB) on import,
however few words are asked for. diglot reads what pypinyin's
``pinyin(word, style=Style.TONE, heteronym=False)`` would give from two sorted
tables instead (:mod:`diglot.lang._pinyindata`, binary search, nothing loaded
beyond the file's bytes):

* ``pinyin_phrases.tsv``: every phrase of ``PHRASES_DICT``, a tab, the first
  reading of each of its characters, separated by spaces;
* ``pinyin_chars.tsv``: every character of ``PINYIN_DICT`` that pypinyin
  treats as Han (``RE_HANS``), a tab, its first reading.

Lines are sorted by the UTF-8 bytes of the key, after a few ``#`` header lines
naming the pypinyin version and its licence. ``tests/lang/test_pinyin_data.py``
checks the tables against the installed pypinyin.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "diglot" / "lang" / "data"


def tables() -> dict[str, str]:
    """File name -> contents of both tables, from the installed pypinyin."""
    from importlib.metadata import version

    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

    head = (
        f"# From pypinyin {version('pypinyin')} (MIT licence, Copyright (c) 2016 mozillazg, 闲耘 <hotoo.cn@gmail.com>),\n"
        "# built by scripts/build_pinyin_data.py: key, a tab, the first reading of each character.\n"
    )
    phrases = sorted(
        (key.encode("utf-8"), " ".join(readings[0] for readings in value)) for key, value in PHRASES_DICT.items()
    )
    chars = sorted(
        (chr(code).encode("utf-8"), value.split(",")[0])
        for code, value in PINYIN_DICT.items()
        if RE_HANS.match(chr(code))
    )
    out = {}
    for name, rows in (("pinyin_phrases.tsv", phrases), ("pinyin_chars.tsv", chars)):
        for key, value in rows:
            assert "\t" not in value and "\n" not in value and value, (key, value)
        out[name] = head + "".join(f"{key.decode('utf-8')}\t{value}\n" for key, value in rows)
    return out


def main(argv: list[str]) -> int:
    built = tables()
    if "--check" in argv:
        stale = [name for name, text in built.items() if (DATA / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{DATA / name} differs from the installed pypinyin's data", file=sys.stderr)
        return 1 if stale else 0
    for name, text in built.items():
        (DATA / name).write_text(text, encoding="utf-8")
        print(f"wrote {DATA / name} ({len(text.encode('utf-8')) / 1e6:.2f} MB, {text.count(chr(10)) - 2} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
