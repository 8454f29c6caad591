"""The Anki CSV exporter, checked by importing into a fresh collection of the real Anki."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

import diglot
from diglot.exporters.anki.csv import AnkiCsvExporter, AnkiCsvOptions, AnkiOptions, card_options
from diglot.exporters.anki.apkg import ApkgExporter, ApkgOptions
from diglot.align.sentences import align_document
from diglot.exporters.anki.fields import plain_text
from diglot.exporters.anki.notes import build_deck
from diglot.exporters.anki.units import sentence_units
from diglot.exporters.anki.templates import SENTENCE, TERM
from diglot.model import Document, Section, Segment, Term
from diglot.pipeline import render

anki_collection = pytest.importorskip("anki.collection")

HOSTILE = [
    "tab\there and\ttwo",
    'say "quoted" and \'single\'',
    "line one\nline two\n\nnew paragraph",
    "# looks like a comment",
    "#separator:comma",
    "<script>alert('x')</script> & <b>bold</b> &amp; &lt;",
    "=SUM(A1:A2)",
    "+1 555 0100",
    "-5 degrees",
    "@mention here",
    "{{c5::not a cloze}} and }} {{",  # 11th: its Chinese has the glossary term, so it gets a cloze note
    "\tleading tab",
    "y" * 20000 + " long",
    "e\u0301 combining accent",
    "windows\r\nline ends\rand old mac",
]


def hostile_doc(extra: str = "") -> Document:
    segs = [
        Segment(
            id=f"seg-{i:04d}",
            source=text,
            target=f"{text}{extra}" if i % 3 == 0 else f"中文{i}{extra}：{text}",
            section="s1" if i < 8 else "s2",
            speaker="@Speaker, \"A\"" if i % 2 else "#B",
        )
        for i, text in enumerate(HOSTILE, 1)
    ]
    segs.append(Segment(id="seg-0099", source="Untranslated tail.", target=None, section="s2"))
    return Document(
        segments=tuple(segs),
        sections=(Section("s1", "=Section & <one>"), Section("s2", "Two\tparts")),
        terms=(
            Term(target="中文", source="-Chinese <lang>", definition="=a language & \"script\"\nsecond line", segment="seg-0002"),
            Term(target="不存在", source=None, definition="#no example"),
        ),
        title='+Hostile "title"\t<&>',
        source_url="https://example.org/talk?a=1&b=2",
        tags=("has space", "=eq"),
    )


def open_collection(tmp_path: Path, name: str = "collection.anki2"):
    return anki_collection.Collection(str(tmp_path / name))


def with_note_types(col, tmp_path: Path) -> int:
    """What the README tells users to do once: import an .apkg, which creates the diglot note types."""
    from anki import import_export_pb2 as pb
    from anki.collection import ImportAnkiPackageRequest

    tiny = Document(
        segments=(Segment("seg-0001", "Set-up sentence.", "准备句子。"),),
        terms=(Term("句子", "sentence", "a sentence"),),
        title="note types",
    )
    path = tmp_path / "notetypes.apkg"
    render(ApkgExporter(ApkgOptions(cloze=True, timestamp=1_600_000_000)), tiny, path)
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=pb.ImportAnkiPackageOptions()))
    assert {"diglot sentence", "diglot term", "diglot cloze"} <= {m["name"] for m in col.models.all()}
    return col.note_count()


def import_csv(col, path: Path):
    from anki.collection import ImportCsvRequest

    meta = col.get_csv_metadata(path=str(path), delimiter=None)  # the header decides everything
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=meta)).log


def notes_by_guid(col) -> dict:
    return {n.guid: n for n in (col.get_note(nid) for nid in col.find_notes(""))}


def assert_imported_exactly(col, deck, others: int = 0) -> None:
    stored = notes_by_guid(col)
    assert col.note_count() == len(deck.notes) + others
    for note in deck.notes:
        got = stored[note.guid]
        assert got.note_type()["name"] == note.notetype.name
        assert tuple(got.fields) == note.fields, note.guid
        assert sorted(got.tags) == sorted(note.tags)
        assert len(got.cards()) == note.card_count
        for card in got.cards():  # each card renders: no template error, a non-empty prompt
            question, answer = card.question(), card.answer()
            assert "template has a problem" not in question + answer
            assert question.split("</style>")[-1].strip()
        assert {col.decks.name(c.did) for c in got.cards()} == {deck.name}


def export(doc: Document, path: Path, **options) -> Path:
    """The CSV for the diglot note types (this file tests that variant; test_anki_stock.py the default)."""
    options.setdefault("notetypes", "diglot")
    render(AnkiCsvExporter(AnkiCsvOptions(**options)), doc, path)
    return path


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.split("\n") if line.startswith("#")]
    body = "\n".join(text.split("\n")[len(header) :])
    return header, list(csv.reader(io.StringIO(body), delimiter="\t"))


@pytest.mark.parametrize("direction", ["en-zh", "zh-en", "both"])
def test_seeds_import_exactly(seed_doc, tmp_path, direction):
    path = export(seed_doc, tmp_path / "talk.csv", direction=direction, cloze=True)
    deck = build_deck(align_document(seed_doc), card_options(AnkiOptions(direction=direction, cloze=True)))
    header, body = rows(path)
    assert len(body) == len(deck.notes)  # one row per note
    col = open_collection(tmp_path)
    try:
        before = with_note_types(col, tmp_path)
        cards_before = col.card_count()
        log = import_csv(col, path)
        assert len(log.new) == len(deck.notes)  # no row dropped, none merged
        assert not (log.missing_notetype or log.empty_first_field or log.conflicting or log.duplicate)
        assert_imported_exactly(col, deck, others=before)
        assert col.card_count() - cards_before == deck.card_count
    finally:
        col.close()


def test_header_and_quoting(frontmatter_doc, tmp_path):
    path = export(frontmatter_doc, tmp_path / "talk.csv")
    header, body = rows(path)
    assert header[:2] == ["#separator:tab", "#html:true"]
    keys = {h.split(":", 1)[0] for h in header}
    assert keys == {"#separator", "#html", "#deck", "#notetype column", "#guid column", "#tags column", "#columns"}
    assert "#deck:Ilya Sutskever 深度对话：超越规模定律，回归 AI 研究的本质" in header
    columns = header[-1].split(":", 1)[1].split("\t")
    assert columns[:3] == ["guid", "notetype", "English / Chinese"] and columns[-1] == "tags"
    assert f"#tags column:{len(columns)}" in header
    assert all(len(r) == len(columns) for r in body)
    # every cell quoted: no line can start with an unquoted '#'
    lines = path.read_text(encoding="utf-8").split("\n")[len(header) : -1]
    for line in lines:
        assert line.startswith('"') and line.endswith('"')
    assert path.read_bytes()[:3] != b"\xef\xbb\xbf"  # UTF-8 without BOM
    tags = {t for r in body for t in r[-1].split()}
    assert {"diglot::sentence", "diglot::term", "learning", "scaling-law"} <= tags
    assert any(t.startswith("section::") for t in tags)


def test_hostile_strings_exact_and_formula_safe(tmp_path):
    doc = hostile_doc()
    path = export(doc, tmp_path / "hostile.csv", direction="both", cloze=True)
    deck = build_deck(align_document(doc), card_options(AnkiOptions(direction="both", cloze=True)))
    header, body = rows(path)
    assert len(body) == len(deck.notes)
    for row in body:  # a spreadsheet opening the file sees no formula in any cell
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell[:30]
    col = open_collection(tmp_path)
    try:
        before = with_note_types(col, tmp_path)
        log = import_csv(col, path)
        assert len(log.new) == len(deck.notes)
        assert_imported_exactly(col, deck, others=before)
        stored = notes_by_guid(col)
        sentences = [stored[n.guid] for n in deck.notes if n.notetype is SENTENCE]
        # what Anki shows is each sentence exactly (line ends normalised to \n, NFC), and no text is lost
        norm = lambda t: unicodedata.normalize("NFC", t.replace("\r\n", "\n").replace("\r", "\n"))  # noqa: E731
        units = [u for u in sentence_units(align_document(doc)) if u.complete]
        assert [plain_text(n["English"]) for n in sentences] == [norm(u.source) for u in units]
        assert [plain_text(n["Chinese"]) for n in sentences] == [norm(u.target) for u in units]
        squash = lambda t: "".join(norm(t).split())  # noqa: E731
        assert squash(" ".join(plain_text(n["English"]) for n in sentences)) == squash(" ".join(HOSTILE))
        for n in sentences:
            assert "<script" not in n["English"] and "<b>" not in n["English"]
            assert plain_text(n["Speaker"]) in ('@Speaker, "A"', "#B")
            assert plain_text(n["Link"]) == "https://example.org/talk?a=1&b=2"
        formula = next(n for n in sentences if plain_text(n["English"]) == "=SUM(A1:A2)")
        assert formula["English"] == "&#61;SUM(A1:A2)"  # the documented trade-off: a character reference
        assert "&lt;script&gt;" in next(n["English"] for n in sentences if "script" in n["English"])
        assert any(len(n["English"]) > 20000 for n in sentences)
        # transcript braces are no cloze: that note has exactly one card, for the glossary term
        braces = next(stored[n.guid] for n in deck.notes if n.notetype.cloze and "c5" in n["Text"])
        assert len(braces.cards()) == 1 and braces["Text"].startswith("{{c1::中文}}")
        term = next(stored[n.guid] for n in deck.notes if n.notetype is TERM and n["Chinese"] == "中文")
        assert plain_text(term["Definition"]) == '=a language & "script"\nsecond line'
        assert "<b>中文</b>" in term["Example"]
        # the untranslated segment made no sentence note but is context of its neighbour
        assert any("Untranslated tail." in n["After"] for n in sentences)
        assert not any("Untranslated tail." in n["English"] for n in sentences)
        # the rendered card escapes the markup: no live <script>
        card = formula.cards()[0]
        assert "=SUM(A1:A2)" in card.question() or "&#61;SUM(A1:A2)" in card.question()
        assert "<script>alert" not in "".join(c.answer() for n in sentences for c in n.cards())
    finally:
        col.close()


def test_reimport_updates_not_duplicates(tmp_path):
    v1 = export(hostile_doc(), tmp_path / "v1.csv")
    fixed = hostile_doc(extra="（修订）")
    v2 = export(fixed, tmp_path / "v2.csv")
    deck = build_deck(align_document(fixed), card_options(AnkiOptions()))
    old = {n.guid: n.fields for n in build_deck(align_document(hostile_doc()), card_options(AnkiOptions())).notes}
    assert set(old) == {n.guid for n in deck.notes}  # same GUIDs although the text changed
    changed = [n for n in deck.notes if n.fields != old[n.guid]]
    # every sentence changed, and the term whose example sentence did; the other term did not
    assert len(changed) == sum(n.notetype is SENTENCE for n in deck.notes) + 1
    col = open_collection(tmp_path)
    try:
        before = with_note_types(col, tmp_path)
        first = import_csv(col, v1)
        assert len(first.new) == len(deck.notes)
        second = import_csv(col, v2)
        assert len(second.new) == 0
        assert len(second.updated) == len(changed)
        assert col.note_count() == before + len(deck.notes)
        assert_imported_exactly(col, deck, others=before)
    finally:
        col.close()


def test_csv_after_apkg_updates_the_same_notes(frontmatter_doc, tmp_path):
    """The CSV and the .apkg share GUIDs and field HTML: importing both makes no duplicates."""
    render(ApkgExporter(ApkgOptions(timestamp=1_600_000_000)), frontmatter_doc, tmp_path / "talk.apkg")
    segs = list(frontmatter_doc.segments)
    segs[1] = replace(segs[1], target="这是什么意思？", pairs=())
    fixed = replace(frontmatter_doc, segments=tuple(segs))
    path = export(fixed, tmp_path / "talk.csv")
    deck = build_deck(align_document(fixed), card_options(AnkiOptions()))
    col = open_collection(tmp_path)
    try:
        from anki import import_export_pb2 as pb
        from anki.collection import ImportAnkiPackageRequest

        col.import_anki_package(
            ImportAnkiPackageRequest(package_path=str(tmp_path / "talk.apkg"), options=pb.ImportAnkiPackageOptions())
        )
        count = col.note_count()
        log = import_csv(col, path)
        assert len(log.new) == 0 and len(log.updated) >= 1
        assert col.note_count() == count == len(deck.notes)
        assert_imported_exactly(col, deck)
    finally:
        col.close()


def test_missing_note_types_are_reported_not_replaced_by_basic(frontmatter_doc, tmp_path):
    path = export(frontmatter_doc, tmp_path / "talk.csv")
    col = open_collection(tmp_path)
    try:
        log = import_csv(col, path)
        assert col.note_count() == 0  # nothing silently squeezed into "Basic"
        assert len(log.missing_notetype) == len(rows(path)[1])
    finally:
        col.close()


def test_deterministic_and_options(frontmatter_doc, tmp_path):
    a = export(frontmatter_doc, tmp_path / "a.csv", direction="both", cloze=True)
    b = export(frontmatter_doc, tmp_path / "b.csv", direction="both", cloze=True)
    assert a.read_bytes() == b.read_bytes()
    export(frontmatter_doc, tmp_path / "terms.csv", cards="terms", deck="Talks::Ilya")
    header, body = rows(tmp_path / "terms.csv")
    assert "#deck:Talks::Ilya" in header
    assert {r[1] for r in body} == {"diglot term"} and len(body) == len(frontmatter_doc.terms)
    with pytest.raises(diglot.OptionError):
        AnkiOptions(cards="words")
    files = diglot.export(frontmatter_doc, "anki", tmp_path / "api.csv", cards="sentences", notetypes="diglot")
    assert files == [tmp_path / "api.csv"]
    assert {r[1] for r in rows(files[0])[1]} == {"diglot sentence"}



@pytest.mark.parametrize(
    "option, value",
    [("direction", "bogus"), ("notetypes", "x"), ("clip_format", "wav"), ("still_format", "png")],
)
def test_options_made_in_python_are_checked_against_their_choices(option, value):
    """The choices of an option are checked in one place (diglot.options) for the command line and for Python
    (direction and notetypes went unchecked; ClipOptions calls the same check, tests/timing/test_clip_options.py)."""
    with pytest.raises(diglot.OptionError) as info:
        AnkiCsvOptions(**{option: value})
    assert str(info.value).startswith(f"option {option.replace('_', '-')}: {value!r} is not one of ")
    assert diglot.exporters.get("anki").Options(**{option: AnkiCsvOptions.__dataclass_fields__[option].default})

def test_document_without_glossary_or_translation(tmp_path):
    doc = Document(segments=(Segment("seg-0001", "Only English here.", None),), title="empty")
    result = render(AnkiCsvExporter(AnkiCsvOptions(notetypes="diglot")), doc, tmp_path / "empty.csv")
    header, body = rows(tmp_path / "empty.csv")
    assert body == [] and "#html:true" in header
    assert any("no notes" in m for m in result.messages)
    # a terms-only export of a document without glossary is the same: valid, empty, said so
    result = render(
        AnkiCsvExporter(AnkiCsvOptions(cards="terms", notetypes="diglot")), replace(doc, segments=()), tmp_path / "t.csv"
    )
    assert rows(tmp_path / "t.csv")[1] == [] and any("no notes" in m for m in result.messages)


def test_retimed_talk_has_timestamps_and_moment_links(tmp_path):
    """A transcript retimed against a real caption file: every card names its moment in the video."""
    from diglot.timing.retime import retime_from_file

    fixtures = Path(__file__).resolve().parents[2] / "timing" / "fixtures"
    doc = replace(diglot.load(fixtures / "talk.txt"), source_url="https://youtu.be/talk")
    timed, _report = retime_from_file(diglot.align_document(doc), fixtures / "plain.srt")
    assert timed.timing is not None and timed.timing.source == "reference"
    path = export(timed, tmp_path / "timed.csv", cards="sentences")
    deck = build_deck(align_document(timed), card_options(AnkiOptions(cards="sentences")))
    first = deck.notes[0]
    assert plain_text(first["English"]).startswith("I want to thank the organizers")
    assert first["Time"] == "0:01"  # the caption starts at 00:00:01,200
    assert first["Link"] == "https://youtu.be/talk?t=1s"
    assert all(n["Time"] and "t=" in n["Link"] for n in deck.notes)
    col = open_collection(tmp_path)
    try:
        before = with_note_types(col, tmp_path)
        assert len(import_csv(col, path).new) == len(deck.notes)
        assert_imported_exactly(col, deck, others=before)
    finally:
        col.close()
