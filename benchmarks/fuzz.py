"""The long fuzz run (issue 16): hostile documents in every input family, in-process, for a set time.

    .venv/bin/python benchmarks/fuzz.py --minutes 60

Runs the property of tests/hostile/fuzzing.py (readers raise only InputError;
accepted documents round-trip through JSON and render as SRT, WebVTT and Anki
CSV) in batches of Hypothesis examples until the time is up, then prints how
many inputs ran, how many were accepted, and inputs a second. The first
failure stops the run with Hypothesis' minimal example (add it to
REGRESSIONS in tests/hostile/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=500, help="examples per Hypothesis run")
    args = parser.parse_args()

    from hypothesis import HealthCheck, given, settings

    from tests.hostile.fuzzing import any_document, check_one

    outcomes: Counter[str] = Counter()

    @settings(max_examples=args.batch, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(any_document)
    def run(text: str) -> None:
        outcomes[check_one(text)] += 1

    check_one("We talk.\n\n我们说话。\n")  # load the segmenter and exporters before the clock starts
    start = time.perf_counter()
    stop = start + args.minutes * 60
    while time.perf_counter() < stop:
        run()
        done = sum(outcomes.values())
        elapsed = time.perf_counter() - start
        print(f"{done:,} inputs in {elapsed:,.0f} s: {done / elapsed:.1f} inputs/s", file=sys.stderr)
    elapsed = time.perf_counter() - start
    total = sum(outcomes.values())
    print(f"fuzz: {total:,} inputs ({outcomes['accepted']:,} accepted, {outcomes['refused']:,} refused) "
          f"in {elapsed:,.0f} s = {total / elapsed:.1f} inputs/s, no uncaught exception")
    print(f"at this rate: {total / elapsed * 3600:,.0f} inputs an hour")


if __name__ == "__main__":
    main()
