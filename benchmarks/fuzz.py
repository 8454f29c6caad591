"""The long fuzz run (issue 16): hostile documents in every input family, in-process, on one or more cores.

    .venv/bin/python benchmarks/fuzz.py --inputs 100000 --workers 2 --log /tmp/fuzz-run

Input *i* of a run with seed *S* is ``tests/hostile/fuzzgen.case(random.Random(f"S:i"), big=...)``:
paired paragraphs, front-matter Markdown, diglot JSON, one bilingual SRT/WebVTT/ASS
file, a pair of subtitle files (English + Chinese), or a damaged window of a seed
transcript, all full of hostile text. Worker *w* of *W* takes inputs w, w+W, w+2W...
so the workers never repeat each other and every input is reproducible alone
(``--replay S:i``). What runs how often (``tests/hostile/fuzzing.check``):

* every input: the reader (only ``InputError``, on one line, may come out);
  for an accepted document the JSON round trip, SRT and WebVTT rendered and read
  back (diglot check's cue scanner: same cue times and text), the Anki CSV deck;
* every ``--ass-every`` th input (default 4): also ASS, rendered and read back
  with pysubs2 (ASS builds its cues a second time, at centisecond times);
* every ``--heavy-every`` th input (default 50): also EPUB, DOCX and ``.apkg`` written;
* every ``--big-every`` th input (default 50) is a big one: words of 80 to 3,000
  characters, seed windows of up to 60 whole lines (cue building for a long word
  takes seconds: the cue splitter is quadratic in a word's length).

A failure does not stop the run: it is counted, its signature (exception, message,
last diglot frame) printed once, and the case written to ``LOG/failures/`` in the
shape of ``tests/hostile/fuzz_cases/*.json`` (copy it there, with the outcome it
must now have as ``expect``, to keep it as a regression case). One input over ``--timeout`` seconds is a failure too. At the end (or on
Ctrl-C) it prints inputs, accepted/refused, failures, seconds, inputs a second
(wall clock, and per CPU second).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Timeout("input took longer than the timeout")


def signature(exc: BaseException) -> str:
    """Exception type, first line of its message (60 characters) and the last frame in diglot: one per defect."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/diglot/" in f.filename or "/hostile/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    msg = (str(exc).splitlines() or [""])[0][:60]
    return f"{type(exc).__name__} at {where}: {msg}"


def make_case(seed: str, i: int, big_every: int):
    from tests.hostile.fuzzgen import case

    return case(random.Random(f"{seed}:{i}"), big=big_every > 0 and i % big_every == big_every - 1)


def schedule(i: int, args: argparse.Namespace) -> tuple[bool, bool]:
    """Whether input *i* also gets ASS, and the heavy exporters: every k-th input of each worker."""
    k = i // args.workers
    return k % args.ass_every == 0, k % args.heavy_every == 0


def worker(w: int, args: argparse.Namespace, stop_at: float, results: mp.Queue[dict]) -> None:
    import warnings

    warnings.simplefilter("ignore")  # pysubs2 warns about every malformed style line
    from tests.hostile.fuzzing import check, files_to_json

    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the workers through the deadline
    check((("warm.txt", "We talk.\n\n我们说话。\n"),), heavy=True, out=Path(tempfile.mkdtemp(prefix="diglot-fuzz-")))
    out = Path(tempfile.mkdtemp(prefix="diglot-fuzz-"))
    failures_dir = Path(args.log) / "failures"
    failures_dir.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    families: Counter[str] = Counter()
    seen: dict[str, int] = {}
    start, cpu0, last = time.perf_counter(), time.process_time(), time.perf_counter()
    i = w
    while i < args.inputs and time.perf_counter() < stop_at and not (Path(args.log) / "STOP").exists():
        c = None
        signal.alarm(args.timeout)
        try:
            c = make_case(args.seed, i, args.big_every)
            families[c.family] += 1
            ass, heavy = schedule(i, args)
            counts[check(c.files, ass=ass, heavy=heavy, out=out)] += 1
        except Exception as exc:  # noqa: BLE001 - every failure is recorded, the run goes on
            signal.alarm(0)
            counts["failed"] += 1
            sig = signature(exc)
            seen[sig] = seen.get(sig, 0) + 1
            family, files = (c.family, files_to_json(c.files)) if c else ("generator", [])  # a fuzzgen bug
            if seen[sig] <= 3:
                record = {"seed": f"{args.seed}:{i}", "family": family, "signature": sig, "files": files}
                (failures_dir / f"w{w}-{i}.json").write_text(json.dumps(record, ensure_ascii=True, indent=1), encoding="utf-8")
            if seen[sig] == 1:
                print(f"[w{w}] FAILURE {args.seed}:{i} ({family}): {sig}", file=sys.stderr, flush=True)
        finally:
            signal.alarm(0)
        i += args.workers
        now = time.perf_counter()
        if now - last > args.progress:
            done = sum(counts.values())
            print(f"[w{w}] {done:,} inputs in {now - start:,.0f} s: {done / (now - start):.1f}/s wall, "
                  f"{done / (time.process_time() - cpu0):.1f}/CPU s, {counts['failed']} failed", file=sys.stderr, flush=True)
            last = now
    results.put({"worker": w, "counts": dict(counts), "families": dict(families), "signatures": seen,
                 "wall": time.perf_counter() - start, "cpu": time.process_time() - cpu0})


def replay(spec: str, args: argparse.Namespace) -> None:
    """Run one input (``SEED:I``) with every check, printing it and the traceback if it fails."""
    from tests.hostile.fuzzing import check, files_to_json

    seed, _, i = spec.rpartition(":")
    c = make_case(seed, int(i), args.big_every)
    print(json.dumps({"family": c.family, "files": files_to_json(c.files)}, ensure_ascii=True)[:4000])
    with tempfile.TemporaryDirectory(prefix="diglot-fuzz-") as out:  # EPUB, DOCX, .apkg: removed afterwards
        print(check(c.files, ass=True, heavy=True, out=Path(out)))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--inputs", type=int, default=1000, help="inputs in the run (all workers together)")
    parser.add_argument("--minutes", type=float, default=0.0, help="stop after this long even if inputs remain (0: no limit)")
    parser.add_argument("--workers", type=int, default=1, help="processes (each takes every W-th input)")
    parser.add_argument("--seed", default="0", help="run seed: input i is built from random.Random(f'SEED:i')")
    parser.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "diglot-fuzz"), help="folder for failures/ (and a STOP file ends the run)")
    parser.add_argument("--ass-every", type=int, default=4)
    parser.add_argument("--heavy-every", type=int, default=50)
    parser.add_argument("--big-every", type=int, default=50)
    parser.add_argument("--timeout", type=int, default=120, help="seconds one input may take before it counts as a failure")
    parser.add_argument("--progress", type=float, default=60.0, help="seconds between progress lines")
    parser.add_argument("--replay", metavar="SEED:I", help="run one input of a run and show it")
    args = parser.parse_args()
    if args.replay:
        replay(args.replay, args)
        return
    stop_at = time.perf_counter() + (args.minutes * 60 if args.minutes else 10**9)
    results: mp.Queue[dict] = mp.Queue()
    procs = [mp.Process(target=worker, args=(w, args, stop_at, results)) for w in range(args.workers)]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    reports: list[dict] = []
    while len(reports) < len(procs):
        try:
            reports.append(results.get(timeout=5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                print("a worker died without a report (killed?)", file=sys.stderr)
                break
        except KeyboardInterrupt:
            (Path(args.log) / "STOP").touch()
            print("stopping: each worker finishes its current input", file=sys.stderr)
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    counts: Counter[str] = Counter()
    families: Counter[str] = Counter()
    sigs: Counter[str] = Counter()
    for r in reports:
        counts.update(r["counts"])
        families.update(r["families"])
        sigs.update(r["signatures"])
    total = sum(counts.values())
    cpu = sum(r["cpu"] for r in reports)
    print(f"fuzz run seed {args.seed!r}, started {started}, {args.workers} worker(s), load average at the end {os.getloadavg()[0]:.1f}")
    print(f"  {total:,} inputs ({counts['accepted']:,} accepted, {counts['refused']:,} refused, {counts['failed']:,} failed) "
          f"in {wall:,.0f} s = {total / wall:.1f} inputs/s wall clock; {cpu:,.0f} CPU s = {total / cpu:.1f} inputs per CPU second")
    print("  families: " + ", ".join(f"{k} {v:,}" for k, v in sorted(families.items())))
    print(f"  at this rate: {total / wall * 3600:,.0f} inputs an hour")
    for sig, n in sigs.most_common():
        print(f"  FAILURE x{n}: {sig}")
    print(f"  failures: {len(sigs)} signature(s), cases in {Path(args.log) / 'failures'}" if sigs else "  no failure")


if __name__ == "__main__":
    main()
