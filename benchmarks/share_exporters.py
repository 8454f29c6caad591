"""CPU of each exporter of the 3-hour talk's second share (anki CSV, .apkg, DOCX, EPUB, JSON), in the order it renders them.

    python benchmarks/share_exporters.py                         # this checkout, 7 rounds
    python benchmarks/share_exporters.py --rounds 9 --vs /path/to/other/checkout/src

Each round runs, per checkout, one process of ``diglot export TALK --to
anki,apkg,docx,epub,json --jobs 1`` with diglot's ``batch._render`` wrapped:
every exporter's ``write`` is timed with ``time.process_time`` inside the
process, after reading and aligning, as the forked child of ``--to all``
renders them (the first exporter to need a library pays its import, so the
order is ``--to all``'s second share's). Minimum and median per exporter over
the rounds; ``--vs SRC`` runs another checkout's ``src`` (``PYTHONPATH``) in
the same rounds, interleaved, so a busier moment of the shared machine falls on
both. Both checkouts are byte-compiled and run without
``PYTHONDONTWRITEBYTECODE``, as installed. The talk is seed 002's turns five
times (``benchmarks/run.py``'s ``long_talk``). Outputs are not checked here
(``scripts/output_hashes.py`` does that).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import child_env, installed_checkouts, long_talk  # noqa: E402

FORMATS = ("anki", "apkg", "docx", "epub", "json")

_RUN = r"""
import json, sys, time
from diglot import batch
plain = batch._render
times = {}
def timed(source, plan, exporter, doc):
    t = time.process_time()
    try:
        return plain(source, plan, exporter, doc)
    finally:
        times[exporter.name] = time.process_time() - t
batch._render = timed
from diglot.__main__ import main  # the console script's start (garbage collection off: diglot.garbage)
sys.argv = ["diglot", "export", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    if exc.code:
        raise
print(json.dumps(times))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--vs", metavar="SRC", help="also run another checkout's src (PYTHONPATH) in the same rounds")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="diglot-share-exporters-"))
    talk = tmp / "talk3h.md"
    talk.write_text(long_talk(5), encoding="utf-8")
    checkouts = installed_checkouts(args.vs)
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
    for _ in range(args.rounds):
        for name, src in checkouts.items():
            cmd = [sys.executable, "-c", _RUN, str(talk), "--to", ",".join(FORMATS), "-o", str(tmp / name),
                   "--force", "--overwrite", "-q", "-j", "1"]
            out = subprocess.run(cmd, env=child_env(src), capture_output=True, text=True, check=True).stdout
            runs[name].append(json.loads(out.strip().splitlines()[-1]))
    print(f"CPU seconds in process, min / median of {args.rounds} rounds")
    print("| exporter | " + " | ".join(checkouts) + " |")
    print("|" + "---|" * (1 + len(checkouts)))
    for fmt in (*FORMATS, "all five"):
        cells = []
        for name in checkouts:
            ts = [sum(r.values()) if fmt == "all five" else r[fmt] for r in runs[name]]
            cells.append(f"{min(ts):.3f} / {statistics.median(ts):.3f}")
        print(f"| {fmt} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
