"""Estimated timing: speaking-rate model, pauses, stretching to a duration, offsets, Chinese-only pairs."""

from __future__ import annotations

import pytest

import diglot
from diglot.model import TIMING_ESTIMATED, Document, Section, Segment, SentencePair
from diglot.clock import format_clock, parse_clock
from diglot.timing.clock import shift_times
from diglot.timing.estimate import count_syllables, estimate_times, spoken_words

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED


def _doc() -> Document:
    def seg(i, en, zh, section):
        return Segment(id=f"s{i}", source=en, target=zh, section=section, pairs=(SentencePair(en, zh),))

    words20 = " ".join(["word"] * 20)
    return Document(
        segments=(
            seg(1, words20, "二十个词。", "a"),
            seg(2, words20, "又是二十个词。", "a"),
            seg(3, words20, "第三段。", "b"),
            seg(4, None, "只有中文的一段，没有英文原文，二十个字。", "b"),
            seg(5, "Sure.", "当然。", "b"),
        ),
        sections=(Section("a", "A"), Section("b", "B")),
    )


def test_rate_pauses_and_marks():
    doc = estimate_times(_doc(), wpm=120)
    pairs = [s.pairs[0] for s in doc.segments]
    assert doc.timing is not None and doc.timing.source == TIMING_ESTIMATED
    assert all(p.timing == TIMING_ESTIMATED for p in pairs)
    assert pairs[0].start_ms == 0 and pairs[0].end_ms == 10_000  # 20 words at 120 wpm
    assert pairs[1].start_ms - pairs[0].end_ms == 700  # segment pause
    assert pairs[2].start_ms - pairs[1].end_ms == 2000  # section pause
    assert pairs[3].end_ms - pairs[3].start_ms == pytest.approx(17 * 60_000 / 260, abs=1)  # Chinese-only: 17 Han at 260/min
    assert pairs[4].end_ms - pairs[4].start_ms == 1000  # "Sure." takes the minimum
    for seg in doc.segments:
        assert (seg.start_ms, seg.end_ms) == (seg.pairs[0].start_ms, seg.pairs[-1].end_ms)


def test_duration_stretches_everything_and_offset_shifts():
    doc = estimate_times(_doc(), duration_ms=60_000, offset_ms=5_000)
    assert doc.segments[0].pairs[0].start_ms == 5_000
    assert doc.segments[-1].pairs[-1].end_ms == 65_000
    starts = [p.start_ms for s in doc.segments for p in s.pairs]
    assert starts == sorted(starts)
    with pytest.raises(diglot.OptionError):
        estimate_times(_doc(), offset_ms=-1)
    with pytest.raises(diglot.OptionError):
        estimate_times(_doc(), duration_ms=0)


def test_syllable_rate():
    assert count_syllables("organizers") == 4
    assert count_syllables("the") == 1
    assert count_syllables("2014") >= 4
    assert spoken_words("In 2014, GPT-2 — yes.") == 5  # "—" is not a word; 2014 counts as two
    doc = estimate_times(_doc(), spm=150)
    p = doc.segments[0].pairs[0]
    assert p.end_ms - p.start_ms == 20 * 60_000 // 150  # 20 one-syllable words


@pytest.mark.parametrize("path", [PAIRED_SEED, FRONTMATTER_SEED])
def test_seed_talk_length_is_plausible(path):
    doc = estimate_times(diglot.align_document(diglot.load(path)))
    words = sum(len((s.source or "").split()) for s in doc.segments)
    end = max(p.end_ms for s in doc.segments for p in s.pairs)
    wpm = words / (end / 60_000)
    print(f"\n{path.name}: {words} words, estimated {format_clock(end)}, {wpm:.0f} wpm overall")
    assert 110 < wpm < 155  # pauses included, a little slower than the speaking rate
    assert all(p.start_ms is not None for s in doc.segments for p in s.pairs)


def test_clock_parsing_and_shifting():
    assert parse_clock("01:02:03.5") == 3_723_500
    assert parse_clock("2:03") == 123_000
    assert parse_clock("90.25") == 90_250
    assert parse_clock("100:00:00") == 360_000_000
    assert parse_clock("-1.5", signed=True) == -1500
    assert parse_clock("+00:00:02,5", signed=True) == 2500
    for bad in ("1:75:00", "soon", "-3", ""):
        with pytest.raises(diglot.OptionError):
            parse_clock(bad)
    assert format_clock(360_000_000 + 59_999) == "100:00:59.999"
    assert format_clock(1999, ",") == "00:00:01,999"
    doc = estimate_times(_doc())
    moved = shift_times(doc, 1500)
    assert moved.segments[0].pairs[0].start_ms == 1500
    with pytest.raises(diglot.OptionError):
        shift_times(doc, -1)


def test_partly_aligned_document_keeps_every_segment():
    from dataclasses import replace

    doc = diglot.load(PAIRED_SEED)
    from diglot.align.sentences import align_document

    aligned = align_document(doc)
    assert all(s.pairs for s in aligned.segments if s.source or s.target)
    partial = replace(aligned, segments=(aligned.segments[0], replace(aligned.segments[1], pairs=()), *aligned.segments[2:]))
    with pytest.raises(diglot.OptionError, match="sentence pairs"):
        estimate_times(partial)  # the transform itself does not align: the pipeline does
    timed = diglot.prepare(partial, {"times"})
    seg = timed.segments[1]
    # the segment without pairs is aligned like the others, and timed
    assert [(p.source, p.target) for p in seg.pairs] == [(p.source, p.target) for p in aligned.segments[1].pairs]
    assert all(p.start_ms is not None for p in seg.pairs)


def test_spoken_words_counts_what_the_token_pattern_counted() -> None:
    # spoken_words splits at whitespace and takes plain words at once; the reference is the
    # token-pattern loop it replaced, on every seed line and random mixes of words, digits,
    # punctuation, Chinese and odd spaces
    import random
    import re
    from pathlib import Path

    token, digit = re.compile(r"\S+"), re.compile(r"\d")

    def reference(text: str) -> float:
        total = 0.0
        for tok in token.findall(text):
            if not any(ch.isalnum() for ch in tok):
                continue
            digits = len(digit.findall(tok))
            total += max(1.0, digits / 2) if digits >= 3 else 1.0
        return total

    root = Path(__file__).resolve().parents[2]
    texts = [line for seed in sorted((root / "seeds").glob("*.txt")) for line in seed.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(7)
    alphabet = "ab Z9 ٣２, .—-'\u00a0\u3000中文é\t\n12345\u2028"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    assert [spoken_words(t) for t in texts] == [reference(t) for t in texts]
    assert sum(reference(t) for t in texts) > 10_000
