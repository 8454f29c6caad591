"""Nothing lost, provably: every content character of the input is placed in the model, once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import diglot
from diglot.errors import InputError
from diglot.readers.coverage import measure

from ..conftest import FRONTMATTER_SEED, PAIRED_SEED

FIXTURES = Path(__file__).parent / "fixtures"
ALL_FIXTURES = sorted(FIXTURES.glob("*.md")) + sorted(FIXTURES.glob("*.txt"))


def coverage_notices(doc) -> list[str]:
    return [n.message for n in doc.notices if n.message.startswith(("text not placed", "text placed twice"))]


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_fully_placed(path):
    doc = diglot.load(path)
    assert doc.coverage == 1.0, coverage_notices(doc)
    assert coverage_notices(doc) == []


@pytest.mark.parametrize("seed", [PAIRED_SEED, FRONTMATTER_SEED], ids=["paired", "frontmatter"])
def test_seeds_are_fully_placed(seed):
    doc = diglot.load(seed)
    assert doc.coverage == 1.0
    assert coverage_notices(doc) == []


def test_measure_quotes_what_is_missing_and_where():
    body = "第一行内容。\nThe quick brown fox.\n丢失的一段话在这里。\nLast line."
    placed = ["第一行内容。", "The quick brown fox.", "Last line."]
    cov = measure(body, 10, placed, discarded=[])
    assert cov.unplaced == ((12, "丢失的一段话在这里"),)
    assert 0 < cov.ratio < 1
    assert cov.duplicated == ()


def test_measure_reports_text_placed_twice():
    cov = measure("One two three.", 1, ["One two three.", "two three"], discarded=[])
    assert cov.ratio == 1.0 and cov.duplicated == ("two three",)


def test_measure_ignores_markup_and_discarded_labels():
    body = '**Host:** 你好。\n<details>\n<summary>View/Hide Original English</summary>\n<p class="x">Hi &amp; **b**ye.</p>\n</details>'
    cov = measure(body, 1, ["你好。", "Hi & bye."], discarded=["**Host:** ", "View/Hide Original English"])
    assert cov.ratio == 1.0 and cov.unplaced == () and cov.duplicated == ()


def test_a_lost_passage_is_reported_by_the_reader(monkeypatch):
    # make the reader drop a turn's English on purpose: the check must notice and quote it
    from diglot.readers.frontmatter import turns

    original = turns.Builder._english

    def lossy(self, paras, seg_index):
        return original(self, [p for p in paras if "physics" not in p[0]], seg_index)

    monkeypatch.setattr(turns.Builder, "_english", lossy)
    doc = diglot.load(FIXTURES / "english_after_block.md")
    assert doc.coverage < 1.0
    (note,) = [n for n in doc.notices if n.message.startswith("text not placed")]
    assert "They teach everything from computing to physics" in note.message and note.line == 9


def test_inspect_prints_the_coverage(tmp_path):
    from click.testing import CliRunner

    from diglot.cli import cli

    result = CliRunner().invoke(cli, ["inspect", str(FIXTURES / "appendix.md")])
    assert result.exit_code == 0, result.output
    assert "content placed: 100%" in result.output
    assert "appendix:     5 paragraph(s)" in result.output


# --------------------------------------------------------------------------- mutated posts

FRONT = "---\ntitle: 变异的帖子\n---\n"


def _body(name: str) -> list[str]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1].strip("\n").split("\n")


BASE = (
    _body("misspelt_tags.md")
    + [""]
    + _body("glued_headings.md")
    + [""]
    + _body("sound_cues.md")
    + [""]
    + _body("speaker_marks.md")
    + [""]
    + _body("continuation.md")
)

BREAKS = [
    ("</details>", "</detais>"),
    ("</details>", "</sdetials>"),
    ("<details>", "<<details>"),
    ("</details>", "‹/details>"),
    ("</summary>", "</p>"),
    ("</details>", ""),
    ("<summary>", "<summary "),
    ("</p>", "</p>\n\n"),
]


@st.composite
def mutated(draw):
    lines = list(BASE)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "break", "glue"]))
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "break":
            old, new = draw(st.sampled_from(BREAKS))
            if old in lines[i]:
                lines[i] = lines[i].replace(old, new, 1)
        else:  # glue a heading to the next line
            if lines[i].startswith("#") and i + 1 < len(lines):
                lines[i] = re.sub(r"^(#+)\s*", r"\1", lines[i]) + lines.pop(i + 1)
        if not lines:
            lines = ["空。"]
    return FRONT + "\n".join(lines) + "\n"


def _content(text: str) -> Counter[str]:
    """A crude, independent view of the content: Latin words and Han characters, without tags or labels."""
    text = re.sub(r"<summary[^>]*>[^<‹\n]*", " ", text)
    text = re.sub(r"</?[A-Za-z][^>\n]*>", " ", text)
    text = text.replace("*", "")
    return Counter(re.findall(r"[A-Za-z]+|[\u4e00-\u9fff]", text))


LABEL_WORDS = set("Host Guest Carol Kyra Dana Eli View Hide Original English details summary detais sdetials".split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_posts_lose_nothing_silently(text):
    try:
        doc = diglot.loads(text, "mutated.md")
    except InputError:
        return  # a clear refusal is allowed (e.g. every <details> deleted); a traceback is not
    body = text.split("\n---\n", 1)[1]
    model = " ".join(
        [f"{s.source or ''} {s.target or ''}" for s in doc.segments]
        + [s.title for s in doc.sections]
        + [f"{t.source or ''} {t.definition or ''}" for t in doc.terms]
        + list(doc.appendix)
    )
    missing = _content(body) - _content(model)
    quoted = " ".join(coverage_notices(doc))
    silent = {tok for tok in missing if tok not in LABEL_WORDS and tok not in quoted}
    assert not silent, (silent, doc.coverage, quoted)
    if doc.coverage is not None and doc.coverage < 1.0:
        assert coverage_notices(doc), "coverage below 100% without a notice quoting the text"


def test_seed_figures_with_coverage(paired_doc, frontmatter_doc):
    assert (len(paired_doc.segments), paired_doc.untranslated_count) == (74, 6)
    assert (len(frontmatter_doc.segments), len(frontmatter_doc.sections)) == (121, 12)
    # 11 glossary terms, not 12: “那个东西”（it） glosses a pronoun; the annotation stays in the text
    assert len(frontmatter_doc.terms) == 11
    assert "那个东西" not in {t.target for t in frontmatter_doc.terms}
    assert any("“那个东西”（it）" in (s.target or "") for s in frontmatter_doc.segments)
    assert frontmatter_doc.appendix == () and not any(s.sound for s in frontmatter_doc.segments)
