"""How well the pairing audit finds mispaired turns, and how often it cries wolf.

    python benchmarks/pairing_audit.py

For each seed, variants are built on the model (the English of the turns is
moved; the Chinese stays where it was), over every paired segment that
allows it:

* ``shift``: from segment k on (k at 1/4, 1/3, 1/2, 2/3 and 3/4 of the post),
  each Chinese turn holds the next turn's English; the last turn loses its
  English. Mispaired: k .. the second-last turn.
* ``run5``: turns k..k+4 hold the English of k+1..k+5 and turn k+5 holds k's
  (a rotation of six turns), for every k.
* ``swap``: turns k and k+1 trade their English, for every k.

A variant is *detected* when the audit reports a ``shifted`` finding that
overlaps the mispaired range; *exact* when the reported range is the
mispaired range within one turn at each end. *Stray* counts ``shifted``
findings in a variant that do not overlap the mispaired range. False
positives are the error findings on the unmodified seeds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import diglot
from diglot.align.audit import audit_document
from diglot.model import Document

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def with_sources(doc: Document, moves: dict[int, str | None]) -> Document:
    segs = list(doc.segments)
    for index, source in moves.items():
        segs[index] = replace(segs[index], source=source)
    return replace(doc, segments=tuple(segs))


def variants(doc: Document) -> Iterator[tuple[str, Document, int, int]]:
    """(kind, variant, first, last): *first*..*last* index the mispaired segments of *doc*."""
    paired = [i for i, s in enumerate(doc.segments) if s.source and s.target]
    n = len(paired)
    src = [doc.segments[i].source for i in paired]
    for share in (1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4):
        k = int(n * share)
        moves = {paired[j]: src[j + 1] for j in range(k, n - 1)}
        moves[paired[n - 1]] = None
        yield "shift", with_sources(doc, moves), paired[k], paired[n - 2]
    for k in range(n - 5):
        moves = {paired[k + j]: src[k + j + 1] for j in range(5)}
        moves[paired[k + 5]] = src[k]
        yield "run5", with_sources(doc, moves), paired[k], paired[k + 5]
    for k in range(n - 1):
        yield "swap", with_sources(doc, {paired[k]: src[k + 1], paired[k + 1]: src[k]}), paired[k], paired[k + 1]


def main() -> None:
    print(__doc__.split("\n\n", 2)[2].strip())
    print()
    totals: dict[str, list[int]] = {}
    false_positives = 0
    t0 = time.perf_counter()
    audits = 0
    for seed in SEEDS:
        doc = diglot.load(seed)
        index = {s.id: i for i, s in enumerate(doc.segments)}
        clean = audit_document(doc)
        audits += 1
        errors = [f for f in clean.findings if f.severity == "error"]
        false_positives += len(errors)
        print(f"{seed.name}: unmodified, {len(doc.segments)} segments: {len(errors)} error findings")
        per_kind: dict[str, list[int]] = {}
        for kind, variant, first, last in variants(doc):
            report = audit_document(variant)
            audits += 1
            hit = exact = stray = 0
            for f in report.findings:
                if f.kind != "shifted":
                    continue
                a, b = index[f.segment], index[f.last_segment or f.segment]
                if a <= last and b >= first:
                    hit = 1
                    exact |= abs(a - first) <= 1 and abs(b - last) <= 1
                else:
                    stray += 1
            row = per_kind.setdefault(kind, [0, 0, 0, 0])
            for i, v in enumerate((1, hit, int(exact), stray)):
                row[i] += v
        for kind, (count, hits, exacts, strays) in per_kind.items():
            print(
                f"  {kind:6} {count:4} variants: detected {hits / count:6.1%}, "
                f"exact range {exacts / count:6.1%}, stray shifted findings {strays}"
            )
            total = totals.setdefault(kind, [0, 0, 0, 0])
            for i, v in enumerate((count, hits, exacts, strays)):
                total[i] += v
    print("both seeds:")
    for kind, (count, hits, exacts, strays) in totals.items():
        print(f"  {kind:6} {count:4} variants: detected {hits / count:6.1%}, exact range {exacts / count:6.1%}, stray {strays}")
    print(f"false positives (error findings on the unmodified seeds, 195 segments): {false_positives}")
    seconds = time.perf_counter() - t0
    print(f"{audits} audits in {seconds:.1f} s ({seconds / audits * 1000:.0f} ms each)")


if __name__ == "__main__":
    main()
