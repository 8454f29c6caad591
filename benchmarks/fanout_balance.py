"""The 3-hour talk through ``--to all`` on two workers: CPU of the work before the fork and of each share.

    python benchmarks/fanout_balance.py                       # this checkout, 5 rounds
    python benchmarks/fanout_balance.py --rounds 7 --vs /path/to/other/checkout/src

``diglot export TALK --to all --jobs 2`` reads and prepares the document once,
then renders its formats in shares (:mod:`diglot.fanout`): one in the main
process, the others in forked children. The wall time of the run is about
the work before the fork plus the slowest share, so this prints, per run,
CPU seconds (``time.process_time`` in the process that does the work, so a
busy shared machine inflates them less than the wall clock) of:

* ``before``: start-up, reading, sentence alignment and timing (everything
  before the fork; of a long document's alignment, shared over the workers
  too, only this process's part);
* each share (the exporters it renders), in the order ``share_out`` gives;
* ``critical``: ``before`` plus the dearest share.

Minimum and median over the rounds. ``--vs SRC`` runs another checkout's
``src`` (``PYTHONPATH``) in the same rounds, interleaved. The talk is seed
002's turns five times (``benchmarks/run.py``'s ``long_talk``). Run with
``.pyc`` files (``PYTHONDONTWRITEBYTECODE`` is unset for the children), as
users have them. The outputs are not checked here (``scripts/output_hashes.py``
and the 3-hour talk comparison in the working notes do that).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from run import as_installed, child_env, long_talk  # noqa: E402

# Runs the CLI with diglot.fanout.fork_map wrapped: each share reports its own CPU time.
_RUN = r"""
import sys, time
t0 = time.process_time()
import diglot.fanout as fanout
plain = fanout.fork_map

def fork_map(fn, items):
    if not all(isinstance(i, int) for item in items for i in item):
        return plain(fn, items)  # not the formats' shares (a long document's sentence alignment)
    before = time.process_time() - t0
    def timed(item):
        t = time.process_time()
        return fn(item), time.process_time() - t
    results = plain(timed, items)
    print("before", f"{before:.3f}", file=sys.stderr)
    for item, (_, cpu) in zip(items, results):
        print("share", f"{cpu:.3f}", *item, file=sys.stderr)
    return [r for r, _ in results]

fanout.fork_map = fork_map
from diglot.cli import cli
sys.argv = ["diglot", *sys.argv[1:]]
cli()
"""


def run_once(src: str, talk: Path, out: Path) -> tuple[float, list[tuple[float, str]]]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "export", str(talk), "--to", "all", "--jobs", "2", "-o", str(out), "-q", "--force"],
        env=child_env(src), capture_output=True, text=True, check=True,
    )
    from diglot import exporters

    names = exporters.available()
    before, shares = 0.0, []
    for line in done.stderr.splitlines():
        words = line.split()
        if words[:1] == ["before"]:
            before = float(words[1])
        elif words[:1] == ["share"]:
            shares.append((float(words[1]), "+".join(names[int(i)] for i in words[2:])))
    return before, shares


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vs", metavar="SRC", help="also run another checkout's src (PYTHONPATH) in the same rounds")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="diglot-fanout-"))
    talk = tmp / "talk3h.txt"
    talk.write_text(long_talk(5), encoding="utf-8")
    checkouts = {"this": str(ROOT / "src")}
    if args.vs:
        checkouts["vs"] = str(Path(args.vs).resolve())
    as_installed(*checkouts.values())
    print(f"3-hour talk --to all --jobs 2, CPU seconds; load average before: {os.getloadavg()[0]:.1f}")
    seen: dict[str, list[tuple[float, list[tuple[float, str]]]]] = {name: [] for name in checkouts}
    for _ in range(args.rounds):
        for name, src in checkouts.items():
            seen[name].append(run_once(src, talk, tmp / f"out-{name}"))
    for name, runs in seen.items():
        print(f"{name} ({checkouts[name]}), {len(runs)} runs: min / median")
        befores = [b for b, _ in runs]
        print(f"  before the fork      {min(befores):5.2f} / {statistics.median(befores):5.2f}")
        for k, (_, label) in enumerate(runs[0][1]):
            cpus = [shares[k][0] for _, shares in runs if len(shares) > k]
            print(f"  share {k + 1} {label:32s} {min(cpus):5.2f} / {statistics.median(cpus):5.2f}")
        critical = [b + max(c for c, _ in shares) for b, shares in runs]
        print(f"  critical path        {min(critical):5.2f} / {statistics.median(critical):5.2f}")


if __name__ == "__main__":
    main()
