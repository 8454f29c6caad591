"""The same diglot under different Python interpreters, beside pandoc, paired within each round.

    python benchmarks/interpreters.py --python /usr/bin/python3.11              # this Python and Debian's, 7 rounds
    python benchmarks/interpreters.py --python /usr/bin/python3.11 --rounds 9 --no-talk

diglot's start-up is mostly the interpreter importing modules (click and
ebooklib alone are about half of seed 002 to EPUB), so how the interpreter was
built matters as much as anything left in diglot: a CPython built with
``--enable-shared`` and without profile-guided optimisation (pyenv's default)
runs the same code slower than a distribution's optimised, statically linked
one. This installs this checkout (``pip install .``, in a fresh virtual
environment in a temporary directory) for each ``--python`` and, in each
round, runs under this Python and then each other one:

* ``python -c "import click"`` (the interpreter alone, on a library import),
  ``diglot --help`` and ``diglot inspect`` of seed 002 (the start-up targets);
* ``diglot export`` of seed 002 ``--to epub`` (CPU seconds, user + system, from
  ``os.wait4``) beside pandoc's EPUB of the same content (``run.py``'s Markdown);
* the 3-hour talk (``run.py``'s: seed 002's body five times) ``--to all``
  beside pandoc's EPUB plus DOCX of it (wall seconds), unless ``--no-talk``.

Before the rounds, both seeds go ``--to all`` under every interpreter and the
files are compared byte for byte with this Python's (diglot promises the same
bytes for the same input and options).

Reports, for each interpreter, how it was built (version; whether the
executable loads ``libpython`` as a shared library; the optimisation flags
``sysconfig`` records) and the median of each figure and of its ratio to
pandoc within each round. Every diglot is byte-compiled and run without
``PYTHONDONTWRITEBYTECODE``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the suite's inputs: seed 002, the 3-hour talk, their Markdown, the build probe)


def cpu_and_wall(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(user + system seconds, wall seconds) of one run of *cmd* (``run.run_once``); a failed run ends the benchmark."""
    done = run.run_once(cmd, env=env)
    if not done.ok:
        raise SystemExit(f"{' '.join(cmd)} failed")
    return done.cpu, done.seconds


def install(python: str, into: Path) -> str:
    """A virtual environment of *python* in *into* with this checkout installed; returns its Python."""
    subprocess.run([python, "-m", "venv", str(into)], check=True)
    venv_python = str(into / "bin" / "python")
    subprocess.run([venv_python, "-m", "pip", "install", "-q", str(run.ROOT)], check=True)
    return venv_python


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", action="append", default=[], metavar="EXE", help="another interpreter (repeatable)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--no-talk", action="store_true", help="seed 002 to EPUB only, not the 3-hour talk")
    args = ap.parse_args()
    pandoc = shutil.which("pandoc")
    if not pandoc:
        raise SystemExit("pandoc is not installed")
    assert run.SEED_002 is not None
    work = Path(tempfile.mkdtemp(prefix="diglot-interpreters-"))
    run.as_installed()
    pythons = {"this Python": sys.executable}
    for n, other in enumerate(args.python, 1):
        started = time.perf_counter()
        pythons[other] = install(other, work / f"venv{n}")
        print(f"installed diglot for {other} in {time.perf_counter() - started:.0f} s")
    env = run.child_env(DIGLOT_CACHE_DIR=str(work / "cache"))
    for label, python in pythons.items():
        build = subprocess.run([python, "-c", run.BUILD_PROBE], env=env, capture_output=True, text=True, check=True)
        print(f"  {label}: {build.stdout.strip()}")
    seed_md = work / "seed002.md"
    seed_md.write_text(run.markdown_for_pandoc(run.SEED_002), encoding="utf-8")
    talk = work / "talk3h.txt"
    talk.write_text(run.long_talk(5), encoding="utf-8")
    talk_md = work / "talk3h.md"
    talk_md.write_text(run.markdown_for_pandoc(talk), encoding="utf-8")

    def diglot(python: str, *rest: str, out: Path = work / "out") -> list[str]:
        return [*run.diglot_command(python), "export", *rest, "-o", str(out), "-q", "--force"]

    # the same bytes under every interpreter: both seeds, every format (SOURCE_DATE_EPOCH is fixed)
    for n, (label, python) in enumerate(pythons.items()):
        subprocess.run(diglot(python, *map(str, run.SEEDS), "--to", "all", out=work / f"same{n}"), env=env, check=True)
        if n:
            ours = sorted(p.name for p in (work / "same0").iterdir())
            differ = [f for f in ours if (work / f"same{n}" / f).read_bytes() != (work / "same0" / f).read_bytes()]
            missing = sorted(set(ours) ^ {p.name for p in (work / f"same{n}").iterdir()})
            verdict = "identical" if not differ and not missing else f"DIFFER: {', '.join(differ + missing)}"
            print(f"  {label}: the seeds' {len(ours)} outputs (--to all) {verdict} to this Python's")

    click: dict[str, list[float]] = {label: [] for label in pythons}
    help_: dict[str, list[float]] = {label: [] for label in pythons}
    inspect: dict[str, list[float]] = {label: [] for label in pythons}
    epub: dict[str, list[float]] = {label: [] for label in pythons}
    whole: dict[str, list[float]] = {label: [] for label in pythons}
    pandoc_epub: list[float] = []
    pandoc_both: list[float] = []
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for _ in range(args.rounds):
        for label, python in pythons.items():
            command = run.diglot_command(python)
            click[label].append(cpu_and_wall([python, "-c", "import click"], env)[0])
            help_[label].append(cpu_and_wall([*command, "--help"], env)[0])
            inspect[label].append(cpu_and_wall([*command, "inspect", str(run.SEED_002)], env)[0])
            epub[label].append(cpu_and_wall(diglot(python, str(run.SEED_002), "--to", "epub"), env)[0])
        pandoc_epub.append(cpu_and_wall([pandoc, str(seed_md), "-o", str(work / "p.epub")], env)[0])
        if args.no_talk:
            continue
        for label, python in pythons.items():
            whole[label].append(cpu_and_wall(diglot(python, str(talk), "--to", "all"), env)[1])
        pandoc_both.append(
            cpu_and_wall([pandoc, str(talk_md), "-o", str(work / "p.epub")], env)[1]
            + cpu_and_wall([pandoc, str(talk_md), "-o", str(work / "p.docx")], env)[1]
        )
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    def ratio(ours: list[float], theirs: list[float]) -> str:
        ratios = [a / b for a, b in zip(ours, theirs)]
        return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"

    print(f"{args.rounds} rounds; medians, and the ratio to pandoc within each round (median, range)")
    print(f"  pandoc EPUB of seed 002: {statistics.median(pandoc_epub) * 1000:.0f} ms CPU")
    if pandoc_both:
        print(f"  pandoc EPUB + DOCX of the 3-hour talk: {statistics.median(pandoc_both):.2f} s wall")
    for label in pythons:
        print(f"  {label}")
        print(f"    import click                    {statistics.median(click[label]) * 1000:5.0f} ms CPU")
        print(f"    diglot --help                   {statistics.median(help_[label]) * 1000:5.0f} ms CPU")
        print(f"    diglot inspect seed 002         {statistics.median(inspect[label]) * 1000:5.0f} ms CPU")
        print(f"    seed 002 to EPUB                {statistics.median(epub[label]) * 1000:5.0f} ms CPU   {ratio(epub[label], pandoc_epub)} pandoc")
        if whole[label]:
            print(f"    3-hour talk --to all            {statistics.median(whole[label]):5.2f} s wall    {ratio(whole[label], pandoc_both)} pandoc EPUB+DOCX")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
