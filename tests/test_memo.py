"""The per-document memo: cues once for the subtitle formats, the deck once for CSV and .apkg (one pipeline run)."""

from __future__ import annotations

from diglot import exporters, memo
from diglot.exporters.anki import notes as flashcards
from diglot.exporters.subtitles import writing
from diglot.pipeline import Preparation


def instance(name: str, **settings: str):
    cls = exporters.get(name)
    return cls(exporters.build_options(cls, settings))


def render_all(doc, instances, out):
    """What the batch does for one document: prepare once, render with each exporter."""
    prep = Preparation(doc, instances)
    return [e.write(prep.for_exporter(e), out / f"{n}{e.extension}") for n, e in enumerate(instances)]


def test_cues_built_once_for_the_subtitle_formats(tmp_path, paired_doc, monkeypatch):
    calls = []
    real = writing.build_cues
    monkeypatch.setattr(writing, "build_cues", lambda *a, **k: calls.append(1) or real(*a, **k))
    memo.clear()
    render_all(paired_doc, [instance("srt"), instance("vtt"), instance("srt", order="source-first")], tmp_path)
    assert len(calls) == 1  # the order only changes rendering
    render_all(paired_doc, [instance("vtt", max_lines="1")], tmp_path)  # other cues
    assert len(calls) == 2
    render_all(paired_doc, [instance("ass"), instance("ass", order="source-first")], tmp_path)  # centisecond limits: its own cues, once
    assert len(calls) == 3

    memo.clear()
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    render_all(paired_doc, [instance("srt")], fresh)
    assert (fresh / "0.srt").read_bytes() == (tmp_path / "0.srt").read_bytes()


def test_deck_built_once_for_csv_and_apkg(tmp_path, frontmatter_doc, monkeypatch):
    calls = []
    real = flashcards._build_deck
    monkeypatch.setattr(flashcards, "_build_deck", lambda *a: calls.append(1) or real(*a))
    memo.clear()
    render_all(frontmatter_doc, [instance("anki"), instance("apkg")], tmp_path)
    assert len(calls) == 1
    render_all(frontmatter_doc, [instance("anki", cloze="true")], tmp_path)
    assert len(calls) == 2


def test_memo_is_bounded_and_keyed_by_identity():
    memo.clear()
    docs = [object() for _ in range(20)]
    for n, d in enumerate(docs):
        assert memo.per_document(d, "k", lambda n=n: n) == n
    assert memo.per_document(docs[-1], "k", lambda: "rebuilt") == 19
    assert memo.per_document(docs[0], "k", lambda: "rebuilt") == "rebuilt"  # evicted long ago
    assert len(memo._entries) <= memo._LIMIT
