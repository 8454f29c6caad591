"""The cue builder's faster paths give what the plain code they replaced gives."""

from __future__ import annotations

import random
from dataclasses import fields, replace

from diglot.exporters.subtitles.style import Cue


def test_retimed_is_replace_with_new_times():
    """``Cue.retimed`` copies every other field as ``dataclasses.replace`` does (each field set to a value of its own)."""
    values = {
        "source_lines": ("one", "two"), "target_lines": ("一",), "speaker": "Host", "segment": "s3", "pair_index": 4,
        "confidence": 0.25, "section": "intro", "speaker_change": True, "source_mark": "- ", "target_mark": "-",
        "timing": "reference", "second_segment": "s4", "second_pair_index": 1, "split_mismatch": True, "position": 8,
    }
    assert set(values) | {"start_ms", "end_ms"} == {f.name for f in fields(Cue)}  # a new field must be added here
    cue = Cue(100, 900, **values)
    moved = cue.retimed(120, 960)
    assert moved == replace(cue, start_ms=120, end_ms=960)
    assert (moved.start_ms, moved.end_ms) == (120, 960) and cue.end_ms == 900


def _sentence_pairs() -> list[tuple[str, str]]:
    """The English and Chinese of every sentence pair of both seeds, and whole turns (long sentences)."""
    import diglot

    from ...conftest import FRONTMATTER_SEED, PAIRED_SEED

    out: list[tuple[str, str]] = []
    for path in (PAIRED_SEED, FRONTMATTER_SEED):
        doc = diglot.prepare(diglot.load(path), {"pairs"})
        for seg in doc.segments:
            out.extend((pair.source, pair.target) for pair in seg.pairs if pair.source and pair.target)
            if seg.source and seg.target:
                out.append((seg.source, seg.target))
    return out


def test_chinese_candidates_best_is_the_cheapest_candidate_by_plain_cost():
    """``ChineseCandidates.best`` (candidates visited outwards with a bound, the score inlined, the halves of
    the links shared by English splits) picks exactly the candidate that scoring every one with
    :meth:`SplitScorer.cost` (slices and strips) picks: the same index (the first of equal totals), the
    same total, the crossed weight of :meth:`Correspondence.crossing` (a plain sum); on each
    of up to eight English breaks of each span of real sentence pairs and turns (whole, and two random
    spans), on random windows and bounds."""
    import math
    import random

    from diglot.exporters.subtitles.split import _matcher, side_of
    from diglot.lang.correspond import correspondence

    rng = random.Random(17)
    pairs = _sentence_pairs()
    # mismatched pairs too: other links, other punctuation at the breaks
    pairs += [(rng.choice(pairs)[0], rng.choice(pairs)[1]) for _ in range(150)]
    checked = bounded = windowed = 0
    for en, zh in pairs:
        src, tgt = side_of(en, "en", 42, ""), side_of(zh, "zh", 16, "")
        assert src is not None and tgt is not None
        e_offs = [0, *(p for p, _ in src.breaks), len(src.text)]
        z_offs = [0, *(q for q, _ in tgt.breaks), len(tgt.text)]
        spans = [((0, len(src.text)), (0, len(tgt.text)))]
        for _ in range(2):
            ea = rng.choice(e_offs[:-1])
            za = rng.choice(z_offs[:-1])
            spans.append(((ea, rng.choice([e for e in e_offs if e > ea])), (za, rng.choice([z for z in z_offs if z > za]))))
        corr = correspondence(src.text, tgt.text)
        for espan, zspan in spans:
            scorer = corr.scorer(espan, zspan)
            sa, sb = zspan
            cands = [(sa, 4.0), *tgt.inner(sa, sb), (sb, 4.0)]
            widths = [tgt.w(sa, q) for q, _ in cands]
            matcher = _matcher(scorer, tgt, zspan, cands, widths)
            assert matcher is not None
            n = len(cands)
            inner = [p for p, _ in src.inner(*espan)]
            for p in rng.sample(inner, min(8, len(inner))):
                lo, hi = (0, n) if rng.random() < 0.7 else sorted(rng.sample(range(n + 1), 2))
                if lo == hi:
                    continue
                totals = [matcher.bases[i] + scorer.cost(p, matcher.qs[i]) for i in range(lo, hi)]
                cheapest = min(totals)
                below = math.inf if rng.random() < 0.6 else cheapest + rng.choice([-0.5, 0.0, 1e-12, 0.3, 2.0])
                i, total, crossed = matcher.best(p, lo, hi, below)
                if cheapest < below:
                    want = lo + totals.index(cheapest)
                    assert (i, total) == (want, cheapest), (en, zh, espan, zspan, p)
                    assert math.isclose(crossed, corr.crossing(p, matcher.qs[i], espan, zspan), abs_tol=1e-9)
                else:
                    assert i == -1
                checked += 1
                bounded += below < math.inf
                windowed += (lo, hi) != (0, n)
    assert checked > 5000 and bounded > 1500 and windowed > 1000, (checked, bounded, windowed)


def test_ass_events_are_written_as_pysubs2_writes_them():
    """The ASS file's events, written by diglot, are byte for byte what pysubs2 writes for the same events:
    the seed's cues and cues made to reach every field (speakers with commas, braces and backslashes in the
    text, a place on screen, one-language and empty cues, times past an hour)."""
    import pysubs2

    import diglot
    from diglot.exporters.subtitles.ass import AssExporter, AssOptions, _dialogues, _events, ass_cues

    from ...conftest import PAIRED_SEED

    odd = [
        Cue(0, 840, ("a, b {c} \\N d",), ("一，二 {三}",), speaker="Host, Jr.", position=8),
        Cue(3_600_000, 3_601_230, (), ("只有中文",), speaker=None),
        Cue(35_999_990 - 990, 35_999_990, ("only English",), (), speaker="  two  words  "),
        Cue(5000, 6000, (), ()),
    ]
    for order, first in (("target-first", "target"), ("source-first", "source")):
        exporter = AssExporter(AssOptions(order=order))
        doc = diglot.prepare(diglot.load(PAIRED_SEED), set(exporter.needs), timing=exporter.timing())
        text, _ = exporter.render(doc)
        cues = ass_cues(doc, exporter.options)[0]
        assert len(cues) > 300 and text.endswith(_dialogues(cues, order, first))
        for batch in (cues, odd):
            subs = pysubs2.SSAFile()
            subs.events = [pysubs2.SSAEvent(start=s, end=e, style=st, name=n, text=t) for s, e, st, n, t in _events(batch, order, first)]
            want = subs.to_string("ass").split("\n[Events]\n", 1)[1].split("\n", 1)[1]  # after the format line
            assert _dialogues(batch, order, first) == want
    # every time pysubs2 can write, and times it clamps
    from pysubs2.formats.substation import SubstationFormat

    from diglot.exporters.subtitles.ass import _stamp

    for ms in [*range(-20, 2000), *range(35_990_000, 36_000_100), *random.Random(2).sample(range(36_000_000), 20_000)]:
        assert _stamp(ms) == SubstationFormat.ms_to_timestamp(min(ms, 35_999_990)), ms


def test_inner_breaks_are_the_breaks_leaving_text_on_both_sides():
    """``_Side.inner`` (which trims at most the first and the last break) keeps exactly the breaks of the span,
    past the speaker mark, whose two sides are not blank: the filter it replaced, on spans of seed sentences."""
    from .test_split_fits import seed_spans

    checked = trimmed = 0
    for side, a, b in seed_spans(23, step=1, per_side=6, reach=3):
        t = side.text

        def blank(x: int, y: int) -> bool:
            return y - x <= 0 or (y - x == 1 and t[x] == " ")

        want = [(p, c) for p, c in side.breaks if max(a, side.min_offset) < p < b and not blank(a, p) and not blank(p, b)]
        assert side.inner(a, b) == want, (t, a, b)
        checked += 1
        trimmed += len(want) < sum(max(a, side.min_offset) < p < b for p, _ in side.breaks)
    assert checked > 2000 and trimmed > 100


def test_chinese_marks_read_within_the_span_as_the_plain_scan():
    """What a Chinese split reads around it (the last character before it, where the text after it starts once
    quotes and commas are skipped, whether a connective opens it), looked up in the tables made once per
    sentence (``Correspondence.zh_marks``) and bounded by the span, is what scanning the span's text finds:
    through ``SplitScorer.costs`` against :meth:`SplitScorer.cost` (slices and strips) and through
    ``ChineseCandidates`` against a plain scan, on every break of random spans of seed pairs and of texts made
    of connectives, quotes, commas and spaces at the span's ends."""
    from diglot.exporters.subtitles.split import side_of
    from diglot.lang.correspond import (
        _PUNCT_ZH,
        _ZH_OPENERS,
        _ZH_SKIP,
        B_CONNECTIVE,
        B_PUNCT_SAME,
        Correspondence,
        correspondence,
    )

    rng = random.Random(41)
    pairs = _sentence_pairs()
    odd = ["但是", "因为", "而", "“", "‘", "「", "，", "、", " ", "：", "；", "我们", "所以", "如果", "。", "然而"]
    made = [("But because so if then and.", "".join(rng.choice(odd) for _ in range(rng.randint(1, 20)))) for _ in range(400)]
    checked = opening = 0
    for en, zh in pairs + made:
        src, tgt = side_of(en, "en", 42, ""), side_of(zh, "zh", 16, "")
        if src is None or tgt is None:
            continue
        corr = correspondence(src.text, tgt.text)
        n, ne = len(tgt.text), len(src.text)
        for _ in range(4):
            za = rng.randrange(n + 1)
            zb = rng.randrange(za, n + 1)
            ea = rng.randrange(ne)
            eb = rng.randrange(ea + 1, ne + 1)
            scorer = corr.scorer((ea, eb), (za, zb))
            qs = list(range(za, zb + 1))
            lasts, starts, leasts = scorer._zh_all(qs)
            t = tgt.text
            for q, last, start, least in zip(qs, lasts, starts, leasts):
                i = q
                while i < zb and t[i] in _ZH_SKIP:
                    i += 1
                body = t[za:q].rstrip()
                opens = t[i:zb].startswith(_ZH_OPENERS)
                want_last = body[-1] if body else ""
                assert (last, start) == (want_last, i), (t, za, zb, q)
                assert least == (-B_PUNCT_SAME if want_last in _PUNCT_ZH and want_last else 0.0) - (B_CONNECTIVE if opens else 0.0)
                opening += opens
                checked += 1
            fresh = Correspondence(corr.en, corr.zh, corr.links).scorer((ea, eb), (za, zb))  # no tables made yet
            ps = [rng.randrange(ea, eb + 1) for _ in range(3)]
            got = fresh.costs([(p, q) for p in ps for q in qs])
            assert [c for c, _ in got] == [fresh.cost(p, q) for p in ps for q in qs]
    assert checked > 20000 and opening > 1000, (checked, opening)


def test_fix_timing_with_times_is_fixing_retimed_copies():
    """``fix_timing(cues, style, times)`` (ASS's rounded times, no copies made) gives what fixing the cues
    retimed to *times* gives: on the cues of a seed with their times rounded to centiseconds, and on random
    runs of pinned and unpinned cues (overlaps, equal starts, cuts squeezed before a pinned cue)."""
    import diglot
    from diglot.exporters.subtitles.ass import AssExporter, centiseconds
    from diglot.exporters.subtitles.style import SubtitleStyle
    from diglot.exporters.subtitles.timing import fix_timing
    from diglot.exporters.subtitles.writing import make_cues

    from ...conftest import PAIRED_SEED

    exporter = AssExporter()
    doc = diglot.prepare(diglot.load(PAIRED_SEED), set(exporter.needs), timing=exporter.timing())
    cs = centiseconds(exporter.options)
    seed_cues = make_cues(doc, cs)[0]
    cases = [(seed_cues, [(round(c.start_ms, -1), round(c.end_ms, -1)) for c in seed_cues], cs.style())]
    rng = random.Random(43)
    for _ in range(400):
        n = rng.randint(0, 12)
        cues = []
        for k in range(n):
            start = rng.randrange(0, 20_000)
            kind = rng.choice(["reference", "estimated", None])
            cues.append(Cue(start, start + rng.randrange(1, 9000), (f"line {k}",), (), timing=kind, confidence=rng.choice([None, 0.0, 0.8])))
        times = [(s, s + rng.randrange(0, 3000)) for s in (rng.choice([c.start_ms, rng.randrange(0, 20_000)]) for c in cues)]
        cases.append((cues, times, SubtitleStyle(min_gap_ms=rng.choice([0, 83, 90]), close_gap_ms=rng.choice([0, 500]))))
    squeezed = 0
    for cues, times, style in cases:
        want = fix_timing([c.retimed(*t) for c, t in zip(cues, times)], style)
        assert fix_timing(cues, style, times) == want
        squeezed += any(c.pinned for c in cues) and any(not c.pinned for c in cues)
    assert len(seed_cues) > 300 and squeezed > 100
