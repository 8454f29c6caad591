"""Anki package exporter (.apkg, via genanki): the note types, the deck and its notes in one file.

Importing it creates the ``diglot sentence`` / ``diglot term`` / ``diglot
cloze`` note types (fixed ids, so later imports reuse them) and the notes,
with the same GUIDs and field HTML as the CSV exporter.

Anki updates an already imported note from a package only when the
package's note is newer ("Update notes: if newer", the default). Notes
therefore carry the transcript file's modification time as theirs: an
unchanged file gives byte-identical packages, and re-importing after a
transcript fix (a newer file) updates the cards. The ``timestamp`` option or
the ``SOURCE_DATE_EPOCH`` environment variable override it; a document not
read from a file uses its date.
"""

from __future__ import annotations

import calendar
import hashlib
import itertools
import json
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...errors import OptionError, OutputError
from ...fileio import reproducible_zip, source_date_epoch, temporary_dir, write_bytes
from .notes import Deck, NoteType, build_deck
from ...model import Document
from .. import ExportResult
from ...timing.params import ClipOptions
from .csv import AnkiOptions, card_options, clip_options


@dataclass(frozen=True)
class ApkgOptions(AnkiOptions):
    """The CSV exporter's options, plus the notes' modification time."""

    timestamp: int | None = field(
        default=None,
        metadata={"help": "note modification time, Unix seconds (default: SOURCE_DATE_EPOCH, else the transcript file's modification time)"},
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.timestamp is not None and not 0 < self.timestamp < 2**31:
            raise OptionError(f"option timestamp: {self.timestamp} is not a Unix time in seconds")


def _model(note_type: NoteType):  # -> genanki.Model
    import genanki

    return genanki.Model(
        note_type.id,
        note_type.name,
        fields=[{"name": f, "font": "Arial", "size": 20} for f in note_type.fields],
        templates=[{"name": t.name, "qfmt": t.front, "afmt": t.back} for t in note_type.templates],
        css=note_type.css,
        model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
    )


def deck_id(name: str) -> int:
    """A deck id derived from the deck name: stable across exports, in Anki's usual range."""
    digest = hashlib.sha256(("diglot deck\x1f" + name).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _timestamp(option: int | None, document: Document) -> int:
    if option is not None:
        return option
    epoch = source_date_epoch()
    if epoch is not None:
        return epoch
    if document.source_mtime and 0 < document.source_mtime < 2**31:
        return document.source_mtime
    if document.date:
        try:
            return int(calendar.timegm(time.strptime(document.date[:10], "%Y-%m-%d")))
        except ValueError:
            pass
    return 946684800  # 2000-01-01: any fixed time keeps the bytes stable


def write_package(deck: Deck, path: Path, timestamp: int, media: Sequence[str | Path] = ()) -> Path:
    """Write *deck* as an .apkg at *path*, atomically; ids and bytes are a function of *timestamp*.

    *media* files (audio clips, images) travel in the package; fields refer
    to them by file name (``[sound:clip.mp3]``). Raises :class:`OutputError`
    for a media file that cannot be read or two with the same name.
    """
    import sqlite3  # here, not at import: a run's exporters are imported before its formats are shared out

    import genanki

    # media first: a bad media list fails before the collection is built
    names = [Path(m).name for m in media]
    if len(set(names)) != len(names):
        raise OutputError("two media files share a name; Anki keeps media by file name", file=str(path))
    media_entries = []
    for i, m in enumerate(media):
        try:
            media_entries.append((str(i), Path(m).read_bytes()))
        except OSError as exc:
            raise OutputError(f"cannot read media file {m}: {exc.strerror or exc}", file=str(path)) from None
    class Note(genanki.Note):
        def _check_invalid_html_tags_in_fields(self) -> None:
            """Skipped: our fields hold only escaped text, ``<br>``, ``<b>`` and media references
            (genanki's check only warns, and it scanned every field of every note)."""

    models = {t.name: _model(t) for t in deck.note_types()}
    gdeck = genanki.Deck(deck_id(deck.name), deck.name)
    for note in deck.notes:
        gdeck.add_note(
            Note(model=models[note.notetype.name], fields=list(note.fields), tags=list(note.tags), guid=note.guid)
        )
    for model in models.values():  # note types travel even when a family has no notes
        gdeck.add_model(model)
    package = genanki.Package(gdeck)
    with temporary_dir(path) as tmp:
        db_path = tmp / "collection.anki2"
        conn = sqlite3.connect(db_path)
        # no rollback journal on disk and no fsync: a scratch file in a scratch folder (same database bytes)
        conn.execute("PRAGMA journal_mode=MEMORY")
        conn.execute("PRAGMA synchronous=OFF")
        try:
            with warnings.catch_warnings():
                # a safety net: genanki's warning about "invalid" HTML tags is already off (the Note subclass
                # above overrides the private check; our fields hold only escaped text, <br> and <b>), should
                # a genanki release rename that check
                warnings.simplefilter("ignore")
                package.write_to_db(conn.cursor(), timestamp, itertools.count(timestamp * 1000))
            conn.commit()
        finally:
            conn.close()
        data = db_path.read_bytes()
    entries = [("collection.anki2", data), *media_entries]
    index = json.dumps({str(i): name for i, name in enumerate(names)}, ensure_ascii=False)
    entries.append(("media", index.encode("utf-8")))
    return write_bytes(path, reproducible_zip(entries, timestamp))


class ApkgExporter:
    name: ClassVar[str] = "apkg"
    extension: ClassVar[str] = ".apkg"
    description: ClassVar[str] = "Anki package: diglot note types and the deck, ready to import"
    Options: ClassVar[type] = ApkgOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs", "clips"})

    def __init__(self, options: ApkgOptions | None = None) -> None:
        self.options = options or ApkgOptions()

    def clip_options(self) -> ClipOptions | None:
        return clip_options(self.options)

    def write(self, document: Document, path: Path) -> ExportResult:
        deck = build_deck(document, card_options(self.options))
        written = write_package(deck, path, _timestamp(self.options.timestamp, document), deck.media)
        messages = [*deck.messages, f"{len(deck.notes)} notes, {deck.card_count} cards in deck {deck.name!r}"]
        if deck.media:
            messages.append(f"{len(deck.media)} media files (audio clips, stills) in the package")
        return ExportResult(files=[written], messages=messages)
