"""Forced alignment to audio: accuracy, speed and memory (a benchmark, not a test).

Speech with known sentence times: every English sentence of a seed transcript
is spoken by espeak-ng on its own (en-us voice, 165 words a minute), decoded
to 16 kHz mono and joined with silences of seeded random length (150-900 ms),
so the true start of each sentence is known to the sample. Three recordings
are aligned with ``diglot.timing.audio.align_to_media`` from the transcript
alone (no timed reference; the first estimate is the speaking-rate one):

* ``clean``: every sentence, silence between them;
* ``cut``: the same with a stretch of sentences removed from the audio (the
  transcript keeps them: they should come out as not in the audio);
* ``noise``: ``clean`` mixed with pink noise by sox (signal-to-noise ratio printed).

For each we print the share of sentence-pair starts within 100 and 250 ms of
the truth (over the sentences the audio has), the real-time factor (CPU
seconds of the whole alignment, estimate included, over the audio's length,
in a child process pinned to one core), the child's own peak resident memory (VmHWM)
(whole process, interpreter and imports included) and the longest stretch of
audio the aligner held at once. ``--clips`` also times cutting the cards' clips (one Opus clip per sentence
at its true times). Cue starts are not scored separately: espeak
gives no word times, and cue starts inside a sentence come from the same
word times as the sentence's.

Run:  .venv/bin/python benchmarks/audio_alignment.py [--sentences N] [--long [--hours H]] [--runs clean,cut,noise]
``--sentences N`` uses the first N sentences (default: all of seed 000, about
21 minutes of espeak-ng speech); ``--long`` also aligns a recording of at least
``--hours`` hours (default 3): seeds 000 and 002 spoken one after the other,
again and again (each time with new random pauses, the transcript repeated to
match), to show the real-time factor and peak memory do not grow with the
length of the audio. ``--runs ""`` with ``--long`` aligns the long recording
only. Synthesised speech is cached in ``--work`` (default
/tmp/diglot-audio-bench). Needs espeak-ng and sox.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "seeds" / "000_f186dd285a4328be.txt", ROOT / "seeds" / "002_497afb8ee9508095.txt"]


def _speech():
    sys.path.insert(0, str(ROOT / "tests" / "timing" / "audio"))
    import speech

    return speech


def load_sentences(paths: list[Path], limit: int | None):
    """The transcript (as one Document) and its English sentences in order, cut to *limit* sentences."""
    import diglot
    from diglot.align.sentences import align_document

    aligned = {path: align_document(diglot.load(path)) for path in dict.fromkeys(paths)}
    segments = []
    for n, path in enumerate(paths):
        segments += [replace(s, id=f"{n}-{s.id}", section=None) for s in aligned[path].segments]
    base = replace(aligned[paths[0]], segments=tuple(segments), sections=())
    kept, count = [], 0
    for seg in base.segments:
        pairs = []
        for p in seg.pairs:
            if p.source and limit is not None and count >= limit:
                break
            count += bool(p.source)
            pairs.append(p)
        if pairs:
            kept.append(replace(seg, pairs=tuple(pairs), source=" ".join(p.source or "" for p in pairs)))
        if limit is not None and count >= limit:
            break
    doc = replace(base, segments=tuple(kept))
    return doc, [p.source for s in doc.segments for p in s.pairs if p.source]


def spoken(sentences: list[str], work: Path) -> list[bytes]:
    """Each sentence spoken (cached in *work*); a repeated sentence shares one bytes object."""
    speech = _speech()
    work.mkdir(parents=True, exist_ok=True)
    out = []
    seen: dict[str, bytes] = {}
    for text in sentences:
        if text not in seen:
            f = work / (hashlib.sha1(text.encode()).hexdigest()[:16] + ".raw")
            if not f.exists():
                tmp = f.with_suffix(".part")
                tmp.write_bytes(speech.speak(text))
                tmp.replace(f)
            seen[text] = f.read_bytes()
        out.append(seen[text])
    return out


def add_noise(wav: Path, out: Path, duration_s: float, volume: float) -> float:
    """Mix pink noise into *wav*; returns the signal-to-noise ratio in dB (speech RMS over noise RMS)."""
    noise = out.with_suffix(".noise.wav")
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(noise), "synth", f"{duration_s:.3f}",
                    "pinknoise", "vol", str(volume)], check=True)
    subprocess.run(["sox", "-m", "-v", "1", str(wav), "-v", "1", str(noise), str(out)], check=True)

    def rms_db(path: Path) -> float:
        r = subprocess.run(["sox", str(path), "-n", "stats"], capture_output=True, text=True, check=True)
        line = next(x for x in r.stderr.splitlines() if x.startswith("RMS lev dB"))
        return float(line.split()[3])

    snr = rms_db(wav) - rms_db(noise)
    noise.unlink()
    return snr


def peak_rss_mb() -> float:
    """This process's own peak resident memory.

    Linux's ``ru_maxrss`` carries over ``execve`` the peak of the process that
    forked it, so a child started by this benchmark (whose parent holds every
    spoken sentence: over 200 MB for the long run) would report the parent's
    peak; ``VmHWM`` is the child's own address space.
    """
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args: argparse.Namespace) -> None:
    """Align in this process (pinned to one core) and print one JSON line."""
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cores[os.getpid() % len(cores)]})  # one core (runs side by side get different ones)
    import pickle

    from diglot.timing.audio import align

    phases: dict[str, float] = {}

    def measured(name: str):
        real = getattr(align, name)

        def phase(*a, **k):
            out = real(*a, **k)
            phases[name.strip("_")] = peak_rss_mb()
            return out

        return phase

    for name in ("_first_pass", "_second_pass", "_timed_model"):  # peak RSS at the end of each phase
        setattr(align, name, measured(name))
    doc = pickle.loads(Path(args.doc).read_bytes())
    timed, report = align.align_to_media(doc, args.media, force=True)
    starts = [(p.start_ms, p.timing) for s in timed.segments for p in s.pairs if p.source]
    print(json.dumps({
        "starts": starts, "cpu_s": report.cpu_s, "duration_ms": report.duration_ms,
        "maxrss_mb": peak_rss_mb(),
        "buffer_s": report.peak_buffer_ms / 1000, "summary": report.summary_lines(), "phases": phases,
    }))


def run(doc, media: Path, truth: list[int | None], label: str, extra: str = "") -> dict:
    import pickle

    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as f:
        pickle.dump(doc, f)
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", "--doc", f.name, "--media", str(media)],
                              capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"audio_alignment: aligning {media} failed:\n{proc.stderr}")
        out = proc.stdout
    finally:
        os.unlink(f.name)
    res = json.loads(out.strip().splitlines()[-1])
    errs = [abs(s - t) for (s, _), t in zip(res["starts"], truth) if t is not None]
    absent = [timing for (_, timing), t in zip(res["starts"], truth) if t is None]
    rtf = res["cpu_s"] / (res["duration_ms"] / 1000)
    line = (
        f"{label:6} {res['duration_ms'] / 60000:6.1f} min  {len(errs):4d} sentences  "
        f"within 100 ms {sum(e <= 100 for e in errs) / len(errs):6.1%}  within 250 ms {sum(e <= 250 for e in errs) / len(errs):6.1%}  "
        f"RTF {rtf:.3f}  peak RSS {res['maxrss_mb']:.0f} MB  audio held {res['buffer_s']:.0f} s"
    )
    line += "  (peak RSS after " + ", ".join(f"{k.replace('_', ' ')} {v:.0f}" for k, v in res["phases"].items()) + " MB)"
    if absent:
        line += f"  cut sentences not timed from audio: {sum(t != 'audio' for t in absent)}/{len(absent)}"
    print(line + extra, flush=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sentences", type=int, default=None, help="first N sentences only (default: the whole seed)")
    ap.add_argument("--long", action="store_true", help="also align a long recording: seeds 000 and 002 spoken again and again")
    ap.add_argument("--clips", action="store_true", help="also time cutting the cards' clips from the clean recording")
    ap.add_argument("--seed", choices=("000", "002"), default="000", help="which seed the clean/cut/noise runs speak (default 000)")
    ap.add_argument("--hours", type=float, default=3.0, help="length of the --long recording, hours (default 3)")
    ap.add_argument("--runs", default="clean,cut,noise", help="which recordings to align (default: clean,cut,noise)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "diglot-audio-bench")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--doc", help=argparse.SUPPRESS)
    ap.add_argument("--media", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args)
        return
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit(f"audio_alignment: {tool} is not installed")
    speech = _speech()
    rnd = random.Random(15)
    seed = SEEDS[0] if args.seed == "000" else SEEDS[1]
    doc, sentences = load_sentences([seed], args.sentences)
    pcms = spoken(sentences, args.work / "speech")
    pauses = [rnd.randint(150, 900) for _ in sentences]
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"seed {seed.name}: {len(sentences)} sentences spoken by espeak-ng; aligned from the transcript alone")

    runs = set(args.runs.split(",")) - {""}
    clean = speech.join(pcms, args.work / "clean.wav", pauses_ms=pauses) if runs else None
    if "clean" in runs:
        run(doc, clean.wav, clean.starts_ms, "clean")

    if "cut" in runs:
        run_cut(doc, sentences, pcms, pauses, args.work)
    if "noise" in runs:
        noisy = args.work / "noise.wav"
        snr = add_noise(clean.wav, noisy, clean.duration_ms / 1000, 0.08)
        run(doc, noisy, clean.starts_ms, "noise", f"  (pink noise, SNR {snr:.1f} dB)")

    if args.clips:
        clean = clean or speech.join(pcms, args.work / "clean.wav", pauses_ms=pauses)
        run_clips(doc, clean, args.work)
    if args.long:
        run_long(args.hours, args.work, rnd)


def run_clips(doc, clean, work: Path) -> None:
    """Cut one Opus clip per sentence of the clean recording at its true times; CPU time and sizes."""
    import time

    from diglot.model import TIMING_AUDIO, Timing
    from diglot.timing.audio.clips import cut_clips

    truth = iter(zip(clean.starts_ms, clean.ends_ms))
    segments = []
    for seg in doc.segments:
        pairs = []
        for p in seg.pairs:
            if p.source:
                start, end = next(truth)
                p = replace(p, start_ms=start, end_ms=end, timing=TIMING_AUDIO)
            pairs.append(p)
        segments.append(replace(seg, pairs=tuple(pairs)))
    timed = replace(doc, segments=tuple(segments), timing=Timing(TIMING_AUDIO))
    out = work / "clips"
    shutil.rmtree(out, ignore_errors=True)
    cpu = time.process_time()
    clips = cut_clips(timed, clean.wav, out)
    cpu = time.process_time() - cpu
    size = sum(Path(c.audio).stat().st_size for c in clips)
    print(f"clips  {clean.duration_ms / 60000:6.1f} min  {len(clips)} Opus clips (250 ms padding) in {cpu:.1f} s CPU "
          f"({cpu / (clean.duration_ms / 60000):.2f} s per minute of audio), {size / 1e6:.1f} MB", flush=True)


def run_long(hours: float, work: Path, rnd: random.Random) -> None:
    """Seeds 000 and 002, spoken one after the other as often as it takes to fill *hours*, aligned as one talk."""
    speech = _speech()
    _one, once = load_sentences(SEEDS, None)
    pcms_once = spoken(once, work / "speech")
    seconds_once = sum(len(p) for p in pcms_once) / 32000 + 0.525 * len(once)
    repeats = max(1, -(-int(hours * 3600) // int(seconds_once)))
    doc, sentences = load_sentences(SEEDS * repeats, None)
    pcms = spoken(sentences, work / "speech")
    pauses = [rnd.randint(150, 900) for _ in sentences]
    long = speech.join(pcms, work / "long.wav", pauses_ms=pauses)
    run(doc, long.wav, long.starts_ms, "long", f"  (seeds 000 and 002 spoken {repeats} times)")


def run_cut(doc, sentences: list[str], pcms: list[bytes], pauses: list[int], work: Path) -> None:
    """A stretch of about 8% of the sentences (at least 5), a third of the way in, removed from the audio."""
    speech = _speech()
    a = len(sentences) // 3
    b = a + max(5, len(sentences) // 12)
    kept = [i for i in range(len(sentences)) if not a <= i < b]
    cut = speech.join([pcms[i] for i in kept], work / "cut.wav", pauses_ms=[pauses[i] for i in kept[1:]])
    truth: list[int | None] = [None] * len(sentences)
    for i, t in zip(kept, cut.starts_ms):
        truth[i] = t
    run(doc, cut.wav, truth, "cut", f"  (sentences {a + 1}-{b} removed)")


if __name__ == "__main__":
    main()
