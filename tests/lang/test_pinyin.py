"""Textbook pinyin (GB/T 16159-2012) measured on the gold in tests/data/pinyin_gold.tsv."""

from __future__ import annotations

import importlib.util
import random
import re
import subprocess
import sys

import pytest

import diglot
from diglot.lang.pinyin import to_pinyin

from ..conftest import ROOT, SEEDS


def _benchmark():
    spec = importlib.util.spec_from_file_location("pinyin_accuracy", ROOT / "benchmarks" / "pinyin_accuracy.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_gold_meets_targets():
    bench = _benchmark()
    entries = bench.load_gold()
    assert len(entries) >= 150
    assert any("seed-000" in e.note for e in entries) and any("seed-002" in e.note for e in entries)
    score, wrong = bench.score(to_pinyin, entries)
    assert score.syllable_accuracy >= 0.98, score.line()
    assert score.boundary_accuracy >= 0.95, score.line()


@pytest.mark.parametrize(
    "chinese, pinyin",
    [
        ("第二个", "dì-èr gè"),
        ("西安", "Xī'ān"),
        ("那个东西", "nàge dōngxi"),
        ("一切", "yíqiè"),
        ("一个", "yí gè"),
        ("评估指标", "pínggū zhǐbiāo"),
        ("AI 领域", "AI lǐngyù"),
        ("论文，这真是令人愉快。", "Lùnwén, zhè zhēnshì lìngrén yúkuài."),
        ("这是「之前」的样子。", "Zhè shì “zhīqián” de yàngzi."),
        # Latin words and numbers as written, a Latin word starting a sentence keeps its case
        ("o1-preview 很好。AI 也很好。", "o1-preview hěn hǎo. AI yě hěn hǎo."),
        ("ＡＩ领域在2014年", "ＡＩ lǐngyù zài 2014 nián"),
        ("一九八四年", "yījiǔbāsì nián"),
    ],
)
def test_issue_examples(chinese, pinyin):
    assert to_pinyin(chinese) == pinyin


def test_dictionary_tones_option():
    assert to_pinyin("一个") == "yí gè" and to_pinyin("一个", sandhi=False) == "yī gè"
    assert to_pinyin("不是", sandhi=False) == "bù shì"
    assert to_pinyin("一起", sandhi=False) == "yīqǐ"
    # only 一 and 不 change
    assert to_pinyin("我们一起去吧。", sandhi=False) == "Wǒmen yīqǐ qù ba."


def test_text_without_han_is_unchanged():
    assert to_pinyin("AGI") == "AGI"
    assert to_pinyin("") == ""


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_import_loads_no_segmenter_or_pinyin_data():
    mods = _modules_after("import diglot.lang.pinyin")
    assert not mods & {"jieba", "rjieba", "pypinyin"}


def test_pinyin_of_terms_loads_no_segmenter_and_no_pypinyin():
    """A few glossary terms read their entries of jieba's dictionary and of the pinyin tables: neither
    jieba, rjieba nor pypinyin (whose phrase dictionary is 0.3-0.4 s and 60 MB to load) is imported."""
    code = "from diglot.lang.pinyin import to_pinyin\nassert to_pinyin('评估指标') == 'pínggū zhǐbiāo'"
    code += "\nassert to_pinyin('惊天动地') == 'jīngtiān-dòngdì'"  # an idiom of pypinyin's phrases
    mods = _modules_after(code + "\nassert to_pinyin('事实证明') == 'shìshí zhèngmíng'")
    assert not mods & {"jieba", "rjieba", "pypinyin"}


def test_cli_help_loads_no_language_data():
    mods = _modules_after(
        "import sys\nsys.argv = ['diglot', '--help']\nfrom diglot.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert not mods & {"jieba", "rjieba", "pypinyin"}


# The pattern _latin_end replaced (compiling its Han ranges took milliseconds of every glossary).
_OLD_NOT_HAN = r"(?![\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f])"
_OLD_LATIN = re.compile(rf"{_OLD_NOT_HAN}[^\W_](?:{_OLD_NOT_HAN}[\w.%'’+/&-])*(?<=[\w%])")


def test_word_character_is_alnum_or_underscore():
    """_latin_end reads the pattern's \\w as str.isalnum() or "_": true of every code point."""
    everything = "".join(map(chr, range(0x110000)))
    assert re.findall(r"\w", everything) == [ch for ch in everything if ch.isalnum() or ch == "_"]


def test_latin_words_end_where_the_old_pattern_ended():
    from diglot.lang.pinyin import _latin_end

    texts = [seg.target or "" for seg in diglot.load(next(SEEDS.glob("002_*.txt"))).segments]
    texts += [line.split("\t")[0] for line in (ROOT / "tests/data/pinyin_gold.tsv").read_text("utf-8").splitlines()]
    texts += ["GPT-3 模型", "U.S.的GDP", "1%的", "iPhone's", "a_b%", "x--y", "AI。", "Ａｂｃ１２", "α-β", "维基百科Wiki々", "R&D/ops…", "a'"]
    alphabet = "aZ09_%.'’+/&-— 。，中々〇〡〸⺀\U00020000\U00031350Ａ１αж٣ⅷ\u0301"
    rng = random.Random(13)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in texts:
        for i in range(len(text)):
            m = _OLD_LATIN.match(text, i)
            assert _latin_end(text, i) == (m.end() if m else i), (text, i)
