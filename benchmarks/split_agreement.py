"""Split-point agreement: where the cue builder cuts the Chinese when the English is cut at a given point.

Gold: tests/data/split_gold.json, English split points in the seeds' long
sentence pairs, each with the Chinese offset a careful bilingual reader chose
so that both halves say the same thing (``zh_gold``), or null where the
Chinese reorders so that no cut makes the halves agree.

For each positioned item the splitter is asked for the Chinese offset given
the English split (``diglot.exporters.subtitles.cues.target_split``, the choice the cue
builder makes) and a hit is an offset within two characters of the gold. The
"before" column is the choice of the base commit b2d610c (proportional
position nudged to punctuation, word boundaries and shared names/numbers),
reproduced below from that commit's ``_split``. Also printed: how many of the
no-position items the splitter flags as a mismatch, the dictionary load time,
and the cue counts of both seeds.

Run: .venv/bin/python benchmarks/split_agreement.py [--verbose]
"""

from __future__ import annotations

import json
import re
import sys
import time
from bisect import bisect_left, bisect_right
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "split_gold.json"
SEEDS = {"paired": ROOT / "seeds" / "000_f186dd285a4328be.txt", "frontmatter": ROOT / "seeds" / "002_497afb8ee9508095.txt"}

_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9]|\d[\d,.]*\d|\d")


def _cues_module():
    from diglot.exporters.subtitles import cues

    return cues


def base_target_split(en: str, zh: str, p: int) -> int:
    """The Chinese offset the b2d610c splitter chose for an English split at *p* of a whole pair."""
    from diglot.exporters.subtitles import split

    style = _cues_module().SubtitleStyle()
    prim = split.side_of(en, "en", style.max_chars_source, "")
    sec = split.side_of(zh, "zh", style.max_chars_target, "")
    pa, pb, sa, sb = 0, len(prim.text), 0, len(sec.text)
    r = prim.w(pa, p) / (prim.w(pa, pb) or 1.0)
    stotal = sec.w(sa, sb)
    sec_cands = [(sa, 4.0), *sec.inner(sa, sb), (sb, 4.0)]
    sec_widths = [sec.w(sa, q) for q, _ in sec_cands]

    def found(text: str) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for m in _ANCHOR.finditer(text):
            out.setdefault(m.group().lower(), []).append(m.start())
        return out

    left, right = found(prim.text), found(sec.text)
    shared = [(left[k], right[k]) for k in left.keys() & right.keys() if len(left[k]) == 1 and len(right[k]) == 1]
    want = r * stotal
    reach = sec.width * (style.max_lines + 2)
    window = sec_cands[bisect_left(sec_widths, want - reach) : bisect_right(sec_widths, want + reach)] or sec_cands
    best_q, best_cost = sa, float("inf")
    for q, qc in window:
        cost = qc + 3.0 * abs(sec.w(sa, q) - want) / sec.width
        cost += 1.5 * sum((a[0] < p) != (b[0] < q) for a, b in shared)
        if cost < best_cost:
            best_cost, best_q = cost, q
    return best_q


def main() -> int:
    verbose = "--verbose" in sys.argv
    cues = _cues_module()
    from diglot.lang import dictionary
    from diglot.exporters.subtitles.split import MISMATCH
    from diglot.lang.correspond import correspondence

    t0 = time.perf_counter()
    dictionary.glosses("训练")  # the shipped gloss table: read as bytes, searched in place
    load = time.perf_counter() - t0
    items = json.loads(GOLD.read_text(encoding="utf-8"))["items"]
    positioned = [it for it in items if it["zh_gold"] is not None]
    unmatched = [it for it in items if it["zh_gold"] is None]
    before = after = 0
    per_seed: dict[str, list[int]] = {}
    for it in positioned:
        q_new = cues.target_split(it["en"], it["zh"], it["en_split"])
        q_old = base_target_split(it["en"], it["zh"], it["en_split"])
        hit_new, hit_old = abs(q_new - it["zh_gold"]) <= 2, abs(q_old - it["zh_gold"]) <= 2
        after += hit_new
        before += hit_old
        per_seed.setdefault(it["seed"], [0, 0])[0] += hit_new
        per_seed[it["seed"]][1] += 1
        if verbose and not hit_new:
            zh = it["zh"]
            print(f"MISS {it['view'][0]}\n  gold {it['view'][1]}\n  got  {zh[:q_new]}‖{zh[q_new:]}")
    flagged = 0
    for it in unmatched:
        q = cues.target_split(it["en"], it["zh"], it["en_split"])
        flagged += correspondence(it["en"], it["zh"]).crossing(it["en_split"], q) >= MISMATCH
    n = len(positioned)
    print(f"gold: {len(items)} English split points from both seeds ({GOLD.relative_to(ROOT)}), {n} with a gold Chinese position")
    print("measure: share of Chinese splits within 2 characters of the gold, given the English split")
    print(f"before (b2d610c): {before}/{n} = {before / n:.1%}")
    print(f"after:            {after}/{n} = {after / n:.1%}   " + ", ".join(f"{s} {h}/{t}" for s, (h, t) in sorted(per_seed.items())))
    print(f"no-position items flagged as a mismatch: {flagged}/{len(unmatched)}")
    print(f"CC-CEDICT gloss table, first lookup (once per process): {load * 1000:.1f} ms")
    import diglot

    for name, path in SEEDS.items():
        doc = diglot.prepare(diglot.load(path), {"pairs", "times"})
        built = cues.build_cues(doc, speaker_mark="none")
        pairs = {(c.segment, c.pair_index) for c in built}
        print(f"{name}: {len(built)} cues for {len(pairs)} sentence pairs, {sum(c.split_mismatch for c in built)} pairs split without a matching point")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
