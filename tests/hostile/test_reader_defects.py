"""Regression tests for the hostile-input defects of issue 16 that live in the readers.

Each case once raised a traceback, ran out of memory or changed the text; now
it is read correctly (with a warning saying what was done) or refused with a
one-line :class:`InputError` naming the file.
"""

from __future__ import annotations

import json
import time

import pytest

import diglot
from diglot.errors import InputError
from diglot.readers.markup import plain_text

FM = (
    "---\ntitle: Talk\n{meta}\n---\n\n## Part\n\n我们说话。\n\n"
    "<details><summary>Original</summary>\n\nWe talk.\n\n</details>\n"
)


def bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines)


@pytest.mark.parametrize("key", ["tags", "title", "people", "extra"])
def test_yaml_alias_bomb_is_refused_quickly(key):
    text = FM.format(meta=bomb() + f"\n{key}: *l8").replace("title: Talk\n", "") if key != "extra" else FM.format(meta=bomb())
    assert len(text.encode()) < 1000
    start = time.perf_counter()
    with pytest.raises(InputError, match="expands to more than") as info:
        diglot.loads(text, file="bomb.md")
    assert time.perf_counter() - start < 2
    assert str(info.value).startswith("bomb.md:")
    assert "\n" not in str(info.value)


def test_small_aliases_still_work():
    doc = diglot.loads(FM.format(meta="who: &w [Ann, Bo]\npeople: *w"), file="a.md")
    assert doc.people == ("Ann", "Bo")


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        ("deep: " + "[" * 3000 + "]" * 3000, "nests deeper than 50"),
        ("deep: " + "{a: " * 200 + "1" + "}" * 200, "nests deeper than 50"),
        ("r: &r [*r]", "recursive alias"),
        ("big: " + "x" * 70_000, "the limit is 65,536"),
    ],
)
def test_yaml_depth_size_and_recursion_limits(meta, reason):
    with pytest.raises(InputError, match=reason):
        diglot.loads(FM.format(meta=meta), file="deep.md")


@pytest.mark.parametrize("date", ["2025-13-01", "2024-02-30", "2023-00-10"])
def test_impossible_front_matter_date_is_left_out_with_a_warning(date):
    doc = diglot.loads(FM.format(meta=f"date: {date}"), file="d.md")
    assert doc.date is None
    assert any(f"'{date}' is not a real date" in n.message for n in doc.notices)
    assert doc.segments[0].source == "We talk."


def test_real_dates_are_kept():
    assert diglot.loads(FM.format(meta="date: 2024-02-29"), file="d.md").date == "2024-02-29"
    assert diglot.loads(FM.format(meta="date: '2024-3-5'"), file="d.md").date == "2024-03-05"


def test_lone_surrogates_in_front_matter_are_replaced_with_a_warning():
    text = FM.format(meta='people: ["\\ud800", "Ann"]\nnote: "\\udfff"').replace("title: Talk", 'title: "A\\ud800B"')
    doc = diglot.loads(text, file="s.md")
    assert doc.title == "A\ufffdB"
    assert doc.people == ("\ufffd", "Ann")
    assert doc.extra["note"] == "\ufffd"
    assert any("unpaired surrogate" in n.message for n in doc.notices)
    # every value can now be encoded, so every writer can write it
    diglot.schema.dumps(doc).encode("utf-8")


def test_yaml_nan_and_inf_never_become_invalid_json():
    doc = diglot.loads(FM.format(meta="score: .nan\nbig: .inf\nsmall: -.inf"), file="n.md")
    text = diglot.schema.dumps(doc)
    json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert doc.extra == {"score": "nan", "big": "inf", "small": "-inf"}



def test_front_matter_keys_are_text_as_written():
    """Fuzz long4:55761: ``&guest: ''`` (an anchor before the colon) gave a null key, which JSON wrote as "None" and
    read back unequal. Keys are text as written; a key with no name and a key given twice say so; merged keys
    (``<<: *base``) are overridden without a warning."""
    meta = "&guest: ''\n1: one\nyes: no\n2024-01-01: day\nnested:\n  2: a\n  '2': b\nbase: &b {k: 1, j: 2}\nm:\n  <<: *b\n  k: 3"
    doc = diglot.loads(FM.format(meta=meta), file="k.md")
    assert doc.extra == {
        "": "", "1": "one", "yes": False, "2024-01-01": "day", "nested": {"2": "b"}, "base": {"k": 1, "j": 2}, "m": {"k": 3, "j": 2}
    }
    assert diglot.schema.loads(diglot.schema.dumps(doc)) == doc
    warnings = [str(n) for n in doc.notices]
    assert warnings == [
        "k.md:3: front-matter key with no name (': value', or an anchor such as '&guest' before the colon): kept as ''",
        "k.md:9: front-matter key '2' given twice (lines 8 and 9): the earlier value left out",
    ]


def test_five_hundred_details_on_one_line_do_not_recurse():
    doc = diglot.loads(FM.format(meta="") + "<details>" * 500 + "\n" + "</details>" * 500 + "\n", file="x.md")
    assert doc.segments[0].source == "We talk."


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"format": "diglot", "schema": 1, "document": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"format": "diglot", "schema": 1, "document": {"segments": [{"id": "s", "source": 5, "target": "x"}]}}', "Segment.source must be"),
        ('{"format": "diglot", "schema": 1, "document": {"segments": [], "title": ["x"]}}', "Document.title must be"),
        ('{"format": "diglot", "schema": 1, "document": {"segments": [{"id": "s", "source": "a", "target": "b", "start_ms": 1.5}]}}', "start_ms must be"),
        ('{"format": "diglot", "schema": 1, "document": {"segments": [], "coverage": NaN}}', "NaN is not a JSON number"),
        ('{"format": "diglot", "schema": 1, "document": {"segments": [], "tags": [1]}}', "Document.tags must be"),
    ],
)
def test_json_model_is_validated(text, reason):
    with pytest.raises(InputError, match=reason):
        diglot.loads(text, file="m.json")


@pytest.mark.parametrize("name", ["052\n", "a\u2028b", "c\rd"])
def test_an_error_naming_input_text_stays_one_line(name, tmp_path):
    """Fuzz long5:6033: a JSON field name with a line break made the refusal two lines; breaks are escaped."""
    text = json.dumps({"format": "diglot", "schema": 2, "document": {"segments": [{"id": "s", "source": "x", "origin": {name: 0}}]}})
    with pytest.raises(InputError) as info:
        diglot.loads(text, file="f.json")
    assert str(info.value).splitlines() == [str(info.value)]
    assert repr(name)[1:-1] in str(info.value)
    path = tmp_path / f"bad{name}.json"  # a file name with a break
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        diglot.load(path)
    assert len(str(info.value).splitlines()) == 1


def test_json_lone_surrogate_is_replaced_with_a_notice(paired_doc):
    data = diglot.schema.to_dict(paired_doc)
    data["document"]["segments"][0]["source"] = "x\ud800y"
    text = json.dumps(data)  # ASCII escapes: "\ud800"
    doc = diglot.loads(text, file="m.json")
    assert doc.segments[0].source == "x\ufffdy"
    assert any("surrogate" in n.message for n in doc.notices)


PAIRED = "We trained models.\n\n{zh}\n\nSecond English paragraph here.\n\n第二段中文。\n"


@pytest.mark.parametrize(
    "zh",
    [
        "我们用 PyTorch、TensorFlow 和 JAX 训练了 GPT-4、Claude 3.5 Sonnet 和 Llama 3 模型。",
        "<span>我们</span>说<span>话</span>。",
    ],
)
def test_latin_dense_or_marked_up_chinese_paragraph_is_chinese(zh):
    doc = diglot.loads(PAIRED.format(zh=zh), file="p.txt")
    assert [s.source for s in doc.segments] == ["We trained models.", "Second English paragraph here."]
    assert doc.segments[1].target == "第二段中文。"


def test_english_paragraph_with_a_chinese_word_stays_english():
    doc = diglot.loads("The word 道 means the way, as in Daoism.\n\n道这个字意思是道路。\n", file="p.txt")
    assert doc.segments[0].source.startswith("The word")


def test_hash_digit_paragraph_is_not_a_section_title():
    doc = diglot.loads("Hello there.\n\n你好。\n\n#1 priority is safety.\n\n第一要务是安全。\n", file="p.txt")
    assert doc.sections == ()
    assert doc.segments[1].source == "#1 priority is safety."


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("std::vector<int>", "std::vector<int>"),
        ("the <think> token", "the <think> token"),
        ("Sales&registration", "Sales&registration"),
        ("a &copy b", "a &copy b"),
        ("a &amp; b &#x4E2D; &reg;", "a & b 中 ®"),
        ("&amp;reg;", "&reg;"),
        ("[click](javascript:alert(1))", "click"),
        ("[wiki](https://en.wikipedia.org/wiki/Foo_(bar)) end", "wiki end"),
        ("a <!-- note --> b", "a  b"),
        ("<b>bold</b> <span class='x'>s</span> <br/>x", "bold s \nx"),
    ],
)
def test_only_real_markup_is_markup(raw, plain):
    assert plain_text(raw) == plain


def test_inline_markup_traps_survive_a_whole_read():
    en = "Use std::vector<int> and the <think> token at Sales&registration."
    doc = diglot.loads(f"{en}\n\n使用 std::vector<int> 和 <think> 标记。\n", file="p.txt")
    assert doc.segments[0].source == en
    assert "<think>" in doc.segments[0].target


def test_subtitle_input_drops_only_subtitle_markup():
    text = (
        "1\n00:00:01,000 --> 00:00:04,000\n"
        "<i>Cues</i> end with --> and <think> and std::vector<int>,<br/> <font color=\"red\">Sales&registration</font> &amp; a&b.\n"
        "<c.zh>字幕以 --> 结尾。</c>\n"
    )
    doc = diglot.loads(text, file="t.srt")
    (seg,) = doc.segments
    assert seg.source == "Cues end with --> and <think> and std::vector<int>, Sales&registration & a&b."
    assert seg.target == "字幕以 --> 结尾。"
    with pytest.raises(InputError, match=r"t.srt:2: cue 1: timing line without an end time"):
        diglot.loads("1\n00:00:01,000 -->\nHello.\n", file="t.srt")
