"""Reader speed and memory on a large transcript.

Builds a ~50 MB paired-paragraph transcript by repeating seed 000 and a
~10 MB front-matter one by repeating seed 002's body, then reads each once.

    python benchmarks/read_speed.py

Measured: wall time with time.perf_counter around diglot.load (one process,
one core), peak Python memory with tracemalloc.
"""

from __future__ import annotations

import os
import tempfile
import time
import tracemalloc
from pathlib import Path

import diglot

ROOT = Path(__file__).resolve().parent.parent


def build(seed: Path, target_bytes: int, out: Path, front_matter: bool) -> Path:
    text = seed.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    if front_matter:
        head, body = text.split("\n---\n", 1)
        head += "\n---\n"
    else:
        head, body = text.split("\n", 1)
        head += "\n"
    copies = max(1, target_bytes // len(body.encode()))
    out.write_text(head + body * copies, encoding="utf-8")
    return out


def measure(path: Path) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    doc = diglot.load(path)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = path.stat().st_size / 1e6
    print(f"{path.name}: {size:.1f} MB, {len(doc.segments)} segments in {elapsed:.2f} s "
          f"({size / elapsed:.1f} MB/s), peak traced memory {peak / 1e6:.0f} MB")


def main() -> None:
    # the reader's speed past the per-document segment limit (docs/limits.md), which would refuse these files
    os.environ.setdefault("DIGLOT_MAX_SEGMENTS", "10000000")
    with tempfile.TemporaryDirectory() as tmp:
        measure(build(ROOT / "seeds/000_f186dd285a4328be.txt", 50_000_000, Path(tmp) / "paired-50MB.txt", False))
        measure(build(ROOT / "seeds/002_497afb8ee9508095.txt", 10_000_000, Path(tmp) / "frontmatter-10MB.md", True))


if __name__ == "__main__":
    main()
