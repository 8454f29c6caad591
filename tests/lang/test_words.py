"""Chinese word segmentation behind diglot.lang.words: rjieba, and the dictionary-index path for short texts."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from diglot.lang import words
from diglot.lang._dictindex import ShortCutter, build_index, dict_path

from ..conftest import SEEDS

rjieba = pytest.importorskip("rjieba")


def _seed_runs() -> list[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("00[02]_*.txt")))
    return re.findall(r"[\u4e00-\u9fd5]+", text)


def test_segment_gives_jiebas_words_and_keeps_every_character():
    text = "我要感谢组织者为这个奖项选择了我的论文，这真是令人愉快。New Rips 2014 年"
    got = words.segment(text)
    assert "".join(got) == text
    assert got[:6] == ["我", "要", "感谢", "组织者", "为", "这个"]


def test_shipped_index_matches_the_installed_jieba_dictionary():
    path = dict_path()
    assert path is not None
    shipped = resources.files("diglot.lang").joinpath("data/jieba_dict_index.tsv").read_text(encoding="utf-8")
    assert shipped == build_index(path)


def test_short_cutter_cuts_and_tags_as_rjieba_on_the_seeds():
    cutter = ShortCutter()
    runs = _seed_runs()
    assert len(runs) > 1000
    for run in runs:
        assert cutter.tag(run) == [(w, p) for w, p in rjieba.tag(run, hmm=False)], run
    for word in ("评估", "指标", "评估指标", "事实证明", "评估指"):
        assert cutter.has_word(word) == rjieba.has_word(word)


def test_index_lookup_gives_every_range_of_each_character():
    """Bisection over the sorted index finds each character's ranges, those of characters listed twice included."""
    from diglot.lang._dictindex import _index

    index = _index()
    assert index is not None
    shipped = resources.files("diglot.lang").joinpath("data/jieba_dict_index.tsv").read_text(encoding="utf-8")
    parsed: dict[str, list[tuple[int, int]]] = {}
    for line in shipped.splitlines()[1:]:
        ch, at, size = line.split("\t")
        parsed.setdefault(ch, []).append((int(at), int(size)))
    assert sum(len(ranges) > 1 for ranges in parsed.values()) >= 5
    for ch in [*parsed, "\u3000", "\U00020000", "!", "\uffff"]:
        assert index[1].get(ch, ()) == parsed.get(ch, ()), ch
