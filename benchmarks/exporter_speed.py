"""CPU of DOCX, EPUB and flashcard exports as whole processes: seed 002, the 3-hour talk, a one-segment document.

    python benchmarks/exporter_speed.py                        # this checkout, 5 rounds
    python benchmarks/exporter_speed.py --rounds 7 --vs /path/to/other/checkout/src

Each round runs every (input, format) export once, one after the other
(interleaved, so a busier moment of a shared machine falls on all of them
alike), as a separate process of this Python writing into a scratch folder
with ``--force``; the figure is the child's CPU time (user + system, from
``os.wait4``), median (and minimum) of the rounds. ``--vs SRC`` runs the same
exports with ``PYTHONPATH=SRC`` (another checkout's ``src``, e.g. the commit
before a change) in the same rounds. The 3-hour talk is seed 002's turns five
times (``benchmarks/run.py``'s ``long_talk``); the one-segment document shows
start-up alone. Both checkouts are byte-compiled first and run without
``PYTHONDONTWRITEBYTECODE``, as installed (users have ``.pyc`` files).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import child_env, installed_checkouts, long_talk, tiny_document  # noqa: E402
from startup import cpu_of  # noqa: E402

FORMATS = ("docx", "epub", "anki", "apkg", "docx,epub,anki,apkg")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vs", metavar="SRC", help="also run another checkout's src (PYTHONPATH) in the same rounds")
    ap.add_argument("--formats", default=";".join(FORMATS),
                    help="exports to time, ';'-separated (default: docx, epub, anki, apkg, then the four in one run)")
    args = ap.parse_args()
    formats = args.formats.split(";")
    tmp = Path(tempfile.mkdtemp(prefix="diglot-exporter-speed-"))
    inputs = {"start-up": tmp / "one.md", "seed 002": tmp / "002.md", "3h": tmp / "talk3h.md"}
    inputs["start-up"].write_text(tiny_document(), encoding="utf-8")
    inputs["seed 002"].write_text(long_talk(1), encoding="utf-8")
    inputs["3h"].write_text(long_talk(5), encoding="utf-8")
    checkouts = installed_checkouts(args.vs)
    times: dict[tuple[str, str, str], list[float]] = {}
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    for _ in range(args.rounds):
        for label, path in inputs.items():
            for fmt in formats:
                for name, src in checkouts.items():
                    out = tmp / f"out-{name}"
                    cmd = [sys.executable, "-m", "diglot", "export", str(path), "--to", fmt, "-o", str(out),
                           "--force", "--overwrite", "-q", "-j", "1"]
                    times.setdefault((label, fmt, name), []).append(cpu_of(cmd, child_env(src)))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"CPU seconds (user + system), median (min) of {args.rounds} rounds")
    head = "| input | formats | " + " | ".join(checkouts) + " |"
    print(head)
    print("|" + "---|" * (2 + len(checkouts)))
    for label in inputs:
        for fmt in formats:
            cells = []
            for name in checkouts:
                ts = times[(label, fmt, name)]
                cells.append(f"{statistics.median(ts):.2f} ({min(ts):.2f})")
            print(f"| {label} | {fmt} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
