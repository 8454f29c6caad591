"""What one long segment costs: the figures behind the characters-per-segment limit (docs/limits.md).

Builds one segment from seed 000's English (N characters) and Chinese (N/3
characters), aligns it and writes it as SRT, for N = 5,000, 10,000 and
20,000 (the limit), and times reading and refusing an 8 MB one-paragraph file.

    python benchmarks/segment_limits.py

Measured: CPU time of this process (time.process_time) around
diglot.align_document, the SRT export and diglot.load; one process, one core.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path

import diglot
from diglot.errors import InputError
from diglot.limits import MAX_SEGMENT_CHARS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_f186dd285a4328be.txt"


def one_segment(doc: diglot.Document, n: int) -> diglot.Document:
    en = " ".join(s.source or "" for s in doc.segments)
    zh = "".join(s.target or "" for s in doc.segments)
    en = ((en + " ") * (n // len(en) + 1))[:n].strip()
    zh = (zh * (n // len(zh) + 1))[: n // 3]
    return replace(doc, segments=(replace(doc.segments[0], source=en, target=zh),), sections=())


def main() -> None:
    doc = diglot.load(SEED)
    out = Path(tempfile.mkdtemp(prefix="diglot-limits-"))
    print(f"one segment of N English + N/3 Chinese characters (limit {MAX_SEGMENT_CHARS:,}); CPU seconds")
    print(f"{'N':>8} {'align':>7} {'srt':>7}")
    for n in (5_000, 10_000, MAX_SEGMENT_CHARS):
        single = one_segment(doc, n)
        t0 = time.process_time()
        aligned = diglot.align_document(single)
        t1 = time.process_time()
        diglot.export(aligned, "srt", out / f"{n}.srt")
        t2 = time.process_time()
        print(f"{n:>8,} {t1 - t0:>7.2f} {t2 - t1:>7.2f}")
    wall = out / "wall.txt"
    wall.write_text("Words go on and on. " * 200_000 + "\n\n" + "话说个不停。" * 100_000 + "\n", encoding="utf-8")
    t0 = time.process_time()
    try:
        diglot.load(wall)
    except InputError as exc:
        print(f"8 MB one-paragraph file refused after {time.process_time() - t0:.2f} s: {exc.reason[:60]}…")


if __name__ == "__main__":
    main()
