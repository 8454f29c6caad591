"""The 3-hour talk's ``--to all`` beside pandoc's EPUB + DOCX of it, paired within each round.

    python benchmarks/paired_3h.py                          # 7 rounds
    python benchmarks/paired_3h.py --rounds 9 --vs /path/to/other/checkout/src

On a machine whose speed drifts (a virtual machine on a shared host), a median
of separate runs can land on either side of a target; this runs, in each round,
diglot (``python -m diglot export TALK --to all``), the ``--vs`` checkout when
given (``PYTHONPATH=SRC``), then pandoc to EPUB and to DOCX, one after the
other, and reports the ratio and the difference *within* each round (wall
seconds; the median and the spread). The talk is ``benchmarks/run.py``'s: seed
002's body five times; pandoc reads its Markdown rendering. Both checkouts are
byte-compiled first and run without ``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the suite's inputs: the same talk and Markdown)


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--vs", metavar="SRC", help="another checkout's src directory, run in the same rounds")
    args = ap.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        raise SystemExit("pandoc is not installed")
    work = Path(tempfile.mkdtemp(prefix="diglot-paired-"))
    talk = work / "talk3h.txt"
    talk.write_text(run.long_talk(5), encoding="utf-8")
    md = work / "talk3h.md"
    md.write_text(run.markdown_for_pandoc(talk), encoding="utf-8")
    run.as_installed(*([args.vs] if args.vs else []))
    env = run.child_env(DIGLOT_CACHE_DIR=str(work / "cache"))
    other = run.child_env(args.vs, DIGLOT_CACHE_DIR=str(work / "cache")) if args.vs else None
    cmd = [sys.executable, "-m", "diglot", "export", str(talk), "--to", "all", "-o", str(work / "out"), "-q", "--force"]
    rows: dict[str, list[float]] = {"diglot": [], "pandoc epub+docx": []}
    if other:
        rows["diglot (vs)"] = []
    for _ in range(args.rounds):
        rows["diglot"].append(wall(cmd, env))
        if other:
            rows["diglot (vs)"].append(wall(cmd, other))
        rows["pandoc epub+docx"].append(
            wall([pandoc, str(md), "-o", str(work / "p.epub")], env) + wall([pandoc, str(md), "-o", str(work / "p.docx")], env)
        )
    print(f"3-hour talk, --to all, {args.rounds} rounds, wall seconds (load average now {os.getloadavg()[0]:.2f})")
    for label, values in rows.items():
        print(f"  {label:18} median {statistics.median(values):.2f}  min {min(values):.2f}  max {max(values):.2f}")
    ratios = [a / b for a, b in zip(rows["diglot"], rows["pandoc epub+docx"])]
    print(f"  diglot / pandoc within each round: median {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})")
    if other:
        diffs = [a - b for a, b in zip(rows["diglot"], rows["diglot (vs)"])]
        print(f"  diglot minus --vs within each round: median {statistics.median(diffs):+.2f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
