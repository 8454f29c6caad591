"""The 3-hour talk through ``--to all`` on two workers: CPU of the work before the fork and of each share.

    python benchmarks/fanout_balance.py                       # this checkout, 5 rounds
    python benchmarks/fanout_balance.py --rounds 7 --vs /path/to/other/checkout/src
    python benchmarks/fanout_balance.py --exporters           # each exporter's cost (fanout.COST)

``diglot export TALK --to all --jobs 2`` reads and prepares the document once,
then renders its formats in shares (:mod:`diglot.fanout`): one in the main
process, the others in forked children. The wall time of the run is about
the work before the fork plus the slowest share, so this prints, per run,
CPU seconds (``time.process_time`` in the process that does the work, so a
busy shared machine inflates them less than the wall clock) of:

* ``before``: start-up, reading, sentence alignment and timing (everything
  before the fork; of a long document's alignment, shared over the workers
  too, only this process's part);
* each share (the exporters it renders), in the order ``share_out`` gives:
  its process's CPU from the fork to the end of the share, so the part of
  the cues a child builds for the first share (``fanout.Loan``) counts in
  the child's share, not the first's; the fraction of the pairs' text the
  first share keeps is printed as well;
* ``critical``: ``before`` plus the dearest share.

``--exporters`` instead runs ``--jobs 1`` and prints each exporter's CPU,
with the cue build inside the first subtitle exporter set apart (the
family's shared work): the figures ``diglot.fanout.COST`` and ``SHARED``
are taken from, so the split follows when the costs change.

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

from run import child_env, installed_checkouts, long_talk  # noqa: E402

# Runs the CLI with diglot.fanout.fork_map wrapped: each share reports its process's CPU time from
# the fork to the end of the share (in a child: all of its CPU time, the work lent to it included).
_RUN = r"""
import os, sys, time
t0 = time.process_time()
import diglot.fanout as fanout
plain, planner = fanout.fork_map, getattr(fanout, "plan_loan", None)

def fork_map(fn, items, *loan):
    if not all(isinstance(i, int) for item in items for i in item):
        return plain(fn, items, *loan)  # not the formats' shares (a long document's sentence alignment)
    start = time.process_time()
    parent = os.getpid()
    def timed(item):
        result = fn(item)
        return result, time.process_time() - (start if os.getpid() == parent else 0.0)
    results = plain(timed, items, *loan)
    print("before", f"{start - t0:.3f}", file=sys.stderr)
    for item, (_, cpu) in zip(items, results):
        print("share", f"{cpu:.3f}", *item, file=sys.stderr)
    return [r for r, _ in results]

def plan_loan(exporters, shares):
    planned = planner(exporters, shares)
    if planned:
        print("cut", f"{planned[2]:.3f}", file=sys.stderr)
    return planned

fanout.fork_map = fork_map
if planner:
    fanout.plan_loan = plan_loan
from diglot.cli import cli
sys.argv = ["diglot", *sys.argv[1:]]
cli()
"""

# --exporters: one process (--jobs 1), the CPU of each exporter and of the cue build inside the
# first subtitle exporter (the subtitle family's shared work): the figures of diglot.fanout.COST/SHARED.
_EXPORTERS = r"""
import sys, time
import diglot.batch as batch
import diglot.exporters.subtitles.cues as cues
render, build = batch._render, cues.pair_cues
inside = [0.0]

def pair_cues(*args, **kwargs):
    t = time.process_time()
    try:
        return build(*args, **kwargs)
    finally:
        inside[0] += time.process_time() - t

def timed_render(source, plan, exporter, doc):
    inside[0] = 0.0
    t = time.process_time()
    written = render(source, plan, exporter, doc)
    print("exporter", exporter.name, f"{time.process_time() - t:.3f}", f"{inside[0]:.3f}", file=sys.stderr)
    return written

batch._render, cues.pair_cues = timed_render, pair_cues
from diglot.cli import cli
sys.argv = ["diglot", *sys.argv[1:]]
cli()
"""


def run_once(src: str, talk: Path, out: Path) -> tuple[float, list[tuple[float, str]], float | None]:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, "export", str(talk), "--to", "all", "--jobs", "2", "-o", str(out), "-q", "--force"],
        env=child_env(src), capture_output=True, text=True, check=True,
    )
    from diglot import exporters

    names = exporters.available()
    before, shares, cut = 0.0, [], None
    for line in done.stderr.splitlines():
        words = line.split()
        if words[:1] == ["before"]:
            before = float(words[1])
        elif words[:1] == ["share"]:
            shares.append((float(words[1]), "+".join(names[int(i)] for i in words[2:])))
        elif words[:1] == ["cut"]:
            cut = float(words[1])
    return before, shares, cut


def exporter_costs(src: str, talk: Path, out: Path, rounds: int) -> None:
    """Each exporter's CPU in a one-process ``--to all`` (min of *rounds*), the cue build set apart."""
    seen: dict[str, list[tuple[float, float]]] = {}
    for _ in range(rounds):
        done = subprocess.run(
            [sys.executable, "-c", _EXPORTERS, "export", str(talk), "--to", "all", "--jobs", "1", "-o", str(out), "-q", "--force"],
            env=child_env(src), capture_output=True, text=True, check=True,
        )
        for line in done.stderr.splitlines():
            words = line.split()
            if words[:1] == ["exporter"]:
                seen.setdefault(words[1], []).append((float(words[2]), float(words[3])))
    print(f"each exporter in one process (--jobs 1), CPU seconds, min of {rounds}; cues: pair_cues inside it")
    shared, own = 0.0, {}
    for name, runs in seen.items():
        total, cues = min(t for t, _ in runs), min(c for _, c in runs)
        own[name] = total - (cues if not shared else 0.0)
        print(f"  {name:6s} {total:5.2f}   cues {cues:5.2f}   without the first cue build {own[name]:5.2f}")
        shared = shared or cues
    print(f"  the subtitle family's shared cue build (the first one): {shared:.2f}")
    print("as diglot.fanout's tables (rounded to 0.05):")
    print("  COST = {" + ", ".join(f'"{n}": {max(0.05, round(c * 20) / 20):g}' for n, c in sorted(own.items())) + "}")
    print(f'  SHARED = {{"subtitles": {round(shared * 20) / 20:g}}}')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vs", metavar="SRC", help="also run another checkout's src (PYTHONPATH) in the same rounds")
    ap.add_argument("--exporters", action="store_true", help="instead: each exporter's CPU in one process (the figures of diglot.fanout.COST and SHARED)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="diglot-fanout-"))
    talk = tmp / "talk3h.txt"
    talk.write_text(long_talk(5), encoding="utf-8")
    checkouts = installed_checkouts(args.vs)
    if args.exporters:
        exporter_costs(checkouts["this"], talk, tmp / "out-exporters", args.rounds)
        return
    print(f"3-hour talk --to all --jobs 2, CPU seconds; load average before: {os.getloadavg()[0]:.1f}")
    seen: dict[str, list[tuple[float, list[tuple[float, str]], float | None]]] = {name: [] for name in checkouts}
    for _ in range(args.rounds):
        for name, src in checkouts.items():
            seen[name].append(run_once(src, talk, tmp / f"out-{name}"))
    for name, runs in seen.items():
        print(f"{name} ({checkouts[name]}), {len(runs)} runs: min / median")
        befores = [b for b, _, _ in runs]
        print(f"  before the fork      {min(befores):5.2f} / {statistics.median(befores):5.2f}")
        if runs[0][2] is not None:
            print(f"  cues lent to share 2: the pairs after {runs[0][2]:.0%} of the text")
        for k, (_, label) in enumerate(runs[0][1]):
            cpus = [shares[k][0] for _, shares, _ in runs if len(shares) > k]
            print(f"  share {k + 1} {label:32s} {min(cpus):5.2f} / {statistics.median(cpus):5.2f}")
        critical = [b + max(c for c, _ in shares) for b, shares, _ in runs]
        print(f"  critical path        {min(critical):5.2f} / {statistics.median(critical):5.2f}")


if __name__ == "__main__":
    main()
