"""Anki CSV exporter: a tab-separated file Anki (2.1.54+) imports with no dialog choices.

Two layouts (``notetypes`` option):

* ``stock`` (default): every note is a stock **Basic** note (Front, Back), so
  the CSV imports on its own into any profile. Anki resolves ``#notetype:``
  by name (or by id, and stock ids differ in every collection); the stock
  names are translated ("Einfach", "问答题"), and a name that is not found
  falls back to the profile's current note type (Basic in a fresh profile).
  So the header names ``Basic`` and gives no ``#columns:`` line: without
  column names Anki maps the columns to fields by position (Front, Back)
  whatever the fields are called. A card direction is a note of its own
  (``both`` makes two notes, not a "Basic (and reversed card)" whose
  translated name a non-English profile would miss), and a cloze is a
  fill-in-the-blank Basic note, one per clozed word.
* ``diglot``: the rich ``diglot sentence`` / ``diglot term`` / ``diglot
  cloze`` note types, named per row (``#notetype column``); they must exist
  in the collection (importing the ``.apkg`` once creates them), else Anki
  reports "note type not found" for every row.

With ``--media`` and real times, the notes' Audio and Picture fields refer
to the clips and stills the pipeline cut; a CSV carries no files, so they
are written to a folder beside it (``talk.media/``) and a message says to
copy them into the profile's ``collection.media`` folder, where Anki looks
for them.

Every cell is quoted, so no row can start with an unquoted ``#`` (Anki
would drop it as a comment). GUIDs are stable (see
:func:`diglot.exporters.anki.units.sentence_keys`), so a re-import updates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ...errors import OptionError, OutputError
from ...fileio import write_bytes, write_text
from ...model import Document
from ...options import check_choices
from ...timing.params import CLIP_AUDIO_FORMATS, STILL_FORMATS, ClipAudioFormat, ClipOptions, StillFormat
from .. import ExportResult
from .notes import CARD_FAMILIES, DIRECTIONS, CardOptions, Deck, Note, build_deck, parse_cards
from .templates import CLOZE, SENTENCE, WORD

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
    english_words: int = field(
        default=0,
        metadata={
            "help": "also make English word cards (for Chinese readers): words of the talk outside the N most "
            "frequent English words of wordfreq, e.g. 5000; 0: none"
        },
    )

    clips: bool = field(
        default=True,
        metadata={"help": "with --media and times from the video: an audio clip (and, for video, a still) on every sentence card"},
    )
    clip_padding: int = field(default=250, metadata={"help": "audio kept before and after each sentence's clip, ms"})
    clip_format: ClipAudioFormat = field(default="opus", metadata={"help": "audio clip format", "choices": CLIP_AUDIO_FORMATS})
    still_format: StillFormat = field(default="jpg", metadata={"help": "still picture format (video media)", "choices": STILL_FORMATS})
    still_width: int = field(default=480, metadata={"help": "still width in pixels (the height keeps the aspect ratio)"})

    def __post_init__(self) -> None:
        check_choices(self)  # options made in Python: the command line's were checked when parsed
        parse_cards(self.cards)  # fail early, with the option named
        if self.english_words < 0:
            raise OptionError(f"option english-words: {self.english_words} is not a rank (0 or more)")
        clip_options(self)  # fail early on a bad clip option


def clip_options(options: AnkiOptions) -> ClipOptions | None:
    """How the cards' clips are cut (``None``: no clips). Raises :class:`OptionError` naming the bad option."""
    try:
        clips = ClipOptions(
            padding_ms=options.clip_padding,
            audio_format=options.clip_format,
            picture_format=options.still_format,
            picture_width=options.still_width,
        )
    except OptionError as exc:
        raise OptionError(f"option clip-padding/still-width: {exc}") from None
    return clips if options.clips else None


NOTETYPES = ("stock", "diglot")


@dataclass(frozen=True)
class AnkiCsvOptions(AnkiOptions):
    """The card options, plus which note types the CSV fills."""

    notetypes: str = field(
        default="stock",
        metadata={
            "help": "stock: Basic notes that import into any profile on their own; "
            "diglot: the rich note types of the .apkg (import it once first)",
            "choices": NOTETYPES,
        },
    )


def card_options(options: AnkiOptions) -> CardOptions:
    extra = tuple(t.strip() for t in (options.tags or "").split(",") if t.strip())
    return CardOptions(
        cards=parse_cards(options.cards),
        direction=options.direction,
        deck=options.deck,
        cloze=options.cloze,
        tags=extra,
        english_words=options.english_words,
        media=options.clips,
    )


def _cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


_ZH = '<div lang="zh-Hans" style="font-size:1.6em">{}</div>'
_PINYIN = '<div style="font-size:0.8em;color:#888">{}</div>'
_SMALL = '<div style="font-size:0.7em;color:#888;margin-top:0.8em">{}</div>'


def _meta(note: Note) -> str:
    names = note.notetype.fields
    parts = [note[f] for f in ("Speaker", "Section") if f in names and note[f]]
    source = note["Source"]
    if note["Link"]:
        source = f'<a href="{note["Link"]}">{source or note["Link"]}</a>'
    if note["Time"]:
        source = f"{source} {note['Time']}".strip()
    if source:
        parts.append(source)
    return _SMALL.format(" · ".join(parts)) if parts else ""


def _zh(note: Note, field_name: str = "Chinese") -> str:
    return _ZH.format(note[field_name]) + (_PINYIN.format(note["Pinyin"]) if note["Pinyin"] else "")


def _media(note: Note) -> str:
    """The note's audio clip and still (Audio and Picture fields), for the back of a Basic card."""
    return "".join(note[f] for f in ("Audio", "Picture") if f in note.notetype.fields and note[f])


def basic_rows(note: Note) -> list[tuple[str, str, str]]:
    """The stock Basic notes (GUID, Front, Back) that carry *note*: one per card it asks for."""
    if note.notetype is CLOZE:
        return _cloze_rows(note)
    if note.notetype is WORD:
        front = f"<div>{note['Word']}</div>" + _SMALL.format(note["Sentence"])
        back = _ZH.format(note["Translation"]) + _PINYIN.format(note["Pinyin"]) + _meta(note)
        return [(note.guid + "W", front, back)]
    rows = []
    if note.notetype is SENTENCE:
        extra = _media(note) + _meta(note)
    else:  # a term: definition and example sentence on the back
        extra = "".join(_SMALL.format(note[f]) for f in ("Definition",) if note[f])
        if note["Example"]:
            example = _PINYIN.format(note["Example pinyin"]) + f'<div lang="zh-Hans">{note["Example"]}</div>'
            example += f"<div>{note['Example English']}</div>"
            extra += f'<div style="margin-top:0.8em">{example}</div>'
        extra += _media(note) + _meta(note)
    if note["Card en-zh"]:
        rows.append((note.guid + "E", note["English"], _zh(note) + extra))
    if note["Card zh-en"]:
        rows.append(
            (note.guid + "Z", _ZH.format(note["Chinese"]), _PINYIN.format(note["Pinyin"]) + note["English"] + extra)
        )
    return rows


_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}")


def _cloze_rows(note: Note) -> list[tuple[str, str, str]]:
    text = note["Text"]
    rows = []
    for n in sorted({int(m.group(1)) for m in _CLOZE.finditer(text)}):
        front = _CLOZE.sub(lambda m: "[…]" if int(m.group(1)) == n else m.group(2), text)
        back = _CLOZE.sub(lambda m: f"<b>{m.group(2)}</b>" if int(m.group(1)) == n else m.group(2), text)
        rows.append(
            (
                f"{note.guid}C{n}",
                _ZH.format(front) + f"<div>{note['English']}</div>",
                _ZH.format(back) + _PINYIN.format(note["Pinyin"]) + _media(note) + _meta(note),
            )
        )
    return rows


def render_stock_csv(deck: Deck) -> str:
    """The CSV text for *deck* as stock Basic notes: Front, Back, GUID, tags; no column names."""
    return _render_stock(deck)[0]


def _render_stock(deck: Deck) -> tuple[str, int]:
    """:func:`render_stock_csv` and how many Basic notes (rows) it holds."""
    deck_name = " ".join(deck.name.split())
    lines = [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        f"#deck:{deck_name}",
        "#guid column:3",
        "#tags column:4",
    ]
    header = len(lines)
    for note in deck.notes:
        for guid, front, back in basic_rows(note):
            lines.append("\t".join(_cell(c) for c in (front, back, guid, " ".join(note.tags))))
    return "\n".join(lines) + "\n", len(lines) - header


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
    deck_name = " ".join("".join(ch if ch.isprintable() else " " for ch in deck.name).split())
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
    description: ClassVar[str] = "Anki flashcards as CSV (stock Basic notes by default: imports on its own)"
    Options: ClassVar[type] = AnkiCsvOptions
    needs: ClassVar[frozenset[str]] = frozenset({"pairs", "clips"})

    def __init__(self, options: AnkiOptions | None = None) -> None:
        self.options = options or AnkiCsvOptions()

    def clip_options(self) -> ClipOptions | None:
        return clip_options(self.options)

    def write(self, document: Document, path: Path) -> ExportResult:
        deck = build_deck(document, card_options(self.options))
        notetypes = getattr(self.options, "notetypes", "stock")
        if notetypes not in NOTETYPES:
            raise OptionError(f"option notetypes: {notetypes!r} is not one of {', '.join(NOTETYPES)}")
        stock = notetypes == "stock"
        folder = media_folder(path)
        files = write_media_folder(deck, folder, path)
        text, rows = _render_stock(deck) if stock else (render_csv(deck), 0)
        written = write_text(path, text)
        messages = list(deck.messages)
        if deck.media:
            messages.append(
                f"{len(deck.media)} media files (audio clips, stills) in {folder.name}/: a CSV carries no media, "
                "so copy them into your Anki profile's collection.media folder before importing "
                "(Tools > Check Media shows it; e.g. ~/.local/share/Anki2/User 1/collection.media)"
            )
        if not deck.notes:
            messages.append("no notes to import (no translated sentence and no glossary term)")
        elif stock:
            messages.append(f"{rows} Basic notes (one card each); imports into any Anki profile on its own")
        else:
            messages.append(
                f"{len(deck.notes)} notes, {deck.card_count} cards; Anki needs the diglot note types "
                "(import the .apkg export once) before this CSV"
            )
        return ExportResult(files=[written, *files], messages=messages)


def media_folder(path: Path) -> Path:
    """Where the CSV at *path* puts its media files: ``talk.media/`` beside ``talk.csv``."""
    return path.with_name(path.stem + ".media")


def write_media_folder(deck: Deck, folder: Path, csv_path: Path) -> list[Path]:
    """Copy the deck's media files into *folder* (created when there are any); the files written.

    Each file is written atomically; one already there with the same name is
    the same content (names are content hashes) and is left as it is.
    """
    if not deck.media:
        return []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the media folder {folder}: {exc.strerror or exc}", file=str(csv_path)) from None
    written = []
    for source in deck.media:
        target = folder / Path(source).name
        if not target.exists():
            try:
                data = Path(source).read_bytes()
            except OSError as exc:
                raise OutputError(f"cannot read media file {source}: {exc.strerror or exc}", file=str(csv_path)) from None
            write_bytes(target, data)
        written.append(target)
    return written
