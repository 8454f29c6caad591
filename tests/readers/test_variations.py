"""The front-matter family's variations (input-formats guide, "More variations seen in real posts").

One synthetic fixture per class under ``fixtures/``; each test pins what the
reader makes of it. Every fixture is also checked for 100% content coverage
in ``test_coverage.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import diglot
from diglot.readers.annotations import SHAPES, gloss

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str):
    return diglot.load(FIXTURES / name)


def messages(doc) -> list[str]:
    return [n.message for n in doc.notices]


def pairs(doc) -> list[tuple[str | None, str | None]]:
    return [(s.target, s.source) for s in doc.segments]



def test_misspelt_and_lookalike_closing_tags():
    doc = load("misspelt_tags.md")
    assert pairs(doc) == [
        ("欢迎来到节目。", "Welcome to the show."),
        ("谢谢邀请我。", "Thanks for having me."),
        ("我们从你的新书说起。", "Let's start with your new book."),
        ("这本书写了三年。", "The book took three years to write."),
    ]
    assert [s.speaker for s in doc.segments] == ["Host", "Guest", "Host", "Guest"]
    said = messages(doc)
    for written in ("'</detais>'", "'</sdetials>'", "'<<details>'", "'‹/details>'"):
        assert any(written in m and "read as" in m for m in said), written


def test_english_paragraph_after_its_block_belongs_to_the_turn_above():
    doc = load("english_after_block.md")
    assert pairs(doc) == [
        ("他们开设了从计算机到物理学的各种课程。", "They teach everything from computing to physics."),
        ("而且全部免费。", "And all of it is free."),
    ]
    assert doc.untranslated_count == 0
    assert any("attached it to the turn above" in m for m in messages(doc))


@pytest.mark.parametrize("opener", ["‹/", "</"])
def test_chinese_inside_a_broken_summary_is_that_turns_translation(opener, tmp_path):
    text = (FIXTURES / "chinese_in_summary.md").read_text(encoding="utf-8").replace("‹/", opener)
    path = tmp_path / "summary.md"
    path.write_text(text, encoding="utf-8")
    doc = diglot.load(path)
    second = doc.segments[1]
    assert second.speaker == "Guest"
    assert second.target == "我们在伦敦有一个小办公室。它很小。" and second.source is None
    assert [s.target for s in doc.segments] == ["你们的团队有多大？", "我们在伦敦有一个小办公室。它很小。", "那么你们怎么招人？"]
    assert any("broken <summary>" in m and "kept as this turn's translation" in m for m in messages(doc))
    # the old reader said "kept the text" while dropping it: no warning may claim a keep that did not happen
    assert doc.coverage == 1.0


def test_glued_headings_are_cut_from_the_posts_own_evidence():
    doc = load("glued_headings.md")
    assert [s.title for s in doc.sections] == [
        "开场白",
        "模型与推理的未来",  # listed in the summary
        "Alice 与 Bob 的对话",  # listed in the summary; never "Alice 与 B" / "ob 的对话"
        "问答环节：数据与评估",  # a glued speaker label
        "未来展望",  # only an opener word and the usual length: weak evidence
    ]
    assert [s.target for s in doc.segments[1:]] == ["好的，我们开始吧。", "我们先从数据说起。", "很多人都问评估的事。", "大家好，最后一部分。"]
    assert doc.segments[3].speaker == "Carol"
    glued = [m for m in messages(doc) if m.startswith("heading glued")]
    assert len(glued) == 4
    assert "speaker label" in glued[2] and "summary" in glued[0]
    assert "weak evidence" in glued[3] and not any("weak" in m for m in glued[:3])


def test_unbolded_speaker_labels_when_a_name_recurs():
    doc = load("plain_labels.md")
    assert [s.speaker for s in doc.segments] == ["主持人小王", "Anand", "主持人小王", "主持人小王", "Anand"]
    assert doc.segments[0].target == "欢迎来到我们的节目。"
    assert doc.segments[1].target == "谢谢。很高兴来到这里。"
    # a one-off "注意：" is text, not a speaker (the fourth turn continues the host's)
    assert doc.segments[3].target == "注意：以下内容仅代表个人观点。"
    assert doc.segments[2].target == "注意：今天的话题有点长。"
    assert doc.segments[3].source == "Note: what follows is only my own opinion."
    assert doc.speakers == ("主持人小王", "Anand")


def test_blockquote_turns_lose_the_marker_and_keep_the_turn():
    doc = load("blockquote_turns.md")
    assert doc.segments[0].target == "你在文章里提到了开放权重的模型，能展开讲讲吗？"
    assert doc.segments[0].source.startswith("You mentioned open-weight models")
    assert not any(">" in (s.target or "") for s in doc.segments)


def test_speaker_change_marks_anywhere():
    doc = load("speaker_marks.md")
    first, second, third = doc.segments
    assert first.source == "Today we have an expert in AI.\n\nThank you for having me."
    assert first.target == "今天我们请到了一位人工智能专家。\n\n谢谢邀请我。"
    assert (second.speaker, second.target, second.source) == ("Kyra", "你好。", "Hi.")
    assert (third.speaker, third.source) == ("Kyra", "Let's begin.")
    for seg in doc.segments:
        assert ">>" not in (seg.source or "") + (seg.target or "")


def test_thematic_breaks_are_layout_and_intra_word_emphasis_resolves():
    doc = load("breaks_and_emphasis.md")
    assert len(doc.segments) == 3
    assert doc.untranslated_count == 0
    assert doc.segments[0].source == "The first letter is for Satisfaction."
    assert doc.segments[1].source == "The second is for Accuracy, and the third for Trust."
    assert doc.segments[1].target == "第二个代表准确。"
    for seg in doc.segments:
        assert not set("*_-") & set((seg.source or "") + (seg.target or "")) - {"-"}


def test_sound_descriptions_are_marked_segments():
    doc = load("sound_cues.md")
    kinds = [(s.sound, s.source, s.target) for s in doc.segments]
    assert kinds == [
        (True, "[music]", None),
        (False, "Welcome to the show.", "欢迎收听。"),
        (True, "[laughter]", "[笑声]"),
        (False, "That was a good joke.", "这个笑话真不错。"),
        (True, "(applause)", None),
    ]
    assert doc.segments[1].speaker == "Host"  # the cue before the label does not hide it
    assert doc.untranslated_count == 0  # a sound cue is not an untranslated turn
    assert not any("no English original" in m or "no Chinese" in m for m in messages(doc))


def test_material_after_the_last_turn_is_the_appendix():
    doc = load("appendix.md")
    assert len(doc.segments) == 2 and doc.untranslated_count == 0
    assert doc.appendix == (
        "编者按",
        "这次访谈让我想起了十年前的一次会议。那时候没有人相信模型会这么快变好。",
        "引用的引用：慢慢来，比较快。",
        "Someone @some_handle 2025-12-15",
        "同意这个看法，变量名里的 my_var 也要改。",
    )
    assert doc.sections == ()
    assert any("appendix" in m and "lines 19-27" in m for m in messages(doc))
    # the JSON keeps it
    from diglot.schema import dumps, loads

    assert loads(dumps(doc)) == doc


def test_glossary_note_inside_the_english_original():
    doc = load("glossary_in_english.md")
    seg = doc.segments[0]
    assert seg.source == "Under GDPR, you need the user's consent."
    (term,) = doc.terms
    assert (term.target, term.source, term.definition, term.segment) == (
        "GDPR",
        "General Data Protection Regulation",
        "欧盟《通用数据保护条例》",
        seg.id,
    )


def test_a_term_annotated_twice_keeps_every_note():
    doc = load("repeated_term.md")
    notes = [(t.target, t.source, t.definition, t.segment) for t in doc.terms]
    assert notes == [
        ("提交", "commit", "保存代码更改", "seg-0001"),
        ("提交", "check in", "提交到仓库", "seg-0002"),
    ]
    assert doc.segments[2].target == "记得每次提交前先测试。"  # the repeated identical note is in the glossary entry


#: (term, note as written, English term, definition) — a row per shape in annotations.SHAPES, plus non-terms
ANNOTATIONS = [
    ("资本支出", "Capital Expenditure, 简称 capex", "Capital Expenditure", "简称 capex"),
    ("动态随机存取存储器", "Dynamic Random Access Memory, DRAM: 一种内存", "Dynamic Random Access Memory (DRAM)", "一种内存"),
    ("显存", "Video Memory, VRAM", "Video Memory (VRAM)", None),
    ("强化学习", "RL: Reinforcement Learning，一种机器学习方法", "RL (Reinforcement Learning)", "一种机器学习方法"),
    ("996", "996: 指早九晚九", "996", "指早九晚九"),
    ("评估指标", "evals: 用于衡量 AI 模型性能的基准测试", "evals", "用于衡量 AI 模型性能的基准测试"),
    ("愚人节", "April Fools’", "April Fools’", None),
    ("奖励投机", "reward hacking", "reward hacking", None),
    ("氛围编程", "一种依赖直觉的编程方式", None, "一种依赖直觉的编程方式"),
]


@pytest.mark.parametrize(("term", "note", "source", "definition"), ANNOTATIONS)
def test_annotation_shapes(term, note, source, definition):
    entry = gloss(term, note)
    assert entry is not None
    assert (entry.target, entry.source, entry.definition) == (term, source, definition)


def test_every_annotation_shape_has_a_row():
    used = set()
    for _term, note, _source, _definition in ANNOTATIONS:
        for name, pattern, _build in SHAPES:
            if pattern().match(note):
                used.add(name)
                break
    assert used == {name for name, _p, _b in SHAPES}


@pytest.mark.parametrize("note", ["it", "this", "them", "the"])
def test_a_function_word_gloss_is_not_a_term(note):
    assert gloss("那个东西", note) is None


def test_annotation_shapes_in_a_post():
    doc = load("annotation_shapes.md")
    got = {t.target: (t.source, t.definition) for t in doc.terms}
    assert got == {
        "资本支出": ("Capital Expenditure", "简称 capex"),
        "动态随机存取存储器": ("Dynamic Random Access Memory (DRAM)", "一种内存"),
        "愚人节": ("April Fools’", None),
        "996": ("996", "指早九晚九，一周六天"),
    }
    # the pronoun gloss stays in the text as written, and is no glossary term
    assert doc.segments[4].target == "你说的“那个东西”（it）到底是什么？"


def test_unlabelled_continuations_inherit_the_speaker_within_a_section():
    doc = load("continuation.md")
    assert [s.speaker for s in doc.segments] == [
        "Dana",
        "Dana",  # continues Dana's turn
        "Eli",
        None,  # ">>" marks a change of speaker: not Eli
        None,  # a new section: nothing to inherit
    ]


def test_shifted_pairing_is_reported_and_repaired():
    doc = load("shifted_pairing.md")
    by_target = {s.target: s.source for s in doc.segments}
    assert by_target["2018 年我们拿到了第一笔投资，大约 500 万美元，然后团队扩大到了 40 人。"] is None
    assert by_target["你们最大的客户是谁？"] == "Who is your biggest customer?"
    assert by_target["GPU 短缺对你们有影响吗？"] == "Did the GPU shortage affect you?"
    assert by_target["有一点。"] == "A little."
    assert by_target["谢谢 Mira。"] == "Thank you, Mira."
    (note,) = [m for m in messages(doc) if "pairing slips" in m]
    assert "seg-0007..seg-0012" in note and "lines 41-74" in note and "re-paired" in note
    # everything before the slip is as written
    assert doc.segments[4].source == "What happened next?"


def test_seed_is_not_repaired_for_a_shift(frontmatter_doc):
    assert not any("pairing" in n.message for n in frontmatter_doc.notices)


TURN = '{zh}\n<details>\n<summary>View/Hide Original English</summary>\n<p class="english-text">{en}</p>\n</details>\n\n'


def test_a_last_turn_without_its_original_is_not_an_appendix():
    text = "---\ntitle: t\n---\n" + TURN.format(zh="**A:** 你好。", en="Hello.") + "**B:** 再见。\n\n还有一句。\n"
    doc = diglot.loads(text, "tail.md")
    assert doc.appendix == ()
    assert doc.segments[-1].speaker == "B" and doc.segments[-1].target == "再见。\n\n还有一句。"
    assert any("no English original" in m for m in messages(doc))


@pytest.mark.parametrize("heading", ["###Q&A, part 2", "###GPT-4.5 的发布", "###问答环节：数据与评估"])
def test_a_short_heading_without_a_space_is_not_cut(heading):
    text = "---\ntitle: t\n---\n" + heading + "\n\n" + TURN.format(zh="你好。", en="Hello.")
    doc = diglot.loads(text, "h.md")
    assert doc.sections[0].title == heading.lstrip("#")
    assert not any("glued" in m for m in messages(doc))


def test_discourse_words_are_not_speakers():
    text = "---\ntitle: t\n---\n" + TURN.format(zh="比如：第一个例子。", en="For example: one.") + TURN.format(
        zh="比如：第二个例子。", en="For example: two."
    )
    doc = diglot.loads(text, "d.md")
    assert [s.speaker for s in doc.segments] == [None, None]
    assert doc.segments[0].target == "比如：第一个例子。"


def test_shifted_pairing_in_the_paired_family_too():
    doc = diglot.load(FIXTURES / "shifted_pairing_paired.txt")
    by_target = {s.target: s.source for s in doc.segments}
    assert by_target["你们最大的客户是谁？"] == "Who is your biggest customer?"
    assert by_target["有一点。"] == "A little."
    assert by_target["2018 年我们拿到了第一笔投资，大约 500 万美元，然后团队扩大到了 40 人。"] is None
    (note,) = [n for n in doc.notices if "pairing slips" in n.message]
    assert note.line == 27 and "seg-0007..seg-0012" in note.message


def test_paired_seed_is_not_repaired_for_a_shift(paired_doc):
    assert not any("pairing" in n.message for n in paired_doc.notices)


def test_chinese_typed_inside_the_summary_tag_itself():
    text = "---\ntitle: t\n---\n" + TURN.format(zh="**A:** 你好。", en="Hello.") + (
        "**B:**\n<details>\n<summary 我们在伦敦有一个小办公室。>\n</details>\n"
    )
    doc = diglot.loads(text, "st.md")
    assert (doc.segments[1].speaker, doc.segments[1].target, doc.segments[1].source) == ("B", "我们在伦敦有一个小办公室。", None)
    assert doc.coverage == 1.0


def test_english_typed_into_the_summary_is_kept_not_taken_for_a_caption():
    text = "---\ntitle: t\n---\n**A:** 他们什么都教。\n<details>\n<summary>They teach everything from computing to physics.</summary>\n</details>\n"
    doc = diglot.loads(text, "se.md")
    assert doc.segments[0].source == "They teach everything from computing to physics."
    assert doc.coverage == 1.0


def test_with_repair_off_a_slip_is_only_reported():
    doc = diglot.load(FIXTURES / "shifted_pairing.md", repair_pairing=False)
    by_target = {s.target: s.source for s in doc.segments}
    assert by_target["你们最大的客户是谁？"] == "I can't name them, but it is a large European bank. They use our system to process millions of transactions every day, which puts very high demands on reliability, and we rewrote the whole storage layer for it."
    (note,) = [n.message for n in doc.notices if "pairing slips" in n.message]
    assert "re-pairing is off, left as written" in note
