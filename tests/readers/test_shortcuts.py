"""Reading's shortcuts (checks skipped where they cannot find anything): the same answers as the full checks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diglot.readers.annotations import TERM, extract_terms
from diglot.readers.frontmatter import parser
from diglot.readers.labels import SPEAKER_MARK, split_marks
from diglot.textio import _has_surrogate, scrub_surrogates

from ..conftest import FRONTMATTER_SEED

_SURROGATE = re.compile(r"[\ud800-\udfff]")


@pytest.mark.parametrize(
    "text",
    ["", "plain ASCII", "中文，全角", "a\ud800b", "\udfff", "x" * (1 << 20) + "\ud83d", "中" * (1 << 20) + "\ude00a", "\ud83d\ude00"],
)
def test_surrogates_found_by_encoding_as_by_the_class(text):
    assert _has_surrogate(text) == bool(_SURROGATE.search(text))
    assert scrub_surrogates(text) == _SURROGATE.subn("\ufffd", text)


def test_tag_patterns_need_a_less_than_sign():
    """The parser searches a line for tags only when it holds a ``<``: no tag pattern matches without one."""
    tags = [parser._DETAILS_OPEN, parser._DETAILS_CLOSE, parser._P_ENGLISH, parser._P_CLOSE, parser._BROKEN_CLOSE,
            parser._SUMMARY_OPEN, parser._SUMMARY_END, parser._P_TAG, parser._P_OPEN]
    lines = FRONTMATTER_SEED.read_text(encoding="utf-8").splitlines()
    assert sum("<" in line for line in lines) > 100  # the seed has tags to find
    for line in lines + ["details> summary> /p>", "english-text", "p class=x>"]:
        if "<" not in line:
            assert not any(p.search(line) for p in tags), line


def test_annotations_need_a_full_width_parenthesis():
    plain = "“氛围编程” (vibe coding) and **评估指标** (evals)"  # ASCII parentheses: no note
    assert TERM.search(plain) is None
    assert extract_terms(plain) == (plain, [])
    text, found = extract_terms("他说 **评估指标**（evals: 用于衡量模型）很重要")
    assert text == "他说 评估指标很重要" and [(t.source, t.definition) for t, _ in found] == [("evals", "用于衡量模型")]



def _split_marks_by_the_pattern(text: str) -> tuple[list[str], int]:
    parts = SPEAKER_MARK.split(text)
    return [p for p in parts if p.strip()], len(parts) - 1


@pytest.mark.parametrize(
    "text", ["", "  ", "Hello there.", ">> Hi. >> Bye.", "Kyra: >> Hi.", "&gt;&gt; escaped", "a>>b", "中文。>>英文", ">>>", "x\n>> y"]
)
def test_split_marks_without_a_mark_as_the_pattern_splits(text):
    assert split_marks(text) == _split_marks_by_the_pattern(text)


@given(st.text(alphabet=" >&gt;.a中\n", max_size=20))
def test_split_marks_as_the_pattern_splits_any_text(text):
    assert split_marks(text) == _split_marks_by_the_pattern(text)


def test_split_marks_on_the_seed_paragraphs():
    for para in FRONTMATTER_SEED.read_text(encoding="utf-8").split("\n\n"):
        assert split_marks(para) == _split_marks_by_the_pattern(para)


#: each tag pattern of the parser and the start a line must hold for the parser to search it
_STARTS = [
    (parser._DETAILS_OPEN, parser._DETAILS_OPEN_AT),
    (parser._DETAILS_CLOSE, parser._DETAILS_CLOSE_AT),
    (parser._P_ENGLISH, parser._P_OPEN_AT),
    (parser._P_CLOSE, parser._P_CLOSE_AT),
    (parser._BROKEN_CLOSE, ("</",)),
    (parser._SUMMARY_OPEN, parser._SUMMARY_OPEN_AT),
    (parser._SUMMARY_END, ("<",)),
    (parser._P_TAG, parser._P_TAG_AT),
]
_TAGGY = st.text(alphabet="<>/ dDpPsS\u017f\u212aetailsummaryenglish-tx=\"中\n", max_size=24)


@given(_TAGGY)
def test_tag_patterns_need_their_start(line):
    """The parser searches a line for a tag only when it holds the tag's start (any case ``re`` folds to it)."""
    for pattern, starts in _STARTS:
        if not any(s in line for s in starts):
            assert pattern.search(line) is None, (pattern.pattern, line)


@pytest.mark.parametrize("tag", ["<ſummary>", "<SUMMARY>", "<Details>", "</DETAILS >", "<P class='english-text'>", "</P>"])
def test_tag_patterns_case_folded_starts(tag):
    matched = [p for p, starts in _STARTS if p.search(tag)]
    assert matched and all(any(s in tag for s in starts) for p, starts in _STARTS if p in matched)


def test_first_han_as_the_character_loop():
    from diglot.lang.script import first_han, han_count

    for text in ["", "View/Hide Original English", "View 中文", "中", "a\U00020000b", "ａ全角", "\x01x", "Ä中"]:
        assert first_han(text) == next((i for i, ch in enumerate(text) if han_count(ch)), None)


@given(st.lists(st.text(alphabet=" \t\xa0a中，\u3000", max_size=8), max_size=4))
def test_join_lines_collapses_spaces_as_the_pattern(lines):
    from diglot.readers import markup

    expected = markup.join_lines(lines)
    # the pattern applied whatever the text (what join_lines did before it looked for a run first)
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (markup.is_han(out[-1]) or markup._is_cjk_punct(out[-1])) or out and not (markup.is_han(line[0]) or markup._is_cjk_punct(line[0])):
            out += " "
        out += line
    assert expected == markup._SPACES.sub(" ", out).strip()


@given(st.text(alphabet=" \t>*#&gt;<p:：Ab中-1.", max_size=20))
def test_prescan_patterns_need_their_characters(line):
    """The prescan and split_label look for a pattern only in a line holding the characters it needs."""
    from diglot.readers import frontmatter
    from diglot.readers.labels import BOLD_LABEL

    if "**" not in line:
        assert BOLD_LABEL.match(line) is None
    if "#" not in line:
        assert frontmatter._HEADING.match(line) is None
    if ">" not in line:
        assert frontmatter._QUOTE_MARKS.sub("", line) == line and frontmatter._P_OPEN.sub("", line) == line
