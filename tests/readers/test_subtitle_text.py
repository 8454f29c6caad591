"""One cue's text: languages told apart, markup stripped, sound descriptions set apart."""

from __future__ import annotations

import pytest

from diglot.readers.subtitle_text import ass_to_lines, split_cue


@pytest.mark.parametrize(
    "lines, source, target",
    [
        (["Hello there.", "你好。"], "Hello there.", "你好。"),
        (["你好。", "Hello there."], "Hello there.", "你好。"),  # either order
        (["I want to thank", "the organizers.", "我要感谢", "组织者。"], "I want to thank the organizers.", "我要感谢组织者。"),
        # a Chinese line of names is still the Chinese side
        (["Oriel Vinyals and Kwok Lee,", "Oriel Vinyals 和 Kwok Lee，"], "Oriel Vinyals and Kwok Lee,", "Oriel Vinyals 和 Kwok Lee，"),
        # a stray Han character in an English line does not make it Chinese
        (["The character 道 means way.", "道这个字的意思是路。"], "The character 道 means way.", "道这个字的意思是路。"),
        # nor do a few, in a line that reads as English ("and", "the" around them)
        (["The word 规模 and the word 时代 are common.", "规模和时代这两个词很常见。"], "The word 规模 and the word 时代 are common.", "规模和时代这两个词很常见。"),
        # a Chinese line dense with names, without English small words, is still Chinese
        (["Ilya Sutskever met Yann LeCun in Paris.", "Ilya Sutskever 在巴黎 见到了 Yann LeCun"], "Ilya Sutskever met Yann LeCun in Paris.", "Ilya Sutskever 在巴黎 见到了 Yann LeCun"),
        # a short Latin line wrapped off the Chinese block
        (["How will SSI make money?", "SSI", "（Safe Superintelligence Inc.）将如何盈利？"], "How will SSI make money?", "SSI（Safe Superintelligence Inc.）将如何盈利？"),
        # markup: tags, ASS override blocks, entities, WebVTT language spans
        (["{\\an8}<i>Hello</i> &amp; <b>bye</b>.", "<font color=#fff>你好。</font>"], "Hello & bye.", "你好。"),
        (["<c.en>OK.</c>", "<c.zh>OK。</c>"], "OK.", "OK。"),
        (["<lang zh-Hans>GPT-4</lang>", "<lang en>GPT-4</lang>"], "GPT-4", "GPT-4"),
        # a line without letters goes with its neighbour
        (["2014", "Twenty fourteen."], "2014 Twenty fourteen.", ""),
    ],
)
def test_languages_and_markup(lines, source, target):
    ct = split_cue(lines)
    assert (ct.source, ct.target) == (source, target)


@pytest.mark.parametrize(
    "lines, sounds, source, target",
    [
        (["[Music]"], ("[Music]",), "", ""),
        (["♪ la la la ♪"], ("♪ la la la ♪",), "", ""),
        (["(laughs) Yes.", "（笑）是的。"], ("(laughs)", "（笑）"), "Yes.", "是的。"),
        (["[APPLAUSE]", "[掌声]"], ("[APPLAUSE]", "[掌声]"), "", ""),
        # a parenthesis that is speech, and a Chinese gloss, stay text
        (["(which is true) it works.", "“Scaling”（规模化）很强大。"], (), "(which is true) it works.", "“Scaling”（规模化）很强大。"),
    ],
)
def test_sound_descriptions(lines, sounds, source, target):
    ct = split_cue(lines)
    assert (ct.sounds, ct.source, ct.target) == (sounds, source, target)


def test_dialogue_dashes_mark_a_new_speaker_and_are_removed():
    ct = split_cue(["- Right.", "-对。"])
    assert (ct.source, ct.target, ct.speaker_change) == ("Right.", "对。", True)
    assert split_cue(["-5 degrees.", "零下五度。"]).source == "-5 degrees."  # a minus sign is text


def test_ass_text():
    assert ass_to_lines("{\\an8\\fs20}Hello\\Nthere\\hnow") == ["Hello", "there now"]
