"""Instructions (valgrind's callgrind) of diglot's start-up paths: steadier than any clock on a shared machine.

    python benchmarks/startup_instructions.py                    # this checkout
    python benchmarks/startup_instructions.py --vs /work/main/src

Counts the instructions each command executes (``valgrind --tool=callgrind``,
the "I refs" of every process), which do not move with the machine's load
the way CPU seconds do (up to 2x here from minute to minute). Commands:

* ``python -c 'import click'``: the floor every command pays;
* ``diglot inspect`` of seed 002;
* ``diglot export`` of seed 002 ``--to epub``;
* the 3-hour talk ``--to all`` up to the fork of its formats (the process
  leaves where :func:`diglot.fanout.fork_map` would share the formats out).
  A long document's sentence alignment is itself shared out before that: the
  aligning child runs beside this process and is not counted (callgrind's
  count in a forked child starts from its parent's at the fork, so it says
  nothing of the child's own work). The figure is the critical path's.

``--vs SRC`` runs the same with ``PYTHONPATH=SRC`` (another checkout's
``src``). Both are byte-compiled first and run without
``PYTHONDONTWRITEBYTECODE``, as installed. Slow (each command runs about 50
times slower under valgrind): a few minutes. Needs ``valgrind``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import child_env, installed_checkouts, long_talk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEED_002 = str(next((ROOT / "seeds").glob("002_*.txt")))

# The CLI, leaving at the fork of the formats (not at a long document's alignment, which forks too).
_UNTIL_FORK = r"""
import os, sys
import diglot.fanout as fanout
real = fanout.fork_map
def fork_map(fn, items):
    if sys._getframe(1).f_code.co_name != "_render_shared":
        return real(fn, items)
    sys.stdout.flush(); sys.stderr.flush()
    os._exit(0)
fanout.fork_map = fork_map
sys.argv = ["diglot", *sys.argv[1:]]
from diglot.cli import cli
cli()
"""


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions of the process *cmd* starts (not of the children it forks)."""
    logs = Path(tempfile.mkdtemp(prefix="diglot-callgrind-"))
    try:
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", f"--log-file={logs}/%p.log", *cmd],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
        )
        counts = {}
        for log in logs.glob("*.log"):
            text = log.read_text(errors="replace")
            m = re.search(r"I\s+refs:\s+([\d,]+)", text)
            parent = re.search(r"Parent PID: (\d+)", text)
            if m:
                counts[int(log.stem)] = (int(m.group(1).replace(",", "")), int(parent.group(1)) if parent else 0)
        top = next(pid for pid, (_, parent) in counts.items() if parent not in counts)  # the process valgrind started
        return counts[top][0]
    finally:
        shutil.rmtree(logs, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vs", metavar="SRC", help="another checkout's src directory, counted too")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    py = sys.executable
    out = tempfile.mkdtemp(prefix="diglot-instructions-")
    talk = Path(out) / "long5.txt"
    talk.write_text(long_talk(5), encoding="utf-8")
    checkouts = installed_checkouts(args.vs)
    commands = {
        "diglot inspect seed 002": [py, "-m", "diglot", "inspect", SEED_002],
        "diglot export seed 002 --to epub": [py, "-m", "diglot", "export", SEED_002, "--to", "epub", "-o", out, "-q", "--force"],
        "3-hour talk --to all, until the fork": [py, "-c", _UNTIL_FORK, "export", str(talk), "--to", "all", "-o", out, "-q", "--force"],
    }
    floor = instructions([py, "-c", "import click"], child_env(DIGLOT_CACHE_DIR=os.path.join(out, "cache")))
    print(f"instructions (millions), valgrind --tool=callgrind; python -c 'import click': {floor / 1e6:.0f}")
    for label, cmd in commands.items():
        row = []
        for name, src in checkouts.items():
            row.append((name, instructions(cmd, child_env(src, DIGLOT_CACHE_DIR=os.path.join(out, "cache")))))
        cells = "   ".join(f"{name} {own / 1e6:6.0f}" for name, own in row)
        diff = f"   this - vs {(row[0][1] - row[1][1]) / 1e6:+.0f}" if len(row) > 1 else ""
        print(f"  {label:38s} {cells}{diff}")


if __name__ == "__main__":
    main()
