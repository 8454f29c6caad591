"""Line breaking rules for English and Chinese subtitles."""

from __future__ import annotations

from diglot.lang.linebreak import (
    chinese_breaks,
    cjk_width,
    english_breaks,
    latin_width,
    normalize_space,
    wrap,
    wrap_greedy,
)


def en(text: str, width: int = 42, lines: int = 2):
    return wrap(text, english_breaks(text, width), latin_width, width, lines)


def zh(text: str, width: int = 16, lines: int = 2):
    return wrap(text, chinese_breaks(text, width), cjk_width, width, lines)


def test_one_line_when_it_fits_and_none_when_it_cannot():
    assert en("It was very nice.") == ["It was very nice."]
    assert en("word " * 30) is None
    assert zh("这真是令人愉快。") == ["这真是令人愉快。"]


def test_english_breaks_after_punctuation_and_keeps_phrases_together():
    lines = en("What you have here is an image, a screenshot from a similar talk.")
    assert lines == ["What you have here is an image,", "a screenshot from a similar talk."]
    lines = en("And I also want to thank my incredible co-authors and collaborators")
    assert lines is not None and not lines[0].endswith((" my", " the", " a"))
    lines = en("We thank our incredible co-authors Oriel Vinyals and Kwok Lee today.")
    assert lines is not None and not any(l.endswith("Oriel") for l in lines)


def test_bottom_heavy_pyramid():
    lines = en("The summary of what we did can be boiled down to three points.")
    assert lines is not None and len(lines) == 2
    assert latin_width(lines[0]) <= latin_width(lines[1])


def test_chinese_punctuation_rules():
    text = "我要感谢组织者为这个奖项选择了我的论文，这真是令人愉快。"
    lines = zh(text)
    assert lines is not None and "".join(lines) == text
    assert lines[1][0] not in "，。了的"
    for p, _ in chinese_breaks("他说：“你好！”（笑）《论文》。"):
        assert "他说：“你好！”（笑）《论文》。"[p] not in "：！”）。》"
        assert "他说：“你好！”（笑）《论文》。"[p - 1] not in "“（《"


def test_chinese_never_breaks_inside_latin_names_or_numbers():
    text = "感谢我的合作者 Oriel Vinyals 和 Kwok Lee，还有 GPT-2 在 2014 年的工作"
    offsets = {p for p, _ in chinese_breaks(text)}
    for name in ("Oriel Vinyals", "Kwok Lee", "GPT-2", "2014"):
        start = text.index(name)
        assert not any(start < p < start + len(name) for p in offsets), name


def test_widths_and_long_words():
    assert cjk_width("GPT-2 和") == 4.0  # 6 half-width (5 + space) + 1 full
    assert latin_width("zero\u200bwidth") == 9
    assert cjk_width("🎉") == 1
    url = "https://example.com/" + "x" * 80
    lines = en(f"see {url}", 42, 3)
    assert lines is not None and all(latin_width(l) <= 42 for l in lines)
    assert "".join(lines).replace(" ", "") == f"see{url}"
    lines = zh("链接" + "a" * 40, 16, 3)
    assert lines is not None and all(cjk_width(l) <= 16 for l in lines)


def test_normalize_space():
    assert normalize_space(" a\tb\n\nc\u2028d ") == "a b c d"


def test_chinese_keeps_localizers_prepositions_and_short_quotes_together():
    text = "目前它们在任何有实际意义的情况下都称不上是智能体"
    costs = dict(chinese_breaks(text))
    at = text.index("下")
    assert costs.get(at, 99) > 2  # 情况|下
    text = "可以把数据比作「化石燃料」的东西"
    costs = dict(chinese_breaks(text))
    assert costs.get(text.index("燃"), 99) > 2


def test_adjective_noun_break_costs_more_than_a_clause_break():
    text = "thank my incredible co-authors and collaborators"
    costs = {text[:p].split()[-1]: c for p, c in english_breaks(text)}
    assert costs["incredible"] > costs["co-authors"]


def test_chinese_never_breaks_inside_a_word_the_dictionary_cuts():
    """jieba cuts 预|训练, 自|回归, 数据|集: bound prefixes and suffixes stay with their word."""
    from diglot.lang.linebreak import chinese_words

    text = "然而，传统意义上的预训练无疑将会结束"
    assert text.index("训练") not in {p for p, _ in chinese_breaks(text)}
    for width in range(9, 14):
        lines = zh(text, width)
        assert lines is not None and not any(line.endswith("预") for line in lines), lines
    assert chinese_words("自回归模型和数据集") == ["自回归", "模型", "和", "数据集"]


def test_wrap_keeps_break_offsets_when_the_text_starts_with_a_space():
    """A cue piece can start with the space after a Latin word: breaks must stay on their characters."""
    body = "出现之前，深度学习研究人员曾经使用的一种方法。"
    breaks = [(p + 1, c) for p, c in chinese_breaks(body)]
    lines = wrap(" " + body, breaks, cjk_width, 16, 2)
    assert lines is not None and "".join(lines) == body
    assert not lines[1].startswith("员")  # was 研究人 / 员


def test_text_that_fits_no_cue_is_filled_greedily_in_linear_time():
    """The old fallback searched every choice of up to 99 lines (exponential; fuzz case 009 never finished)."""
    import time

    text = "这些系统实际上将在某些重要方面变得更像智能体。目前，它们在任何有实际意义的情况下都称不上是智能体。" * 12
    start = time.process_time()
    lines = wrap_greedy(text, chinese_breaks(text, 16), cjk_width, 16)
    assert time.process_time() - start < 2.0  # was minutes; now milliseconds
    assert "".join(lines) == text and len(lines) >= 36
    assert all(cjk_width(line) <= 16 for line in lines)
    english = "one two three four five six seven eight nine ten " * 20
    lines = wrap_greedy(english, english_breaks(english, 42), latin_width, 42)
    assert " ".join(lines) == english.strip() and all(len(line) <= 42 for line in lines)
    assert wrap_greedy("x" * 100, [], latin_width, 42) == ["x" * 100]  # no break: one over-wide line, nothing lost
