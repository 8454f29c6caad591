"""The three Anki note types diglot creates: their fields, card templates and stylesheet.

Sentence and term note types have two templates gated by ``Card en-zh`` /
``Card zh-en``; the cloze type has one. See :mod:`diglot.exporters.anki.notes`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: what a sentence and a cloze note carry besides their text, in this order
_SENTENCE_CONTEXT = ("Pinyin", "Speaker", "Section", "Source", "Link", "Time", "Before", "After", "Audio", "Picture")
SENTENCE_FIELDS = ("English", "Chinese", *_SENTENCE_CONTEXT, "Card en-zh", "Card zh-en")
TERM_FIELDS = (
    "Chinese",
    "Pinyin",
    "English",
    "Definition",
    "Example",
    "Example pinyin",
    "Example English",
    "Source",
    "Link",
    "Time",
    "Audio",
    "Card en-zh",
    "Card zh-en",
)
CLOZE_FIELDS = ("Text", "English", *_SENTENCE_CONTEXT)

CSS = """\
.card { font-family: "Noto Sans", "Helvetica Neue", Arial, sans-serif; font-size: 20px;
  text-align: center; color: #222; background: #fff; line-height: 1.5; }
.nightMode .card, .card.nightMode { color: #eee; background: #222; }
.zh { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 34px; line-height: 1.4; }
.pinyin { font-size: 17px; color: #666; margin-bottom: 0.1em; }
.nightMode .pinyin { color: #aaa; }
.en { font-size: 22px; }
.term .zh { font-size: 48px; }
.def, .example, .context, .meta { font-size: 16px; margin-top: 0.8em; }
.example b, .cloze { color: #c0392b; }
.context { color: #777; text-align: left; }
.meta { color: #888; }
.meta a { color: inherit; }
.tag-untranslated { color: #c0392b; }
.picture img { max-width: 100%; height: auto; margin-top: 0.6em; }
"""

_SOURCE = '{{#Link}}<a href="{{Link}}">{{Source}}</a>{{/Link}}{{^Link}}{{Source}}{{/Link}}{{#Time}} {{Time}}{{/Time}}'
_META = (
    '<div class="meta">{{#Speaker}}{{Speaker}} · {{/Speaker}}{{#Section}}{{Section}} · {{/Section}}'
    + _SOURCE
    + "</div>"
)
_TERM_META = '<div class="meta">' + _SOURCE + "</div>"
_CONTEXT = (
    '{{#Before}}<div class="context">… {{Before}}</div>{{/Before}}'
    '{{#After}}<div class="context">{{After}} …</div>{{/After}}'
)
#: the sentence's audio clip and (from a video) its still, cut from the talk's media
_MEDIA = '{{Audio}}{{#Picture}}<div class="picture">{{Picture}}</div>{{/Picture}}'
_ZH_WITH_PINYIN = '<div class="pinyin">{{Pinyin}}</div><div class="zh">{{Chinese}}</div>'


@dataclass(frozen=True)
class Template:
    name: str
    front: str
    back: str


@dataclass(frozen=True)
class NoteType:
    """An Anki note type: its fixed id (so re-imports reuse it), fields and card templates."""

    id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    css: str = CSS
    cloze: bool = False
    #: field name -> position (Note lookups by name run tens of thousands of times on a long talk)
    positions: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {name: i for i, name in enumerate(self.fields)})


# Model ids are fixed random 31-bit numbers: never change them, or every
# user's re-import creates a second copy of the note type.
SENTENCE = NoteType(
    id=1793052184,
    name="diglot sentence",
    fields=SENTENCE_FIELDS,
    templates=(
        Template(
            "English → Chinese",
            '{{#Card en-zh}}<div class="en">{{English}}</div>{{/Card en-zh}}',
            '<div class="en">{{English}}</div><hr id="answer">' + _ZH_WITH_PINYIN + _MEDIA + _CONTEXT + _META,
        ),
        Template(
            "Chinese → English",
            '{{#Card zh-en}}<div class="zh">{{Chinese}}</div>{{/Card zh-en}}',
            _ZH_WITH_PINYIN + '<hr id="answer"><div class="en">{{English}}</div>' + _MEDIA + _CONTEXT + _META,
        ),
    ),
)

_TERM_EXAMPLE = (
    '{{#Example}}<div class="example"><div class="pinyin">{{Example pinyin}}</div>'
    '<div>{{Example}}</div><div>{{Example English}}</div></div>{{/Example}}'
)
TERM = NoteType(
    id=1468307921,
    name="diglot term",
    fields=TERM_FIELDS,
    templates=(
        Template(
            "English → Chinese",
            '{{#Card en-zh}}<div class="term"><div class="en">{{English}}</div></div>{{/Card en-zh}}',
            '<div class="term"><div class="en">{{English}}</div><hr id="answer">'
            + _ZH_WITH_PINYIN
            + '{{#Definition}}<div class="def">{{Definition}}</div>{{/Definition}}{{Audio}}'
            + _TERM_EXAMPLE
            + "</div>"
            + _TERM_META,
        ),
        Template(
            "Chinese → English",
            '{{#Card zh-en}}<div class="term"><div class="zh">{{Chinese}}</div></div>{{/Card zh-en}}',
            '<div class="term">'
            + _ZH_WITH_PINYIN
            + '<hr id="answer"><div class="en">{{English}}</div>'
            + '{{#Definition}}<div class="def">{{Definition}}</div>{{/Definition}}{{Audio}}'
            + _TERM_EXAMPLE
            + "</div>"
            + _TERM_META,
        ),
    ),
)

CLOZE = NoteType(
    id=1120965370,
    name="diglot cloze",
    fields=CLOZE_FIELDS,
    templates=(
        Template(
            "Cloze",
            '<div class="zh">{{cloze:Text}}</div><div class="en">{{English}}</div>',
            '<div class="pinyin">{{Pinyin}}</div><div class="zh">{{cloze:Text}}</div>'
            '<div class="en">{{English}}</div>' + _MEDIA + _CONTEXT + _META,
        ),
    ),
    cloze=True,
)

WORD_FIELDS = ("Word", "Sentence", "Translation", "Pinyin", "Source", "Link", "Time")

#: English word cards for Chinese readers learning English: the word, its
#: sentence with the word in bold, the sentence's translation.
WORD = NoteType(
    id=1582250937,
    name="diglot english word",
    fields=WORD_FIELDS,
    templates=(
        Template(
            "Word",
            '<div class="en">{{Word}}</div><div class="example">{{Sentence}}</div>',
            '<div class="en">{{Word}}</div><div class="example">{{Sentence}}</div><hr id="answer">'
            '<div class="pinyin">{{Pinyin}}</div><div class="zh">{{Translation}}</div>' + _TERM_META,
        ),
    ),
)

NOTE_TYPES = (SENTENCE, TERM, CLOZE, WORD)
