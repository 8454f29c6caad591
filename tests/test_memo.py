"""The per-document memo: cues once for SRT and WebVTT, the deck once for CSV and .apkg."""

from __future__ import annotations

import diglot
from diglot import memo
from diglot.exporters.anki import notes as flashcards
from diglot.exporters.subtitles import writing


def test_cues_built_once_for_srt_and_vtt(tmp_path, paired_doc, monkeypatch):
    calls = []
    real = writing.build_cues
    monkeypatch.setattr(writing, "build_cues", lambda *a, **k: calls.append(1) or real(*a, **k))
    memo.clear()
    doc = diglot.align_document(paired_doc)
    diglot.export(doc, "srt", tmp_path / "a.srt")
    diglot.export(doc, "vtt", tmp_path / "a.vtt")
    assert len(calls) == 1
    diglot.export(doc, "srt", tmp_path / "b.srt", order="source-first")  # the order only changes rendering
    assert len(calls) == 1
    diglot.export(doc, "vtt", tmp_path / "c.vtt", max_lines=1)  # other cues
    assert len(calls) == 2
    memo.clear()
    fresh = tmp_path / "fresh.srt"
    diglot.export(doc, "srt", fresh)
    assert fresh.read_bytes() == (tmp_path / "a.srt").read_bytes()


def test_deck_built_once_for_csv_and_apkg(tmp_path, frontmatter_doc, monkeypatch):
    calls = []
    real = flashcards._build_deck
    monkeypatch.setattr(flashcards, "_build_deck", lambda *a: calls.append(1) or real(*a))
    memo.clear()
    doc = diglot.align_document(frontmatter_doc)
    diglot.export(doc, "anki", tmp_path / "a.csv")
    diglot.export(doc, "apkg", tmp_path / "a.apkg")
    assert len(calls) == 1
    diglot.export(doc, "anki", tmp_path / "b.csv", cloze=True)
    assert len(calls) == 2


def test_memo_is_bounded_and_keyed_by_identity():
    memo.clear()
    docs = [object() for _ in range(20)]
    for n, d in enumerate(docs):
        assert memo.per_document(d, "k", lambda n=n: n) == n
    assert memo.per_document(docs[-1], "k", lambda: "rebuilt") == 19
    assert memo.per_document(docs[0], "k", lambda: "rebuilt") == "rebuilt"  # evicted long ago
    assert len(memo._entries) <= memo._LIMIT
