"""Subtitle cue building on the 3-hour talk: CPU seconds, in process and as whole processes.

    .venv/bin/python benchmarks/cue_building.py            # this checkout
    PYTHONPATH=/path/to/other/checkout/src .venv/bin/python benchmarks/cue_building.py   # another one

The talk is seed 002's body five times (``benchmarks/run.py``'s ``long_talk``).
Printed, each the median of ``--runs`` runs (default 3):

* in process: reading, preparing (sentence pairs and estimated times) and
  building the cues (``build_cues``, default options), each in CPU seconds
  (``time.process_time``) in a fresh process, so nothing is cached;
* whole processes: ``diglot export TALK --to srt`` (and vtt, ass, all), CPU
  seconds of the child (user + system, ``resource.getrusage``), run with
  ``.pyc`` files written (``PYTHONDONTWRITEBYTECODE`` unset) as an installed
  diglot has them.

CPU time rather than wall clock, since the machine is often shared. The
outputs are not checked here: ``scripts/output_hashes.py`` does that.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

_STAGES = """
import sys, time
t0 = time.process_time()
import diglot
from diglot.exporters.subtitles.cues import build_cues
from diglot.timing.params import TimingParams
t1 = time.process_time()
doc = diglot.load(sys.argv[1])
t2 = time.process_time()
doc = diglot.prepare(doc, {"pairs", "times"}, timing=TimingParams())
t3 = time.process_time()
cues = build_cues(doc)
t4 = time.process_time()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, len(cues))
"""


def _env() -> dict[str, str]:
    """The child's environment, with the diglot this process would import (``PYTHONPATH`` kept)."""
    import run

    return run.child_env(os.environ.get("PYTHONPATH"))


def main() -> int:
    import run
    from startup import cpu_of

    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
    with tempfile.TemporaryDirectory() as tmp:
        talk = Path(tmp) / "talk3h.txt"
        talk.write_text(run.long_talk(), encoding="utf-8")
        run.as_installed()
        subprocess.run([sys.executable, "-c", "import diglot; print('diglot from', diglot.__file__)"], env=_env(), check=True)
        print(f"3-hour talk: {talk.stat().st_size:,} bytes; median of {runs} runs, CPU seconds")
        stages = []
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _STAGES, str(talk)], env=_env(), check=True, capture_output=True, text=True)
            stages.append([float(x) for x in out.stdout.split()])
        med = [statistics.median(s[i] for s in stages) for i in range(5)]
        print(f"  in process: import {med[0]:.2f}  read {med[1]:.2f}  prepare {med[2]:.2f}  build_cues {med[3]:.2f}  ({int(med[4])} cues)")
        for fmt in ("srt", "vtt", "ass", "all"):
            times = []
            for _ in range(runs):
                out = Path(tmp) / f"out-{fmt}"
                times.append(cpu_of([sys.executable, "-m", "diglot", "export", str(talk), "--to", fmt, "-o", str(out), "--force", "-q"], _env()))
            print(f"  diglot export --to {fmt:4s} {statistics.median(times):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
