from __future__ import annotations

import re
from collections import Counter

import pytest

import diglot
from diglot.errors import InputError

from ..conftest import FRONTMATTER_SEED

FRONT = "---\ntitle: 测试\ndate: 2023-02-27\nsource: https://www.youtube.com/watch?v=abc\n---\n"


def turn(zh: str, en: str, summary: str = "View/Hide Original English") -> str:
    return f"{zh}\n\n<details>\n<summary>{summary}</summary>\n<p class=\"english-text\">{en}</p>\n</details>\n\n"


def test_seed_figures(frontmatter_doc):
    doc = frontmatter_doc
    assert doc.reader == "frontmatter"
    assert len(doc.segments) == 121
    assert len(doc.sections) == 12
    assert doc.speakers == ("Ilya", "Dwarkesh")
    speakers = Counter(s.speaker for s in doc.segments)
    assert speakers["Ilya"] == 84 and speakers["Dwarkesh"] == 36
    repaired = [s for s in doc.segments if s.repaired]
    assert len(repaired) == 1
    assert repaired[0].target.startswith("所有不同的算法")
    assert repaired[0].source.startswith("Now you've got this great competitive programmer")
    assert [n.line for n in doc.notices] == [244]
    assert doc.title == "Ilya Sutskever 深度对话：超越规模定律，回归 AI 研究的本质"
    assert doc.date == "2025-11-25"
    assert doc.source_url == "https://www.youtube.com/watch?v=aR20FWCCjAs"
    assert doc.tags == ("learning", "llm", "research", "scaling-law", "value")
    assert "Ilya Sutskever" in doc.people
    assert doc.summary.startswith("Ilya Sutskever 深入探讨") and "\n" not in doc.summary
    assert doc.extra["speaker"] == "Dwarkesh Patel"
    assert doc.untranslated_count == 0


def test_seed_glossary(frontmatter_doc):
    terms = {t.target: t for t in frontmatter_doc.terms}
    full = [t for t in frontmatter_doc.terms if t.source and t.definition]
    assert len(full) >= 6
    assert terms["评估指标"].source == "evals"
    assert terms["评估指标"].definition == "用于衡量 AI 模型性能的基准测试"
    assert terms["AGI"].source == "Artificial General Intelligence"
    assert terms["奖励投机"].source == "reward hacking" and terms["奖励投机"].definition is None
    seg = {s.id: s for s in frontmatter_doc.segments}[terms["评估指标"].segment]
    # the term stays in the running text, the annotation moves to the glossary
    assert "评估指标" in seg.target and "用于衡量" not in seg.target


def test_no_markup_leaks(frontmatter_doc):
    for seg in frontmatter_doc.segments:
        for text in (seg.source or "", seg.target or ""):
            assert not re.search(r"\*\*|&[a-z]+;|</?[a-z]+[ >]|<summary|>>", text), (seg.id, text[:80])


def test_no_content_lost(frontmatter_doc):
    raw = FRONTMATTER_SEED.read_text(encoding="utf-8")
    body = raw.split("\n---\n", 1)[1]
    body = re.sub(r"<summary>.*?</summary>", " ", body)
    body = re.sub(r"</?[a-z]+[^>]*>", " ", body)
    body = re.sub(r"\*\*(Ilya|Dwarkesh):\*\*", " ", body)
    doc = frontmatter_doc
    model = " ".join(
        [(s.source or "") + " " + (s.target or "") for s in doc.segments]
        + [f"{t.target} {t.source or ''} {t.definition or ''}" for t in doc.terms]
        + [s.title for s in doc.sections]
    )
    words = lambda t: Counter(re.findall(r"[A-Za-z0-9]+", t))  # noqa: E731
    han = lambda t: Counter(re.findall(r"[\u4e00-\u9fff]", t))  # noqa: E731
    assert not (words(body) - words(model))
    assert not (han(body) - han(model))


def test_no_labels_and_speaker_marks():
    text = FRONT + "## 开场\n\n" + turn("大家好。", "Hello everyone.<br><br>>> Thanks for having me.") + turn(">> 谢谢。", "Thank you.")
    doc = diglot.loads(text, "n.md")
    assert [s.speaker for s in doc.segments] == [None, None]
    assert doc.segments[0].source == "Hello everyone.\n\nThanks for having me."
    assert doc.segments[1].target == "谢谢。"
    assert doc.sections[0].title == "开场"
    assert doc.date == "2023-02-27"


def test_label_variants_and_several_chinese_paragraphs():
    text = FRONT + (
        "**甲：** 第一段。\n\n**乙**: 第二段。\n<details>\n<summary>Original English</summary>\n"
        "First paragraph.\n\nSecond paragraph.\n</details>\n</details>\n\n"
        + turn("**Ilya**：你好 &amp; **再见**。", "Hi &amp; **bye**.")
    )
    doc = diglot.loads(text, "v.md")
    first, second = doc.segments
    assert first.speaker == "甲"
    assert first.target == "第一段。\n\n乙: 第二段。"
    assert first.source == "First paragraph.\n\nSecond paragraph."
    assert second.speaker == "Ilya" and second.target == "你好 & 再见。" and second.source == "Hi & bye."
    assert any("stray </details>" in n.message for n in doc.notices)


def test_glued_heading_keeps_text():
    text = FRONT + "###介绍与开场大家好，欢迎。\n<details><summary>Original English</summary><p>Hello, welcome.</p></details>\n"
    doc = diglot.loads(text, "g.md")
    assert len(doc.sections) == 1
    joined = doc.sections[0].title + doc.segments[0].target
    assert joined.replace("，", "").startswith("介绍与开场大家好") and "欢迎" in joined
    assert doc.notices


def test_summary_closed_with_p_is_repaired():
    text = FRONT + "中文。\n<details>\n<summary>View/Hide Original English</p>\n<p class=\"english-text\">English.</p>\n</details>\n"
    doc = diglot.loads(text, "s.md")
    assert doc.segments[0].source == "English." and doc.segments[0].target == "中文。"
    assert any("</p>" in n.message for n in doc.notices)


def test_chinese_in_place_of_english_is_untranslated():
    text = FRONT + turn("好的。", "OK.") + "中文段落。\n<details>\n<summary>Original English</summary>\n<p>另一段中文，原文缺失。</p>\n</details>\n"
    doc = diglot.loads(text, "c.md")
    seg = doc.segments[1]
    assert seg.source is None and seg.untranslated
    assert "另一段中文" in seg.target and "中文段落" in seg.target
    assert any("original missing" in n.message for n in doc.notices)


def test_chinese_only_post_is_refused():
    with pytest.raises(InputError, match="Chinese-only"):
        diglot.loads(FRONT + "### 标题\n\n只有中文。\n", "zh.md")


def test_bad_yaml_is_an_input_error():
    with pytest.raises(InputError, match="front matter"):
        diglot.loads("---\ntitle: [unclosed\n---\n" + turn("中文。", "English."), "y.md")


def test_unclosed_details_at_end():
    doc = diglot.loads(FRONT + "中文。\n<details>\n<p>English.\n", "u.md")
    assert doc.segments[0].source == "English."
    assert any("never closed" in n.message for n in doc.notices)
