"""Aligner confidence on the hand-aligned gold (tests/data/alignment_gold.json) and the seeds.

How it is measured: every gold segment's sentences are aligned by
``diglot.align.sentences.align_sentences``; each two-sided bead the aligner
outputs gets ``align_confidence`` as ``align_document`` computes it
(exp(-bead cost) at the segment's length ratio) and is marked right when the
gold has exactly that bead. Printed: the confidence quantiles of right and
wrong beads and, per threshold, how many right beads it would drop and how
many wrong beads it would keep. Then, per seed, how many sentences the cards
leave out at the default threshold and why.

    python benchmarks/align_confidence.py
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import diglot
from diglot.align.scoring import bead_scorer
from diglot.align.sentences import MIN_ALIGN_CONFIDENCE, align_document, align_sentences

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    gold = json.loads((ROOT / "tests/data/alignment_gold.json").read_text(encoding="utf-8"))
    right: list[float] = []
    wrong: list[float] = []
    for seg in gold["segments"]:
        en, zh = seg["source"], seg["target"]
        truth = {(tuple(a), tuple(b)) for a, b in seg["beads"]}
        cost = bead_scorer(en, zh)
        for a, b in align_sentences(en, zh):
            if not a or not b:
                continue
            c = math.exp(-cost(a[0], a[-1] + 1, b[0], b[-1] + 1))
            (right if (tuple(a), tuple(b)) in truth else wrong).append(c)
    right.sort()
    wrong.sort()
    print(f"gold: {len(right)} right and {len(wrong)} wrong two-sided beads from the aligner")
    for name, xs in (("right", right), ("wrong", wrong)):
        if xs:
            q = [xs[int(p * (len(xs) - 1))] for p in (0, 0.01, 0.05, 0.5)]
            print(f"  {name}: min {q[0]:.4f}  1% {q[1]:.4f}  5% {q[2]:.4f}  median {q[3]:.4f}")
    for t in (0.001, 0.002, 0.005, 0.01, 0.02, 0.05):
        print(f"  threshold {t}: drops {sum(c < t for c in right)} right, keeps {sum(c >= t for c in wrong)} wrong")
    print(f"default threshold MIN_ALIGN_CONFIDENCE = {MIN_ALIGN_CONFIDENCE}")
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        doc = align_document(diglot.load(seed))
        pairs = [p for s in doc.segments if not s.untranslated for p in s.pairs]
        one_sided = sum(1 for p in pairs if not p.complete)
        low = [p for p in pairs if p.complete and (p.align_confidence or 0) < MIN_ALIGN_CONFIDENCE]
        print(f"{seed.name}: {len(pairs)} beads in translated segments, {one_sided} one-sided, {len(low)} below threshold")
        for p in low:
            print(f"    {p.align_confidence}: {p.source!r} / {p.target!r}")


if __name__ == "__main__":
    main()
