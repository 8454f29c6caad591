"""The card-building helpers shared by the Anki CSV and .apkg exporters."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from diglot.exporters.anki.fields import cloze_text, highlight, html_text, note_guid, plain_text, tag
from diglot.exporters.anki.notes import CardOptions, build_deck
from diglot.exporters.anki.units import sentence_units
from diglot.links import http_url, video_link
from diglot.model import Document, Segment, SentencePair
from diglot.clock import short_clock
from diglot.align.sentences import align_document


def test_one_sided_beads_are_never_merged_into_a_neighbouring_pair():
    seg = Segment(
        "seg-0001",
        "A. B. C. D.",
        "甲。丙。丁。",
        pairs=(
            SentencePair("A.", None),  # no counterpart: its own unit, context only
            SentencePair("B.", "甲。", align_confidence=0.9),
            SentencePair(None, "乙。"),
            SentencePair("C.", "丙。", align_confidence=0.0001),  # below the threshold
            SentencePair("D.", None),
        ),
    )
    doc = Document(segments=(seg,))
    units = sentence_units(doc)
    assert [(u.source, u.target) for u in units] == [
        ("A.", None),
        ("B.", "甲。"),
        (None, "乙。"),
        ("C.", "丙。"),
        ("D.", None),
    ]
    assert [u.trusted for u in units] == [False, True, False, False, False]
    deck = build_deck(doc, CardOptions(cards=("sentences",)))
    assert [(n["English"], n["Chinese"]) for n in deck.notes] == [("B.", "甲。")]
    assert deck.notes[0]["Before"] == "A." and deck.notes[0]["After"] == "乙。"
    assert any(m.startswith("3 sentence(s) of translated segments have no counterpart") for m in deck.messages)
    assert any(m.startswith("1 sentence pair(s) aligned with confidence below") for m in deck.messages)


def test_untranslated_segment_is_context_only():
    doc = Document(
        segments=(
            Segment("seg-0001", "One.", "一。", pairs=(SentencePair("One.", "一。"),)),
            Segment("seg-0002", "No translation.", None, pairs=(SentencePair("No translation.", None),)),
            Segment("seg-0003", "Three.", "三。", pairs=(SentencePair("Three.", "三。"),)),
        )
    )
    deck = build_deck(align_document(doc), CardOptions(cards=("sentences",)))
    assert [n["English"] for n in deck.notes] == ["One.", "Three."]
    assert deck.notes[0]["After"] == "No translation." and deck.notes[1]["Before"] == "No translation."
    assert any("1 untranslated" in m for m in deck.messages)


def test_sound_cue_is_never_a_card_nor_context():
    doc = Document(
        segments=(
            Segment("seg-0001", "One.", "一。", pairs=(SentencePair("One.", "一。"),)),
            Segment("seg-0002", "[laughter]", "[笑声]", sound=True),
            Segment("seg-0003", "Three.", "三。", pairs=(SentencePair("Three.", "三。"),)),
        )
    )
    deck = build_deck(align_document(doc), CardOptions(cards=("sentences",)))
    assert [n["English"] for n in deck.notes] == ["One.", "Three."]
    assert "laughter" not in deck.notes[0]["After"] and "笑声" not in deck.notes[1]["Before"]


@given(st.text())
def test_html_text_round_trips_and_never_starts_a_formula(text):
    value = html_text(text)
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    import unicodedata

    assert plain_text(value) == unicodedata.normalize("NFC", expected)
    assert value[:1] not in ("=", "+", "-", "@", "\t")
    assert "<" not in value.replace("<br>", "")
    assert "{{" not in value


def test_html_text_examples():
    assert html_text("=1+1") == "&#61;1+1"
    assert html_text("-x\ny") == "&#45;x<br>y"
    assert html_text('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'
    assert html_text(None) == ""


def test_tags_and_guids():
    assert tag("has space\tand\"quote") == "has_space_and_quote"
    assert tag("a:b::c:::d") == "a_b::c::d"
    g = note_guid("https://youtu.be/x", "sentence", "seg-0001", "0")
    assert g == note_guid("https://youtu.be/x", "sentence", "seg-0001", "0")
    assert g != note_guid("https://youtu.be/x", "sentence", "seg-0001", "1")
    assert re.fullmatch(r"dg[0-9A-Za-z]+", g)


def test_links_and_times():
    assert short_clock(83_000) == "1:23" and short_clock(3_723_000) == "1:02:03"
    assert video_link("https://www.youtube.com/watch?v=abc&t=5s", 83_500) == "https://www.youtube.com/watch?v=abc&t=83s"
    assert video_link("https://youtu.be/abc", 1000) == "https://youtu.be/abc?t=1s"
    assert video_link("https://example.org/v.mp4", 61_000) == "https://example.org/v.mp4#t=61"
    assert http_url("javascript:alert(1)") is None and http_url("https://x.org/a b") is None


def test_highlight_and_cloze():
    assert highlight("Use RL <now>", ["RL", "Reinforcement Learning"]) == "Use <b>RL</b> &lt;now&gt;"
    assert highlight("URLs are not RL", ["RL"]) == "URLs are not <b>RL</b>"
    assert cloze_text("预训练和预训练", ["预训练"]) == "{{c1::预训练}}和{{c1::预训练}}"
    assert cloze_text("甲乙", ["乙", "甲"]) in ("{{c1::甲}}{{c2::乙}}",)
    assert cloze_text("没有", ["预训练"]) is None
    assert html.unescape(cloze_text("{{c9::x}}预训练", ["预训练"]) or "").startswith("{{c9::x}}")


def test_templates_only_name_their_own_fields():
    from diglot.exporters.anki.templates import NOTE_TYPES

    for note_type in NOTE_TYPES:
        for template in note_type.templates:
            for side in (template.front, template.back):
                for name in re.findall(r"\{\{([^}]+)\}\}", side):
                    name = name.lstrip("#/^").split(":")[-1]
                    assert name == "FrontSide" or name in note_type.fields, (note_type.name, name)
