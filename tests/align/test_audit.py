"""The pairing audit on synthetic posts of both families, each finding kind, and the seeds.

Transcripts are read with ``repair_pairing=False``: the audit judges the
pairing as written, before a reader re-pairs a clear slip.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import diglot
from diglot.align.audit import SEVERITY, audit_document, format_report, report_to_dict
from diglot.align.numbers import source_numbers, target_numbers
from diglot.model import Document, Segment, Term

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = (FIXTURES / "interview.md").read_text(encoding="utf-8")
TALK = (FIXTURES / "talk.txt").read_text(encoding="utf-8")


def audit_text(text: str, name: str = "post.md"):
    return audit_document(diglot.loads(text, file=name, repair_pairing=False))


def kinds(report) -> list[tuple[str, str]]:
    return [(f.segment, f.kind) for f in report.findings]


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize("name", ["interview.md", "talk.txt"])
def test_clean_fixtures_have_no_findings(name):
    report = audit_document(diglot.load(FIXTURES / name, repair_pairing=False))
    assert report.segments == 14
    assert report.findings == () and report.ok


@pytest.mark.parametrize(("name", "first_line", "last_line"), [("interview_shifted.md", 53, 101), ("talk_shifted.txt", 27, 53)])
def test_shifted_post_is_flagged_with_its_range(name, first_line, last_line):
    # from the seventh turn on, each Chinese turn is followed by the next turn's English
    report = audit_document(diglot.load(FIXTURES / name, repair_pairing=False))
    errors = [f for f in report.findings if f.severity == "error"]
    assert [(f.kind, f.segment, f.last_segment) for f in errors] == [("shifted", "seg-0007", "seg-0013")]
    shifted = errors[0]
    assert (shifted.line, shifted.last_line) == (first_line, last_line)
    assert shifted.evidence["offset"] == -1 and shifted.evidence["better"] == shifted.evidence["turns"]
    assert "previous segment's English" in shifted.message
    # nothing before the shift is blamed
    assert all(int(f.segment[4:]) >= 7 for f in report.findings)
    assert not report.ok


def test_two_swapped_turns_are_reported_as_a_swap():
    doc = diglot.loads(INTERVIEW, file="post.md", repair_pairing=False)
    segs = list(doc.segments)
    # the English of turns 4 and 5 trade places (a long answer and a short question)
    segs[3], segs[4] = replace(segs[3], source=segs[4].source), replace(segs[4], source=segs[3].source)
    report = audit_document(replace(doc, segments=tuple(segs)))
    shifted = [f for f in report.findings if f.kind == "shifted"]
    assert [(f.segment, f.last_segment, f.evidence["offset"]) for f in shifted] == [("seg-0004", "seg-0005", 0)]
    assert "look swapped" in shifted[0].message


def test_english_in_the_chinese_field_is_an_error():
    text = edit(INTERVIEW, "**Maria:** 谢谢邀请。", "**Maria:** Thanks so much for having me on the show.")
    report = audit_text(text)
    assert kinds(report) == [("seg-0002", "wrong-language")]
    assert report.findings[0].severity == "error" and "English text in the Chinese field" in report.findings[0].message


def test_chinese_in_the_english_field_is_an_error():
    # built on the model: the front-matter reader itself does not store Chinese as English
    doc = diglot.loads(INTERVIEW, file="post.md", repair_pairing=False)
    segs = list(doc.segments)
    segs[2] = replace(segs[2], source="你是怎么开始做天气预报的？")
    report = audit_document(replace(doc, segments=tuple(segs)))
    assert kinds(report) == [("seg-0003", "wrong-language")]
    assert "Chinese text in the English field (the whole field)" in format_report(report)


def test_an_english_sentence_inside_the_chinese_field_is_a_warning():
    text = edit(INTERVIEW, "我会写，只是写得很烂。", "我会写，只是写得很烂。I could write it, badly.")
    report = audit_text(text)
    assert kinds(report) == [("seg-0004", "mixed-language")] and report.ok
    assert "'I could write it, badly.'" in report.findings[0].message


def test_length_ratio_far_from_the_documents_own():
    # the long answer about extremes keeps only its first clause in Chinese
    text = edit(
        INTERVIEW,
        "，所以模型几乎没见过几个例子。可偏偏这些日子才是大家最关心的，在这些日子里，我们仍然更相信方程而不是神经网络。",
        "。",
    )
    report = audit_text(text)
    assert kinds(report) == [("seg-0010", "length-ratio")]
    evidence = report.findings[0].evidence
    assert evidence["robust_z"] < -3.5 and evidence["length_sigma"] < -3
    assert report.ok  # a warning, not an error


def test_number_on_one_side_only():
    text = edit(INTERVIEW, "2009 年一个朋友", "2019 年一个朋友")
    report = audit_text(text)
    assert kinds(report) == [("seg-0004", "number")]
    assert "English only: 2009; Chinese only: 2019" in report.findings[0].message


def test_latin_name_on_one_side_only():
    text = edit(INTERVIEW, "但像 GraphCast 这样的模型", "但像 Pangu 这样的模型")
    report = audit_text(text)
    assert kinds(report) == [("seg-0006", "name")]
    assert "Chinese only: Pangu" in report.findings[0].message


def test_question_answered_by_a_statement():
    report = audit_text(edit(INTERVIEW, "你是怎么开始做天气预报的？", "我开始做天气预报了。"))
    assert kinds(report) == [("seg-0003", "question")]
    report = audit_text(edit(INTERVIEW, "**Maria:** 谢谢邀请。", "**Maria:** 谢谢邀请，你好吗？"))
    assert kinds(report) == [("seg-0002", "question")]


def test_untranslated_segments_are_info_only():
    text = edit(TALK, "谢谢邀请。", "未找到意译内容")
    report = audit_text(text, "talk.txt")
    assert kinds(report) == [("seg-0002", "untranslated")]
    assert report.findings[0].severity == "info" and report.ok


def test_glossary_term_translated_inconsistently():
    # the post glosses 再分析 = reanalysis in turn 8; turn 10 says "reanalysis" but the Chinese calls it 训练数据
    text = edit(INTERVIEW, "四十年的再分析数据", "四十年的**再分析**（reanalysis: 用观测资料重建的历史天气数据）数据")
    text = edit(text, "is rare in the training data", "is rare in the reanalysis data")
    doc = diglot.loads(text, file="post.md", repair_pairing=False)
    assert [(t.target, t.source, t.segment) for t in doc.terms] == [("再分析", "reanalysis", "seg-0008")]
    report = audit_document(doc)
    assert kinds(report) == [("seg-0010", "term")]
    assert "'reanalysis' = '再分析'" in report.findings[0].message


def test_seeds_have_no_errors(seed_doc):
    report = audit_document(seed_doc)
    assert report.segments == len(seed_doc.segments)
    assert report.errors == 0, format_report(report)


def test_paired_seed_findings_are_all_true(paired_doc):
    """Every finding on seed 000 is right, and none is an error.

    * the six untranslated segments are the ones whose translation is the
      failure sentinel (info);
    * seg-0014 and seg-0016: "rotated 90 degrees" is left out of both Chinese
      paragraphs;
    * seg-0019: the English ends "..., right?"; the Chinese turned it into a statement.
    """
    report = audit_document(paired_doc)
    untranslated = {s.id for s in paired_doc.segments if s.untranslated}
    assert len(untranslated) == 6
    assert {f.segment for f in report.findings if f.kind == "untranslated"} == untranslated
    others = [(f.segment, f.kind) for f in report.findings if f.kind != "untranslated"]
    assert others == [("seg-0014", "number"), ("seg-0016", "number"), ("seg-0019", "question")]
    assert "English only: 90" in report.findings[1].message
    seg = {s.id: s for s in paired_doc.segments}
    assert "90 degrees" in (seg["seg-0014"].source or "") and "90" not in (seg["seg-0014"].target or "")


def test_frontmatter_seed_has_no_findings(frontmatter_doc):
    # includes seg-0084, 'SSI（Safe Superintelligence Inc.）将如何盈利？': a Latin gloss is not English text
    report = audit_document(frontmatter_doc)
    assert report.findings == (), format_report(report)
    assert report.ratio == pytest.approx(0.31, abs=0.01)


def test_report_lines_and_json():
    report = audit_document(diglot.load(FIXTURES / "talk_shifted.txt", repair_pairing=False))
    lines = format_report(report, "talk_shifted.txt").splitlines()
    assert lines[0].startswith("talk_shifted.txt:27-53: error: shifted: seg-0007: pairing looks shifted")
    assert lines[-1].startswith("talk_shifted.txt: pairing audit: 13 segments, 1 errors, ")
    assert format_report(report, "x", summary_only=True) == "x: " + report.summary()
    data = json.loads(json.dumps(report_to_dict(report, "talk_shifted.txt"), ensure_ascii=False))
    assert data["counts"]["error"] == 1 and data["segments"] == 13
    first = data["findings"][0]
    assert first["kind"] == "shifted" and first["severity"] == "error" and first["last_segment"] == "seg-0013"
    assert {f["severity"] for f in data["findings"]} <= set(SEVERITY.values())


def test_audit_is_deterministic():
    doc = diglot.load(FIXTURES / "interview_shifted.md", repair_pairing=False)
    assert audit_document(doc) == audit_document(doc)


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("1.5 million users", "150 万用户"),
        ("in October 1987", "1987 年 10 月"),
        ("back in 2014", "早在二〇一四年"),
        ("ten years ago", "10 年前"),
        ("a 3.5x speedup", "3.5 倍的加速"),
        ("twenty-five people", "25 个人"),
        ("two hundred and fifty", "250"),
        ("10 layers", "十层"),
        ("1,000 GPUs", "一千块 GPU"),
    ],
)
def test_numbers_match_across_languages(english, chinese):
    en_written, en_values = source_numbers(english)
    zh_written, zh_values = target_numbers(chinese)
    assert all(v in zh_values for v in en_written.values()), (en_written, zh_values)
    assert all(v in en_values for v in zh_written.values()), (zh_written, en_values)


def test_numbers_inside_names_are_not_numbers():
    assert target_numbers("o1、R1 表面上")[0] == {}
    assert source_numbers("That's how o1, R1 are done.")[0] == {}


_PIECES = list("ab Z9.,?？。吗的中文\n（）()十万") + ["GPT-2", "1.5 million", "\n\n", "Hello there friend, "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.none() | _TEXT, st.none() | _TEXT), min_size=0, max_size=8))
def test_audit_never_raises_on_odd_text(fields):
    segments = tuple(Segment(id=f"seg-{i:04d}", source=en, target=zh) for i, (en, zh) in enumerate(fields))
    doc = Document(segments=segments, terms=(Term(target="中文", source="ab"),))
    report = audit_document(doc)
    assert report.segments == len(segments)
    assert {f.segment for f in report.findings} <= {s.id for s in segments}
    assert all(f.kind in SEVERITY for f in report.findings)
    format_report(report, "x")
    json.dumps(report_to_dict(report))
