"""The .apkg's collection, written without genanki, is byte for byte the database genanki writes.

The reference below is what ``diglot.exporters.anki.apkg`` did before it wrote
the collection itself (genanki 0.13's ``Package.write_to_db`` with diglot's
models); every deck shape diglot makes goes through both.
"""

from __future__ import annotations

import itertools
import sqlite3
import warnings
from pathlib import Path

import pytest

from diglot.align.sentences import align_document
from diglot.exporters.anki import collection_sql
from diglot.exporters.anki.apkg import deck_id
from diglot.exporters.anki.collection import card_ords, write_collection
from diglot.exporters.anki.notes import CardOptions, Deck, Note, build_deck
from diglot.exporters.anki.templates import CLOZE, NOTE_TYPES, SENTENCE

from .test_apkg import hostile_doc

genanki = pytest.importorskip("genanki")


def _genanki_model(note_type):
    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": f, "font": "Arial", "size": 20} for f in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def genanki_database(deck: Deck, timestamp: int, path: Path) -> bytes:
    models = {t.name: _genanki_model(t) for t in deck.note_types()}
    gdeck = genanki.Deck(deck_id(deck.name), deck.name)
    for note in deck.notes:
        gdeck.add_note(genanki.Note(model=models[note.notetype.name], fields=list(note.fields), tags=list(note.tags), guid=note.guid))
    for model in models.values():
        gdeck.add_model(model)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        genanki.Package(gdeck).write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
    conn.commit()
    conn.close()
    return path.read_bytes()


def our_database(deck: Deck, timestamp: int, path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=MEMORY")
    conn.execute("PRAGMA synchronous=OFF")
    write_collection(conn, deck, deck_id(deck.name), timestamp)
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_schema_and_col_row_are_genankis():
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    assert collection_sql.SCHEMA == APKG_SCHEMA
    assert collection_sql.COL == APKG_COL


@pytest.mark.parametrize("note_type", NOTE_TYPES, ids=lambda t: t.name)
def test_req_is_what_genanki_computes(note_type):
    assert [list(r[:2]) + [list(r[2])] for r in note_type.req] == _genanki_model(note_type)._req


DECKS = {
    "frontmatter, everything": ("frontmatter", dict(cards=("sentences", "terms"), direction="both", cloze=True, english_words=8000)),
    "frontmatter, zh-en terms": ("frontmatter", dict(cards=("terms",), direction="zh-en")),
    "paired, en-zh": ("paired", dict()),
    "paired, cloze": ("paired", dict(cards=("sentences",), cloze=True, tags=("lesson::one",))),
}


@pytest.mark.parametrize("name", DECKS)
def test_same_database_as_genanki(name, paired_doc, frontmatter_doc, tmp_path):
    which, options = DECKS[name]
    doc = align_document(paired_doc if which == "paired" else frontmatter_doc)
    deck = build_deck(doc, CardOptions(**options))
    assert len(deck.notes) > 10
    if options.get("cloze"):
        assert any(n.notetype is CLOZE for n in deck.notes)
    ours = our_database(deck, 1_700_000_000, tmp_path / "ours.anki2")
    assert ours == genanki_database(deck, 1_700_000_000, tmp_path / "genanki.anki2")


def test_same_database_for_hostile_text_and_odd_cards(tmp_path):
    """Hostile field text, a cloze with several numbers (and c0, which makes no card), a note with no card."""
    deck = build_deck(align_document(hostile_doc()), CardOptions(direction="both", cloze=True))
    fields = ["{{c2::二}} {{c1::一}} {{c0::零}} {{c2::again}}", "en", *[""] * (len(CLOZE.fields) - 2)]
    odd = (
        Note(CLOZE, "dgCloze2", tuple(fields), ("diglot::cloze",)),
        Note(CLOZE, "dgCloze0", ("{{c0::none}}", "en", *fields[2:]), ()),
        Note(SENTENCE, "dgNoCard", ("English", "中文", *[""] * (len(SENTENCE.fields) - 2)), ()),
    )
    deck = Deck(deck.name, deck.notes + odd)
    assert [card_ords(n) for n in odd] == [[0, 1], [], []]
    assert our_database(deck, 1_234_567_890, tmp_path / "a") == genanki_database(deck, 1_234_567_890, tmp_path / "b")


def test_apkg_export_imports_neither_genanki_nor_asyncio(tmp_path):
    """genanki's import (asyncio through cached_property, PyYAML, chevron) was about 0.1 s of each .apkg export."""
    import subprocess
    import sys

    from tests.conftest import FRONTMATTER_SEED

    script = (
        "import sys, diglot\n"
        "from diglot.exporters.anki.apkg import ApkgExporter\n"
        "from diglot.pipeline import render\n"
        f"render(ApkgExporter(), diglot.load({str(FRONTMATTER_SEED)!r}), __import__('pathlib').Path({str(tmp_path / 'a.apkg')!r}))\n"
        "print(sorted(m for m in ('genanki', 'asyncio', 'yaml', 'chevron', 'cached_property') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
    assert (tmp_path / "a.apkg").stat().st_size > 10_000


def test_same_database_for_an_empty_deck(tmp_path):
    deck = Deck("nothing to learn", ())
    assert our_database(deck, 946_684_800, tmp_path / "a") == genanki_database(deck, 946_684_800, tmp_path / "b")
