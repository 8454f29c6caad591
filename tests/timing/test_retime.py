"""Retiming: word alignment against a timed reference, on the fixtures and the seeds."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot import schema
from diglot.errors import InputError
from diglot.model import Document, Segment, SentencePair
from diglot.align.sentences import align_document
from diglot.timing.references import RefWord, load_reference
from diglot.timing.retime import retime, retime_from_file
from diglot.timing.words import normalize_word, number_words
from diglot.exporters.subtitles.report import low_confidence_cues, retime_summary

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_PAIRED = SEEDS / "000_f186dd285a4328be.txt"
SEED_FRONT = SEEDS / "002_497afb8ee9508095.txt"


# --- helpers ---------------------------------------------------------------


def pairs_of(doc: Document) -> list[SentencePair]:
    return [p for s in doc.segments for p in s.pairs]


def truth_for(doc: Document, start: int = 2000) -> list[tuple[str, int, int]]:
    """Deterministic "true" word times: 55 ms a character, pauses after commas and sentences."""
    out, t = [], start
    for pair in pairs_of(doc):
        for w in (pair.source or "").split():
            d = 55 * (len(w) + 1)
            out.append((w, t, t + d))
            t += d + 20 + (250 if w.endswith(",") else 0)
        t += 700
    return out


def asr(truth: list[tuple[str, int, int]]) -> list[RefWord]:
    """An ASR-like reference: lower case, no punctuation, 10% substituted, 5% dropped, 3% fillers."""
    out = []
    for k, (w, s, e) in enumerate(truth):
        if k % 20 == 7:
            continue
        text = re.sub(r"[^\w']", "", w.lower()) or "x"
        if k % 10 == 3:
            text = "banana"
        out.append(RefWord(text, s, e))
        if k % 33 == 5:
            out.append(RefWord("uh", e + 5, e + 15))
    return out


def assert_monotonic(doc: Document) -> None:
    prev_start, prev_end = -1, 0
    for p in pairs_of(doc):
        assert p.start_ms is not None and p.end_ms is not None
        assert p.start_ms >= prev_start and p.start_ms >= prev_end - 0
        assert p.end_ms >= p.start_ms
        if p.word_starts:
            assert list(p.word_starts) == sorted(p.word_starts)
            assert p.word_starts[0] == p.start_ms and p.word_starts[-1] <= p.end_ms
        prev_start, prev_end = p.start_ms, p.end_ms


# --- normalisation ---------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "keys"),
    [
        ("Don't", ("do", "not")),
        ("can't", ("can", "not")),
        ("It’s", ("it", "is")),
        ("10", ("ten",)),
        ("ten", ("ten",)),
        ("2014,", ("twenty", "fourteen")),
        ("10,000", ("ten", "thousand")),
        ("3.5", ("three", "point", "five")),
        ("1st", ("first",)),
        ("GPT-3", ("gpt", "three")),
        ("50%", ("fifty", "percent")),
        ("uh,", ()),
        ("Um...", ()),
        ("—", ()),
        ('"Oh', ("oh",)),
        ("AGI.", ("agi",)),
    ],
)
def test_normalize_word(word, keys):
    assert normalize_word(word) == keys


def test_number_words():
    assert number_words(0) == "zero"
    assert number_words(115) == "one hundred fifteen"
    assert number_words(2_000_017) == "two million seventeen"


# --- the fixtures: one small talk, every reference format -------------------


@pytest.mark.parametrize(
    "name",
    ["youtube_rolling.vtt", "youtube_old.vtt", "captions.json3", "whisperx.json", "whisper_segments.json", "plain.srt", "rolling.srt"],
)
def test_fixture_talk_retimed_from_every_format(name):
    doc = align_document(diglot.load(FIXTURES / "talk.txt"))
    timed, report = retime_from_file(doc, FIXTURES / name)
    pairs = pairs_of(timed)
    assert [p.source.split()[0] for p in pairs] == ["I", "And", "What"]
    # sentence 1 starts with the reference's first word, sentence 2 ("And ...") at "and"
    assert pairs[0].start_ms == 1200
    if name != "rolling.srt":  # cue-level and spread over a cue shared with the previous sentence
        assert pairs[1].start_ms == 9020
    assert pairs[0].timing == pairs[1].timing == "reference"
    assert pairs[0].confidence == 1.0 and pairs[1].confidence > 0.9
    assert pairs[0].end_ms <= pairs[1].start_ms
    # the third sentence is not in the reference: estimated after it, and reported
    assert pairs[2].timing == "estimated" and pairs[2].confidence == 0.0
    assert pairs[2].start_ms >= pairs[1].end_ms
    assert report.pairs_estimated == 1 and report.estimated[0].segment == "seg-0002"
    assert any("not covered" in n.message for n in timed.notices)
    for p in pairs:
        assert len(p.word_starts) == len(p.source.split())
    assert timed.timing.source == "reference" and timed.timing.reference == name
    assert 0.6 < timed.timing.coverage < 0.7  # 40 of the 63 transcript words are in the reference
    assert_monotonic(timed)
    assert [s.start_ms for s in timed.segments] == [pairs[0].start_ms, pairs[2].start_ms]


def test_word_starts_follow_the_reference():
    doc = align_document(diglot.load(FIXTURES / "talk.txt"))
    timed, _ = retime_from_file(doc, FIXTURES / "captions.json3")
    ref = load_reference(FIXTURES / "captions.json3")
    first = pairs_of(timed)[0]
    # "I want to thank the organizers ..." matched word for word
    assert list(first.word_starts[:6]) == [w.start_ms for w in ref.words[:6]]


def test_retimed_document_round_trips_through_json():
    doc = align_document(diglot.load(FIXTURES / "talk.txt"))
    timed, _ = retime_from_file(doc, FIXTURES / "whisperx.json")
    assert schema.loads(schema.dumps(timed)) == timed


# --- the seeds ---------------------------------------------------------------


@pytest.mark.parametrize("seed", [SEED_PAIRED, SEED_FRONT])
def test_seed_retimed_against_noisy_reference(seed):
    doc = align_document(diglot.load(seed))
    truth = truth_for(doc)
    timed, report = retime(doc, asr(truth), reference_name="asr.json")
    starts, k = [], 0
    for p in pairs_of(doc):
        n = len((p.source or "").split())
        if n:
            starts.append(truth[k][1])
            k += n
    got = [p.start_ms for p in pairs_of(timed) if (p.source or "").split()]
    errors = [abs(a - b) for a, b in zip(got, starts)]
    assert len(errors) == len(starts)
    assert sum(e <= 100 for e in errors) / len(errors) >= 0.95
    assert report.coverage > 0.8 and report.pairs_estimated == 0
    assert all(p.timing == "reference" for p in pairs_of(timed))
    assert_monotonic(timed)
    # nothing lost: the text of every pair is unchanged
    assert [(p.source, p.target) for p in pairs_of(timed)] == [(p.source, p.target) for p in pairs_of(doc)]


def test_partial_reference_retimes_what_it_covers_and_estimates_the_rest():
    doc = align_document(diglot.load(SEED_FRONT))
    truth = truth_for(doc)
    half = len(truth) // 2
    timed, report = retime(doc, asr(truth[:half]), reference_name="first-half.json3")
    pairs = [p for p in pairs_of(timed) if p.source]
    timings = [p.timing for p in pairs]
    first_estimated = timings.index("estimated")
    assert set(timings[:first_estimated]) == {"reference"}
    assert set(timings[first_estimated + 1 :]) == {"estimated"}
    assert 0.35 < report.coverage < 0.5
    assert report.pairs_estimated == timings.count("estimated")
    assert any("not covered" in line for line in retime_summary(report))
    assert report.gaps and report.gaps[-1].kind == "transcript-only"
    assert_monotonic(timed)
    # estimated times go on after the reference at a talk's pace, not all at one instant
    est = [p.start_ms for p in pairs if p.timing == "estimated"]
    assert est[0] >= truth[half - 1][1] and len(set(est)) == len(est)


def test_reference_of_another_video_is_refused_unless_forced():
    doc = align_document(diglot.load(SEED_PAIRED))
    other = align_document(diglot.load(SEED_FRONT))
    ref = asr(truth_for(other))
    with pytest.raises(InputError, match="another video") as info:
        retime(doc, ref, reference_name="other.json3")
    assert "\n" not in str(info.value) and "--force" in str(info.value)
    timed, report = retime(doc, ref, reference_name="other.json3", force=True)
    assert report.forced and report.coverage < 0.25
    assert_monotonic(timed)


def test_video_part_missing_from_transcript_is_reported():
    doc = align_document(diglot.load(SEED_PAIRED))
    truth = truth_for(doc)
    ref = asr(truth)
    cut = len(ref) // 2
    shift = 120_000  # two minutes of talk the transcript left out
    extra = [RefWord(w, ref[cut - 1].end_ms + 1000 + i * 400, ref[cut - 1].end_ms + 1000 + i * 400 + 300)
             for i, w in enumerate(("we took a short detour into robotics and then came back " * 25).split())]
    later = [RefWord(r.text, r.start_ms + shift, r.end_ms + shift) for r in ref[cut:]]
    timed, report = retime(doc, ref[:cut] + extra + later, reference_name="with-detour.vtt")
    big = max(report.gaps, key=lambda g: g.ref_words)
    assert big.kind == "reference-only" and big.ref_words == len(extra)
    assert "missing from the transcript" in big.describe()
    # the words after the detour are timed after it
    k = next(i for i, (_, s, _) in enumerate(truth) if s >= ref[cut].start_ms)
    starts = [t for p in pairs_of(timed) for t in (p.word_starts or ())]
    assert abs(starts[k + 5] - (truth[k + 5][1] + shift)) < 100
    assert report.pairs_estimated == 0


def test_pairs_without_source_sit_between_their_neighbours():
    doc = Document(
        segments=(
            Segment("s1", "One two three four five.", "一二三四五。", pairs=(
                SentencePair("One two three four five.", "一二三四五。"),
                SentencePair(None, "译者加的一句。"),
            )),
            Segment("s2", "Six seven eight nine ten.", "六七八九十。", pairs=(SentencePair("Six seven eight nine ten.", "六七八九十。"),)),
            Segment("s3", None, "只有译文。", pairs=(SentencePair(None, "只有译文。"),)),
        )
    )
    words = "one two three four five six seven eight nine ten".split()
    ref = [RefWord(w, 1000 + 400 * i + (800 if i >= 5 else 0), 1300 + 400 * i + (800 if i >= 5 else 0)) for i, w in enumerate(words)]
    timed, report = retime(doc, ref)
    a, added, b, only = pairs_of(timed)
    assert a.start_ms == 1000 and b.start_ms == 3800
    assert a.end_ms <= added.start_ms <= added.end_ms <= b.start_ms
    assert only.start_ms >= b.end_ms
    assert added.word_starts == () and report.coverage == 1.0


def test_empty_inputs_are_refused():
    doc = align_document(diglot.load(FIXTURES / "talk.txt"))
    with pytest.raises(InputError, match="no words"):
        retime(doc, [RefWord("uh", 0, 100), RefWord("um", 200, 300)])
    blank = align_document(Document(segments=(Segment("s1", None, "只有译文。"),)))
    with pytest.raises(InputError, match="no source-language words"):
        retime(blank, [RefWord("hello", 0, 100)])


# --- properties --------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_VOCAB = "the model learns to predict next word and then we scale it up ten times 2014 don't uh".split()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sentences=st.lists(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=12), min_size=1, max_size=8),
    ref_words=st.lists(
        st.tuples(st.sampled_from(_VOCAB + ["banana", "[Music]"]), st.integers(0, 10**8), st.integers(0, 5000)),
        min_size=1, max_size=80,
    ),
)
def test_any_reference_gives_ordered_complete_times(sentences, ref_words):
    pairs = tuple(SentencePair(" ".join(s) + ".", "句子。") for s in sentences)
    doc = Document(segments=(Segment("s1", " ".join(p.source for p in pairs), "句子。", pairs=pairs),))
    ref = sorted((RefWord(w, s, s + d) for w, s, d in ref_words), key=lambda r: r.start_ms)
    try:
        timed, report = retime(doc, ref, force=True)
    except InputError as exc:  # only when one side has nothing but fillers
        assert "no words" in str(exc) or "no source-language words" in str(exc)
        assert all(w in ("uh",) for s in sentences for w in s) or all(w in ("uh",) for w, _, _ in ref_words)
        return
    out = pairs_of(timed)
    assert [p.source for p in out] == [p.source for p in pairs]
    for p in out:
        assert p.timing in ("reference", "estimated") and 0.0 <= p.confidence <= 1.0
        assert len(p.word_starts) == len(p.source.split())
    assert_monotonic(timed)
    assert 0.0 <= report.coverage <= 1.0


def test_talk_inside_a_longer_video_keeps_its_first_and_last_words_in_place():
    """Words at the edges must not be matched to look-alikes far off in the rest of the video."""
    doc = align_document(diglot.load(SEED_PAIRED))
    other = truth_for(align_document(diglot.load(SEED_FRONT)))[:2500]
    before = asr(other)
    truth = truth_for(doc, start=before[-1].end_ms + 4000)
    after_start = truth[-1][2] + 4000
    after = [RefWord(r.text, r.start_ms + after_start, r.end_ms + after_start) for r in asr(other)]
    timed, report = retime(doc, before + asr(truth) + after, reference_name="long-video.json3")
    assert report.pairs_estimated == 0 and report.coverage > 0.8
    starts = [t for p in pairs_of(timed) for t in (p.word_starts or ())]
    assert len(starts) == len(truth)
    for k in (0, 1, 2, -3, -2, -1):
        assert abs(starts[k] - truth[k][1]) < 1000, k
    kinds = sorted(g.kind for g in report.gaps if g.ref_words > 1000)
    assert kinds == ["reference-only", "reference-only"]


def test_words_written_as_one_or_two_still_match():
    doc = align_document(Document(segments=(Segment("s1", "Self-awareness is useful for every one of us here today.", "自我意识。"),)))
    words = "selfawareness is useful for everyone of us here today".split()
    ref = [RefWord(w, 1000 + 500 * i, 1400 + 500 * i) for i, w in enumerate(words)]
    timed, report = retime(doc, ref)
    pair = pairs_of(timed)[0]
    assert pair.start_ms == 1000 and pair.confidence == 1.0
    assert pair.word_starts[4] == pair.word_starts[5] == 3000  # "every one" both at "everyone"


def test_segments_without_pairs_are_aligned_and_timed_too():
    """The pipeline aligns what has no pairs before retiming; retime itself refuses an unaligned document."""
    doc = align_document(diglot.load(FIXTURES / "talk.txt"))
    partly = replace(doc, segments=(doc.segments[0], replace(doc.segments[1], pairs=())))
    with pytest.raises(diglot.OptionError, match="sentence pairs"):
        retime_from_file(partly, FIXTURES / "captions.json3")
    timed = diglot.prepare(partly, timing_from=str(FIXTURES / "captions.json3"))
    assert [p.source for p in pairs_of(timed)] == [p.source for p in pairs_of(doc)]
    assert all(p.start_ms is not None for p in pairs_of(timed))


def test_translation_only_sentence_without_room_takes_the_tail_of_the_previous_one():
    doc = Document(
        segments=(
            Segment("s1", "One two three four five six.", "一二三四五六。", pairs=(
                SentencePair("One two three four five six.", "一二三四五六。"),
                SentencePair(None, "译者加的一句。"),
                SentencePair("Seven eight nine ten.", "七八九十。"),
            )),
        )
    )
    words = "one two three four five six seven eight nine ten".split()
    ref = [RefWord(w, 1000 + 400 * i, 1380 + 400 * i) for i, w in enumerate(words)]  # no pause at all
    timed, _ = retime(doc, ref)
    a, added, b = pairs_of(timed)
    assert b.start_ms == 3400  # "seven" keeps its time
    # it takes what it can of the previous pair without cutting into that pair's last word
    assert added.end_ms == b.start_ms and added.start_ms == a.word_starts[-1] + 1 == 3001
    assert a.end_ms == added.start_ms
    assert_monotonic(timed)


# --- a cut: part of the transcript the video lacks ---------------------------


def _cut_video(doc: Document, words: int = 300) -> tuple[list[tuple[str, int, int]], range, int]:
    """The truth of *doc* with whole pairs from the middle (at least *words* words) cut out of the video.

    Returns the video's word times (transcript word index -> time, cut words
    absent), the cut's range of pair indexes (among pairs with source words)
    and the index of the first word after the cut.
    """
    truth = truth_for(doc)
    firsts, k = [], 0
    for p in pairs_of(doc):
        if (p.source or "").split():
            firsts.append(k)
            k += len(p.source.split())
    a = b = len(firsts) // 2
    while firsts[b] - firsts[a] < words:
        b += 1
    w0, w1 = firsts[a], firsts[b]
    shift = truth[w1][1] - truth[w0][1]  # the video goes on where the cut began
    video = [(w, s, e) if i < w0 else (w, s - shift, e - shift) for i, (w, s, e) in enumerate(truth)]
    return video, range(a, b), w1


def test_cut_in_the_middle_keeps_later_cues_in_sync_and_loses_no_text():
    from diglot.exporters.subtitles import qc
    from diglot.exporters.subtitles.cues import build_cues

    doc = align_document(diglot.load(SEED_FRONT))
    video, cut, w1 = _cut_video(doc)
    w0 = _first_word(doc, cut.start)
    assert w1 - w0 >= 300
    timed, report = retime(doc, asr(video[:w0] + video[w1:]), reference_name="cut.json3")
    worded = [(s.id, i, p) for s in timed.segments for i, p in enumerate(s.pairs) if (p.source or "").split()]
    assert {worded[x][2].timing for x in cut} == {"estimated"}
    assert all(p.timing == "reference" for _, _, p in worded[cut.stop :])
    assert len(report.cuts) == 1 and report.cuts[0][2] == len(cut)
    assert report.cuts[0][0].segment == worded[cut.start][0] and report.cuts[0][1].segment == worded[cut.stop - 1][0]
    assert any("cut from the video" in line for line in retime_summary(report))

    cues = build_cues(timed, speaker_mark="none")  # a two-speaker cue shows its second turn early, by design
    first_cue: dict[tuple[str, int], object] = {}
    for c in cues:
        first_cue.setdefault((c.segment, c.pair_index), c)
    # every sentence after the cut starts on time (was: up to 30 s late, pushed by the cut's cues)
    errors, k = [], _first_word(doc, cut.stop)
    for sid, i, p in worded[cut.stop :]:
        errors.append(abs(first_cue[(sid, i)].start_ms - video[k][1]))
        k += len(p.source.split())
    assert max(errors[:10]) <= 100, errors[:10]
    assert sum(e <= 100 for e in errors) / len(errors) >= 0.95
    # the cut's cues sit between the cue before the cut and the one after it
    cut_keys = {(worded[x][0], worded[x][1]) for x in cut}
    inside = [n for n, c in enumerate(cues) if (c.segment, c.pair_index) in cut_keys]
    assert inside == list(range(inside[0], inside[-1] + 1))
    before, after = cues[inside[0] - 1], cues[inside[-1] + 1]
    assert all(before.end_ms < cues[n].start_ms < cues[n].end_ms < after.start_ms for n in inside)
    # and only they break the hard limits (too short), which QC reports
    issues = qc.check(qc.from_cues(cues)).issues
    hard = {i.cue - 1 for i in issues if i.rule in qc.HARD_RULES}
    assert hard and hard <= set(inside)
    # no text lost, in either language
    def text(lines, mark):
        joined = "".join(lines)
        return joined[len(mark):] if mark and joined.startswith(mark) else joined

    squash = lambda t: re.sub(r"\s+", "", t or "")  # noqa: E731
    assert squash("".join(text(c.source_lines, c.source_mark) for c in cues)) == squash(
        "".join(p.source or "" for p in pairs_of(timed))
    )
    assert squash("".join(text(c.target_lines, c.target_mark) for c in cues)) == squash(
        "".join(p.target or "" for p in pairs_of(timed))
    )


def _first_word(doc: Document, pair: int) -> int:
    """Index of the first source word of the *pair*-th pair with source words."""
    counts = [len(p.source.split()) for p in pairs_of(doc) if (p.source or "").split()]
    return sum(counts[:pair])


def test_low_confidence_cues_are_counted_in_the_summary():
    doc = align_document(diglot.load(SEED_PAIRED))
    truth = truth_for(doc)
    ref = asr(truth)
    # garble a few sentences' worth of words (fewer than make a stretch "not covered")
    garbled = [RefWord("zzz" if 1000 <= k < 1020 or 2000 <= k < 2015 else r.text, r.start_ms, r.end_ms) for k, r in enumerate(ref)]
    timed, report = retime(doc, garbled, reference_name="garbled.json3")
    assert report.low_confidence and report.pairs_estimated == 0
    from diglot.exporters.subtitles.cues import build_cues

    cues = build_cues(timed)
    expected = sum(1 for c in cues if c.timing == "reference" and c.confidence is not None and c.confidence < 0.5)
    assert low_confidence_cues(report) == expected >= len(report.low_confidence)
    line = next(x for x in retime_summary(report) if "low-confidence cues" in x)
    assert f": {expected}, in {len(report.low_confidence)} sentence pair" in line


@pytest.mark.parametrize(
    ("cut_text", "after"),
    [
        # the cut ends with the word that opens the sentence after it
        ("One possible explanation for the human sample efficiency that needs to be considered here "
         "and now and in the future of all of this work is evolution.",
         "Evolution has given us a small amount of the most useful information possible."),
        # the cut and the sentence after it open with the same words
        ("You could say that is a value function, but it sounds like you have something much more "
         "fundamental in mind than the thing we all talk about every day.",
         "You could actually wonder whether that is the right way to think about it at all."),
    ],
)
def test_words_shared_by_the_cut_and_the_sentence_after_it_stay_after_it(cut_text, after):
    before = "People are already trying to build judges of their answers and so forth."
    doc = align_document(Document(segments=(
        Segment("s1", before, "人们已经在尝试了。"),
        Segment("s2", cut_text, "被剪掉的部分。"),
        Segment("s3", after, "之后的句子。"),
    )))
    said = [(w, 1000 + 400 * i) for i, w in enumerate(before.split())]
    t0 = said[-1][1] + 1100  # a pause, then the talk goes on after the cut
    said += [(w, t0 + 400 * i) for i, w in enumerate(after.split())]
    ref = [RefWord(re.sub(r"[^\w']", "", w.lower()), t, t + 300) for w, t in said]
    k = len(before.split()) + 3
    ref[k] = replace(ref[k], text="banana")  # misheard: the run after the cut starts later
    timed, report = retime(doc, ref)
    s1, s2, s3 = (seg.pairs for seg in timed.segments)
    assert s3[0].start_ms == t0 and s3[0].word_starts[:3] == (t0, t0 + 400, t0 + 800)
    assert {p.timing for p in s2} == {"estimated"} and {p.timing for p in s1 + s3} == {"reference"}
    assert len(report.cuts) == 1 and report.cuts[0][0].segment == "s2"


def test_a_reference_cue_spanning_a_long_silence_does_not_stretch_its_sentence():
    """A cue-level SRT reference whose one cue spans a 3-minute sponsor break (issue 12.7)."""
    from diglot.timing.references import loads_reference

    sentences = [
        ("We started with a very small model.", "我们从一个很小的模型开始。"),
        ("Then we made it much bigger.", "然后我们把它变得大得多。"),
        ("And it kept getting better at every size.", "它在每个规模上都变得更好。"),
        ("Let's take a short break here.", "我们在这里稍作休息。"),
        ("Welcome back to the conversation.", "欢迎回到我们的对话。"),
        ("So where were we with scaling?", "那么我们说到规模化的哪里了？"),
    ]
    doc = Document(segments=(Segment(id="s1", source=" ".join(e for e, _ in sentences), target="".join(z for _, z in sentences),
                                     pairs=tuple(SentencePair(e, z) for e, z in sentences)),))
    clock = lambda ms: f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"  # noqa: E731
    cues, t = [], 1000
    for k, (en, _) in enumerate(sentences):
        length = 2500 if k != 3 else 183_000  # the break: the cue runs on over three silent minutes
        words = re.sub(r"[^\w\s']", "", en.lower())
        cues.append(f"{k + 1}\n{clock(t)} --> {clock(t + length)}\n{words}\n")
        t += length + 100
    ref = loads_reference("\n".join(cues), "talk.srt")
    timed, report = retime(doc, ref)
    pairs = pairs_of(timed)
    brk = pairs[3]
    assert brk.start_ms == 1000 + 3 * 2600
    assert brk.end_ms - brk.start_ms < 6000  # five words' time, not three minutes
    assert brk.confidence is not None and brk.confidence <= 0.3
    assert all(p.confidence == 1.0 for k, p in enumerate(pairs) if k != 3)
    assert pairs[4].start_ms == 1000 + 3 * 2600 + 183_100  # the talk resumes on time
    assert [n.pair for n in report.paced] == [3] and [n.pair for n in report.low_confidence] == [3]
    summary = "\n".join(retime_summary(report))
    print("\n" + summary)
    assert "1 sentence pair inside reference cues far longer than their words" in summary
    # and the subtitles: the sentence is one short cue, not spread over the break
    from diglot.exporters.subtitles.cues import build_cues

    cue = next(c for c in build_cues(timed) if "break" in " ".join(c.source_lines))
    assert cue.duration_ms < 7000
