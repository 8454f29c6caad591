"""The pipeline: load -> prepare (each transform once) -> render, the same for the API and the CLI."""

from __future__ import annotations

import json

from click.testing import CliRunner

import diglot
from diglot.cli import cli
from diglot.pipeline import Preparation, prepare
from diglot.timing.params import TimingParams

from .conftest import FRONTMATTER_SEED, PAIRED_SEED


def test_prepare_provides_pairs_and_times_once(paired_doc):
    aligned = prepare(paired_doc, {"pairs"})
    assert aligned.is_aligned and not paired_doc.is_aligned and aligned.timing is None
    timed = prepare(paired_doc, {"pairs", "times"})
    assert timed.timing is not None and timed.timing.source == "estimated"
    assert all(p.start_ms is not None for s in timed.segments for p in s.pairs)
    # preparing again is a no-op: alignment keeps pairs, estimates are recomputed identically
    assert prepare(timed, {"pairs", "times"}) == timed


def test_exporters_sharing_a_timing_request_share_the_timed_document(paired_doc):
    from diglot import exporters

    srt, vtt, js = (exporters.get(n)() for n in ("srt", "vtt", "json"))
    prep = Preparation(paired_doc, [srt, vtt, js])
    assert prep.for_exporter(srt) is prep.for_exporter(vtt)
    assert prep.for_exporter(js) is prep.document and prep.document.timing is None


def test_duration_and_offset_land_in_the_json_and_match_the_subtitles(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(PAIRED_SEED), "--to", "json,srt", "-O", "duration=00:20:00", "-O", "offset=3", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    doc = diglot.load(next(tmp_path.glob("*.json")))
    assert doc.timing is not None and doc.timing.source == "estimated"
    starts = [p.start_ms for s in doc.segments for p in s.pairs]
    ends = [p.end_ms for s in doc.segments for p in s.pairs]
    assert starts[0] == 3000 and max(ends) == 3000 + 20 * 60_000
    expected = diglot.prepare(diglot.load(PAIRED_SEED), {"times"}, timing=TimingParams(duration_ms=1_200_000, offset_ms=3000))
    assert [p.start_ms for s in expected.segments for p in s.pairs] == starts
    # without timing options the JSON has no times (byte-identical to before)
    plain = tmp_path / "plain"
    CliRunner().invoke(cli, ["export", str(PAIRED_SEED), "--to", "json", "-o", str(plain)])
    data = json.loads(next(plain.glob("*.json")).read_text(encoding="utf-8"))
    assert "timing" not in data or data["timing"] is None


def test_export_prints_each_reader_warning_once_per_document(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(FRONTMATTER_SEED), "--to", "json,srt,epub", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    doc = diglot.load(FRONTMATTER_SEED)
    assert doc.notices
    for notice in doc.notices:
        assert result.output.count(str(notice)) == 1
    quiet = CliRunner().invoke(cli, ["export", str(FRONTMATTER_SEED), "--to", "json", "-q", "-o", str(tmp_path)])
    assert quiet.output == ""


def test_an_exporter_whose_options_use_no_sentence_pairs_is_not_aligned_for_and_writes_the_same_bytes(
    paired_doc, tmp_path, monkeypatch
):
    """EPUB by paragraphs, a handout without its study section, JSON without pairs: alignment is not run."""
    from diglot import exporters
    from diglot.options import from_settings

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cases = [
        ("epub", {}, {"granularity": "sentence"}),
        ("docx", {}, {"study": "true"}),
        ("json", {"pairs": "false"}, {}),
    ]
    for name, without, with_pairs in cases:
        cls = exporters.get(name)
        lean = cls(from_settings(cls.Options, without, name))
        full = cls(from_settings(cls.Options, with_pairs, name))
        assert lean.needs == frozenset() and full.needs == frozenset({"pairs"}), name
        assert not Preparation(paired_doc, [lean]).document.is_aligned
        assert Preparation(paired_doc, [full]).document.is_aligned
        # the options that use no pairs render an aligned document to the same bytes
        plain = lean.write(Preparation(paired_doc, [lean]).document, tmp_path / f"plain{cls.extension}")
        aligned = lean.write(prepare(paired_doc, {"pairs"}), tmp_path / f"aligned{cls.extension}")
        assert plain.files[0].read_bytes() == aligned.files[0].read_bytes(), name
        assert plain.messages == aligned.messages, name
