"""Cue building on the seeds: limits obeyed, no text lost, untranslated segments, speaker marks, word times."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest

import diglot
from diglot.model import TIMING_REFERENCE, Document, Segment, SentencePair, Timing
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.cues import SubtitleStyle, build_cues, fix_timing, Cue
from diglot.exporters.subtitles.writing import timing_notes
from diglot.timing.params import TimingParams

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED

SEEDS = {"paired": PAIRED_SEED, "frontmatter": FRONTMATTER_SEED}


def squash(text: str | None) -> str:
    """Text with whitespace and zero-width spaces removed: what "no text lost" compares."""
    return re.sub(r"[\s\u200b]+", "", text or "")


@cache
def seed_cues(name: str, layout: str = "bilingual", speaker: str = "none"):
    doc = diglot.prepare(diglot.load(SEEDS[name]), {"pairs", "times"})
    return doc, build_cues(doc, layout=layout, speaker_mark=speaker)


def strip_mark(lines: tuple[str, ...], mark: str) -> str:
    text = "".join(lines)
    return text[len(mark):] if mark and text.startswith(mark) else text


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_seed_cues_have_no_hard_limit_violations(name):
    doc, cues = seed_cues(name)
    report = qc.check(qc.from_cues(cues))
    print(f"\n{name}: {report.summary()}")
    assert report.cues == len(cues) > 100
    for rule in qc.HARD_RULES:
        assert report.count(rule) == 0, [i for i in report.issues if i.rule == rule][:5]


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
@pytest.mark.parametrize("speaker", ["none", "dash", "name"])
def test_no_text_lost_per_segment(name, speaker):
    doc, cues = seed_cues(name, "bilingual", speaker)
    by_seg: dict[str, list[tuple[str, str]]] = {}
    for cue in cues:
        if cue.second_segment:  # two speakers: line 1 of each language is the first turn's, line 2 the second's
            assert speaker == "dash" and all(line.startswith("- ") for line in cue.source_lines)
            assert all(line.startswith("-") and not line.startswith("- ") for line in cue.target_lines)
            for n, seg_id in enumerate((cue.segment, cue.second_segment)):
                src = cue.source_lines[n][2:] if cue.source_lines else ""
                by_seg.setdefault(seg_id, []).append((src, cue.target_lines[n][1:] if cue.target_lines else ""))
            continue
        assert not cue.source_mark.startswith("-") and not cue.target_mark.startswith("-")  # one speaker: no dash
        by_seg.setdefault(cue.segment, []).append((strip_mark(cue.source_lines, cue.source_mark), strip_mark(cue.target_lines, cue.target_mark)))
    for seg in doc.segments:
        mine = by_seg.get(seg.id, [])
        assert squash("".join(s for s, _ in mine)) == squash(seg.source), seg.id
        assert squash("".join(t for _, t in mine)) == squash(seg.target), seg.id


def test_untranslated_segments_give_source_only_cues():
    doc, cues = seed_cues("paired")
    untranslated = {s.id for s in doc.segments if s.target is None}
    assert len(untranslated) == 6
    mine = [c for c in cues if c.segment in untranslated]
    assert mine and all(c.source_lines and not c.target_lines for c in mine)
    # and every translated segment's cues carry Chinese somewhere
    others = [c for c in cues if c.segment not in untranslated]
    assert sum(1 for c in others if c.target_lines) > 0.9 * len(others)


@pytest.mark.parametrize("layout", ["source", "target"])
def test_one_language_layouts_fall_back_to_the_other_language(layout):
    doc, cues = seed_cues("paired", layout)
    assert all(bool(c.source_lines) != bool(c.target_lines) for c in cues)
    shown = "".join("".join(c.target_lines or c.source_lines) for c in cues)
    expected = "".join(
        (s.source if layout == "source" else (s.target or s.source)) or s.target or "" for s in doc.segments
    )
    assert squash(shown) == squash(expected)


def test_speaker_marks_on_turn_changes_only():
    doc, cues = seed_cues("frontmatter", "bilingual", "name")
    turns = [c for c in cues if c.speaker_change]
    assert turns and all(c.source_lines[0].startswith(f"{c.speaker}: ") for c in turns if c.source_mark)
    assert all(c.target_lines[0].startswith(f"{c.speaker}：") for c in turns if c.target_mark)
    assert not any(c.source_mark for c in cues if not c.speaker_change)
    _, dashed = seed_cues("frontmatter", "bilingual", "dash")
    first = dashed[0]  # one speaker: no dash (Netflix: a dash only marks two speakers in one cue)
    assert not first.source_lines[0].startswith("-") and not first.target_lines[0].startswith("-")
    two = [c for c in dashed if c.second_segment]
    assert len(two) >= 5
    for c in two:  # one speaker per line, English "- ", Chinese "-" without a space
        assert len(c.source_lines) == len(c.target_lines) == 2 and c.speaker is None
        assert all(l.startswith("- ") for l in c.source_lines) and all(l.startswith("-") and l[1] != " " for l in c.target_lines)
    assert not any(l.startswith("-") for c in dashed if not c.second_segment for l in c.source_lines + c.target_lines)
    # a document with one speaker (or none) gets no marks at all
    _, plain = seed_cues("paired", "bilingual", "dash")
    assert not any(c.source_mark or c.target_mark for c in plain)


def test_chinese_lines_obey_punctuation_rules_and_english_breaks_keep_articles():
    from diglot.lang.linebreak import ZH_NO_END, ZH_NO_START

    _, cues = seed_cues("frontmatter")
    for c in cues:
        for line in c.target_lines:
            assert line[0] not in ZH_NO_START, line
            assert line[-1] not in ZH_NO_END, line
        for line in c.source_lines[:-1]:
            assert line.split()[-1].lower() not in ("a", "an", "the"), c.source_lines


def test_split_pieces_follow_english_proportionally():
    """The Chinese half of a split is near the English proportion (within a line's width)."""
    _, cues = seed_cues("frontmatter")
    from diglot.lang.linebreak import cjk_width, latin_width

    groups: dict[tuple[str, int], list[Cue]] = {}
    for c in cues:
        groups.setdefault((c.segment, c.pair_index), []).append(c)
    checked = 0
    for pieces in groups.values():
        if len(pieces) < 2 or not all(p.source_lines and p.target_lines for p in pieces):
            continue
        en_total = sum(latin_width(" ".join(p.source_lines)) for p in pieces)
        zh_total = sum(cjk_width("".join(p.target_lines)) for p in pieces)
        en_acc = zh_acc = 0.0
        for p in pieces[:-1]:
            en_acc += latin_width(" ".join(p.source_lines))
            zh_acc += cjk_width("".join(p.target_lines))
            assert abs(en_acc / en_total - zh_acc / zh_total) < 0.45
        checked += 1
    assert checked > 20


def test_times_are_ordered_and_inside_integer_ms():
    for name in SEEDS:
        _, cues = seed_cues(name)
        for a, b in zip(cues, cues[1:]):
            assert isinstance(a.start_ms, int) and isinstance(a.end_ms, int)
            assert a.start_ms < a.end_ms <= b.start_ms - 83


def _pair_doc(source: str, target: str, start: int, end: int, **pair_kw) -> Document:
    pair = SentencePair(source=source, target=target, start_ms=start, end_ms=end, **pair_kw)
    seg = Segment(id="s1", source=source, target=target, pairs=(pair,), start_ms=start, end_ms=end)
    return Document(segments=(seg,), timing=Timing(source=TIMING_REFERENCE))


def test_word_starts_time_the_pieces_of_a_split_pair():
    source = (
        "Pre-training is the thing that gives you all of this data, and then you can "
        "just train on everything, which was the big insight of the scaling era."
    )
    target = "预训练给了你所有这些数据，然后你可以在所有东西上训练，这就是规模时代的重大洞见。"
    words = source.split()
    # uneven, known word times: the first half is spoken fast, the second slowly
    starts = tuple(1000 + i * 150 if i < 14 else 1000 + 14 * 150 + (i - 14) * 500 for i in range(len(words)))
    doc = _pair_doc(source, target, 1000, starts[-1] + 400, word_starts=starts, confidence=0.9)
    cues = build_cues(doc, speaker_mark="none")
    assert len(cues) >= 2
    for cue in cues[1:]:
        first_word = cue.source_lines[0].split()[0]
        index = len(" ".join(c for prev in cues if prev.start_ms < cue.start_ms for c in prev.source_lines).split())
        assert words[index] == first_word
        assert cue.start_ms == starts[index]
    assert all(c.confidence == 0.9 for c in cues)
    assert squash("".join(l for c in cues for l in c.source_lines)) == squash(source)


def test_fix_timing_closes_short_gaps_extends_short_cues_and_splits_nothing():
    style = SubtitleStyle()
    cues = [
        Cue(0, 400, ("Sure.",)),  # too short, room after it
        Cue(700, 3000, ("Next one",)),  # gap 300 -> closed
        Cue(2950, 5000, ("overlapping",)),  # overlaps the previous one
        Cue(9000, 20000, ("far too long",)),
    ]
    fixed = fix_timing(cues, style)
    report = qc.check(qc.from_cues(fixed), style)
    assert report.hard_violations == 0, report.issues
    assert fixed[0].end_ms - fixed[0].start_ms >= 833
    assert fixed[1].start_ms - fixed[0].end_ms >= 83
    assert fixed[3].end_ms - fixed[3].start_ms == 7000


def _ref(start, end, text, confidence=0.9, timing=TIMING_REFERENCE):
    return Cue(start, end, (text,), confidence=confidence, timing=timing)


def test_cues_of_a_cut_are_squeezed_before_the_next_reference_cue_not_pushing_it():
    style = SubtitleStyle()
    cues = [
        _ref(0, 2000, "Before the cut."),
        *(_ref(2100 + 20 * k, 2110 + 20 * k, f"Cut sentence {k}.", 0.0, "estimated") for k in range(5)),
        _ref(2600, 4000, "After the cut."),
        _ref(4100, 6000, "And on."),
    ]
    fixed = fix_timing(cues, style)
    assert [c.source_lines for c in fixed] == [c.source_lines for c in cues]  # nothing lost or reordered
    assert (fixed[-2].start_ms, fixed[-1].start_ms) == (2600, 4100)  # pinned starts kept
    cut = fixed[1:6]
    assert fixed[0].end_ms + style.min_gap_ms <= cut[0].start_ms
    assert cut[-1].end_ms + style.min_gap_ms <= fixed[-2].start_ms
    for a, b in zip(cut, cut[1:]):
        assert a.start_ms < a.end_ms <= b.start_ms < b.end_ms
    # the squeezed cues are too short, and QC says so; the rest is clean
    report = qc.check(qc.from_cues(fixed), style)
    assert report.count("duration") == 5 and {i.cue for i in report.issues if i.rule in qc.HARD_RULES} <= {2, 3, 4, 5, 6}


def test_cut_cues_with_room_keep_the_minimum_duration_and_estimated_timing_is_pushed_as_before():
    style = SubtitleStyle()
    roomy = [_ref(0, 1000, "A."), _ref(1100, 1200, "b", 0.0, "estimated"), _ref(1150, 1250, "c", 0.0, "estimated"), _ref(5000, 6000, "D.")]
    fixed = fix_timing(roomy, style)
    assert fixed[-1].start_ms == 5000 and qc.check(qc.from_cues(fixed), style).hard_violations == 0
    # guessed times late in a gap with room for them all: moved only as much earlier as the rules need
    late = [_ref(0, 1000, "A."), *(_ref(4000 + k, 4001 + k, "x" * (k + 1), 0.0, "estimated") for k in range(4)), _ref(5000, 6000, "D.")]
    fixed = fix_timing(late, style)
    assert fixed[-1].start_ms == 5000 and qc.check(qc.from_cues(fixed), style).hard_violations == 0
    assert (fixed[4].start_ms, fixed[4].end_ms) == (4003, 4003 + style.min_duration_ms)  # its own start
    assert fixed[1].start_ms == 4003 - 3 * (style.min_duration_ms + style.min_gap_ms)
    # no reference times at all: nothing is pinned, short cues push the next one (the plain rules)
    estimated = [replace(c, timing="estimated") for c in cues_of_a_cut()]
    fixed = fix_timing(estimated, style)
    assert fixed[-1].start_ms > 2600 and all(c.duration_ms >= style.min_duration_ms for c in fixed)
    # a pinned cue after a short pinned cue is still pushed, by what the minimum duration requires
    fixed = fix_timing([_ref(0, 300, "Right."), _ref(500, 2000, "Then.")], style)
    assert fixed[1].start_ms == style.min_duration_ms + style.min_gap_ms
    # a cut before the first reference cue may start earlier, down to 0:00
    fixed = fix_timing([*(_ref(100 + k, 101 + k, "x", 0.0, "estimated") for k in range(3)), _ref(400, 2000, "First.")], style)
    assert fixed[-1].start_ms == 400 and fixed[0].start_ms == 0 and fixed[2].end_ms <= 400 - style.min_gap_ms


def cues_of_a_cut():
    return [_ref(0, 2000, "Before."), *(_ref(2100 + 20 * k, 2110 + 20 * k, "Cut.", 0.0, "estimated") for k in range(5)), _ref(2600, 4000, "After.")]


def test_style_limits_are_options():
    doc, _ = seed_cues("paired")
    narrow = SubtitleStyle(max_chars_source=30, max_chars_target=12, max_lines=1)
    cues = build_cues(doc, narrow, speaker_mark="none")
    report = qc.check(qc.from_cues(cues), narrow)
    assert report.count("line-length") == 0 and report.count("lines") == 0
    assert all(len(c.source_lines) <= 1 and len(c.target_lines) <= 1 for c in cues)
    with pytest.raises(diglot.OptionError):
        SubtitleStyle(min_duration_ms=8000)


def test_untimed_pairs_are_refused_with_a_one_line_error():
    doc = _pair_doc("Hello there.", "你好。", 0, 1000)
    seg = replace(doc.segments[0], pairs=(SentencePair("Hello there.", "你好。"),))
    with pytest.raises(diglot.OptionError, match="untimed"):
        build_cues(replace(doc, segments=(seg,)))


def test_retimed_document_pieces_start_at_reference_word_times():
    """With a real reference (retiming), split pieces start at the reference's word times."""
    from pathlib import Path

    from diglot.timing.retime import retime_from_file

    fixtures = Path(__file__).resolve().parents[2] / "timing" / "fixtures"
    doc, _ = retime_from_file(diglot.align_document(diglot.load(fixtures / "talk.txt")), str(fixtures / "whisperx.json"))
    assert doc.timing.source == TIMING_REFERENCE
    cues = build_cues(doc, speaker_mark="none")
    pairs = {(s.id, i): p for s in doc.segments for i, p in enumerate(s.pairs)}
    checked = 0
    for prev, cue in zip(cues, cues[1:]):
        pair = pairs[(cue.segment, cue.pair_index)]
        if (prev.segment, prev.pair_index) == (cue.segment, cue.pair_index) and pair.word_starts:
            assert cue.start_ms in pair.word_starts
            checked += 1
    assert checked >= 2
    assert qc.check(qc.from_cues(cues)).hard_violations == 0


def test_reference_timing_is_kept_and_only_shifted():
    doc = _pair_doc("Hello there, this is a short sentence.", "你好，这是一个短句。", 5000, 8000)
    timed = diglot.prepare(doc, {"times"}, timing=TimingParams(duration_ms=60_000, offset_ms=1500))
    notes = timing_notes(timed, 60_000)
    assert notes == ["duration ignored: the document has reference timing"]
    pair = timed.segments[0].pairs[0]
    assert (pair.start_ms, pair.end_ms) == (6500, 9500)
    cues = build_cues(timed)
    assert (cues[0].start_ms, cues[-1].end_ms) == (6500, 9500)
    with pytest.raises(diglot.OptionError, match="before 0:00"):
        diglot.prepare(doc, {"times"}, timing=TimingParams(offset_ms=-6000))


def test_one_enormous_sentence_is_split_quickly_and_completely():
    """A transcript without punctuation is one huge sentence pair: it must still split into valid cues."""
    en = " ".join(["the model learns from data and it grows"] * 200)
    zh = "模型从数据中学习并且不断成长" * 200
    doc = Document(segments=(Segment("a", en, zh, pairs=(SentencePair(en, zh),)),))
    timed = diglot.prepare(doc, {"times"})
    cues = build_cues(timed)
    assert len(cues) > 100
    assert squash("".join(l for c in cues for l in c.source_lines)) == squash(en)
    assert squash("".join(l for c in cues for l in c.target_lines)) == squash(zh)
    assert qc.check(qc.from_cues(cues)).hard_violations == 0


def test_names_and_numbers_land_in_the_same_cue_in_both_languages():
    doc, cues = seed_cues("paired")
    for name in ("Oriel Vinyals", "Kwok Lee"):
        holders = [c for c in cues if name in " ".join(c.source_lines)]
        assert holders and all(name in "".join(c.target_lines).replace("\n", " ") or name in " ".join(c.target_lines) for c in holders), name


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_split_pairs_keep_shared_names_and_numbers_together(name):
    """In a pair split over several cues, a name or number written the same in both
    languages ("Oriel Vinyals", "GPT-2", "2014") should be in the same cue on both sides."""
    anchor = re.compile(r"[A-Za-z][A-Za-z0-9.+\-]*[A-Za-z0-9]|\d[\d,.]*\d|\d")
    doc, cues = seed_cues(name)
    groups: dict[tuple[str, int], list[Cue]] = {}
    for c in cues:
        groups.setdefault((c.segment, c.pair_index), []).append(c)
    total = together = 0
    for seg in doc.segments:
        for i, pair in enumerate(seg.pairs):
            pieces = groups.get((seg.id, i), [])
            if len(pieces) < 2 or not (pair.source and pair.target):
                continue
            en = [m.group().lower() for m in anchor.finditer(pair.source)]
            zh = [m.group().lower() for m in anchor.finditer(pair.target)]
            for tok in set(en) & set(zh):
                if en.count(tok) == 1 and zh.count(tok) == 1:
                    total += 1
                    together += any(
                        tok in " ".join(c.source_lines).lower() and tok in " ".join(c.target_lines).lower() for c in pieces
                    )
    print(f"\n{name}: {together}/{total} shared names and numbers in the same cue")
    assert total > 30 and together / total >= 0.95
