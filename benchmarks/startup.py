"""Start-up CPU of ``diglot --help``, ``diglot inspect`` and ``diglot export --to epub`` of seed 002, beside click's import and a bare interpreter.

    python benchmarks/startup.py                      # this checkout, 7 rounds
    python benchmarks/startup.py --rounds 9 --vs /work/main/src

Each round runs every command once, one after the other (interleaved, so a
busier moment of a shared machine falls on all of them alike), as a separate
process of this Python; the figure is the child's CPU time (user + system,
from ``os.wait4``), median (and minimum) of the rounds. ``--vs SRC`` also runs
the diglot commands with ``PYTHONPATH=SRC`` (another checkout's ``src``, e.g.
main's) in the same rounds, and prints the median of the per-round
differences. Prints the load average before and after.

diglot is timed as installed: the package (and ``--vs``'s) is byte-compiled
first with ``compileall``, as pip does at install time, and the children run
without ``PYTHONDONTWRITEBYTECODE``; otherwise a shell that sets it makes every
run compile every diglot module from source (about 0.17 s a process).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import as_installed, child_env  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = str(next((ROOT / "seeds").glob("002_*.txt")))


def cpu_of(cmd: list[str], env: dict[str, str]) -> float:
    """User + system seconds of one run of *cmd* (its output discarded)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} exited with {proc.returncode}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--vs", metavar="SRC", help="another checkout's src directory, measured in the same rounds")
    args = ap.parse_args()

    py = sys.executable
    out = tempfile.mkdtemp(prefix="diglot-startup-")
    cache = os.path.join(out, "cache")
    compiled = [as_installed(*([args.vs] if args.vs else []))]
    if args.vs:
        compiled.append(str(Path(args.vs).resolve() / "diglot"))
    here = child_env(DIGLOT_CACHE_DIR=cache)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([py, "-c", "pass"], here),
        "python -c 'import click'": ([py, "-c", "import click"], here),
        "diglot --help": ([py, "-m", "diglot", "--help"], here),
        "diglot inspect seed 002": ([py, "-m", "diglot", "inspect", SEED_002], here),
        "diglot export seed 002 --to epub": ([py, "-m", "diglot", "export", SEED_002, "--to", "epub", "-o", out, "-q", "--force"], here),
    }
    if args.vs:
        other = child_env(args.vs, DIGLOT_CACHE_DIR=cache)
        commands["diglot --help (vs)"] = ([py, "-m", "diglot", "--help"], other)
        commands["diglot inspect seed 002 (vs)"] = ([py, "-m", "diglot", "inspect", SEED_002], other)
        commands["diglot export seed 002 --to epub (vs)"] = ([py, "-m", "diglot", "export", SEED_002, "--to", "epub", "-o", out, "-q", "--force"], other)

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(args.rounds):
        for label, (cmd, env) in commands.items():
            times[label].append(cpu_of(cmd, env))
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"CPU (user+sys) of {args.rounds} interleaved rounds" + (f"; (vs) = PYTHONPATH={args.vs}" if args.vs else ""))
    print(f"diglot as installed: {', '.join(map(str, compiled))} byte-compiled (compileall), run without PYTHONDONTWRITEBYTECODE")
    for label, values in times.items():
        print(f"  {label:40} median {statistics.median(values) * 1000:5.0f} ms   min {min(values) * 1000:5.0f} ms")
    if args.vs:
        # each round ran both checkouts back to back: the difference within a round is less exposed
        # to the machine's load swings than the two medians are
        print("this checkout minus --vs, within each round (median of the differences):")
        for label in [k for k in times if k.startswith("diglot") and not k.endswith("(vs)")]:
            diffs = [a - b for a, b in zip(times[label], times[f"{label} (vs)"])]
            print(f"  {label:40} {statistics.median(diffs) * 1000:+5.0f} ms")
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
