from __future__ import annotations

import re
from collections import Counter

import pytest

import diglot
from diglot.errors import InputError
from diglot.readers import paired

from ..conftest import PAIRED_SEED


def test_seed_figures(paired_doc):
    doc = paired_doc
    assert doc.reader == "paired"
    assert len(doc.segments) == 74
    assert doc.untranslated_count == 6
    assert doc.title == "Ilya-Sutskever在神经信息处理系统会议上演讲"
    assert doc.date == "2024-12-16"
    assert doc.sections == ()
    assert all(s.speaker is None for s in doc.segments)
    # 60 chunks of 1+1 and 6 of 2+2 pair positionally; 2 chunks of 2+1 stay whole
    two_en = [s for s in doc.segments if s.source and "\n\n" in s.source]
    assert len(two_en) == 2 and all(s.target and "\n\n" not in s.target for s in two_en)
    assert doc.notices == ()


def test_sentinel_is_never_text(paired_doc):
    for seg in paired_doc.segments:
        assert paired.SENTINEL not in (seg.target or "")
        assert paired.SENTINEL not in (seg.source or "")
    untranslated = [s for s in paired_doc.segments if s.untranslated]
    assert all(s.target is None and s.source for s in untranslated)


def test_origins_point_at_the_lines(paired_doc):
    lines = PAIRED_SEED.read_text(encoding="utf-8").split("\n")
    for seg in paired_doc.segments:
        first = lines[seg.origin.first_line - 1]
        assert first.strip(), seg.id
        assert seg.origin.last_line >= seg.origin.first_line


def _words(text: str) -> Counter:
    return Counter(re.findall(r"[A-Za-z0-9]+", text))


def _han(text: str) -> Counter:
    return Counter(re.findall(r"[\u4e00-\u9fff]", text))


def test_no_content_lost(paired_doc):
    raw = PAIRED_SEED.read_text(encoding="utf-8")
    lines = raw.split("\n")
    body = "\n".join(line for line in lines[1:] if line.strip() != paired.SENTINEL)
    model = " ".join((s.source or "") + " " + (s.target or "") for s in paired_doc.segments)
    heading = paired_doc.title + " " + paired_doc.date.replace("-", "")
    assert not (_words(body) - _words(model))
    assert not (_han(body) - _han(model))
    assert not (_han(lines[0]) - _han(heading))


def test_runs_pair_positionally_or_stay_whole():
    text = "\n\n".join(
        [
            "First English paragraph.",
            "Second English paragraph.",
            "第一段中文。",
            "第二段中文。",
            "Third English, then one Chinese.",
            "Fourth English.",
            "第三段中文，合并了两段。",
            "Fifth English.",
            paired.SENTINEL,
        ]
    )
    doc = diglot.loads(text, "runs.txt")
    assert [(s.source, s.target) for s in doc.segments] == [
        ("First English paragraph.", "第一段中文。"),
        ("Second English paragraph.", "第二段中文。"),
        ("Third English, then one Chinese.\n\nFourth English.", "第三段中文，合并了两段。"),
        ("Fifth English.", None),
    ]


def test_language_by_script_share():
    text = "An English line with a stray 字 in it.\n\n我的合著者 Oriel Vinyals 和 Kwok Lee 在 2014 年 GPT-2。\n"
    doc = diglot.loads(text, "share.txt")
    assert len(doc.segments) == 1
    assert doc.segments[0].source.startswith("An English")
    assert doc.segments[0].target.startswith("我的")


def test_date_heading_variants():
    doc = diglot.loads("# 2023-02-27 A Talk\n\nHello there.\n\n你好。\n", "h.txt")
    assert doc.date == "2023-02-27" and doc.title == "A Talk"
    doc = diglot.loads("## Plain title\n\nHello there.\n\n你好。\n", "h.txt")
    assert doc.date is None and doc.title == "Plain title"


def test_later_headings_open_sections():
    doc = diglot.loads("# Talk\n\n## Q&A\n\nHello there.\n\n你好。\n", "h.txt")
    assert [s.title for s in doc.sections] == ["Q&A"]
    assert doc.segments[0].section == doc.sections[0].id


def test_inline_markup_is_plain():
    doc = diglot.loads("It is **bold** &amp; <i>fine</i>.\n\n这是**粗体** &amp; 好的。\n", "m.txt")
    assert doc.segments[0].source == "It is bold & fine."
    assert doc.segments[0].target == "这是粗体 & 好的。"


def test_trailing_english_without_translation_is_kept_and_warned():
    doc = diglot.loads("Hello there.\n\n你好。\n\nA last word.\n", "t.txt")
    assert doc.segments[-1].source == "A last word." and doc.segments[-1].target is None
    assert any("no translation" in n.message for n in doc.notices)


def test_only_english_is_refused():
    with pytest.raises(InputError, match="no translation found"):
        diglot.loads("Just English, nothing else at all.\n\nMore English.\n", "e.txt")


def test_origin_lines_after_a_heading_in_the_same_block():
    doc = diglot.loads("# Talk\n\n## Part one\nHello there, everyone.\n\n你好，大家。\n", "h.txt")
    seg = doc.segments[0]
    assert doc.sections[0].origin.first_line == 3
    assert (seg.origin.first_line, seg.origin.last_line) == (4, 6)
