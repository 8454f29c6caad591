"""Write the hostile-input torture corpus (issue 16) next to this script: ``python make_corpus.py``.

Every input family (paired paragraphs, front-matter Markdown, diglot JSON) in
the encodings diglot reads, holding the traps the issue lists. ``accepted/``
files must pass through every exporter; ``refused/`` files must be refused
with a one-line InputError. The files are committed; rerun after a change.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

#: a 2,001-character word; 10,000 works too but the subtitle cue splitter is quadratic in a
#: word's length (about 10 s a subtitle format), too slow for the test suite
LONG_WORD = "Pneumono" + "x" * 1_990 + "sis"
TRAPS_EN = [
    "Cues end with --> and XML ends with ]]> but neither ends this sentence.",
    "The <think> token and std::vector<int> are text, as are {{c1::x}} and a&b and Sales&registration.",
    "Tabs\tinside, a zero\u200bwidth space, a bidi \u202eoverride\u202c and \u2066isolate\u2069 mark.",
    "Emoji 🎉 and astral Han 𠀀𪚥 and combining e\u0301 and n\u0303 marks.",
    "= starts a formula, @ a mention, + a sum and - a list; &amp; is an ampersand.",
    "C1 control \u0085 and C0 control \u0007 bell and escape \u001b[31m red.",
    LONG_WORD + " ends here.",
]
TRAPS_ZH = [
    "字幕以 --> 结尾，XML 以 ]]> 结尾，但这句话都不是。",
    "<think> 标记和 std::vector<int> 是文字，{{c1::x}} 和 a&b 也是。",
    "制表符\t在里面，零宽\u200b空格，双向\u202e覆盖\u202c标记。",
    "表情 🎉 和扩展汉字 𠀀𪚥 以及组合字符 e\u0301。",
    "= 开头是公式，@ 是提及，+ 是求和；&amp; 是和号。",
    "C1 控制符 \u0085 和 C0 控制符 \u0007 以及转义 \u001b[31m 红色。",
    "很长的单词 " + LONG_WORD + " 到此为止。",
]


def paired() -> str:
    parts = ["## 20241216 ../../etc/passwd <script>", ""]
    for en, zh in zip(TRAPS_EN, TRAPS_ZH):
        parts += [en, "", zh, ""]
    parts += ["## Empty section", "", "## Only untranslated", "", "This English has no translation.", "", "未找到意译内容", ""]
    parts += ["#1 priority is a paragraph, not a heading.", "", "第一要务是一个段落，不是标题。", ""]
    return "\n".join(parts)


def frontmatter() -> str:
    meta = [
        "---",
        "title: ../../etc/passwd",
        "date: 2025-13-01",
        "source: javascript:alert(1)",
        "who: &who [Ann, Ann, Bo]",
        "people: *who",
        "tags: [1, true, null, .nan, .inf, \"x\\u0001y\"]",
        "summary: \"Lone \\ud800 surrogate and \\u0085 C1\"",
        "extra: {nested: {list: [1, 2.5, 2024-02-30]}}",
        "---",
        "",
    ]
    body = ["## Part one", ""]
    for i, (en, zh) in enumerate(zip(TRAPS_EN, TRAPS_ZH)):
        speaker = "Ann" if i % 2 == 0 else "Ann"  # one speaker, twice the same label
        body += [f"**{speaker}:** {zh}", "", "<details><summary>Original</summary>", "", en, "", "</details>", ""]
    body += ["## Empty", "", "## Untranslated only", "", "<details><summary>Original</summary>", "", "An original with no translation.", "", "</details>", ""]
    return "\n".join(meta + body)


def model_json() -> str:
    seg = lambda i, en, zh: {"id": f"seg-{i:04d}", "source": en, "target": zh}  # noqa: E731
    segments = [seg(i + 1, en, zh) for i, (en, zh) in enumerate(zip(TRAPS_EN, TRAPS_ZH))]
    segments.append(seg(len(segments) + 1, "Unpaired \ud800 surrogate and NUL \u0000 here.", "不成对的 \udfff 代理和 NUL \u0000。"))
    segments.append(seg(len(segments) + 1, "Untranslated.", None))
    doc = {"format": "diglot", "schema": 2, "document": {"segments": segments, "title": "../../etc/passwd", "speakers": ["Ann", "Ann"]}}
    return json.dumps(doc, ensure_ascii=True, indent=1)  # \ud800 written as an escape, the only way JSON holds it


#: the long word of the subtitle inputs: longer than any subtitle line (so it is split over cues), shorter
#: than LONG_WORD because the cue splitter's cost grows with the square of a word's length; the
#: 2,001-character word already goes through every exporter in the other families
SUB_WORD = "Pneumono" + "x" * 290 + "sis"


def _stamp(ms: int, sep: str) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"


def _sub_traps() -> list[tuple[str, str]]:
    return [(en.replace(LONG_WORD, SUB_WORD), zh.replace(LONG_WORD, SUB_WORD)) for en, zh in zip(TRAPS_EN, TRAPS_ZH)]


def _vtt_escape(text: str) -> str:
    """WebVTT cue text cannot hold a raw ``&``, ``<`` or ``>`` (nor ``-->``): references, as the format says."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def subtitles(fmt: str, lang: str | None = None) -> str:
    """The traps as subtitles: one cue per trap pair (English line, Chinese line), or one language (*lang*)."""
    cues = []
    for i, (en, zh) in enumerate(_sub_traps()):
        lines = {"en": [en], "zh": [zh], None: [en, zh]}[lang]
        start, end = 2_000 + i * 6_000, 2_000 + i * 6_000 + 5_000
        if fmt == "srt":
            cues.append("\n".join([str(i + 1), f"{_stamp(start, ',')} --> {_stamp(end, ',')}", *lines]))
        elif fmt == "vtt":
            cues.append("\n".join([f"{_stamp(start, '.')} --> {_stamp(end, '.')}", *map(_vtt_escape, lines)]))
        else:
            t = lambda ms: f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000 // 10:02d}"  # noqa: E731
            cues.append(f"Dialogue: 0,{t(start)},{t(end)},Default,,0,0,0,," + "\\N".join(lines))
    if fmt == "srt":
        return "\n\n".join(cues) + "\n"
    if fmt == "vtt":
        return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
    head = [
        "[Script Info]", "ScriptType: v4.00+", "PlayResX: 1280", "PlayResY: 720", "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
        "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
        "Style: Default,Noto Sans CJK SC,40,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,20,20,20,1",
        "", "[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    return "\n".join(head + cues) + "\n"


def bomb() -> str:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines += ["tags: *i", "---", "", "我们说话。", "", "<details>", "", "We talk.", "", "</details>", ""]
    return "\n".join(lines)


def main() -> None:
    acc, ref = HERE / "accepted", HERE / "refused"
    acc.mkdir(exist_ok=True)
    ref.mkdir(exist_ok=True)
    text = paired()
    (acc / "paired-utf8.txt").write_bytes(text.encode("utf-8"))
    (acc / "paired-utf8-bom-crlf.txt").write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    (acc / "paired-cr.txt").write_bytes(text.replace("\n", "\r").encode("utf-8"))
    (acc / "paired-utf16le-bom.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (acc / "paired-utf16be.txt").write_bytes(text.encode("utf-16-be"))
    (acc / "paired-utf16le.txt").write_bytes(text.encode("utf-16-le"))
    (acc / "paired-utf32le.txt").write_bytes(text.encode("utf-32-le"))
    (acc / "paired-utf32be-bom.txt").write_bytes(codecs.BOM_UTF32_BE + text.encode("utf-32-be"))
    (acc / "paired-gb18030.txt").write_bytes(text.encode("gb18030"))
    big5 = "\n".join(
        ["## 20241216 臺灣講座：山與城市", ""]
        + [
            "We talk about Taipei and its mountains today, and about the people who live there.\n\n"
            "我們今天談論臺北和它的山，也談論住在那裡的人們。這座城市很熱鬧，山上很安靜。\n",
            "Sales&registration --> ]]> {{c1::x}} are kept as written.\n\n銷售與註冊 --> ]]> {{c1::x}} 照原樣保留。\n",
        ]
        * 4
    )
    (acc / "paired-big5.txt").write_bytes(big5.encode("big5"))
    fm = frontmatter()
    (acc / "frontmatter.md").write_bytes(fm.encode("utf-8"))
    (acc / "frontmatter-crlf-bom.md").write_bytes(codecs.BOM_UTF8 + fm.replace("\n", "\r\n").encode("utf-8"))
    (acc / "model.json").write_text(model_json(), encoding="utf-8")
    for fmt in ("srt", "vtt", "ass"):
        (acc / f"subtitles.{fmt}").write_text(subtitles(fmt), encoding="utf-8")
    (acc / "subtitles-bom-crlf.srt").write_bytes(codecs.BOM_UTF8 + subtitles("srt").replace("\n", "\r\n").encode("utf-8"))
    (acc / "pair").mkdir(exist_ok=True)
    (acc / "pair" / "talk.en.srt").write_text(subtitles("srt", "en"), encoding="utf-8")
    (acc / "pair" / "talk.zh.vtt").write_text(subtitles("vtt", "zh"), encoding="utf-8")
    (ref / "alias-bomb.md").write_text(bomb(), encoding="utf-8")
    (ref / "deep.json").write_text('{"format": "diglot", "schema": 2, "document": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    (ref / "source-is-a-number.json").write_text('{"format": "diglot", "schema": 2, "document": {"segments": [{"id": "s", "source": 5, "target": "x"}]}}', encoding="utf-8")
    (ref / "nul.txt").write_bytes(text.encode("utf-8")[:9000] + b"\x00" + text.encode("utf-8")[9000:])


if __name__ == "__main__":
    main()
