"""Chinese word segmenters measured on our texts: load time, speed, memory, agreement with jieba.

Run: ``python benchmarks/segmenter_choice.py [--repeat N]``

How it is measured: every candidate runs in a fresh Python process (so load
time is what a diglot process pays). Text: every line with Han characters of
both seeds (seeds/000_*, seeds/002_*), as they are in the files.

* load: import and the first cut of a short term ("评估指标"), wall and CPU time
  (CPU time is steadier on a shared machine);
* cut: segmenting all the seed lines once more (the dictionary already loaded),
  median of N runs, and characters per second;
* peak RSS of the process (ru_maxrss) after all that;
* agreement with jieba (``jieba.cut(HMM=False)``, what diglot used before): word
  boundary precision, recall and F1 over the boundaries inside each line, and
  the number of lines where the words differ.

Candidates: jieba 0.42 (its own pickled dictionary cache in the temp dir,
HMM off and on), rjieba (jieba-rs bindings, HMM off), jieba_fast_dat (C++ double-array
trie; its cache is built on the first run per machine, measured warm) when installed.
pkuseg is not measured: it loads a statistical model of tens of MB per process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(ROOT.glob("seeds/00[02]_*.txt"))
CANDIDATES = ["jieba", "jieba-hmm", "rjieba", "jieba_fast_dat"]


def seed_lines() -> dict[str, list[str]]:
    out = {}
    for path in SEEDS:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        out[path.name[:3]] = [line for line in lines if any("\u4e00" <= ch <= "\u9fff" for ch in line)]
    return out


def _cutter(name: str):
    if name in ("jieba", "jieba-hmm"):
        import jieba

        jieba.setLogLevel(60)
        hmm = name == "jieba-hmm"
        return lambda text: list(jieba.cut(text, HMM=hmm))
    if name == "rjieba":
        import rjieba

        return lambda text: list(rjieba.cut(text, hmm=False))
    if name == "jieba_fast_dat":
        import jieba_fast_dat

        jieba_fast_dat.setLogLevel(60)
        jieba_fast_dat.initialize()
        return lambda text: list(jieba_fast_dat.cut(text, HMM=False))
    raise ValueError(name)


def one(name: str, repeat: int) -> dict:
    """Measurements of one candidate, in this (fresh) process."""
    import resource

    t, c = time.perf_counter(), time.process_time()
    cut = _cutter(name)
    cut("评估指标")
    load, load_cpu = time.perf_counter() - t, time.process_time() - c
    seeds = seed_lines()
    words = {seed: [cut(line) for line in lines] for seed, lines in seeds.items()}
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        for lines in seeds.values():
            for line in lines:
                cut(line)
        times.append(time.perf_counter() - t)
    chars = sum(len(line) for lines in seeds.values() for line in lines)
    return {
        "load": load,
        "load_cpu": load_cpu,
        "cut": statistics.median(times),
        "chars": chars,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "words": words,
    }


def _boundaries(words: list[str]) -> set[int]:
    out, pos = set(), 0
    for w in words[:-1]:
        pos += len(w)
        out.add(pos)
    return out


def agreement(ref: dict[str, list[list[str]]], other: dict[str, list[list[str]]]) -> dict[str, tuple]:
    out = {}
    for seed in ref:
        tp = fp = fn = differ = 0
        for a, b in zip(ref[seed], other[seed]):
            ba, bb = _boundaries(a), _boundaries(b)
            tp += len(ba & bb)
            fp += len(bb - ba)
            fn += len(ba - bb)
            differ += a != b
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[seed] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, differ, len(ref[seed]))
    return out


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], int(sys.argv[3]))))
        return
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 5
    print(f"texts: {', '.join(p.name for p in SEEDS)}; Han lines per seed: "
          + ", ".join(f"{k}: {len(v)}" for k, v in seed_lines().items()))
    results = {}
    for name in CANDIDATES:
        proc = subprocess.run(
            [sys.executable, __file__, "--one", name, str(repeat)], capture_output=True, text=True
        )
        if proc.returncode:
            print(f"{name:15} not measured: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
            continue
        results[name] = json.loads(proc.stdout.strip().splitlines()[-1])
    ref = results["jieba"]["words"]
    print(f"{'candidate':15} {'load s':>7} {'cpu s':>6} {'cut ms':>7} {'kchar/s':>8} {'peak MB':>8}  agreement with jieba HMM=False")
    for name, r in results.items():
        agree = agreement(ref, r["words"])
        agree_text = "; ".join(
            f"seed {seed}: P {p:.1%} R {rr:.1%} F1 {f:.2%}, {d}/{n} lines differ"
            for seed, (p, rr, f, d, n) in agree.items()
        )
        print(f"{name:15} {r['load']:7.3f} {r['load_cpu']:6.3f} {r['cut'] * 1000:7.1f} {r['chars'] / r['cut'] / 1000:8.0f} "
              f"{r['rss_mb']:8.0f}  {agree_text}")
    print("choice: rjieba (diglot.lang.words): same words as jieba, loads in a fraction of its time, no cache file")


if __name__ == "__main__":
    main()
