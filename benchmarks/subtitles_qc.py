"""Subtitle figures on the seeds: cues, QC counts per rule, cue-size statistics and export time.

Run: python benchmarks/subtitles_qc.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import diglot
from diglot.exporters.subtitles.srt import SrtExporter, SrtOptions
from diglot.exporters.subtitles.vtt import VttExporter, VttOptions
from diglot.pipeline import prepare, render
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.writing import make_cues

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            doc = diglot.load(seed)
            make_cues(prepare(doc, timing=SrtOptions().timing()), SrtOptions())  # warm up: jieba's dictionary, alignment imports
            t0 = time.perf_counter()
            render(SrtExporter(SrtOptions()), doc, Path(tmp) / "a.srt")  # prepare (align, estimate) and write
            t1 = time.perf_counter()
            render(VttExporter(VttOptions()), doc, Path(tmp) / "a.vtt")
            t2 = time.perf_counter()
            cues, timed, _ = make_cues(prepare(doc, timing=SrtOptions().timing()), SrtOptions())
            end = max(c.end_ms for c in cues)
            durations = [c.duration_ms for c in cues]
            srt = qc.check_file(Path(tmp) / "a.srt")
            vtt = qc.check_file(Path(tmp) / "a.vtt")
            pairs = sum(len(s.pairs) for s in timed.segments)
            print(f"{seed.name}: {len(doc.segments)} segments, {pairs} sentence pairs -> {len(cues)} cues over {end / 60000:.1f} min (estimated)")
            print(f"  cue duration median {statistics.median(durations) / 1000:.2f} s, min {min(durations) / 1000:.2f} s, max {max(durations) / 1000:.2f} s")
            print(f"  srt {srt.summary()}")
            print(f"  vtt {vtt.summary()}")
            print(f"  export time: srt {t1 - t0:.2f} s, vtt {t2 - t1:.2f} s")


if __name__ == "__main__":
    main()
