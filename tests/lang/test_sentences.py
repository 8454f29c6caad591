"""Sentence splitting: hard cases (many from the seeds) and the no-loss property."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diglot.lang.sentences import split_chinese, split_english, split_paragraphs


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # seeds
        (
            "You know what's crazy? That all of this is real.",
            ["You know what's crazy?", "That all of this is real."],
        ),
        (
            "So we used that and we got a 3.5x speedup using eight GPUs.",
            ["So we used that and we got a 3.5x speedup using eight GPUs."],
        ),
        (
            "If you come back to the 0.1 second reaction time, what kind of thing is it?",
            ["If you come back to the 0.1 second reaction time, what kind of thing is it?"],
        ),
        (
            "All this AI stuff and all this Bay Area… that it's happening. Isn't it straight out of science fiction?",
            ["All this AI stuff and all this Bay Area… that it's happening.", "Isn't it straight out of science fiction?"],
        ),
        (
            "whereas right now it just feels... We get used to things pretty fast, it turns out.",
            ["whereas right now it just feels...", "We get used to things pretty fast, it turns out."],
        ),
        (
            "But that's the kind of thing which seems... well, it may or may not be possible.",
            ["But that's the kind of thing which seems... well, it may or may not be possible."],
        ),
        (
            'You look at the evals and you go, "Those are pretty hard evals." They are doing so well.',
            ['You look at the evals and you go, "Those are pretty hard evals."', "They are doing so well."],
        ),
        (
            'Then you tell the model, "Can you please fix the bug?" And the model says, "Oh my God."',
            ['Then you tell the model, "Can you please fix the bug?"', 'And the model says, "Oh my God."'],
        ),
        (
            "I want to thank my co-authors, Oriel Vinyals and Kwok Lee, who stood right before you.",
            ["I want to thank my co-authors, Oriel Vinyals and Kwok Lee, who stood right before you."],
        ),
        # abbreviations, initials, acronyms
        ("Mr. Smith met Dr. Jones at 5 p.m. on Monday.", ["Mr. Smith met Dr. Jones at 5 p.m. on Monday."]),
        ("Use a tool, e.g. Python, i.e. a language.", ["Use a tool, e.g. Python, i.e. a language."]),
        ("He moved to the U.S. in 1999. The rest is history.", ["He moved to the U.S. in 1999.", "The rest is history."]),
        ("The U.S. The U.K. They differ.", ["The U.S.", "The U.K.", "They differ."]),
        ("The U.S. Army and the U.S. Navy.", ["The U.S. Army and the U.S. Navy."]),
        ("Work by J. R. R. Tolkien sold well.", ["Work by J. R. R. Tolkien sold well."]),
        ("GPT vs. Claude. Which wins?", ["GPT vs. Claude.", "Which wins?"]),
        ("The answer is no. Then we moved on.", ["The answer is no.", "Then we moved on."]),
        ("See Fig. 3 and No. 5 on p. 12. Done.", ["See Fig. 3 and No. 5 on p. 12.", "Done."]),
        ("Apples, pears, etc. The list goes on.", ["Apples, pears, etc.", "The list goes on."]),
        ("Version 2.0 costs $3.50. It shipped.", ["Version 2.0 costs $3.50.", "It shipped."]),
        ("What?! No way!! Yes.", ["What?!", "No way!!", "Yes."]),
        ("He said (quietly.) Then left.", ["He said (quietly.)", "Then left."]),
        ("It ends with a URL example.com/a.b and goes on.", ["It ends with a URL example.com/a.b and goes on."]),
        # paragraph breaks are hard boundaries, even without punctuation
        ("First paragraph without a stop\n\nsecond one.", ["First paragraph without a stop", "second one."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_english(text, expected):
    assert split_english(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # seeds
        (
            "你知道什么事最疯狂吗？这一切都是真实发生的。",
            ["你知道什么事最疯狂吗？", "这一切都是真实发生的。"],
        ),
        (
            "所有这些 AI 的事情，所有这些湾区发生的一切……它真的在发生。",
            ["所有这些 AI 的事情，所有这些湾区发生的一切……", "它真的在发生。"],
        ),
        (
            "也许这并不坏。只是…… 我不太确定。",
            ["也许这并不坏。", "只是……", "我不太确定。"],
        ),
        (
            "你看着那些评估指标，会觉得：“这些测试相当难啊。”它们做得那么好，但经济影响似乎远远落后。",
            ["你看着那些评估指标，会觉得：“这些测试相当难啊。”", "它们做得那么好，但经济影响似乎远远落后。"],
        ),
        (
            "模型会说：“天哪，你说得太对了。我这里有个 bug。让我来修复它。”结果它引入了第二个 bug。",
            ["模型会说：“天哪，你说得太对了。", "我这里有个 bug。", "让我来修复它。”", "结果它引入了第二个 bug。"],
        ),
        (
            "因此，我们当时采用了这种方法，并使用八个 GPU 实现了 3.5 倍的加速。",
            ["因此，我们当时采用了这种方法，并使用八个 GPU 实现了 3.5 倍的加速。"],
        ),
        (
            "如果你相信所谓的深度学习信条，也就是说，人工神经元和...",
            ["如果你相信所谓的深度学习信条，也就是说，人工神经元和..."],
        ),
        # closers, titles, ellipses
        ("他读了《你好。世界！》这本书。然后睡了。", ["他读了《你好。世界！》这本书。", "然后睡了。"]),
        ("她说「走吧！」我们就走了。", ["她说「走吧！」", "我们就走了。"]),
        ("（这是注释。）正文继续。", ["（这是注释。）", "正文继续。"]),
        ("真的吗？！当然。", ["真的吗？！", "当然。"]),
        ("我想……，算了。", ["我想……，算了。"]),
        ("等一下……", ["等一下……"]),
        ("他问 what? 我说 yes!", ["他问 what?", "我说 yes!"]),
        ("版本 a?b 不变。", ["版本 a?b 不变。"]),
        ("人工神经元和...然后呢。", ["人工神经元和...", "然后呢。"]),
        ("版本 v1...v2 不变。", ["版本 v1...v2 不变。"]),
        ("第一段没有句号\n\n第二段。", ["第一段没有句号", "第二段。"]),
        ("", []),
    ],
)
def test_split_chinese(text, expected):
    assert split_chinese(text) == expected


def test_chinese_semicolons_optional():
    text = "第一，数据很多；第二，不用思考。"
    assert split_chinese(text) == [text]
    assert split_chinese(text, semicolons=True) == ["第一，数据很多；", "第二，不用思考。"]


def test_split_paragraphs():
    assert split_paragraphs("a\n\nb\n \nc\nd") == ["a", "b", "c\nd"]


def test_seed_segments_split_without_loss(seed_doc):
    for seg in seed_doc.segments:
        if seg.source:
            pieces = split_english(seg.source)
            assert _squash("".join(pieces)) == _squash(seg.source)
            assert all(p == p.strip() and p for p in pieces)
        if seg.target:
            pieces = split_chinese(seg.target)
            assert _squash("".join(pieces)) == _squash(seg.target)


_TOKENS = list("abcXYZ .?!…\"'”’」』）)】《》。？！，；\n\t 3.5x") + [
    "Mr.",
    "U.S.",
    "e.g.",
    "……",
    "\n\n",
    "...",
    "中文",
    "\u200b",
]
_TEXT = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_no_loss_english(text):
    pieces = split_english(text)
    assert _squash("".join(pieces)) == _squash(text)
    assert all(p and p == p.strip() for p in pieces)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_no_loss_chinese(text):
    pieces = split_chinese(text)
    assert _squash("".join(pieces)) == _squash(text)
    assert all(p and p == p.strip() for p in pieces)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_no_loss_any_text(text):
    for split in (split_english, split_chinese):
        pieces = split(text)
        assert _squash("".join(pieces)) == _squash(text)


def test_ascii_quotes_in_chinese_open_or_close_by_parity():
    assert split_chinese('他说。"下一句"很好。') == ["他说。", '"下一句"很好。']
    assert split_chinese('他说"好的。"然后走了。') == ['他说"好的。"', "然后走了。"]


def test_splitter_matches_the_hand_checked_gold_split(paired_doc, frontmatter_doc):
    # the 52 gold segments' sentence lists were checked by hand when aligning them
    import json
    from pathlib import Path

    gold = json.loads((Path(__file__).parent.parent / "data" / "alignment_gold.json").read_text(encoding="utf-8"))
    docs = {"000": paired_doc, "002": frontmatter_doc}
    for seg in gold["segments"]:
        real = {s.id: s for s in docs[seg["file"][:3]].segments}[seg["id"]]
        assert split_english(real.source) == seg["source"], seg["id"]
        assert split_chinese(real.target) == seg["target"], seg["id"]
