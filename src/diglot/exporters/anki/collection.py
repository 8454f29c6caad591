"""The Anki collection inside an ``.apkg``: the note types, the deck, its notes and cards, in SQLite.

Written statement for statement as genanki 0.13's ``Package.write_to_db``
writes it (the same tables, the same ``col`` row and JSON, the same inserts in
the same order, hence the same database bytes), without importing genanki:
its import pulls in asyncio (through ``cached_property``), PyYAML and chevron,
about 0.1 s of every ``.apkg`` export, and its per-note objects re-checked
what :mod:`.notes` already guarantees. ``tests/exporters/anki/test_collection.py``
compares the bytes with genanki's on real decks.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3

from .collection_sql import COL, SCHEMA
from .notes import Deck, Note
from .templates import NoteType

_LATEX_PRE = (
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
    "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n"
    "\\begin{document}\n"
)
_LATEX_POST = "\\end{document}"
_CLOZE_REF = re.compile(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}")
_CLOZE_REF_OLD = re.compile("<%cloze:(.+?)%>")
_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _deck_json(deck_id: int, name: str) -> dict:
    """genanki's ``Deck.to_json`` (its fixed counters and times included)."""
    return {
        "collapsed": False, "conf": 1, "desc": "", "dyn": 0, "extendNew": 0, "extendRev": 50, "id": deck_id,
        "lrnToday": [163, 2], "mod": 1425278051, "name": name, "newToday": [163, 2], "revToday": [163, 0],
        "timeToday": [163, 23598], "usn": -1,
    }  # fmt: skip


def _model_json(note_type: NoteType, timestamp: int, deck_id: int) -> dict:
    """genanki's ``Model.to_json`` of the model :mod:`.apkg` made for *note_type*."""
    templates = [
        {"name": t.name, "qfmt": t.front, "afmt": t.back, "ord": i, "bafmt": "", "bqfmt": "", "bfont": "", "bsize": 0, "did": None}
        for i, t in enumerate(note_type.templates)
    ]
    fields = [
        {"name": f, "font": "Arial", "size": 20, "ord": i, "media": [], "rtl": False, "sticky": False}
        for i, f in enumerate(note_type.fields)
    ]
    return {
        "css": note_type.css,
        "did": deck_id,
        "flds": fields,
        "id": str(note_type.id),
        "latexPost": _LATEX_POST,
        "latexPre": _LATEX_PRE,
        "latexsvg": False,
        "mod": timestamp,
        "name": note_type.name,
        "req": [[i, how, list(positions)] for i, how, positions in note_type.req],
        "sortf": 0,
        "tags": [],
        "tmpls": templates,
        "type": 1 if note_type.cloze else 0,
        "usn": -1,
        "vers": [],
    }


def _cloze_ords(note: Note) -> set[int]:
    """genanki's cards of a cloze note: one per cloze number of the fields its front template names."""
    qfmt = note.notetype.templates[0].front
    names = set(_CLOZE_REF.findall(qfmt) + _CLOZE_REF_OLD.findall(qfmt))
    ords: set[int] = set()
    for name in names:
        value = note.fields[note.notetype.positions[name]] if name in note.notetype.positions else ""
        ords.update(int(m) - 1 for m in _CLOZE_NUMBER.findall(value) if int(m) > 0)
    return ords  # genanki iterates this set: the same set, built the same way, gives the same order


def card_ords(note: Note) -> list[int]:
    """The template ordinals of the cards genanki (and Anki) make for *note*."""
    if note.notetype.cloze:
        return list(_cloze_ords(note))
    fields = note.fields
    return [
        i for i, how, positions in note.notetype.req
        if (all if how == "all" else any)(fields[p] for p in positions)
    ]  # fmt: skip


def write_collection(conn: sqlite3.Connection, deck: Deck, deck_id: int, timestamp: int) -> None:
    """Fill the empty database *conn* with *deck*; note and card ids count up from ``timestamp * 1000``."""
    ids = itertools.count(timestamp * 1000)
    cursor = conn.cursor()
    cursor.executescript(SCHEMA)
    cursor.executescript(COL)
    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    decks = json.loads(decks_json)
    decks.update({str(deck_id): _deck_json(deck_id, deck.name)})
    cursor.execute("UPDATE col SET decks = ?", (json.dumps(decks),))
    (models_json,) = cursor.execute("SELECT models from col").fetchone()
    models = json.loads(models_json)
    models.update({t.id: _model_json(t, timestamp, deck_id) for t in deck.note_types()})
    cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
    execute = cursor.execute
    for note in deck.notes:
        note_id = next(ids)
        fields = note.fields
        execute(
            "INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);",
            (note_id, note.guid, note.notetype.id, timestamp, -1, " " + " ".join(note.tags) + " ",
             "\x1f".join(fields), fields[0], 0, 0, ""),
        )  # fmt: skip
        for ord_ in card_ords(note):
            execute(
                "INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);",
                (next(ids), note_id, deck_id, ord_, timestamp, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ""),
            )
