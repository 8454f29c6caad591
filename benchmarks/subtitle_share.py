"""The subtitle share of ``--to all`` on the 3-hour talk: ASS, then SRT, then WebVTT, rendered in process.

    python benchmarks/subtitle_share.py --rounds 7 --vs /path/to/other/checkout/src
    python benchmarks/subtitle_share.py --instructions --vs /path/to/other/checkout/src
    python benchmarks/subtitle_share.py --instructions --ass-only --vs /path/to/other/checkout/src

The talk is seed 002's body five times (``benchmarks/run.py``'s ``long_talk``).
Each run is a fresh child process (nothing cached, as in a real run): it reads
and prepares the talk for the subtitles (sentence pairs and estimated times),
loads the segmenter and the writers' libraries, then renders ASS (which builds
the cues), SRT and WebVTT in that order, as ``--to all``'s subtitle share does,
and prints the CPU seconds (``time.process_time``) of each render and a hash
of the three texts. With ``--vs SRC`` another checkout runs in the same rounds,
interleaved, and the hashes must agree. Minimum and median over the rounds.

``--instructions`` counts instead the machine instructions of the three
renders, once each checkout, under valgrind's callgrind (``valgrind`` must be
installed; several minutes a checkout): the count of a child that stops before
rendering is subtracted. Unlike CPU time on a shared machine, the count is the
same from run to run. ``--ass-only`` renders ASS alone (the cue build and
the ASS file: what the cue builder's changes are measured by).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

_CHILD = """
import gc, hashlib, sys, time
import diglot
from diglot.exporters.subtitles.ass import AssExporter
from diglot.exporters.subtitles.srt import SrtExporter
from diglot.exporters.subtitles.vtt import VttExporter
from diglot.lang.words import expect_many
exporters = [AssExporter(), SrtExporter(), VttExporter()]
doc = diglot.prepare(diglot.load(sys.argv[1]), {"pairs", "times"}, timing=exporters[0].timing())
import pysubs2, webvtt  # noqa: F401 - imported by the renders: not what is timed
expect_many()  # the segmenter, loaded before the fork in a real run or not: not what is timed
gc.collect()
gc.freeze()
if sys.argv[2] == "render":
    seconds, texts = [], []
    for exporter in exporters[: int(sys.argv[3])]:
        t0 = time.process_time()
        out = exporter.render(doc)
        seconds.append(time.process_time() - t0)
        texts.append(out[0] + (out[1] or "" if len(out) == 3 else ""))
    print(*(f"{s:.4f}" for s in seconds), hashlib.sha256("".join(texts).encode()).hexdigest()[:16])
"""


def _child(src: str | None, talk: Path, what: str, valgrind: bool = False, formats: int = 3) -> subprocess.CompletedProcess[str]:
    import run

    cmd = [sys.executable, "-c", _CHILD, str(talk), what, str(formats)]
    if valgrind:
        cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd]
    return subprocess.run(cmd, env=run.child_env(src), capture_output=True, text=True, check=True)


def _instructions(src: str | None, talk: Path, formats: int) -> int:
    counts = []
    for what in ("render", "prepare"):
        found = re.search(r"Collected : (\d+)", _child(src, talk, what, valgrind=True, formats=formats).stderr)
        assert found
        counts.append(int(found.group(1)))
    return counts[0] - counts[1]


def main() -> int:
    import run

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vs", metavar="SRC", help="also run another checkout's src (PYTHONPATH) in the same rounds")
    ap.add_argument("--instructions", action="store_true", help="count instructions under callgrind instead (once a checkout)")
    ap.add_argument("--ass-only", action="store_true", help="render ASS alone (the cue build and the ASS file)")
    args = ap.parse_args()
    formats = 1 if args.ass_only else 3
    checkouts: dict[str, str | None] = dict(run.installed_checkouts(args.vs))
    with tempfile.TemporaryDirectory() as tmp:
        talk = Path(tmp) / "talk3h.txt"
        talk.write_text(run.long_talk(), encoding="utf-8")
        if args.instructions:
            what = "ASS" if args.ass_only else "ASS, SRT and WebVTT"
            print(f"millions of instructions of rendering {what} (callgrind; the preparation subtracted)")
            for name, src in checkouts.items():
                print(f"  {name:5s} {_instructions(src, talk, formats) / 1e6:8.0f} M   ({src or 'installed diglot'})")
            return 0
        results: dict[str, list[list[float]]] = {name: [] for name in checkouts}
        hashes = set()
        for _ in range(args.rounds):
            for name, src in checkouts.items():
                *seconds, digest = _child(src, talk, "render", formats=formats).stdout.split()
                results[name].append([float(s) for s in seconds])
                hashes.add(digest)
        print(f"CPU seconds of each render, min / median of {args.rounds} interleaved rounds (fresh process each)")
        for name, rows in results.items():
            cols = [*zip(*rows), [sum(r) for r in rows]]
            cells = "  ".join(f"{label} {min(c):.3f} / {statistics.median(c):.3f}" for label, c in zip((*("ASS", "SRT", "VTT")[:formats], "all"), cols))
            print(f"  {name:5s} {cells}   ({checkouts[name] or 'installed diglot'})")
        print("outputs identical" if len(hashes) == 1 else f"OUTPUTS DIFFER: {sorted(hashes)}")
        return 0 if len(hashes) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
