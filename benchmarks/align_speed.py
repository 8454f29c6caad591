"""Sentence alignment and the pairing check: CPU time on the seeds, the 3-hour talk and long turns.

    .venv/bin/python benchmarks/align_speed.py            # this checkout
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python benchmarks/align_speed.py   # another one

Printed for each seed and the 3-hour talk (seed 002's body five times,
``benchmarks/run.py``'s ``long_talk``), in CPU milliseconds
(``time.process_time``, the best of ``--runs`` runs, default 15; 5 for the
talk), each run with the aligner's and the sentence splitter's caches
emptied first, as in a fresh process:

* ``align``: ``diglot.prepare(doc, {"pairs"})`` (sentence splitting, the bead
  scorer and the alignment of every segment) on a document already read;
* ``pairing check``: ``diglot.readers.pairing.find_shift`` over its segments
  (the check every read of the paired and front-matter families runs).

Then single long turns of n English and n Chinese sentences
(``align_sentences``, best of 2). CPU time rather than wall clock: the
machine is often shared. The pairs themselves are not checked here: the
tests and ``scripts/output_hashes.py`` do that.

``--instructions`` counts instead the machine instructions of each stage,
once, from cold caches, under valgrind's callgrind (``valgrind`` must be
installed; about half a minute a figure): a child process reads the
document, empties the caches and runs the stage, and the count of the same
child running nothing after the read is subtracted. Unlike CPU time on a
shared machine, the count is the same from run to run.
"""

from __future__ import annotations

import argparse
import gc
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import diglot  # noqa: E402
from diglot.align import prune, scoring  # noqa: E402
from diglot.align import sentences as aligner  # noqa: E402
from diglot.lang import sentences as splitter  # noqa: E402
from diglot.readers import pairing  # noqa: E402
from run import long_talk  # noqa: E402

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _forget() -> None:
    """Empty every lru cache of the aligner, its scoring and pruning, and the splitter (a fresh process has none filled)."""
    for module in (aligner, scoring, prune, splitter):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
    gc.collect()


def best_of(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        _forget()
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def _stage(stage: str, path: Path) -> Callable[[], object]:
    doc = diglot.load(path)
    if stage == "align":
        return lambda: diglot.prepare(doc, {"pairs"})
    if stage == "check":
        return lambda: pairing.find_shift(list(doc.segments))
    return lambda: None


def _instructions(stage: str, path: Path) -> int:
    """Instructions of *stage* on *path*, once from cold caches (callgrind; the read subtracted)."""
    counts = []
    for what in (stage, "none"):
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__, "--child", what, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = re.search(r"Collected : (\d+)", proc.stderr)
        assert found, proc.stderr[-500:]
        counts.append(int(found.group(1)))
    return counts[0] - counts[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead")
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run = _stage(args.child[0], Path(args.child[1]))
        _forget()
        run()
        return
    if args.instructions:
        print(f"diglot from {Path(diglot.__file__).parent}; millions of instructions, once from cold caches (callgrind)")
        with tempfile.TemporaryDirectory() as tmp:
            talk = Path(tmp) / "talk-3h.txt"
            talk.write_text(long_talk(), encoding="utf-8")
            for path in [*SEEDS, talk]:
                align, check = _instructions("align", path), _instructions("check", path)
                print(f"{path.name:28s} align {align / 1e6:6.1f} M, pairing check {check / 1e6:5.1f} M")
        return
    print(f"diglot from {Path(diglot.__file__).parent}; CPU ms, best of {args.runs} (talk: {max(args.runs // 3, 1)})")
    with tempfile.TemporaryDirectory() as tmp:
        talk = Path(tmp) / "talk-3h.txt"
        talk.write_text(long_talk(), encoding="utf-8")
        for path in [*SEEDS, talk]:
            runs = args.runs if path != talk else max(args.runs // 3, 1)
            doc = diglot.load(path)
            align = best_of(lambda: diglot.prepare(doc, {"pairs"}), runs)
            check = best_of(lambda: pairing.find_shift(list(doc.segments)), runs)
            pairs = sum(len(s.pairs) for s in diglot.prepare(doc, {"pairs"}).segments)
            print(
                f"{path.name:28s} {len(doc.segments):4d} segments {pairs:5d} pairs: "
                f"align {align * 1000:6.1f} ms, pairing check {check * 1000:5.1f} ms"
            )
    for n in (100, 300, 600):
        en = [f"This is sentence number {i} of a very long turn." for i in range(n)]
        zh = [f"这是很长的发言中的第 {i} 句话。" for i in range(n)]
        seconds = best_of(lambda: aligner.align_sentences(en, zh), 2)
        print(f"one turn of {n}+{n} sentences: {seconds * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
