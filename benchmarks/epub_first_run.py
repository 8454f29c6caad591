"""The EPUB exporter's one-time cost in a process: seed 002's first EPUB against its second, beside another checkout.

    python benchmarks/epub_first_run.py                          # this checkout, 15 rounds
    python benchmarks/epub_first_run.py --rounds 21 --vs /work/main/src

Each round starts a fresh process per checkout (interleaved, so a busier
moment of a shared machine falls on both alike). The child imports what
``diglot export`` has loaded before it reaches the exporter (click, the CLI,
batch, configuration, cache), reads seed 002 and aligns it (``diglot.prepare``,
not timed), then times with ``time.process_time`` (CPU of the process) the
first ``diglot.export(doc, "epub", ...)`` and a second one into another file.
The first pays the one-time costs (importing the exporter, ebooklib and lxml,
compiling regular expressions, the glossary's pinyin data); the difference
"first - second" is that cost. Medians (and minima) over the rounds.

Like ``benchmarks/startup.py``, diglot is timed as installed: both checkouts
are byte-compiled first and the children run without
``PYTHONDONTWRITEBYTECODE``. The books of the two checkouts are compared
byte for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SEED_002, as_installed, child_env  # noqa: E402

CHILD = """
import json, sys, time
import click, diglot, diglot.cli, diglot.batch, diglot.config, diglot.cache, diglot.fileio
seed, out = sys.argv[1], sys.argv[2]
doc = diglot.prepare(diglot.load(seed), {"pairs"})
times = []
for name in ("first.epub", "second.epub"):
    start = time.process_time()
    diglot.export(doc, "epub", out + "/" + name)
    times.append(time.process_time() - start)
print(json.dumps(times))
"""


def child(src: str | None, out: str) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(SEED_002), out], env=child_env(src), capture_output=True, text=True, check=True)
    first, second = json.loads(done.stdout)
    return first, second


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--vs", metavar="SRC", help="another checkout's src directory, measured in the same rounds")
    args = ap.parse_args()

    as_installed(*([args.vs] if args.vs else []))
    runs: dict[str, list[tuple[float, float]]] = {"this checkout": []}
    if args.vs:
        runs[f"vs {args.vs}"] = []
    outs = {name: tempfile.mkdtemp(prefix="diglot-epub-first-") for name in runs}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(args.rounds):
        for name in runs:
            runs[name].append(child(None if name == "this checkout" else args.vs, outs[name]))
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"seed 002 to EPUB in one process, CPU ms (time.process_time), {args.rounds} interleaved rounds: median (min)")
    print(f"  {'':32} {'first':>14} {'second':>14} {'first - second':>16}")
    for name, got in runs.items():
        first = [a * 1000 for a, _ in got]
        second = [b * 1000 for _, b in got]
        extra = [a - b for a, b in zip(first, second)]
        cells = [f"{statistics.median(v):6.1f} ({min(v):5.1f})" for v in (first, second, extra)]
        print(f"  {name:32} {cells[0]:>14} {cells[1]:>14} {cells[2]:>16}")
    if args.vs:
        a, b = (Path(outs[name]) / "first.epub" for name in runs)
        print(f"books of the two checkouts byte-identical: {a.read_bytes() == b.read_bytes()}")


if __name__ == "__main__":
    main()
