"""What Python's cyclic garbage collector costs a diglot run, and what the command's policy (diglot.garbage) leaves.

    python benchmarks/gc_cost.py                 # 5 rounds
    python benchmarks/gc_cost.py --rounds 9 --no-archive

Three ways of running the same command, each as whole processes, interleaved
in every round so a busier moment of the shared machine falls on all three:

* ``automatic``: Python's default, the collector on (``diglot.cli.main``
  called directly, as before the command turned it off);
* ``command``: what the installed ``diglot`` script runs
  (:func:`diglot.__main__.main`): automatic collection off from the start, a
  full collection between documents (:func:`diglot.garbage.between_documents`);
* ``off``: automatic collection off and no collection at all (only for the
  archive, to show what the collection between documents keeps bounded).

A ``sitecustomize`` put on the children's path counts every collection with
:data:`gc.callbacks` (runs and milliseconds, in every process of the run:
the forked shares and aligning children too) and each process's CPU. The
commands: seed 002 to EPUB; the 3-hour talk (seed 002's turns five times,
``run.long_talk``) ``--to all``; and, unless ``--no-archive``, 24 seeds
(both seeds twelve times) ``--to all --jobs 1`` in one process, for peak
memory (``os.wait4``'s ``ru_maxrss``). Medians over the rounds. Outputs are
not checked here (``scripts/output_hashes.py`` and the batch tests do).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402

PROBE = '''
import atexit, gc, os, sys, time
_runs = [0, 0.0]
_start = [0.0]
def _cb(phase, info):
    if phase == "start":
        _start[0] = time.perf_counter()
    else:
        _runs[0] += 1
        _runs[1] += time.perf_counter() - _start[0]
gc.callbacks.append(_cb)
def _report():
    with open(os.environ["GC_COST_LOG"], "a") as f:
        f.write(f"{os.getpid()} {_runs[0]} {_runs[1]:.6f} {time.process_time():.6f}\\n")
atexit.register(_report)
_exit = os._exit
def _exit_reporting(code):
    _report()
    _exit(code)
os._exit = _exit_reporting
'''

# all three as the console script starts (``python -m`` would add runpy's imports to one of them)
COMMAND = "import sys; sys.argv[0] = 'diglot'; from diglot.__main__ import main; main()"
AUTOMATIC = "import sys; sys.argv[0] = 'diglot'; from diglot.cli import main; main()"
OFF = "import gc, sys; gc.disable(); sys.argv[0] = 'diglot'; from diglot.cli import main; main()"


def one(cmd: list[str], env: dict[str, str], log: Path) -> dict[str, float]:
    log.write_text("")
    done = run.run_once(cmd, env={**env, "GC_COST_LOG": str(log)})
    if not done.ok:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    rows = [line.split() for line in log.read_text().splitlines()]
    return {
        "wall": done.seconds,
        "gc_runs": sum(int(r[1]) for r in rows),
        "gc_ms": 1000 * sum(float(r[2]) for r in rows),
        "cpu": done.cpu,
        "peak_mb": done.peak_mb,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-archive", action="store_true")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="diglot-gc-"))
    probe = work / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
    talk = work / "talk3h.txt"
    talk.write_text(run.long_talk(5), encoding="utf-8")
    archive = work / "archive"
    archive.mkdir()
    for n in range(12):
        for seed in run.SEEDS:
            shutil.copy(seed, archive / f"{n:02d}_{seed.name}")
    run.as_installed()
    env = run.child_env(DIGLOT_CACHE_DIR=str(work / "cache"))
    env["PYTHONPATH"] = os.pathsep.join([str(probe), *filter(None, [os.environ.get("PYTHONPATH")])])
    log = work / "gc.log"

    out = str(work / "out")
    commands = {
        "seed 002 to EPUB": ["export", str(run.SEED_002), "--to", "epub", "-o", out, "-q", "--force"],
        "3-hour talk --to all": ["export", str(talk), "--to", "all", "-o", out, "-q", "--force"],
    }
    if not args.no_archive:
        commands["24 seeds --to all --jobs 1"] = ["export", str(archive), "--to", "all", "-o", out, "-q", "--force", "--jobs", "1"]
    ways = {"automatic": [sys.executable, "-c", AUTOMATIC], "command": [sys.executable, "-c", COMMAND], "off": [sys.executable, "-c", OFF]}
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    for _ in range(args.rounds):
        for label, argv in commands.items():
            for way, head in ways.items():
                if way == "off" and not label.startswith("24 seeds"):
                    continue
                results.setdefault((label, way), []).append(one([*head, *argv], env, log))
    print(f"garbage collection, {args.rounds} rounds, medians (load average now {os.getloadavg()[0]:.2f}); gc: every process of the run")
    print("| command | collection | wall s | CPU s (all processes) | gc runs | gc ms | peak MB (largest process) |")
    print("|---|---|---|---|---|---|---|")
    for (label, way), runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"| {label} | {way} | {med['wall']:.2f} | {med['cpu']:.2f} | {med['gc_runs']:.0f} | {med['gc_ms']:.0f} | {max(r['peak_mb'] for r in runs):.0f} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
