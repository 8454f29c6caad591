"""Sentence splitting and alignment speed on the seeds and on a long synthetic turn.

    python benchmarks/align_speed.py

Measured with time.perf_counter around ``align_document`` (best of 5, after
one warm-up run), so reading the seeds is not counted.
"""

from __future__ import annotations

import time
from pathlib import Path

import diglot
from diglot.align.sentences import align_document, align_sentences

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def best_of(fn, runs: int = 5) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    docs = [diglot.load(seed) for seed in SEEDS]
    total = 0.0
    for seed, doc in zip(SEEDS, docs):
        seconds = best_of(lambda: align_document(doc))
        total += seconds
        pairs = sum(len(s.pairs) for s in align_document(doc).segments)
        print(f"{seed.name}: {len(doc.segments)} segments, {pairs} pairs, {seconds * 1000:.0f} ms")
    print(f"all seeds: {total * 1000:.0f} ms")
    for n in (100, 300, 600):
        en = [f"This is sentence number {i} of a very long turn." for i in range(n)]
        zh = [f"这是很长的发言中的第 {i} 句话。" for i in range(n)]
        print(f"one segment of {n}+{n} sentences: {best_of(lambda: align_sentences(en, zh), 2) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
