"""Anki CSV exporter: a tab-separated file Anki (2.1.54+) imports with no dialog choices.

Layout (Anki's own exporter uses the same): a header naming the separator,
HTML mode, deck and columns, then one row per note: GUID, note type, the
note type's fields in order (shorter note types padded with empty cells),
tags. Every cell is quoted, so no row can start with an unquoted ``#``
(Anki would drop it as a comment).

The note types (``diglot sentence``, ``diglot term``, ``diglot cloze``) must
exist in the collection: importing the ``.apkg`` export once creates them.
The note type is named per row (``#notetype column``), so a collection
without them makes Anki report "note type not found" rather than silently
filling the stock Basic type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...fileio import write_text
from .notes import CARD_FAMILIES, DIRECTIONS, CardOptions, Deck, build_deck, parse_cards
from ...model import Document
from .. import ExportResult

_CARDS_HELP = "card families, comma-separated: sentences, terms"


@dataclass(frozen=True)
class AnkiOptions:
    cards: str = field(default=",".join(CARD_FAMILIES), metadata={"help": _CARDS_HELP})
    direction: str = field(
        default="en-zh",
        metadata={"help": "which side is the prompt (both: two cards per note)", "choices": DIRECTIONS},
    )
    deck: str | None = field(default=None, metadata={"help": "deck name (default: the document title)"})
    cloze: bool = field(default=False, metadata={"help": "also make cloze notes (key words of each Chinese sentence)"})
    tags: str | None = field(default=None, metadata={"help": "extra tags for every note, comma-separated"})

    def __post_init__(self) -> None:
        parse_cards(self.cards)  # fail early, with the option named


def card_options(options: AnkiOptions) -> CardOptions:
    extra = tuple(t.strip() for t in (options.tags or "").split(",") if t.strip())
    return CardOptions(
        cards=parse_cards(options.cards),
        direction=options.direction,
        deck=options.deck,
        cloze=options.cloze,
        tags=extra,
    )


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def render_csv(deck: Deck) -> str:
    """The CSV text for *deck* (header and rows, ``\\n`` line ends)."""
    types = deck.note_types()
    width = max((len(t.fields) for t in types), default=0)
    labels = []
    for i in range(width):
        names = dict.fromkeys(t.fields[i] for t in types if i < len(t.fields))
        labels.append(" / ".join(names))
    columns = ["guid", "notetype", *labels, "tags"]
    # a deck name is one line with no tab: collapse whitespace (build_deck did) and be sure
    deck_name = " ".join(deck.name.split())
    lines = [
        "#separator:tab",
        "#html:true",
        f"#deck:{deck_name}",
        "#notetype column:2",
        "#guid column:1",
        f"#tags column:{len(columns)}",
        "#columns:" + "\t".join(columns),
    ]
    for note in deck.notes:
        cells = [note.guid, note.notetype.name, *note.fields]
        cells += [""] * (width - len(note.fields))
        cells.append(" ".join(note.tags))
        lines.append("\t".join(_cell(c) for c in cells))
    return "\n".join(lines) + "\n"


class AnkiCsvExporter:
    name: ClassVar[str] = "anki"
    extension: ClassVar[str] = ".csv"
    description: ClassVar[str] = "Anki flashcards as CSV (sentence and term notes; import the .apkg once for the note types)"
    Options: ClassVar[type] = AnkiOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs"})

    def __init__(self, options: AnkiOptions | None = None) -> None:
        self.options = options or AnkiOptions()

    def write(self, document: Document, path: Path) -> ExportResult:
        deck = build_deck(document, card_options(self.options))
        written = write_text(path, render_csv(deck))
        messages = list(deck.messages)
        if not deck.notes:
            messages.append("no notes to import (no translated sentence and no glossary term)")
        else:
            messages.append(
                f"{len(deck.notes)} notes, {deck.card_count} cards; Anki needs the diglot note types "
                "(import the .apkg export once) before this CSV"
            )
        return ExportResult(files=[written], messages=messages)
