"""The library API a user imports: load, align, retime, export."""

from __future__ import annotations

from pathlib import Path

import diglot

FIXTURES = Path(__file__).parent / "timing" / "fixtures"


def test_align_document_fills_pairs(paired_doc):
    aligned = diglot.align_document(paired_doc)
    assert aligned.has_pairs and not paired_doc.has_pairs
    for seg in aligned.segments:
        assert seg.pairs
        if seg.target is None:
            assert all(p.target is None for p in seg.pairs)


def test_retime_then_export(tmp_path):
    doc = diglot.load(FIXTURES / "talk.txt")
    timed = diglot.retime(doc, FIXTURES / "captions.json3")
    assert timed.timing is not None and timed.timing.source == "reference"
    assert timed.timing.reference and "captions.json3" in timed.timing.reference
    starts = [p.start_ms for s in timed.segments for p in s.pairs]
    assert all(isinstance(t, int) for t in starts) and starts == sorted(starts)
    files = diglot.export(timed, "srt", tmp_path / "talk.srt")
    import pysrt

    subs = pysrt.open(str(files[0]), encoding="utf-8")
    assert len(subs) >= len(starts)
