"""CPU of reading a document (``diglot.load``), steady state, against another checkout.

    python benchmarks/read_cpu.py [--rounds 7] [--loads 5] [--vs OTHER_CHECKOUT/src]

Inputs: seed 000 (paired reader), seed 002 (front-matter reader) and the 3-hour
talk (seed 002's body five times, ``run.long_talk``, written to a temporary
file). Each round starts one fresh process per
checkout (interleaved, so both see the same machine load) with the .pyc cache
allowed; the process loads every input once (imports, first-use patterns),
then times *loads* more loads of each with ``time.process_time`` and reports
the minimum. Printed: min and median over the rounds, in ms of CPU.
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
import run  # noqa: E402

SEEDS = {f"seed {p.name[:3]}": p for p in run.SEEDS}

CHILD = """
import json, sys, time
import diglot
paths, loads = json.loads(sys.argv[1]), int(sys.argv[2])
out = {}
for name, path in paths.items():
    diglot.load(path)
    best = float("inf")
    for _ in range(loads):
        start = time.process_time()
        diglot.load(path)
        best = min(best, time.process_time() - start)
    out[name] = best * 1e3
print(json.dumps(out))
"""


def load_times(src: Path, paths: dict[str, str], loads: int) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(paths), str(loads)], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--vs", type=Path, help="another checkout's src directory, timed in turn with this one")
    args = parser.parse_args()
    checkouts = {"this": run.ROOT / "src"}
    if args.vs:
        checkouts["vs"] = args.vs.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: str(p) for name, p in SEEDS.items()}
        talk = Path(tmp) / "long5.txt"
        talk.write_text(run.long_talk(5), encoding="utf-8")
        paths["3-hour talk"] = str(talk)
        results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        for _ in range(args.rounds):
            for name, src in checkouts.items():
                results[name].append(load_times(src, paths, args.loads))
    print(f"diglot.load, ms of CPU, min of {args.loads} loads per process after one warm-up; min / median of {args.rounds} processes")
    for label in paths:
        row = [f"{label:12s}"]
        for name, src in checkouts.items():
            values = [r[label] for r in results[name]]
            row.append(f"{name} ({src}): {min(values):6.1f} / {statistics.median(values):6.1f}")
        print("  ".join(row))


if __name__ == "__main__":
    main()
