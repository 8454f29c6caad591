"""Split points of long sentence pairs: both halves of a cue say the same thing; breaks fall between words."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

import diglot
from diglot.lang.correspond import correspondence
from diglot.lang.linebreak import chinese_words, normalize_space
from diglot.lang.words import segment
from diglot.model import Document, Segment, SentencePair
from diglot.exporters.subtitles import qc
from diglot.exporters.subtitles.cues import Cue, build_cues, target_split

from ...conftest import FRONTMATTER_SEED, PAIRED_SEED

GOLD = Path(__file__).resolve().parents[2] / "data" / "split_gold.json"


@cache
def gold() -> list[dict]:
    return json.loads(GOLD.read_text(encoding="utf-8"))["items"]


@cache
def seed_cues(name: str) -> tuple[Document, tuple[Cue, ...]]:
    doc = diglot.prepare(diglot.load(PAIRED_SEED if name == "paired" else FRONTMATTER_SEED), {"pairs", "times"})
    return doc, tuple(build_cues(doc, speaker_mark="none"))


def test_gold_set_is_well_formed():
    items = gold()
    assert len([it for it in items if it["zh_gold"] is not None]) >= 100
    assert {it["seed"] for it in items} == {"paired", "frontmatter"}
    for it in items:
        assert it["en"] == normalize_space(it["en"]) and 0 < it["en_split"] < len(it["en"])
        assert it["view"][0].replace(" ‖ ", " ") == it["en"]
        if it["zh_gold"] is not None:
            assert 0 < it["zh_gold"] < len(it["zh"])
            assert it["view"][1].replace("‖", "") == it["zh"]


def test_chinese_split_agrees_with_the_gold_in_90_percent():
    """The figure of benchmarks/split_agreement.py: within two characters of the reader's choice."""
    items = [it for it in gold() if it["zh_gold"] is not None]
    hits = sum(abs(target_split(it["en"], it["zh"], it["en_split"]) - it["zh_gold"]) <= 2 for it in items)
    print(f"\nsplit agreement: {hits}/{len(items)} = {hits / len(items):.1%}")
    assert hits / len(items) >= 0.90


def test_dictionary_links_words_across_languages():
    en = "It's a little bit more complicated, but that's what we did; it was a ResNet."
    zh = "虽然稍微复杂一些，但这就是我们当时的做法；它实际上是一个 ResNet。"
    corr = correspondence(en, zh)
    linked = {(en[e:].split()[0].strip(",.;"), zh[z : z + 2]) for e, z, _ in corr.links}
    assert ("complicated", "复杂") in linked and ("ResNet", "Re") in linked
    p = en.index("but")
    assert zh[target_split(en, zh, p) :].startswith("但这")  # the old splitter cut at 当时的做法；


def _pieces(cues: list[Cue], doc: Document) -> dict[tuple[str, int], list[Cue]]:
    out: dict[tuple[str, int], list[Cue]] = {}
    for c in cues:
        out.setdefault((c.segment or "", c.pair_index or 0), []).append(c)
    return out


def _boundaries(text: str, lines: list[str]) -> list[int]:
    """Offsets in *text* where one line ends and the next begins (lines are stripped pieces of it, in order)."""
    out, pos = [], 0
    for line in lines:
        start = text.index(line, pos)
        assert not text[pos:start].strip(), (text, line)
        pos = start + len(line)
        out.append(pos)
    assert not text[pos:].strip()
    return out[:-1]


@pytest.mark.parametrize("name", ["paired", "frontmatter"])
def test_every_break_falls_between_words_in_both_languages(name):
    """Property over the seeds' cues: line and cue breaks never fall inside a word.

    Chinese: on a boundary of the segmenter's words (jieba), never after a bound
    prefix such as 预 in 预训练. English: on whitespace (or after a dash joining
    two clauses, "time—if").
    """
    doc, cues = seed_cues(name)
    pairs = {(seg.id, i): pair for seg in doc.segments for i, pair in enumerate(seg.pairs)}
    checked = 0
    for key, pieces in _pieces(list(cues), doc).items():
        pair = pairs[key]
        if pair.target:
            zh = normalize_space(pair.target)
            words, pos = set(), 0
            for tok in segment(zh):
                pos += len(tok)
                words.add(pos)
            bound = {zh.index(w) + 1 for w in ("预训练",) if w in zh}
            for b in _boundaries(zh, [line for c in pieces for line in c.target_lines]):
                b2 = b + 1 if zh[b : b + 1] == " " else b
                assert (b in words or b2 in words) and b not in bound, (zh[:b], zh[b:])
                checked += 1
        if pair.source:
            en = normalize_space(pair.source)
            for b in _boundaries(en, [line for c in pieces for line in c.source_lines]):
                assert en[b : b + 1] == " " or en[b - 1 : b] in "—–", (en[:b], en[b:])
                checked += 1
    assert checked > 300


def test_a_chinese_word_is_never_broken_pretraining():
    """The issue's case: 传统意义上的预 / 训练. jieba cuts 预|训练; lines must not."""
    assert "预训练" in chinese_words("然而，传统意义上的预训练无疑将会结束")
    assert "自回归" in chinese_words("这是一个在文本上训练的自回归模型")
    doc, cues = seed_cues("paired")
    holder = [c for c in cues if "预训练" in "".join(c.target_lines) and "传统意义" in "".join(c.target_lines)]
    assert holder and all(not line.endswith("预") for c in holder for line in c.target_lines)


def test_the_issue_examples_say_the_same_thing():
    _, cues = seed_cues("paired")
    ten = next(c for c in cues if "来自十年前" in "".join(c.target_lines))
    assert "10 years ago" in " ".join(ten.source_lines)  # was over "a screenshot,"
    _, cues = seed_cues("frontmatter")
    analogy = [c for c in cues if "类比呢" in "".join(c.target_lines)]
    assert len(analogy) == 1
    # "what is the analogy" opens the English and closes the Chinese: no cut can match, so it is counted
    pair = [c for c in cues if (c.segment, c.pair_index) == (analogy[0].segment, analogy[0].pair_index)]
    assert pair[0].split_mismatch


def test_unmatched_splits_are_counted_in_the_qc_summary():
    _, cues = seed_cues("frontmatter")
    report = qc.check(qc.from_cues(list(cues)))
    n = sum(c.split_mismatch for c in cues)
    assert 0 < n < 30 and report.split_mismatches == n
    assert report.summary().endswith(f"sentences split without a matching point: {n}")
    assert report.hard_violations == 0


def test_one_fuller_cue_rather_than_a_split_whose_halves_disagree():
    """The Chinese fits two lines only by breaking inside the long word; every cut of the pair
    would put the word and "I used" (我用的) in different cues. One cue, not six (the old splitter)."""
    en = "Supercalifragilisticexpialidocious is the word that I used."
    zh = "我用的词是 supercalifragilisticexpialidocious。"
    doc = Document(segments=(Segment("a", en, zh, pairs=(SentencePair(en, zh, start_ms=0, end_ms=4000),)),))
    cues = build_cues(doc, speaker_mark="none")
    assert len(cues) == 1
    assert " ".join(cues[0].source_lines) == en
    assert "".join(cues[0].target_lines) == zh
    assert qc.check(qc.from_cues(cues)).hard_violations == 0


def test_text_is_never_lost_when_splits_follow_the_correspondence():
    en = " ".join(["Because the model learns from data, it grows, and then it can do anything."] * 6)
    zh = "因为模型从数据中学习，它会成长，然后它可以做任何事情。" * 6
    doc = Document(segments=(Segment("a", en, zh, pairs=(SentencePair(en, zh, start_ms=0, end_ms=40000),)),))
    cues = build_cues(doc, speaker_mark="none")
    assert re.sub(r"\s", "", "".join(l for c in cues for l in c.source_lines)) == re.sub(r"\s", "", en)
    assert "".join(l for c in cues for l in c.target_lines) == zh
    assert qc.check(qc.from_cues(cues)).hard_violations == 0
