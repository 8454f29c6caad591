"""The pinyin tables shipped with diglot give what pypinyin itself gives."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from diglot.lang import _pinyindata

ROOT = Path(__file__).resolve().parents[2]
pypinyin = pytest.importorskip("pypinyin")


def _pypinyin(word: str) -> list[str]:
    return [s[0] for s in pypinyin.pinyin(word, style=pypinyin.Style.TONE, heteronym=False, errors="default")]


def test_shipped_tables_are_built_from_the_installed_pypinyin():
    spec = importlib.util.spec_from_file_location("build_pinyin_data", ROOT / "scripts" / "build_pinyin_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.tables().items():
        shipped = (ROOT / "src" / "diglot" / "lang" / "data" / name).read_text(encoding="utf-8")
        assert shipped == text, f"{name} is stale: run scripts/build_pinyin_data.py"


def test_readings_equal_pypinyins_on_phrases_and_run_together_words():
    """Every sort of cut: whole phrases, phrases run together, phrases cut short or shifted by one
    character (the forward maximum matching must choose as pypinyin's does), single characters."""
    from pypinyin.constants import PHRASES_DICT

    phrases = sorted(PHRASES_DICT)
    rng = random.Random(13)
    words = rng.sample(phrases, 500)
    for _ in range(500):
        w = rng.choice(phrases)
        words += [w[:-1], w[1:] + w[:1], w[:-1] + rng.choice(phrases), "".join(rng.sample(phrases, 3))]
    words += ["一", "不", "〇", "行", "长", "重庆", "银行", "一一对应", "朝阳", "𠀀"]
    differ = [(w, _pypinyin(w), _pinyindata.syllables(w)) for w in words if _pypinyin(w) != _pinyindata.syllables(w)]
    assert not differ[:5], f"{len(differ)} of {len(words)} differ"


def test_whole_prefix_without_a_phrase_is_read_character_by_character():
    """pypinyin's cut: when the rest of a word only starts a phrase (一丁点 of 一丁点儿 is itself a
    phrase, but some prefixes are not), its characters are read one by one."""
    from pypinyin.constants import PHRASES_DICT

    cases = [p[:-1] for p in sorted(PHRASES_DICT) if len(p) >= 3 and p[:-1] not in PHRASES_DICT][:300]
    assert cases
    for w in cases:
        assert _pinyindata.syllables(w) == _pypinyin(w), w


def test_lookup_misses_and_prefixes():
    assert _pinyindata.phrase("银行") == ["yín", "háng"]
    assert _pinyindata.phrase("银") is None  # no phrase of one character
    assert _pinyindata.is_phrase("惊天动地") and not _pinyindata.is_phrase("惊天动")
    assert _pinyindata.char("行") == "xíng" and _pinyindata.char("A") is None
    assert _pinyindata.syllables("A行") == ["A", "xíng"]


def test_memoised_syllables_are_a_fresh_list_each_time():
    """The syllables are memoised per word; callers edit the list they get (一/不 tone marks), and the
    next caller must still get the dictionary's readings."""
    first = _pinyindata.syllables("一个")
    first[0] = "changed"
    assert _pinyindata.syllables("一个") == _pypinyin("一个")
    assert _pinyindata.syllables("一个") is not _pinyindata.syllables("一个")


@pytest.mark.parametrize("name", ["pinyin_phrases.tsv", "pinyin_chars.tsv"])
def test_split_table_answers_as_the_in_place_search(name, monkeypatch):
    """After many lookups a table is split into lines and bisected as a list: the same answers as the
    search in place, for keys, their prefixes, misses and keys past either end."""
    in_place = _pinyindata._Table(name)
    split = _pinyindata._Table(name)
    monkeypatch.setattr(_pinyindata, "_SPLIT_AFTER", 10**9)
    assert in_place.get("银") == in_place.get("银")  # in place, still
    monkeypatch.setattr(_pinyindata, "_SPLIT_AFTER", 0)
    split.get("银")
    lines = split._lines
    assert lines is not None and in_place._lines is None
    assert lines == sorted(lines) and len({ln.split(b"\t")[0] for ln in lines}) == len(lines)  # sorted, keys unique
    keys = [ln.split(b"\t")[0].decode("utf-8") for ln in lines]
    rng = random.Random(7)
    asked = rng.sample(keys, 400) + keys[:3] + keys[-3:]
    asked += [k[:-1] for k in asked if len(k) > 1] + [k + "的" for k in asked] + [k + "\U0010ffff" for k in asked[:50]]
    asked += ["", "A", "\u3000", "\U0010ffff", "𠀀", chr(ord(keys[0][0]) - 1), chr(ord(keys[-1][0]) + 1)]
    monkeypatch.setattr(_pinyindata, "_SPLIT_AFTER", 10**9)
    for key in asked:
        assert (split.get(key), split.has_prefix(key)) == (in_place.get(key), in_place.has_prefix(key)), key
    assert in_place._lines is None
