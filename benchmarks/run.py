"""The speed suite: diglot as whole processes beside pandoc, every target of issue 13 with its figure.

    python benchmarks/run.py            # full run (several minutes on 2 cores)
    python benchmarks/run.py --quick    # smoke run: seeds to JSON, a 4-document archive, no targets
    python benchmarks/run.py --no-archive --to epub   # seeds and the 3-hour talk to EPUB only

What is run, each as a separate process (``diglot`` next to this Python, or
``python -m diglot``), timed with ``time.perf_counter`` around the process and
its peak resident memory taken from ``os.wait4`` (the child's own
``ru_maxrss``); each figure is the median of ``--repeat`` runs (peak: the max).
diglot is timed as installed: its package is byte-compiled first (``compileall``,
as pip does at install time) and the children run without
``PYTHONDONTWRITEBYTECODE``, so no run pays for compiling diglot's source:

* each seed and a 3-hour talk (seed 002's body five times in one document,
  built at run time) through every exporter, and ``--to all``;
* a one-segment document through the same exporters: start-up (interpreter,
  imports, dictionaries) that the linearity target subtracts;
* ``diglot --help`` and ``diglot inspect`` of seed 002 (the start-up targets,
  on CPU time), beside ``python -c "import click"``, the floor under ``--help``,
  and the floor under any EPUB made with the required libraries (click and
  ebooklib imported, a one-chapter book written by ebooklib: :data:`EPUB_FLOOR`);
* pandoc converting the same content to EPUB and DOCX (a Markdown rendering of
  the document: title, section headings, each segment's English and Chinese
  as paragraphs), when ``pandoc`` is on the PATH;
* an archive of 200 documents (copies of the seeds, each with its own title and
  a numbered first sentence in both languages) with ``--jobs 1`` and
  ``--jobs 2`` (``--force``, so both do all the work; outputs compared byte for
  byte), then once more unchanged (incremental: everything skipped).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_002 = next((p for p in SEEDS if p.name.startswith("002_")), None)


#: the least any EPUB made with the brief's required libraries costs: the interpreter, click (the CLI)
#: and ebooklib imported, then a one-chapter book written; no reading, no alignment, no layout
EPUB_FLOOR = """
import sys
import click
from ebooklib import epub
book = epub.EpubBook()
book.set_identifier("floor")
book.set_title("Floor")
book.set_language("en")
page = epub.EpubHtml(title="One", file_name="one.xhtml", lang="en")
page.content = "<h1>One</h1><p>One paragraph.</p><p lang='zh'>一段。</p>"
book.add_item(page)
book.toc = [page]
book.spine = ["nav", page]
book.add_item(epub.EpubNcx())
book.add_item(epub.EpubNav())
epub.write_epub(sys.argv[1], book)
"""


#: prints how the interpreter running it was built (its figures depend on it: see interpreters.py)
BUILD_PROBE = """
import sys, sysconfig
shared = any("libpython" in line for line in open("/proc/self/maps"))
args = sysconfig.get_config_var("CONFIG_ARGS") or ""
flags = [f for f in ("--enable-optimizations", "--with-lto") if f in args]
print(f"Python {sys.version.split()[0]} at {sys.executable}; libpython {'shared' if shared else 'linked in'}; "
      f"OPT {sysconfig.get_config_var('OPT')!r}; configure {' '.join(flags) or 'without --enable-optimizations/--with-lto'}")
"""


class Run(NamedTuple):
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process itself
    peak_mb: float
    ok: bool


def diglot_command(python: str = sys.executable) -> list[str]:
    """diglot as *python*'s environment runs it: its console script, else ``python -m diglot``."""
    script = Path(python).parent / "diglot"
    return [str(script)] if script.exists() else [python, "-m", "diglot"]


def as_installed(*others: str) -> str:
    """Byte-compile the diglot package being timed (pip does so at install) and let the children use the .pyc files.

    Also compiles the package of each of *others* (another checkout's ``src``,
    run with :func:`child_env`). Returns the package directory. Without this, a
    shell that sets ``PYTHONDONTWRITEBYTECODE`` (or a fresh checkout) makes
    every run compile every diglot module from source, about 0.17 s a process
    that no installed diglot pays.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("diglot")
    assert spec is not None and spec.submodule_search_locations
    package = Path(next(iter(spec.submodule_search_locations)))
    for folder in (package, *(Path(src).resolve() / "diglot" for src in others)):
        compileall.compile_dir(folder, quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the children inherit os.environ
    return str(package)


def installed_checkouts(vs: str | None) -> dict[str, str]:
    """The ``src`` of this checkout ("this") and, with ``--vs SRC``, of another ("vs"), both byte-compiled
    (:func:`as_installed`), in the order the rounds run them."""
    checkouts = {"this": str(ROOT / "src")}
    if vs:
        checkouts["vs"] = str(Path(vs).resolve())
    as_installed(*checkouts.values())
    return checkouts


def child_env(src: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a timed child: the .pyc files used (no ``PYTHONDONTWRITEBYTECODE``), ``SOURCE_DATE_EPOCH``
    fixed (the same bytes from run to run), diglot imported from *src* (another checkout's ``src``, through
    ``PYTHONPATH``) or else the installed one, and *extra* variables."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if src:
        env["PYTHONPATH"] = str(Path(src).resolve())
    env.update(extra)
    return env


def run_once(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """One whole process (in *env*, else this one's environment): wall time, CPU and the child's own peak RSS (os.wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        print(f"  ! {' '.join(cmd[:6])}... exited {proc.returncode}: {err.strip().splitlines()[-1:] }", file=sys.stderr)
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode == 0)


def measure(cmd: list[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run_once(cmd, cwd) for _ in range(repeat)]
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs), max(r.peak_mb for r in runs), all(r.ok for r in runs)
    )


# --- inputs -----------------------------------------------------------------


def split_front_matter(text: str) -> tuple[str, str]:
    """(front matter with its fences, body) of a front-matter transcript; ("", text) without one."""
    m = re.match(r"---\n.*?\n---\n", text, re.S)
    return (m.group(0), text[m.end():]) if m else ("", text)


def long_talk(times: int = 5) -> str:
    """Seed 002 with its body *times* over: one document (the "3-hour talk" for 5)."""
    assert SEED_002 is not None
    head, body = split_front_matter(SEED_002.read_text(encoding="utf-8"))
    return head + "\n".join([body] * times)


def tiny_document() -> str:
    """One segment in the paired family: what start-up alone costs."""
    return "## Start-up\n\nThis is one short sentence.\n\n这是一个短句。\n"


def archive_copy(seed: Path, n: int) -> str:
    """Seed *seed* with its own title and a numbered first sentence in both languages."""
    text = seed.read_text(encoding="utf-8")
    head, body = split_front_matter(text)
    if head:
        head = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)} (No. {n})", head, count=1, flags=re.M)
        body = body.replace("**Ilya:** ", f"**Ilya:** 第{n}集。", 1)
        body = body.replace('<p class="english-text">', f'<p class="english-text">Episode {n}. ', 1)
        return head + body
    lines = text.split("\n")
    lines[0] = f"{lines[0]} (No. {n})"
    english = next(i for i, line in enumerate(lines) if line and line[0].isascii() and i > 0)
    chinese = next(i for i, line in enumerate(lines) if line and not line[0].isascii() and i > english)
    lines[english] = f"Episode {n}. {lines[english]}"
    lines[chinese] = f"第{n}集。{lines[chinese]}"
    return "\n".join(lines)


def markdown_for_pandoc(path: Path) -> str:
    """The document as Markdown for pandoc: title, section headings, English then Chinese paragraphs."""
    import diglot

    doc = diglot.load(path)
    out = [f"% {doc.title or path.stem}", ""]
    titles = {section.id: section.title for section in doc.sections}
    current = None
    for seg in doc.segments:
        if seg.section != current and titles.get(seg.section or ""):
            out += [f"# {titles[seg.section or '']}", ""]
        current = seg.section
        speaker = f"**{seg.speaker}:** " if seg.speaker else ""
        for text in (seg.source, seg.target):
            if text:
                out += [speaker + text.replace("\n", " "), ""]
    return "\n".join(out)


# --- the suite ---------------------------------------------------------------


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repeat, the seeds to JSON only, a 4-document archive (no figure is meaningful)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median; default 3)")
    parser.add_argument("--archive", type=int, default=200, help="documents in the archive (default 200)")
    parser.add_argument("--archive-to", default="all", help="formats for the archive run (default all)")
    parser.add_argument("--no-archive", action="store_true", help="skip the archive runs (about 8 minutes on 2 cores) and their targets")
    parser.add_argument("--to", metavar="FMT,...", help="only these exporters (and no --to all column), e.g. epub")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    archive_size = 4 if args.quick else args.archive
    from diglot import exporters as registry

    package = as_installed()
    exporters = ["json"] if args.quick else (args.to.split(",") if args.to else registry.available())
    archive_to = "json" if args.quick else args.archive_to
    diglot = diglot_command()
    pandoc = shutil.which("pandoc")

    work = Path(tempfile.mkdtemp(prefix="diglot-bench-"))
    os.environ["DIGLOT_CACHE_DIR"] = str(work / "cache")  # the runs' manifests, not the user's
    inputs = {p.name[:3]: p for p in SEEDS}
    talk = work / "talk3h.txt"
    talk.write_text(long_talk(5), encoding="utf-8")
    if not args.quick:
        inputs["3h"] = talk
    tiny = work / "tiny.txt"
    tiny.write_text(tiny_document(), encoding="utf-8")

    print(f"diglot speed suite  ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; median of {repeat})")
    print(f"inputs: {', '.join(f'{k}={v.name}' for k, v in inputs.items())}; pandoc: {pandoc or 'not installed'}")
    print(f"diglot as installed: {package} byte-compiled (compileall), children run without PYTHONDONTWRITEBYTECODE")
    build = subprocess.run([sys.executable, "-c", BUILD_PROBE], capture_output=True, text=True, check=False)
    print(f"interpreter: {build.stdout.strip() or 'unknown'}")
    print()

    columns = [*exporters] if args.to else [*exporters, "all"]
    table: dict[str, dict[str, Run]] = {}
    for label, path in [("start-up", tiny), *inputs.items()]:
        row: dict[str, Run] = {}
        for fmt in columns:
            out = work / "out" / label / fmt
            row[fmt] = measure([*diglot, "export", str(path), "--to", fmt, "-o", str(out), "-q", "--force"], repeat)
        table[label] = row
        if pandoc and label != "start-up":
            md = work / f"{label}.md"
            md.write_text(markdown_for_pandoc(path), encoding="utf-8")
            row["pandoc epub"] = measure([pandoc, str(md), "-o", str(work / f"{label}.epub")], repeat)
            row["pandoc docx"] = measure([pandoc, str(md), "-o", str(work / f"{label}.docx")], repeat)
        print(f"  measured {label}", file=sys.stderr)

    # start-up: the two commands of the start-up targets, and click's own import (the floor under --help)
    startup = {
        "diglot --help": measure([*diglot, "--help"], max(repeat, 5)),
        "diglot inspect seed 002": measure([*diglot, "inspect", str(SEED_002)], max(repeat, 5)) if SEED_002 else None,
        "python -c 'import click'": measure([sys.executable, "-c", "import click"], max(repeat, 5)),
        "floor of an EPUB": measure([sys.executable, "-c", EPUB_FLOOR, str(work / "floor.epub")], max(repeat, 5)),
    }
    print(f"Start-up: wall seconds / CPU seconds (median of {max(repeat, 5)})")
    for label, r in startup.items():
        if r is not None:
            print(f"  {label:26} {r.seconds:.3f} / {r.cpu:.3f}{'' if r.ok else '  FAILED'}")
    print()

    heads = [*columns, *(["pandoc epub", "pandoc docx"] if pandoc else [])]
    print("Whole process: wall seconds / CPU seconds (peak MB)")
    print("| input | " + " | ".join(heads) + " |")
    print("|---" * (len(heads) + 1) + "|")
    for label, row in table.items():
        cells = [f"{row[h].seconds:.2f} / {row[h].cpu:.2f} ({row[h].peak_mb:.0f})" + ("" if row[h].ok else " FAILED") if h in row else "-" for h in heads]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()

    # --- the archive ---
    arch: dict[str, Run] = {}
    loads: dict[str, float] = {}  # 1-minute load average before each run: the speed-up needs idle cores
    same = False
    if args.no_archive:
        print("Archive: skipped (--no-archive)")
        print()
    else:
        archive = work / "archive"
        for n in range(archive_size):
            seed = SEEDS[n % len(SEEDS)]
            sub = archive / f"part{n // 50:02d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{seed.stem}-{n:03d}.txt").write_text(archive_copy(seed, n), encoding="utf-8")
        for jobs in (1, 2):
            out = work / f"archive-out-{jobs}"
            loads[f"--jobs {jobs}"] = os.getloadavg()[0]
            # CPU from wait4 includes the worker processes diglot reaped (Linux)
            arch[f"--jobs {jobs}"] = run_once([*diglot, "export", str(archive), "--to", archive_to, "-o", str(out), "-q", "--force", "--jobs", str(jobs)])
        loads["rerun, unchanged"] = os.getloadavg()[0]
        arch["rerun, unchanged"] = run_once([*diglot, "export", str(archive), "--to", archive_to, "-o", str(work / "archive-out-2"), "-q", "--jobs", "2"])
        same = _same_tree(work / "archive-out-1", work / "archive-out-2")
        print(f"Archive: {archive_size} documents, --to {archive_to}")
        for label, r in arch.items():
            print(f"  {label:18} {fmt_s(r.seconds):>9}  ({r.seconds / archive_size * 1000:.0f} ms a document, CPU {fmt_s(r.cpu)}, peak {r.peak_mb:.0f} MB, "
                  f"load before {loads[label]:.1f}){'' if r.ok else '  FAILED'}")
        print(f"  (load average when done: {', '.join(f'{x:.1f}' for x in os.getloadavg())}; the --jobs 2 speed-up needs two idle cores)")
        print(f"  outputs of --jobs 1 and --jobs 2 byte-identical: {same}")
        print()

    # --- targets ---
    if args.quick:
        print("(--quick: a smoke run; the targets need the full run)")
        shutil.rmtree(work, ignore_errors=True)
        return 0
    s002, big, start = table.get("002", {}), table["3h"], table["start-up"]
    targets: list[tuple[str, str, bool | None]] = []
    # start-up targets on CPU time (wall time on a shared machine mostly measures the neighbours)
    floor = startup["python -c 'import click'"]
    r = startup["diglot --help"]
    targets.append(("diglot --help < 100 ms (CPU)", f"{r.cpu * 1000:.0f} ms (wall {r.seconds * 1000:.0f} ms; importing click alone: CPU {floor.cpu * 1000:.0f} ms)", r.cpu < 0.1))
    r_inspect = startup["diglot inspect seed 002"]
    if r_inspect is not None:
        targets.append(("diglot inspect of seed 002 < 250 ms (CPU)", f"{r_inspect.cpu * 1000:.0f} ms (wall {r_inspect.seconds * 1000:.0f} ms)", r_inspect.cpu < 0.25))
    if pandoc and "pandoc epub" in s002:
        if "epub" in s002:
            ours, theirs = s002["epub"], s002["pandoc epub"]
            ratio = ours.cpu / theirs.cpu  # CPU: on a shared machine wall time measures the neighbours too
            figure = f"CPU {ratio:.2f}x ({fmt_s(ours.cpu)} vs {fmt_s(theirs.cpu)}; wall {ours.seconds / theirs.seconds:.2f}x: {fmt_s(ours.seconds)} vs {fmt_s(theirs.seconds)})"
            low = startup["floor of an EPUB"]
            if low is not None:
                figure += f"; the floor of the required libraries, a one-chapter EPUB from ebooklib after importing click: CPU {low.cpu / theirs.cpu:.2f}x ({fmt_s(low.cpu)})"
            targets.append(("seed 002 to EPUB, whole process <= 0.5x pandoc (CPU)", figure, ratio <= 0.5))
        if "docx" in s002:
            ours, theirs = s002["docx"], s002["pandoc docx"]
            figure = f"{ours.seconds / theirs.seconds:.2f}x ({fmt_s(ours.seconds)} vs {fmt_s(theirs.seconds)}; CPU {ours.cpu / theirs.cpu:.2f}x)"
            targets.append(("seed 002 to DOCX, whole process vs pandoc (figure only, no target)", figure, None))
        if "all" in big:
            both = big["pandoc epub"].seconds + big["pandoc docx"].seconds
            both_cpu = big["pandoc epub"].cpu + big["pandoc docx"].cpu
            figure = f"{fmt_s(big['all'].seconds)} vs {fmt_s(both)} (CPU {fmt_s(big['all'].cpu)} vs {fmt_s(both_cpu)})"
            targets.append(("3-hour talk, --to all < pandoc EPUB+DOCX", figure, big["all"].seconds < both))
    else:
        targets.append(("pandoc comparisons", "pandoc not installed", None))
    if "002" in table:
        worst, which = 0.0, ""
        for fmt in columns:  # CPU time: wall time on a shared machine mostly measures the neighbours
            one = table["002"][fmt].cpu - start[fmt].cpu
            five = big[fmt].cpu - start[fmt].cpu
            if one > 0.05 and five / one > worst:  # below 50 ms the ratio is noise
                worst, which = five / one, fmt
        targets.append(("cost linear: 5x input <= 5.5x time (CPU, start-up excluded; worst format)", f"{worst:.2f}x ({which})", worst <= 5.5))
    peak = max(r.peak_mb for r in big.values() if r is not big.get("pandoc epub") and r is not big.get("pandoc docx"))
    targets.append(("peak memory, 3-hour talk < 200 MB (worst exporter)", f"{peak:.0f} MB", peak < 200))
    if arch:
        speedup = arch["--jobs 1"].seconds / arch["--jobs 2"].seconds
        cpu_share = arch["--jobs 2"].cpu / arch["--jobs 1"].cpu if arch["--jobs 1"].cpu else 0.0
        figure = (f"{speedup:.2f}x ({fmt_s(arch['--jobs 1'].seconds)} vs {fmt_s(arch['--jobs 2'].seconds)}; CPU {cpu_share:.2f}x of --jobs 1's; "
                  f"load before {loads['--jobs 1']:.1f} / {loads['--jobs 2']:.1f} on {os.cpu_count()} cores)")
        targets.append((f"{archive_size}-document archive, --jobs 2 >= 1.7x faster than --jobs 1", figure, speedup >= 1.7))
        per_doc = arch["rerun, unchanged"].seconds / archive_size
        targets.append(("rerun over an unchanged archive: a fraction of a second a document", f"{per_doc * 1000:.0f} ms a document", per_doc < 0.1))
        targets.append(("outputs identical whatever --jobs", str(same), same))
    else:
        targets.append(("archive targets (--jobs speed-up, rerun, identical outputs)", "skipped (--no-archive)", None))

    runs_ok = all(r.ok for row in table.values() for r in row.values()) and all(r.ok for r in arch.values())
    if not runs_ok:
        targets = [(name, figure + " (a run FAILED: see above)", False) for name, figure, _ in targets]
    print("Targets (issue 13)")
    print("| target | measured | met |")
    print("|---|---|---|")
    for name, figure, met in targets:
        print(f"| {name} | {figure} | {'n/a' if met is None else ('yes' if met else 'NO')} |")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and not p.name.startswith("."))
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file() and not p.name.startswith("."))
    return bool(files_a) and files_a == files_b and all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


if __name__ == "__main__":
    sys.exit(main())
