"""Flashcards from a document: the notes to import into Anki's note types.

Shared by the Anki CSV exporter (:mod:`diglot.exporters.anki.csv`) and the
``.apkg`` exporter (:mod:`diglot.exporters.anki.apkg`), so both create the same
notes with the same GUIDs and the same field HTML: importing the ``.apkg``
and later a CSV of the same talk updates notes instead of duplicating them.

Three note types:

* ``diglot sentence``: one note per aligned sentence pair (English, Chinese,
  pinyin, speaker, section, source, link, time, context before/after, audio
  clip, picture);
* ``diglot term``: one note per glossary term (Chinese, pinyin, English,
  definition, the example sentence with the term highlighted, its translation);
* ``diglot cloze``: optional, the Chinese sentence with its key words clozed.

Sentence and term note types have two card templates, gated by the fields
``Card en-zh`` and ``Card zh-en`` (``y`` when that card is wanted), the way
Anki's stock "Basic (optional reversed card)" works: changing ``direction``
and re-importing adds the new cards to the existing notes.

Field values are HTML (Anki stores HTML): transcript text is escaped, line
breaks become ``<br>``, and a leading ``= + - @`` or tab is written as a
numeric character reference (``&#61;``) so a spreadsheet opening the CSV
never sees a formula while Anki still shows the exact text
(:mod:`.fields`; sentence units and their keys: :mod:`.units`; HSK tags and
cloze words: :mod:`.words`).

With a :class:`~diglot.model.MediaCut` on the document (``diglot.prepare``
cut the talk's media), a sentence's Audio field is ``[sound:<clip>]`` and
its Picture field ``<img src="<still>">``; the deck lists the files
(:attr:`Deck.media`) for the exporter to carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import OptionError
from ...links import http_url, video_link
from ...model import Document, Term
from ...clock import short_clock
from .fields import cloze_text, defuse, english_forms, highlight, html_text, is_control, media_name, note_guid, tag
from .templates import CLOZE, NOTE_TYPES, SENTENCE, TERM, WORD, NoteType
from .units import Unit, example_unit, left_out, sentence_keys, sentence_units
from .words import cloze_keywords, hsk_tags

CARD_FAMILIES = ("sentences", "terms")
DIRECTIONS = ("en-zh", "zh-en", "both")

#: Field names (in order) of each note type; the CSV columns follow them.
@dataclass(frozen=True)
class Note:
    """One note: its type, stable GUID, field values (HTML, in field order) and tags."""

    notetype: NoteType
    guid: str
    fields: tuple[str, ...]
    tags: tuple[str, ...]

    def __getitem__(self, name: str) -> str:
        return self.fields[self.notetype.positions[name]]

    @property
    def card_count(self) -> int:
        """How many cards Anki generates for this note."""
        if self.notetype.cloze:
            return len(set(re.findall(r"\{\{c(\d+)::", self.fields[0])))
        if "Card en-zh" not in self.notetype.fields:
            return len(self.notetype.templates)
        return sum(1 for f in ("Card en-zh", "Card zh-en") if self[f])


@dataclass(frozen=True)
class Deck:
    """The notes of one document, the deck they go to and what the user should know."""

    name: str
    notes: tuple[Note, ...]
    messages: tuple[str, ...] = ()
    #: the media files (paths) the notes' fields refer to, each once, in note order
    media: tuple[str, ...] = ()

    def note_types(self) -> tuple[NoteType, ...]:
        used = {n.notetype.name for n in self.notes}
        return tuple(t for t in NOTE_TYPES if t.name in used)

    @property
    def card_count(self) -> int:
        return sum(n.card_count for n in self.notes)


@dataclass(frozen=True)
class CardOptions:
    """What to build; validated here so both exporters reject the same mistakes."""

    cards: tuple[str, ...] = CARD_FAMILIES
    direction: str = "en-zh"
    deck: str | None = None
    cloze: bool = False
    tags: tuple[str, ...] = field(default=())
    #: English word cards for words outside the N most frequent English words (0: none)
    english_words: int = 0
    #: put the document's audio clips and stills (its MediaCut, if any) on the cards
    media: bool = True


def parse_cards(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """``"sentences,terms"`` -> ``("sentences", "terms")``; raises :class:`OptionError`."""
    items = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(i.strip().lower() for i in items if i.strip()))
    bad = [n for n in names if n not in CARD_FAMILIES]
    if bad or not names:
        raise OptionError(
            f"option cards: {','.join(bad) or 'nothing'!r} is not a card family (use sentences, terms or both, comma-separated)"
        )
    return names


def check_direction(value: str) -> str:
    if value not in DIRECTIONS:
        raise OptionError(f"option direction: {value!r} is not one of {', '.join(DIRECTIONS)}")
    return value


def deck_name(doc: Document, override: str | None) -> str:
    """One line of printable text: whitespace collapsed, control characters (C0, C1, DEL) dropped."""
    name = override if override and override.strip() else (doc.title or "")
    name = "".join(ch for ch in name if not is_control(ch))
    name = " ".join(name.split())
    return name or "diglot"


class _Builder:
    def __init__(self, doc: Document, options: CardOptions) -> None:
        self.doc = doc
        self.opts = options
        self.identity = doc.identity
        self.real_time = doc.has_real_timing
        self.url = http_url(doc.source_url)
        self.title_field = html_text(doc.title)
        self.url_field = html_text(self.url)
        self.base_tags = tuple(t for t in (tag(x) for x in (*doc.tags, *options.tags)) if t)
        self.section_tags: dict[str | None, tuple[str, ...]] = {}
        for number, sec in enumerate(doc.sections, 1):
            if sec.id not in self.section_tags:  # the first section with an id names it
                t = tag(f"{number:02d}_{sec.title}")
                self.section_tags[sec.id] = (f"section::{t}",) if t else ()
        self._pinyin: dict[str, str] = {}
        self.section_fields: dict[str | None, str] = {}
        cut = doc.media_cut if options.media else None
        self.clips = {(c.segment, c.pair): c for c in cut.clips} if cut is not None else {}
        self.media: dict[str, None] = {}  # the files the notes refer to, in order

    def media_fields(self, unit: Unit | None) -> tuple[str, str]:
        """(Audio, Picture) field values of *unit*: its clip and still, when the media was cut."""
        clip = self.clips.get((unit.segment.id, unit.pair)) if unit is not None and unit.pair is not None else None
        if clip is None:
            return "", ""
        self.media[clip.audio] = None
        audio = f"[sound:{media_name(clip.audio)}]"
        picture = ""
        if clip.picture:
            self.media[clip.picture] = None
            picture = f'<img src="{media_name(clip.picture)}">'
        return audio, picture

    def pinyin(self, text: str | None) -> str:
        if not text:
            return ""
        if text not in self._pinyin:
            from ...lang.pinyin import to_pinyin

            self._pinyin[text] = to_pinyin(text)
        return self._pinyin[text]

    def gates(self, english: str, chinese: str) -> tuple[str, str]:
        """Values of ``Card en-zh`` / ``Card zh-en``: the chosen direction, or the side that exists."""
        en = self.opts.direction in ("en-zh", "both") and bool(english)
        zh = self.opts.direction in ("zh-en", "both") and bool(chinese)
        if not en and not zh:  # the prompt side is empty: ask the other way rather than make an empty card
            en, zh = bool(english), not english and bool(chinese)
        return ("y" if en else "", "y" if zh else "")

    def source_fields(self, start_ms: int | None) -> tuple[str, str, str]:
        """(Source, Link, Time) field values."""
        if self.real_time and start_ms is not None:
            link = video_link(self.url, start_ms) if self.url else ""
            return self.title_field, html_text(link), short_clock(start_ms)
        return self.title_field, self.url_field, ""

    def section_tag(self, section_id: str | None) -> tuple[str, ...]:
        return self.section_tags.get(section_id, ())

    def section_field(self, section_id: str | None) -> str:
        """The Section field: the section's title (found once per section, not by a scan per note)."""
        found = self.section_fields.get(section_id)
        if found is None:
            found = self.section_fields[section_id] = html_text(self.doc.section_title(section_id))
        return found

    def context(self, unit: Unit | None) -> str:
        if unit is None:
            return ""
        parts = [html_text(x) for x in (unit.source, unit.target) if x]
        return defuse("<br>".join(parts))

    def sentence_notes(self, units: list[Unit]) -> list[Note]:
        notes = []
        keys = sentence_keys(units)
        for i, u in enumerate(units):
            if not u.trusted:
                continue
            en, zh = u.source or "", u.target or ""
            fields = (html_text(en), html_text(zh), *self.sentence_context(units, i), *self.gates(en, zh))
            tags = ("diglot::sentence", *self.base_tags, *self.section_tag(u.segment.section))
            guid = note_guid(self.identity, "sentence", keys[i])
            notes.append(Note(SENTENCE, guid, fields, tags))
        return notes

    def sentence_context(self, units: list[Unit], i: int) -> tuple[str, ...]:
        """The fields after English and Chinese that sentence and cloze notes share:
        pinyin, speaker, section, source, link, time, context before and after, audio, picture."""
        u = units[i]
        before = units[i - 1] if i > 0 else None
        after = units[i + 1] if i + 1 < len(units) else None
        source, link, time = self.source_fields(u.start_ms)
        return (
            html_text(self.pinyin(u.target or "")),
            html_text(u.segment.speaker),
            self.section_field(u.segment.section),
            source,
            link,
            time,
            self.context(before),
            self.context(after),
            *self.media_fields(u),
        )

    def cloze_notes(self, units: list[Unit]) -> list[Note]:
        notes = []
        terms = sorted({t.target for t in self.doc.terms if t.target.strip()}, key=lambda t: (-len(t), t))
        keys = sentence_keys(units)
        for i, u in enumerate(units):
            if not u.trusted:
                continue
            zh = u.target or ""
            words = [t for t in terms if t in zh] or list(cloze_keywords(zh))
            text = cloze_text(zh, words)
            if text is None:
                continue
            fields = (text, html_text(u.source), *self.sentence_context(units, i))
            tags = ("diglot::cloze", *self.base_tags, *self.section_tag(u.segment.section), *hsk_tags(words))
            guid = note_guid(self.identity, "cloze", keys[i])
            notes.append(Note(CLOZE, guid, fields, tags))
        return notes

    def term_notes(self, units: list[Unit]) -> tuple[list[Note], list[str]]:
        notes, messages = [], []
        seen: dict[str, Term] = {}
        examples = [u for u in units if u.trusted and u.target]  # the sentences a term's example is taken from
        for term in self.doc.terms:
            key = term.target.strip()
            if not key:
                continue
            if key in seen:
                messages.append(f"glossary term {key!r} appears twice; one term card made from the first entry")
                continue
            seen[key] = term
            example = example_unit(term, examples)
            zh_example = en_example = ""
            start = None
            section = None
            if example is not None:
                zh_example = highlight(example.target or "", [key])
                en_example = highlight(example.source or "", english_forms(term.source, key))
                start = example.start_ms
                section = example.segment.section
            source, link, time = self.source_fields(start)
            fields = (
                html_text(key),
                html_text(self.pinyin(key)),
                html_text(term.source),
                html_text(term.definition),
                zh_example,
                html_text(self.pinyin(example.target)) if example is not None else "",
                en_example,
                source,
                link,
                time,
                self.media_fields(example)[0],
                *self.gates(term.source or "", key),
            )
            tags = ("diglot::term", *self.base_tags, *self.section_tag(section), *hsk_tags([key]))
            notes.append(Note(TERM, note_guid(self.identity, "term", key), fields, tags))
        return notes, messages


    def english_notes(self, units: list[Unit], rank: int) -> list[Note]:
        """One note per English word of the talk outside the *rank* most frequent English words.

        Only words that occur in lower case somewhere (so not only as a name),
        of three letters or more, each once per deck, with the first trusted
        sentence it occurs in. Raises :class:`OptionError` without wordfreq.
        """
        try:
            from wordfreq import top_n_list
        except ImportError:
            raise OptionError(
                "option english-words needs the wordfreq package: pip install 'diglot[study]'"
            ) from None
        common = set(top_n_list("en", rank))
        trusted = [u for u in units if u.trusted]
        lower = {w for u in trusted for w in _EN_WORD.findall(u.source or "") if w.islower()}
        seen: set[str] = set()
        notes = []
        for u in trusted:
            for word in _EN_WORD.findall(u.source or ""):
                key = word.lower()
                if key in seen or key in common or len(key) < 3 or key not in lower:
                    continue
                seen.add(key)
                source, link, time = self.source_fields(u.start_ms)
                fields = (
                    html_text(key),
                    highlight(u.source or "", [key]),
                    html_text(u.target),
                    html_text(self.pinyin(u.target)),
                    source,
                    link,
                    time,
                )
                tags = ("diglot::english", *self.base_tags, *self.section_tag(u.segment.section))
                notes.append(Note(WORD, note_guid(self.identity, "english", key), fields, tags))
        return notes


_EN_WORD = re.compile(r"[A-Za-z]+")

#: sentences whose pinyin is worth loading the whole segmenter for at once (see lang.words.expect_many)
_MANY_SENTENCES = 24


def build_deck(document: Document, options: CardOptions) -> Deck:
    """The notes for *document*: sentence notes, term notes and cloze notes as *options* ask.

    Untranslated segments get no sentence card (there is nothing to learn
    from a sentence without its translation); their text still appears as
    the context of the neighbouring cards, and a message counts them.
    Built once per document and options: the CSV and ``.apkg`` of one run share it.
    """
    from ...memo import per_document

    return per_document(document, ("deck", options), lambda: _build_deck(document, options))


def _build_deck(document: Document, options: CardOptions) -> Deck:
    cards = parse_cards(options.cards)
    check_direction(options.direction)
    if ("sentences" in cards or options.cloze or options.english_words or document.terms) and not document.is_aligned:
        raise OptionError("flashcards need sentence pairs: prepare the document first (diglot.prepare)", file=document.source_file)
    doc = document
    builder = _Builder(doc, options)
    units = sentence_units(doc)
    if ("sentences" in cards or options.cloze) and sum(1 for u in units if u.trusted and u.target) > _MANY_SENTENCES:
        from ...lang.words import expect_many

        expect_many()  # the pinyin of every sentence: one segmenter load, not the short-text index first
    notes: list[Note] = []
    messages: list[str] = []
    if "sentences" in cards:
        notes += builder.sentence_notes(units)
        skipped = [s for s in doc.segments if s.untranslated and (s.source or s.target)]
        if skipped:
            messages.append(
                f"{len(skipped)} untranslated segment(s) have no sentence card (kept as context of their neighbours)"
            )
        messages += left_out(units)
    if options.cloze:
        notes += builder.cloze_notes(units)
    if "terms" in cards:
        term_notes, term_messages = builder.term_notes(units)
        notes += term_notes
        messages += term_messages
    if options.english_words:
        notes += builder.english_notes(units, options.english_words)
    if doc.media_cut is not None and options.media:
        messages += doc.media_cut.messages
    return Deck(deck_name(doc, options.deck), tuple(notes), tuple(messages), tuple(builder.media))
