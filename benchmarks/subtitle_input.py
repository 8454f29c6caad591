"""Subtitle files as input: how well the seeds survive a trip through subtitle files.

How it is measured: each seed transcript is written out with diglot's own SRT
exporter as two one-language files (English with 37-character lines, Chinese
with 14-character lines, so the two files cut their cues differently; the
Chinese shifted 300 ms later), with sound cues (``[Music]``, ``♪ … ♪``,
``(laughs)``) and styling (``<i>``, ``{\\an8}``) added; and as one bilingual
file (SRT, WebVTT with ``<c.zh>`` spans, and ASS converted with pysubs2). Each
is read back with diglot's subtitle readers. Reported per input:

* coverage: every English and Chinese character of the seed is present in the
  document read back (whitespace aside);
* pairing F1: the document's sentence pairs against the seed's own sentence
  pairs (``diglot.align_document`` on the seed), as exact pairs of
  whitespace-free (English, Chinese) text, one-sided pairs included.

Speed: seed 000's two files repeated seven times (about three hours of
video, 5,000 cues) are merged once and timed.

Run: ``python benchmarks/subtitle_input.py`` (about a minute).
``make_fixtures`` and ``pairing_f1`` are used by tests/readers/test_subtitle_input.py.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SHIFT_MS = 300
LEAD_MS = 2000  # room for a [Music] cue before the talk


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def seed_pairs(seed: Path) -> Counter[tuple[str, str]]:
    import diglot

    doc = diglot.align_document(diglot.load(seed))
    return Counter((squash(p.source), squash(p.target)) for s in doc.segments for p in s.pairs)


def doc_pairs(doc) -> Counter[tuple[str, str]]:
    """The speech's sentence pairs (sound cues such as [Music] aside)."""
    return Counter((squash(p.source), squash(p.target)) for s in doc.segments if not s.sound for p in s.pairs)


def pairing_f1(found: Counter, gold: Counter) -> tuple[float, float, float]:
    """Precision, recall and F1 of *found* pairs against *gold* (multisets)."""
    hit = sum((found & gold).values())
    p = hit / max(1, sum(found.values()))
    r = hit / max(1, sum(gold.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def coverage(doc, seed: Path) -> tuple[bool, bool]:
    """Whether all English and all Chinese text of *seed* is in *doc* (in order, whitespace aside)."""
    import diglot

    gold = diglot.load(seed)
    en = "".join(squash(s.source) for s in gold.segments)
    zh = "".join(squash(s.target) for s in gold.segments)
    got_en = "".join(squash(p.source) for s in doc.segments if not s.sound for p in s.pairs)
    got_zh = "".join(squash(p.target) for s in doc.segments if not s.sound for p in s.pairs)
    return got_en == en, got_zh == zh


def _decorate(path: Path, lang: str, untranslated: tuple[str, ...] = ()) -> None:
    """Add sound cues and styling to an SRT written by diglot, the way real files have them.

    The Chinese file loses the English that diglot's one-language layout shows
    where a sentence has no translation (*untranslated*): a real Chinese track has none.
    """
    import pysrt

    subs = pysrt.open(str(path), encoding="utf-8")
    if lang == "zh":

        def fallback(text: str) -> bool:  # English shown for a sentence without translation
            flat = squash(re.sub(r"^- ", "", text))
            return not re.search(r"[\u4e00-\u9fff]", text) and any(flat in u for u in untranslated)

        subs = pysrt.SubRipFile([item for item in subs if not fallback(item.text)])
    music = "[Music]" if lang == "en" else "♪ 音乐 ♪"
    subs.insert(0, pysrt.SubRipItem(0, start=pysrt.SubRipTime.from_ordinal(200), end=pysrt.SubRipTime.from_ordinal(1700), text=music))
    for n, item in enumerate(subs):
        if n == 0:
            continue
        if n % 7 == 3:
            item.text = "<i>" + item.text + "</i>"
        if n % 11 == 5:
            item.text = "{\\an8}" + item.text
        if lang == "en" and n % 13 == 6:
            item.text = "(laughs) " + item.text
        if lang == "zh" and n % 17 == 8:
            item.text = item.text + "\n[笑声]"
    subs.clean_indexes()
    subs.save(str(path), encoding="utf-8")


def make_fixtures(seed: Path, out: Path, bilingual: bool = True) -> dict[str, Path]:
    """Subtitle files made from *seed* with diglot's exporters (see the module docstring).

    Returns ``{"en": .en.srt, "zh": .zh.srt}`` and, with *bilingual*,
    ``{"srt": bilingual .srt, "vtt": bilingual .vtt, "ass": bilingual .ass}``.
    """
    import diglot
    import pysubs2

    out.mkdir(parents=True, exist_ok=True)
    doc = diglot.load(seed)
    stem = seed.stem[:3]
    en = out / f"talk{stem}.en.srt"
    zh = out / f"talk{stem}.zh.srt"
    diglot.export(doc, "srt", en, layout="source", max_chars_source=37, offset=str(LEAD_MS / 1000))
    diglot.export(doc, "srt", zh, layout="target", max_chars_target=14, offset=str((LEAD_MS + SHIFT_MS) / 1000))
    _decorate(en, "en")
    aligned = diglot.align_document(doc)
    _decorate(zh, "zh", tuple(squash(p.source) for s in aligned.segments for p in s.pairs if p.source and not p.target))
    if not bilingual:
        return {"en": en, "zh": zh}
    both = out / f"bilingual{stem}.srt"
    diglot.export(doc, "srt", both, order="source-first")
    vtt = out / f"bilingual{stem}.vtt"
    diglot.export(doc, "vtt", vtt)
    text = vtt.read_text(encoding="utf-8")
    # mark the Chinese lines with a language class span, as some players' files do
    lines = [f"<c.zh>{line}</c>" if re.search(r"[\u4e00-\u9fff]", line) and "-->" not in line else line for line in text.split("\n")]
    vtt.write_text("\n".join(lines), encoding="utf-8")
    ass = out / f"bilingual{stem}.ass"
    pysubs2.load(str(both), encoding="utf-8").save(str(ass), format_="ass")
    return {"en": en, "zh": zh, "srt": both, "vtt": vtt, "ass": ass}


def measure(seed: Path, out: Path) -> list[tuple[str, float, float, float, bool, bool, int]]:
    from diglot import load
    from diglot.readers.subtitle_pair import load_pair

    files = make_fixtures(seed, out)
    gold = seed_pairs(seed)
    rows = []
    cases = [("pair .en.srt + .zh.srt", lambda: load_pair(files["en"], files["zh"]))]
    cases += [(f"bilingual .{k}", lambda k=k: load(files[k])) for k in ("srt", "vtt", "ass")]
    for name, read in cases:
        doc = read()
        p, r, f1 = pairing_f1(doc_pairs(doc), gold)
        en_ok, zh_ok = coverage(doc, seed)
        rows.append((name, p, r, f1, en_ok, zh_ok, sum(gold.values())))
    return rows


def long_merge(folder: Path, times: int = 7) -> float:
    """Seconds to merge the seed's two files repeated *times* over (one after the other)."""
    import pysrt

    from diglot.readers.subtitle_pair import load_pair

    paths = []
    for lang in ("en", "zh"):
        subs = pysrt.open(str(next(folder.glob(f"*.{lang}.srt"))), encoding="utf-8")
        span = subs[-1].end.ordinal + 2000
        out = pysrt.SubRipFile()
        for k in range(times):
            for s in subs:
                out.append(pysrt.SubRipItem(0, pysrt.SubRipTime.from_ordinal(s.start.ordinal + k * span), pysrt.SubRipTime.from_ordinal(s.end.ordinal + k * span), s.text))
        out.clean_indexes()
        path = folder / f"long.{lang}.srt"
        out.save(str(path), encoding="utf-8")
        paths.append(path)
    t0 = time.perf_counter()
    load_pair(paths[0], paths[1])
    return time.perf_counter() - t0


def main() -> None:
    import tempfile

    print(__doc__.split("Run:")[0].strip())
    print()
    worst = 1.0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            t0 = time.perf_counter()
            rows = measure(seed, Path(tmp) / seed.stem)
            print(f"{seed.name} ({time.perf_counter() - t0:.1f} s)")
            for name, p, r, f1, en_ok, zh_ok, n in rows:
                worst = min(worst, f1)
                print(f"  {name:24} pairs {n:4}  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  all English {'yes' if en_ok else 'NO'}  all Chinese {'yes' if zh_ok else 'NO'}")
            if seed == SEEDS[0]:
                print(f"  three hours of cues, two files merged in {long_merge(Path(tmp) / seed.stem):.1f} s")
    print(f"\nworst pairing F1: {worst:.3f} (target >= 0.95)")
    sys.exit(0 if worst >= 0.95 else 1)


if __name__ == "__main__":
    main()
