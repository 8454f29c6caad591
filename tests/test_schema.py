from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import diglot
from diglot import schema
from diglot.model import SCHEMA_VERSION, Document, Notice, Origin, Section, Segment, SentencePair, Term, Timing


def test_seed_round_trip(tmp_path, seed_doc):
    path = tmp_path / "doc.json"
    diglot.export(seed_doc, "json", path)
    again = diglot.load(path)
    # export prepares what JSON records (sentence pairs), as the command line does
    assert again == diglot.prepare(seed_doc, {"pairs"})
    assert again.has_pairs and not seed_doc.has_pairs
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "diglot" and data["schema"] == SCHEMA_VERSION


def test_export_is_deterministic(tmp_path, frontmatter_doc):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    diglot.export(frontmatter_doc, "json", a)
    diglot.export(frontmatter_doc, "json", b)
    assert a.read_bytes() == b.read_bytes()


text = st.text(max_size=40)
opt_text = st.none() | text
ms = st.none() | st.integers(min_value=0, max_value=10**9)
pairs = st.builds(SentencePair, opt_text, opt_text, ms, ms, st.none() | st.just("estimated"),
                  st.none() | st.floats(0, 1), st.none() | st.tuples(st.integers(0, 10**6)))
segments = st.builds(
    Segment, text, opt_text, opt_text, opt_text, opt_text,
    st.none() | st.builds(Origin, text, st.integers(1, 9999), st.integers(1, 9999)),
    st.booleans(), st.lists(pairs, max_size=3).map(tuple), ms, ms,
    sound=st.booleans(),
)
documents = st.builds(
    Document,
    st.lists(segments, max_size=4).map(tuple),
    st.lists(st.builds(Section, text, text), max_size=2).map(tuple),
    st.lists(st.builds(Term, text, opt_text, opt_text, opt_text), max_size=2).map(tuple),
    title=opt_text,
    appendix=st.lists(text, max_size=2).map(tuple),
    coverage=st.none() | st.floats(0, 1),
    tags=st.lists(text, max_size=3).map(tuple),
    timing=st.none() | st.builds(Timing, st.just("reference"), opt_text, st.none() | st.floats(0, 1)),
    notices=st.lists(st.builds(Notice, text, st.none() | st.integers(1, 99), text), max_size=2).map(tuple),
    extra=st.dictionaries(st.text(max_size=5), st.none() | st.integers() | text | st.lists(text, max_size=2)),
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_round_trip_property(doc):
    assert schema.loads(schema.dumps(doc)) == doc


def test_schema_1_documents_still_read():
    doc = schema.loads('{"format": "diglot", "schema": 1, "document": {"segments": [{"id": "s1", "source": "Hi.", "target": null}]}}')
    assert doc.segments[0].untranslated and not doc.segments[0].sound
    assert doc.appendix == () and doc.coverage is None
