"""The .apkg exporter, checked by importing into a fresh collection of the real Anki."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot.exporters.anki.apkg import ApkgExporter, ApkgOptions
from diglot.align.sentences import align_document
from diglot.exporters.anki.templates import CLOZE_FIELDS, SENTENCE, SENTENCE_FIELDS, TERM, TERM_FIELDS
from diglot.exporters.anki.fields import note_guid, plain_text
from diglot.exporters.anki.notes import CardOptions, build_deck
from diglot.exporters.anki.units import sentence_keys, sentence_units
from diglot.model import Document, Section, Segment, Term, Timing
from diglot.pipeline import render

anki_collection = pytest.importorskip("anki.collection")

HOSTILE = [
    "tab\there and\ttwo",
    'say "quoted" and \'single\'',
    "line one\nline two\n\nnew paragraph",
    "# looks like a comment",
    "<script>alert('x')</script> & <b>bold</b> &amp; &lt;",
    "=SUM(A1:A2)",
    "+1 555 0100",
    "-5 degrees",
    "@mention here",
    "{{c1::not a cloze}} and }} {{",
    "x" * 5000 + " long",
    "e\u0301 combining accent",  # NFD: Anki stores NFC
]


def hostile_doc() -> Document:
    segs = []
    for i, text in enumerate(HOSTILE, 1):
        segs.append(
            Segment(
                id=f"seg-{i:04d}",
                source=text,
                target=f"中文{i}：{text}",
                section="s1" if i < 6 else "s2",
                speaker="=Speaker \"A\"" if i % 2 else "B<i>",
            )
        )
    segs.append(Segment(id="seg-0099", source="Untranslated tail.", target=None, section="s2"))
    return Document(
        segments=tuple(segs),
        sections=(Section("s1", "=Section & <one>"), Section("s2", "Two\tparts")),
        terms=(
            Term(target="中文", source="=Chinese <lang>", definition="a language & \"script\"\nsecond line", segment="seg-0001"),
            Term(target="不存在", source=None, definition=None),
        ),
        title='+Hostile "title" <&>',
        source_url="javascript:alert(1)",
        tags=("has space", "=eq"),
    )


def open_collection(tmp_path: Path, name: str = "collection.anki2"):
    return anki_collection.Collection(str(tmp_path / name))


def import_apkg(col, path: Path, update: str = "IF_NEWER"):
    from anki import import_export_pb2 as pb
    from anki.collection import ImportAnkiPackageRequest

    opts = pb.ImportAnkiPackageOptions(
        update_notes=getattr(pb, f"IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_{update}"),
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=opts)).log


def notes_by_guid(col) -> dict:
    return {n.guid: n for n in (col.get_note(nid) for nid in col.find_notes(""))}


def assert_imported_exactly(col, deck) -> None:
    """Every predicted note is in the collection with exactly the predicted fields, tags, cards and deck."""
    stored = notes_by_guid(col)
    assert col.note_count() == len(deck.notes) == len(stored)
    assert col.card_count() == deck.card_count
    for note in deck.notes:
        got = stored[note.guid]
        assert got.note_type()["name"] == note.notetype.name
        assert tuple(got.fields) == note.fields, note.guid
        assert sorted(got.tags) == sorted(note.tags)
        cards = got.cards()
        assert len(cards) == note.card_count
        for card in got.cards():  # each card renders: no template error, a non-empty prompt
            question, answer = card.question(), card.answer()
            assert "template has a problem" not in question + answer
            assert question.split("</style>")[-1].strip()
        assert {col.decks.name(c.did) for c in cards} == {deck.name}


def export(doc: Document, path: Path, **options) -> Path:
    options.setdefault("timestamp", 1_700_000_000)
    render(ApkgExporter(ApkgOptions(**options)), doc, path)
    return path


def card_options(**options) -> CardOptions:
    from diglot.exporters.anki.csv import AnkiOptions, card_options as convert

    return convert(AnkiOptions(**options))


@pytest.mark.parametrize("direction", ["en-zh", "both"])
def test_frontmatter_seed_imports_exactly(frontmatter_doc, tmp_path, direction):
    path = export(frontmatter_doc, tmp_path / "talk.apkg", direction=direction, cloze=True)
    deck = build_deck(align_document(frontmatter_doc), card_options(direction=direction, cloze=True))
    families = {n.notetype.name for n in deck.notes}
    assert families == {"diglot sentence", "diglot term", "diglot cloze"}
    assert sum(n.notetype is TERM for n in deck.notes) == len({t.target for t in frontmatter_doc.terms})
    col = open_collection(tmp_path)
    try:
        log = import_apkg(col, path)
        assert len(log.new) == len(deck.notes)
        assert_imported_exactly(col, deck)
        per_note = 2 if direction == "both" else 1
        # the model predicts: one sentence note per aligned pair, one term note per glossary term

        every = [p for s in align_document(frontmatter_doc).segments for p in s.pairs]
        pairs = [p for p in every if p.complete]
        # the repaired turn (line 244): two English sentences whose translation was lost, no card
        assert [p.source for p in every if not p.complete] == [
            "Now you've got this great competitive programmer.",
            "With this analogy, I think it's more intuitive.",
        ]
        clozes = [n for n in deck.notes if n.notetype.cloze]
        # 11 term notes: the seed's 12th annotation, “那个东西”（it）, glosses a pronoun and is no term
        expected_cards = per_note * (len(pairs) + 11) + sum(n.card_count for n in clozes)
        assert col.card_count() == expected_cards and col.note_count() == len(pairs) + 11 + len(clozes)
        sentence_notes = [n for n in deck.notes if n.notetype is SENTENCE]
        stored = notes_by_guid(col)
        assert sum(len(stored[n.guid].cards()) for n in sentence_notes) == per_note * len(sentence_notes)
        # the note types carry the documented fields and fixed ids
        by_name = {m["name"]: m for m in col.models.all()}
        assert [f["name"] for f in by_name["diglot sentence"]["flds"]] == list(SENTENCE_FIELDS)
        assert [f["name"] for f in by_name["diglot term"]["flds"]] == list(TERM_FIELDS)
        assert [f["name"] for f in by_name["diglot cloze"]["flds"]] == list(CLOZE_FIELDS)
        assert by_name["diglot sentence"]["id"] == SENTENCE.id
        # speakers, sections, glossary and tags made it through
        speakers = {n["Speaker"] for n in stored.values() if n.note_type()["name"] == "diglot sentence"}
        assert {"Ilya", "Dwarkesh"} <= speakers <= {"Ilya", "Dwarkesh", ""}  # seg-0029 has no speaker label
        assert all("learning" in n.tags and "scaling-law" in n.tags for n in stored.values())
        assert any(t.startswith("section::01_") for n in stored.values() for t in n.tags)
        term = next(n for n in stored.values() if n.note_type()["name"] == "diglot term" and n["Chinese"] == "预训练")
        assert "".join(term["Pinyin"].split()) == "yùxùnliàn"  # tone marks; word spacing is the pinyin helper's
        assert term["English"] == "pre-training"
        assert "<b>预训练</b>" in term["Example"]
        assert "<b>pre-training</b>" in term["Example English"]
        agi = next(n for n in stored.values() if n.note_type()["name"] == "diglot term" and n["Chinese"] == "AGI")
        assert "<b>AGI</b>" in agi["Example English"]  # a Latin term is found in the English sentence too
        # glossary terms become the cloze deletions of the sentences they appear in
        clozes = [n["Text"] for n in stored.values() if n.note_type()["name"] == "diglot cloze"]
        assert any("{{c1::预训练}}" in t or "::预训练}}" in t for t in clozes)
        assert all("{{c1::" in t for t in clozes)
        # a rendered card shows the text, with pinyin above the Chinese on the answer
        card = stored[sentence_notes[0].guid].cards()[0]
        answer = card.answer()
        assert answer.index('class="pinyin"') < answer.index('class="zh"')
    finally:
        col.close()


def test_paired_seed_nothing_dropped(paired_doc, tmp_path):
    """74 segments, 6 untranslated: every translated sentence is on a card, untranslated ones are context."""
    path = export(paired_doc, tmp_path / "talk.apkg")
    deck = build_deck(align_document(paired_doc), card_options())
    sentence_notes = [n for n in deck.notes if n.notetype is SENTENCE]
    assert not any(n.notetype is TERM for n in deck.notes)  # no glossary, no term notes, no error
    col = open_collection(tmp_path)
    try:
        import_apkg(col, path)
        assert_imported_exactly(col, deck)
    finally:
        col.close()
    english = " ".join(plain_text(n["English"]) for n in sentence_notes)
    chinese = "".join(plain_text(n["Chinese"]) for n in sentence_notes)
    squash = lambda s: "".join(unicodedata.normalize("NFC", s).split())  # noqa: E731
    translated = [s for s in paired_doc.segments if not s.untranslated]
    assert squash(english) == squash(" ".join(s.source for s in translated))
    assert squash(chinese) == squash("".join(s.target for s in translated))
    assert all(n["Chinese"] and n["English"] for n in sentence_notes)
    assert sum(s.untranslated for s in paired_doc.segments) == 6
    # an untranslated sentence next to a card is that card's context
    units = sentence_units(align_document(paired_doc))
    keys = sentence_keys(units)
    by_guid = {n.guid: n for n in sentence_notes}
    checked = 0
    for i, unit in enumerate(units):
        if unit.complete:
            continue
        for j, side in ((i - 1, "After"), (i + 1, "Before")):
            if 0 <= j < len(units) and units[j].complete:
                neighbour = by_guid[note_guid(paired_doc.identity, "sentence", keys[j])]
                assert plain_text(neighbour[side]).startswith(unit.source or unit.target)
                checked += 1
    assert checked >= 6


def test_hostile_text_is_stored_exactly(tmp_path):
    doc = hostile_doc()
    path = export(doc, tmp_path / "hostile.apkg", direction="both", cloze=True)
    deck = build_deck(align_document(doc), card_options(direction="both", cloze=True))
    col = open_collection(tmp_path)
    try:
        import_apkg(col, path)
        assert_imported_exactly(col, deck)
        stored = [n for n in notes_by_guid(col).values() if n.note_type()["name"] == "diglot sentence"]
        # each card shows its sentence exactly (the aligner decides where sentences end)
        every = sentence_units(align_document(doc))
        keys = dict(zip(map(id, every), sentence_keys(every)))
        units = [u for u in every if u.trusted]
        by_guid = {n.guid: n for n in stored}
        assert len(units) == len(stored)
        for u in units:
            note = by_guid[note_guid(doc.identity, "sentence", keys[id(u)])]
            assert plain_text(note["English"]) == unicodedata.normalize("NFC", u.source)
            assert plain_text(note["Chinese"]) == unicodedata.normalize("NFC", u.target)
        squash = lambda s: "".join(unicodedata.normalize("NFC", s).split())  # noqa: E731
        assert squash(" ".join(plain_text(n["English"]) for n in stored)) == squash(" ".join(HOSTILE))
        assert "=SUM(A1:A2)" in {plain_text(n["English"]) for n in stored}
        for n in stored:
            assert "<script>" not in n["English"] and "<b>" not in n["English"]
            assert n["Link"] == ""  # a javascript: URL never becomes a link
            assert {"has_space", "=eq", "diglot::sentence"} <= set(n.tags)
    finally:
        col.close()


def test_reimport_updates_not_duplicates(frontmatter_doc, tmp_path):
    path = export(frontmatter_doc, tmp_path / "v1.apkg", timestamp=1_700_000_000)
    fixed_segments = list(frontmatter_doc.segments)
    # a corrected translation and a spelling fix in the English: the same notes, updated
    fixed_segments[0] = replace(
        fixed_segments[0], source="You know what's crazy? That all of this is reall.", target="你知道什么最疯狂吗？这一切都是真的。", pairs=()
    )
    fixed = replace(frontmatter_doc, segments=tuple(fixed_segments))
    path2 = export(fixed, tmp_path / "v2.apkg", timestamp=1_700_000_100)
    deck = build_deck(align_document(fixed), card_options())
    col = open_collection(tmp_path)
    try:
        first = import_apkg(col, path)
        count = col.note_count()
        assert len(first.new) == count
        second = import_apkg(col, path2)
        assert len(second.new) == 0
        assert len(second.updated) >= 1
        assert col.note_count() == count
        assert_imported_exactly(col, deck)
        assert col.find_notes('"Chinese:你知道什么最疯狂吗？"')
    finally:
        col.close()


def test_same_timestamp_same_bytes(frontmatter_doc, tmp_path):
    a = export(frontmatter_doc, tmp_path / "a.apkg", cloze=True)
    b = export(frontmatter_doc, tmp_path / "b.apkg", cloze=True)
    assert a.read_bytes() == b.read_bytes()


def test_source_date_epoch_sets_the_note_time(frontmatter_doc, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    render(ApkgExporter(ApkgOptions(cards="terms")), frontmatter_doc, tmp_path / "t.apkg")
    col = open_collection(tmp_path)
    try:
        import_apkg(col, tmp_path / "t.apkg")
        assert {col.get_note(n).mod for n in col.find_notes("")} == {1600000000}
    finally:
        col.close()


def test_real_timing_links_to_the_moment(frontmatter_doc, tmp_path):
    segs = tuple(
        replace(s, start_ms=60_000 * i + 3_000, end_ms=60_000 * i + 9_000) for i, s in enumerate(frontmatter_doc.segments)
    )
    timed = replace(frontmatter_doc, segments=segs, timing=Timing(source="reference"))
    deck = build_deck(align_document(timed), card_options(cards="sentences"))
    units = sentence_units(align_document(timed))
    first_of_second = next(i for i, u in enumerate(units) if u.segment.id == "seg-0002")
    key = sentence_keys(units)[first_of_second]
    second = next(n for n in deck.notes if n.guid == note_guid(timed.identity, "sentence", key))
    start = timed.segments[1].start_ms
    assert second["Time"] == "1:03" and start == 63_000
    assert second["Link"] == "https://www.youtube.com/watch?v=aR20FWCCjAs&amp;t=63s"
    export(timed, tmp_path / "timed.apkg", cards="sentences")
    col = open_collection(tmp_path)
    try:
        import_apkg(col, tmp_path / "timed.apkg")
        assert_imported_exactly(col, deck)
        card = notes_by_guid(col)[second.guid].cards()[0]
        assert 'href="https://www.youtube.com/watch?v=aR20FWCCjAs&amp;t=63s"' in card.answer()
    finally:
        col.close()
    # estimated times are not real: no timestamp, plain link
    estimated = replace(timed, timing=Timing(source="estimated"))
    note = next(n for n in build_deck(align_document(estimated), card_options(cards="sentences")).notes if n.guid == second.guid)
    assert note["Time"] == "" and note["Link"] == "https://www.youtube.com/watch?v=aR20FWCCjAs"


def test_direction_zh_en_and_options(frontmatter_doc, tmp_path):
    deck = build_deck(align_document(frontmatter_doc), card_options(direction="zh-en", cards="terms", deck="My::Deck", tags="talk,ilya"))
    assert deck.name == "My::Deck"
    assert all(n["Card zh-en"] == "y" and n["Card en-zh"] == "" for n in deck.notes)
    assert all({"diglot::term", "talk", "ilya"} <= set(n.tags) for n in deck.notes)
    export(frontmatter_doc, tmp_path / "zh.apkg", direction="zh-en", cards="terms", deck="My::Deck", tags="talk,ilya")
    col = open_collection(tmp_path)
    try:
        import_apkg(col, tmp_path / "zh.apkg")
        assert_imported_exactly(col, deck)
    finally:
        col.close()
    with pytest.raises(diglot.OptionError):
        ApkgOptions(cards="sentences,words")
    with pytest.raises(diglot.OptionError):
        build_deck(align_document(frontmatter_doc), CardOptions(direction="sideways"))


def test_failed_export_leaves_no_file(frontmatter_doc, tmp_path):
    target = tmp_path / "missing-dir-is-a-file"
    target.write_text("x")
    with pytest.raises(diglot.DiglotError):
        export(frontmatter_doc, target / "talk.apkg")
    assert list(tmp_path.iterdir()) == [target]


def test_changing_direction_adds_cards_to_the_same_notes(frontmatter_doc, tmp_path):
    export(frontmatter_doc, tmp_path / "en.apkg", timestamp=1_700_000_000)
    export(frontmatter_doc, tmp_path / "both.apkg", direction="both", timestamp=1_700_000_100)
    deck = build_deck(align_document(frontmatter_doc), card_options(direction="both"))
    col = open_collection(tmp_path)
    try:
        import_apkg(col, tmp_path / "en.apkg")
        notes, cards = col.note_count(), col.card_count()
        assert notes == cards == len(deck.notes)
        import_apkg(col, tmp_path / "both.apkg")
        assert col.note_count() == notes
        assert col.card_count() == 2 * cards == deck.card_count
    finally:
        col.close()


def test_media_files_travel_in_the_package(tmp_path):
    """Ready for audio: a field naming [sound:clip.mp3] plays the clip the package carries."""
    from diglot.exporters.anki.apkg import write_package
    from diglot.exporters.anki.notes import Deck, Note

    clip = tmp_path / "clip.mp3"
    clip.write_bytes(b"ID3 fake audio")
    fields = ["Hello.", "你好。", "nǐhǎo。", "", "", "", "", "", "", "", "[sound:clip.mp3]", "", "y", ""]
    deck = Deck("media", (Note(SENTENCE, "dgMedia1", tuple(fields), ("diglot::sentence",)),))
    write_package(deck, tmp_path / "media.apkg", 1_700_000_000, media=[clip])
    col = open_collection(tmp_path)
    try:
        import_apkg(col, tmp_path / "media.apkg")
        assert_imported_exactly(col, deck)
        assert (Path(col.media.dir()) / "clip.mp3").read_bytes() == b"ID3 fake audio"
        card = col.get_note(col.find_notes("")[0]).cards()[0]
        assert "[anki:play:a:0]" in card.answer()
        assert [tag.filename for tag in card.answer_av_tags()] == ["clip.mp3"]
    finally:
        col.close()
    with pytest.raises(diglot.OutputError):
        write_package(deck, tmp_path / "bad.apkg", 1_700_000_000, media=[tmp_path / "missing.mp3"])
    assert not (tmp_path / "bad.apkg").exists()


def test_default_note_time_is_the_transcript_file_time(tmp_path, monkeypatch):
    """Without timestamp/SOURCE_DATE_EPOCH: same file, same bytes; an edited (newer) file updates notes."""
    import os
    import shutil

    from tests.conftest import FRONTMATTER_SEED

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    src = tmp_path / "talk.md"
    shutil.copyfile(FRONTMATTER_SEED, src)
    os.utime(src, (1_650_000_000, 1_650_000_000))
    first = render(ApkgExporter(ApkgOptions(cards="terms")), diglot.load(src), tmp_path / "a.apkg").files[0]
    again = render(ApkgExporter(ApkgOptions(cards="terms")), diglot.load(src), tmp_path / "b.apkg").files[0]
    assert first.read_bytes() == again.read_bytes()

    src.write_text(src.read_text(encoding="utf-8").replace("用于衡量 AI 模型性能的基准测试", "衡量模型的基准"), encoding="utf-8")
    os.utime(src, (1_650_000_600, 1_650_000_600))
    edited = render(ApkgExporter(ApkgOptions(cards="terms")), diglot.load(src), tmp_path / "c.apkg").files[0]
    col = open_collection(tmp_path)
    try:
        import_apkg(col, first)
        assert {col.get_note(n).mod for n in col.find_notes("")} == {1_650_000_000}
        import_apkg(col, edited)  # Anki's default: update if newer
        notes = [col.get_note(n) for n in col.find_notes("")]
        assert len(notes) == 11
        assert any("衡量模型的基准" in n["Definition"] for n in notes)
    finally:
        col.close()


def test_english_word_notes_travel_in_the_package(frontmatter_doc, tmp_path):
    path = export(frontmatter_doc, tmp_path / "words.apkg", cards="terms", english_words=8000)
    deck = build_deck(align_document(frontmatter_doc), card_options(cards="terms", english_words=8000))
    assert any(n.notetype.name == "diglot english word" for n in deck.notes)
    col = open_collection(tmp_path)
    try:
        assert len(import_apkg(col, path).new) == len(deck.notes)
        assert_imported_exactly(col, deck)
    finally:
        col.close()
