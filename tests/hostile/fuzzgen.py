"""Fast hostile documents in every input family, built from one seeded ``random.Random``.

Hypothesis draws every character through its engine, which costs more than
checking the document (about 45% of a run went there); this module builds the
same shapes from pools of hostile fragments and random code points with a
plain ``random.Random``, so a case is reproducible from its seed alone
(``case(random.Random(seed))``). The families:

* ``paired``: paired paragraphs (dated heading, EN/ZH runs, headings, the
  untranslated sentinel, junk paragraphs, four paragraph separators);
* ``frontmatter``: YAML front matter (dates, NaN, huge numbers, anchors and
  aliases, lists, quoted escapes) and ``<details>`` turns, broken or not;
* ``json``: a diglot JSON model with valid or hostile fields and text;
* ``srt``, ``vtt``, ``ass``: one bilingual subtitle file with hostile times,
  numbers, tags, entities, override blocks, NOTE/STYLE blocks, speakers, sound cues;
* ``pair``: two subtitle files of one video (an English and a Chinese one,
  any two formats, tags in the names right, wrong or missing);
* ``seed``: a window of one of the two seed transcripts with line mutations.

Any case may then get character-level damage (``_damage``), and come as the
bytes of a file in one of eight encodings (``as_bytes``, decoded as ``diglot.load`` does). Used by
``benchmarks/fuzz.py`` (the long run), ``tests/hostile/test_fuzz.py`` (a
bounded run in CI) and, through ``st.randoms()``, by a Hypothesis strategy.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .fuzzing import EN_WORDS, TRAPS, ZH_WORDS

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

#: code point ranges for random text, with weights: printable ASCII and Han most, every hostile class some
_RANGES = [
    ((0x20, 0x7E), 30), ((0x00, 0x1F), 3), ((0x7F, 0x9F), 3), ((0xA0, 0x2FF), 4), ((0x300, 0x36F), 3),
    ((0x200B, 0x200F), 2), ((0x2028, 0x202E), 2), ((0x2066, 0x2069), 1), ((0x3000, 0x303F), 3),
    ((0x4E00, 0x9FFF), 25), ((0xFF00, 0xFFEF), 3), ((0xD800, 0xDFFF), 1), ((0x1F300, 0x1F64F), 2),
    ((0x20000, 0x2A6DF), 2), ((0xE000, 0xF8FF), 1), ((0xFFF0, 0xFFFF), 1), ((0x0590, 0x06FF), 1),
]
_RANGE_LIST = [r for r, _ in _RANGES]
_RANGE_WEIGHTS = [w for _, w in _RANGES]
#: subtitle markup that players and parsers treat specially
SUB_TRAPS = [
    "<i>", "</i>", "<b>x</b>", "<font color=\"#ff0000\">", "</font>", "{\\an8}", "{\\i1}", "{\\rZH}", "\\N", "\\n", "\\h",
    "{", "}", "<v Ann>", "</v>", "<c.target>", "</c>", "<lang zh>", "</lang>", "&lt;", "&amp;", "&nbsp;", "&foo;",
    "<00:00:01.000>", "-->", "- ", "♪", "[Music]", "(laughs)", "[笑声]", "NOTE", "WEBVTT", "1", "00:00:01,000",
    "Dialogue:", "[Events]", ",", ";", "<", ">", ">>",
]
#: the traps without the long words (those are for big cases)
SHORT_TRAPS = [t for t in TRAPS if len(t) <= 40]
SOUNDS = ["[Music]", "(applause)", "[笑声]", "♪ 音乐 ♪", "(laughs)", "[inaudible]"]


@dataclass(frozen=True)
class Case:
    """One fuzz input: a family and one file (or two, for a subtitle pair) of text with its name."""

    family: str
    files: tuple[tuple[str, str], ...] | tuple[tuple[str, bytes], ...]  # (file name, text or a file's bytes)


@cache
def _seed_lines() -> dict[str, list[str]]:
    out = {}
    for path in sorted(SEEDS.glob("00*.txt")):
        out[path.name[:3]] = path.read_text(encoding="utf-8").split("\n")
    return out


@cache
def _seed_sentences() -> tuple[list[str], list[str]]:
    """English and Chinese sentences of seed 000 (realistic text to mix with the traps)."""
    en, zh = [], []
    for line in _seed_lines().get("000", []):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        han = sum("\u4e00" <= c <= "\u9fff" for c in line)
        (zh if han > len(line) // 4 else en).append(line[:160])
    return en or ["We talk."], zh or ["我们说话。"]


def chars(rng: random.Random, n: int) -> str:
    """*n* random code points from every hostile class (lone surrogates included)."""
    out = []
    for lo, hi in rng.choices(_RANGE_LIST, _RANGE_WEIGHTS, k=n):
        out.append(chr(rng.randint(lo, hi)))
    return "".join(out)


def _long_word(rng: random.Random) -> str:
    unit = rng.choice(["x", "长", "ab", "𠀀", "-", "e\u0301", "\u200b"])
    return unit * rng.choice([80, 300, 1000, 3000])


def text(rng: random.Random, lang: str, size: int | None = None) -> str:
    """A sentence-like run of words in *lang* (``en``/``zh``) mixed with traps, seed text and random characters."""
    words = EN_WORDS if lang == "en" else ZH_WORDS
    en_s, zh_s = _seed_sentences()
    parts = []
    for _ in range(size if size is not None else rng.randint(1, 14)):
        r = rng.random()
        if r < 0.55:
            parts.append(rng.choice(words))
        elif r < 0.72:
            parts.append(rng.choice(TRAPS if _size["big"] else SHORT_TRAPS))
        elif r < 0.82:
            sentence = rng.choice(en_s if lang == "en" else zh_s)
            parts.append(sentence if _size["big"] else sentence[: rng.randint(10, 60)])
        elif r < 0.97:
            parts.append(chars(rng, rng.randint(1, 6)))
        elif r < 0.99 or not _size["big"]:
            parts.append(rng.choice(SUB_TRAPS))
        else:
            parts.append(_long_word(rng))
    return (" " if lang == "en" else rng.choice(["", "", " "])).join(parts)


def paired(rng: random.Random) -> str:
    parts: list[str] = []
    if rng.random() < 0.5:
        parts.append("## " + rng.choice(["20241216", "2024-02-30", "", "1999", "20251301", "00000000"]) + text(rng, "en"))
    for _ in range(rng.randint(1, 8)):
        kind = rng.choice(["pair", "pair", "pair", "pair2", "heading", "en", "zh", "sentinel", "junk"])
        if kind == "pair":
            parts += [text(rng, "en"), text(rng, "zh")]
        elif kind == "pair2":
            parts += [text(rng, "en"), text(rng, "en"), text(rng, "zh")] + ([text(rng, "zh")] if rng.random() < 0.5 else [])
        elif kind == "heading":
            parts.append(rng.choice(["#", "##", "###", "#1", "#######", "##"]) + rng.choice([" ", ""]) + text(rng, rng.choice(["en", "zh"])))
        elif kind in ("en", "zh"):
            parts.append(text(rng, kind))
        elif kind == "sentinel":
            parts.append(rng.choice(["未找到意译内容", " 未找到意译内容 ", "未找到意译内容。"]))
        else:
            parts.append(chars(rng, rng.randint(0, 30)))
    sep = rng.choice(["\n\n", "\n\n\n", "\r\n\r\n", "\n \n", "\r\r", "\n\t\n"])
    return sep.join(parts) + rng.choice(["\n", "", "\n\n"])


def _yaml_scalar(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.3:
        return json.dumps(rng.choice(TRAPS))  # a double-quoted YAML string (JSON is YAML): escapes and all
    if r < 0.55:
        return rng.choice(["2025-13-01", "2024-02-30", "2024-02-29", "2023-02-27", "2023-02-27T25:61:00", ".nan", ".inf",
                           "-.inf", "~", "null", "yes", "no", "0x1F", "0o17", "1e400", "[]", "{}", "!!binary aGk=", "''",
                           "'2025-11-25'", "1_000", "12:30:00", "-", "?", "|", ">"])
    if r < 0.65:
        return str(rng.randint(-(10**30), 10**30))
    if r < 0.85:
        return json.dumps(text(rng, rng.choice(["en", "zh"]), rng.randint(1, 4)))
    return json.dumps(chars(rng, rng.randint(0, 12)))


def frontmatter(rng: random.Random) -> str:
    keys = ["title", "date", "source", "people", "tags", "summary", "speaker", "guest", "extra", "x", "layout", "draft"]
    meta = ["---"]
    if rng.random() < 0.2:
        depth = rng.randint(1, 4)
        meta.append("a0: &a0 [" + ", ".join(_yaml_scalar(rng) for _ in range(rng.randint(0, 4))) + "]")
        for d in range(1, depth + 1):
            meta.append(f"a{d}: &a{d} [" + ", ".join([f"*a{d - 1}"] * rng.randint(1, 9)) + "]")
        meta.append(f"{rng.choice(keys)}: *a{depth}")
    for key in rng.sample(keys, rng.randint(0, 6)):
        if key in ("people", "tags") and rng.random() < 0.5:
            if rng.random() < 0.5:
                meta.append(f"{key}: [{_yaml_scalar(rng)}, {_yaml_scalar(rng)}]")
            else:
                meta += [f"{key}:"] + [rng.choice(["- ", "  - "]) + _yaml_scalar(rng) for _ in range(rng.randint(0, 4))]
        else:
            meta.append(f"{key}: {_yaml_scalar(rng)}")
    if rng.random() < 0.05:
        meta.append(rng.choice(["  bad: indent", "key: [unclosed", "? complex", "!!python/object:os.system x", "\t tab: 1"]))
    meta += [rng.choice(["---", "---", "--- ", "...", "----"]), ""]
    body: list[str] = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.choice(["turn", "turn", "turn", "turn", "heading", "broken", "stray", "sound"])
        if kind == "heading":
            body += [rng.choice(["## ", "### ", "##", "###"]) + text(rng, "zh", rng.randint(1, 4)), ""]
        elif kind == "stray":
            body += [rng.choice(TRAPS + SUB_TRAPS), ""]
        elif kind == "sound":
            body += [rng.choice(SOUNDS), ""]
        else:
            label = rng.choice(["", "", "**Ann:** ", "**Bo：** ", "Ann: ", "**Ann**: ", "> ", ">> ", "主持人小王: "])
            body += [label + text(rng, "zh"), ""]
            summary = rng.choice(["<summary>View/Hide Original English</summary>", "<summary>Original</summary>",
                                  "<summary>Original", "", "<summary>View/Hide Original English</p>", "<summary>" + "x" * 5])
            close = "" if kind == "broken" and rng.random() < 0.5 else rng.choice(
                ["</details>", "</details>", "</detials>", "</", "</p>", "‹/details>", "</details></details>"])
            english = text(rng, "en")
            if rng.random() < 0.5:
                english = f'<p class="english-text">{english}</p>'
            body += [rng.choice(["<details>", "<details>", "  <details>", "<<details>"]) + ("" if rng.random() < 0.7 else summary)]
            body += [summary, english] if rng.random() < 0.6 else ["", english, ""]
            body += [close, ""]
    eol = rng.choice(["\n", "\n", "\r\n"])
    return eol.join(meta + body)


def _valid_model(rng: random.Random) -> dict:
    n = rng.randint(1, 4)
    segments = []
    for k in range(n):
        seg: dict = {"id": f"seg-{k:04d}", "source": text(rng, "en"), "target": text(rng, "zh") if rng.random() < 0.85 else ""}
        if rng.random() < 0.3:
            seg["speaker"] = rng.choice(["Ann", "", text(rng, "en", 1)])
        segments.append(seg)
    return {"format": "diglot", "schema": 2, "document": {"title": text(rng, "en", rng.randint(0, 3)), "segments": segments}}


def _json_value(rng: random.Random, depth: int = 0) -> object:
    r = rng.random()
    if depth < 3 and r < 0.15:
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    if depth < 3 and r < 0.25:
        return {chars(rng, rng.randint(0, 5)): _json_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
    return rng.choice([None, True, False, 0, -1, 2**70, 1.5, -0.0, 1e308, rng.choice(TRAPS), chars(rng, rng.randint(0, 8)), "", "seg-0000"])


def json_doc(rng: random.Random) -> str:
    data = _valid_model(rng)
    body = data["document"]
    for _ in range(rng.choice([0, 1, 1, 2])):
        target = rng.choice(["doc", "segment", "top"])
        segments = [x for x in body.get("segments") or [] if isinstance(x, dict)] if isinstance(body.get("segments"), list) else []
        where = data if target == "top" or (target == "segment" and not segments) else body if target == "doc" else rng.choice(segments)
        key = rng.choice([*where.keys(), "unknown", "sections", "terms", "timing", "pairs", "origin", "notices"])
        where[key] = _json_value(rng)
    out = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    if rng.random() < 0.1:
        out = out.replace('"', '\\"', 1) if rng.random() < 0.5 else out[: rng.randint(0, len(out))]
    return out


# --- subtitle files -------------------------------------------------------------------------------------------------


def _clock(rng: random.Random, ms: int, fmt: str) -> str:
    if rng.random() < 0.02:
        return rng.choice(["99:99:99,999", "-00:00:01,000", "00:00:01", "1", "", "00:00:01.5", "00:60:00,000", "aa:bb:cc,ddd", "9" * 30])
    h, rest = divmod(max(ms, 0), 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    if fmt == "ass":
        return f"{h}:{m:02d}:{s:02d}.{milli // 10:02d}"
    sep = "," if fmt == "srt" else "."
    if fmt == "vtt" and h == 0 and rng.random() < 0.5:
        return f"{m:02d}:{s:02d}.{milli:03d}"
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{milli:03d}"


def _cue_times(rng: random.Random, n: int, scale: int = 1) -> list[tuple[int, int]]:
    t, out = rng.randint(0, 5000), []
    for _ in range(n):
        dur = rng.choice([rng.randint(300, 6000), rng.randint(0, 200), rng.randint(6000, 20000)]) * scale
        start = t
        if rng.random() < 0.05:
            start = max(0, t - rng.randint(0, 4000))  # overlap or out of order
        end = start + dur if rng.random() > 0.03 else start - rng.randint(1, 500)
        out.append((start, end))
        t = start + dur + rng.choice([0, 40, 100, 500, 3000])
    return out


def _cue_lines(rng: random.Random, langs: tuple[str, ...]) -> list[str]:
    if rng.random() < 0.08:
        return [rng.choice(SOUNDS)] * rng.randint(1, 2)
    lines = []
    for lang in langs:
        line = text(rng, lang, rng.randint(1, 6))
        if rng.random() < 0.1:
            line = rng.choice(["- ", "-", ">> ", "Ann: "]) + line
        lines.append(line)
        if rng.random() < 0.15:
            lines.append(text(rng, lang, rng.randint(1, 4)))
    if len(langs) == 2 and rng.random() < 0.4:
        lines.reverse()
    return lines


def srt(rng: random.Random, langs: tuple[str, ...] = ("zh", "en"), times: list[tuple[int, int]] | None = None) -> str:
    times = times or _cue_times(rng, rng.randint(1, 10))
    blocks = []
    for n, (a, b) in enumerate(times, 1):
        number = str(n) if rng.random() > 0.05 else rng.choice(["", "0", "x", str(n + 7)])
        arrow = rng.choice([" --> "] * 20 + ["-->", " -> ", " --> --> "])
        lines = [ln.replace("\n", " ") for ln in _cue_lines(rng, langs)]
        if rng.random() < 0.1:
            lines[0] = rng.choice(["<i>", "{\\an8}", "<font color=\"#fff\">", "<b>"]) + lines[0]
        blocks.append("\n".join(([number] if number else []) + [_clock(rng, a, "srt") + arrow + _clock(rng, b, "srt")] + lines))
    sep = rng.choice(["\n\n", "\n\n", "\n", "\n\n\n", "\n \n"])
    out = ("\ufeff" if rng.random() < 0.05 else "") + sep.join(blocks) + "\n"
    return out.replace("\n", "\r\n") if rng.random() < 0.2 else out


def vtt(rng: random.Random, langs: tuple[str, ...] = ("zh", "en"), times: list[tuple[int, int]] | None = None) -> str:
    times = times or _cue_times(rng, rng.randint(1, 10))
    head = rng.choice(["WEBVTT", "WEBVTT", "WEBVTT - title", "WEBVTT\nKind: captions\nLanguage: en", "\ufeffWEBVTT", "WEBVTTX"])
    blocks = [head]
    if rng.random() < 0.2:
        blocks.append(rng.choice(["NOTE " + text(rng, "en", 3), "STYLE\n::cue { color: red }", "REGION\nid:r1", "NOTE\n-->"]))
    for n, (a, b) in enumerate(times, 1):
        cue_id = [rng.choice([str(n), f"c{n}", text(rng, "en", 1).replace("-->", "")])] if rng.random() < 0.3 else []
        settings = rng.choice(["", "", "", " align:start position:10%", " line:0", " vertical:rl"])
        lines = []
        for line in _cue_lines(rng, langs):
            line = line.replace("\n", " ")
            r = rng.random()
            if r < 0.3:
                line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if r < 0.15:
                lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in line) else "en"
                line = rng.choice([f"<lang {lang}>{line}</lang>", f"<c.{'target' if lang == 'zh' else 'source'}>{line}</c>", f"<v Ann>{line}"])
            lines.append(line)
        if rng.random() < 0.02:
            lines = ["<00:00:01.000><c> rolling</c><00:00:02.000><c> words</c>"]
        blocks.append("\n".join(cue_id + [_clock(rng, a, "vtt") + " --> " + _clock(rng, b, "vtt") + settings] + lines))
    out = "\n\n".join(blocks) + "\n"
    return out.replace("\n", "\r\n") if rng.random() < 0.15 else out


def ass(rng: random.Random, langs: tuple[str, ...] = ("zh", "en"), times: list[tuple[int, int]] | None = None) -> str:
    times = times or _cue_times(rng, rng.randint(1, 10))
    head = ["[Script Info]", "ScriptType: v4.00+", "PlayResX: 1920", "PlayResY: 1080", ""]
    if rng.random() < 0.9:
        head += ["[V4+ Styles]", "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
                 "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
                 "MarginR, MarginV, Encoding",
                 "Style: ZH,Noto Sans CJK SC,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,1,2,60,60,40,1",
                 "Style: EN,Arial,44,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,1,2,60,60,40,1", ""]
    events = ["[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"]
    for a, b in times:
        parts = []
        for line in _cue_lines(rng, langs):
            line = line.replace("\n", " ")
            if rng.random() < 0.2:
                line = rng.choice(["{\\i1}", "{\\an8}", "{\\rEN}", "{\\pos(10,10)}", "{comment}", "{\\b1}x{\\b0}"]) + line
            parts.append(line)
        kind = "Dialogue" if rng.random() > 0.05 else rng.choice(["Comment", "Dialog", "dialogue"])
        style = rng.choice(["ZH", "EN", "Default", "Missing"])
        name = rng.choice(["", "", "Ann", "A,nn"])
        events.append(f"{kind}: 0,{_clock(rng, a, 'ass')},{_clock(rng, b, 'ass')},{style},{name},0,0,0,,"
                      + rng.choice(["\\N", "\\n", "\\N\\N"]).join(parts))
    return "\n".join(head + events) + rng.choice(["\n", ""])


_WRITERS = {"srt": srt, "vtt": vtt, "ass": ass}


def subtitle(rng: random.Random, fmt: str | None = None) -> Case:
    fmt = fmt or rng.choice(list(_WRITERS))
    name = rng.choice(["talk", "talk.en-zh", "talk.zh", "t"]) + rng.choice([f".{fmt}", f".{fmt}", ".txt", ""])
    return Case(fmt, ((name, _WRITERS[fmt](rng)),))


def subtitle_pair(rng: random.Random) -> Case:
    """An English and a Chinese file of one video: the same span of time, cut differently."""
    n = rng.randint(1, 8)
    base = _cue_times(rng, n)
    other = base if rng.random() < 0.3 else _cue_times(random.Random(rng.random()), max(1, n + rng.randint(-2, 2)))
    files = []
    for lang, times in (("en", base), ("zh", other)):
        fmt = rng.choice(list(_WRITERS))
        tag = lang if rng.random() < 0.8 else rng.choice(["", "zh" if lang == "en" else "en", "chs", "eng", "zh-Hant"])
        files.append((f"talk{'.' + tag if tag else ''}.{fmt}", _WRITERS[fmt](rng, (lang,), times)))
    if rng.random() < 0.5:
        files.reverse()
    return Case("pair", tuple(files))


def seed_window(rng: random.Random) -> str:
    """A window of a seed transcript (the front matter kept when the window starts at the top) with line mutations."""
    key = rng.choice(sorted(_seed_lines()))
    lines = _seed_lines()[key]
    size = rng.randint(4, 60) if _size["big"] else rng.randint(3, 10)
    start = 0 if rng.random() < 0.5 else rng.randint(0, max(0, len(lines) - size))
    window = lines[start : start + size] if start else lines[: size + (45 if key == "002" else 0)]
    if not _size["big"]:  # seed 000's paragraphs run to 1,000 characters: cut them (the long ones are for big cases)
        window = [line[: rng.randint(20, 200)] for line in window]
    for _ in range(rng.randint(1, 6)):
        if not window:
            break
        i = rng.randrange(len(window))
        op = rng.randrange(7)
        if op == 0:
            del window[i]
        elif op == 1:
            window.insert(i, window[i])
        elif op == 2:
            j = rng.randrange(len(window))
            window[i], window[j] = window[j], window[i]
        elif op == 3:
            pos = rng.randint(0, len(window[i]))
            window[i] = window[i][:pos] + rng.choice(TRAPS + SUB_TRAPS) + window[i][pos:]
        elif op == 4:
            window[i] = text(rng, rng.choice(["en", "zh"]))
        elif op == 5:
            window.insert(i, rng.choice(["", "---", "<details>", "</details>", "未找到意译内容", "## " + chars(rng, 5)]))
        else:
            window[i] = window[i][: rng.randint(0, len(window[i]))]
    return "\n".join(window) + "\n"


def _damage(rng: random.Random, s: str) -> str:
    """Character-level damage: a few random spans deleted, repeated or replaced by random code points."""
    for _ in range(rng.randint(1, 3)):
        if not s:
            return chars(rng, rng.randint(0, 10))
        i = rng.randrange(len(s))
        j = min(len(s), i + rng.randint(0, 12))
        op = rng.randrange(3)
        s = s[:i] + ("" if op == 0 else s[i:j] * 2 if op == 1 else chars(rng, rng.randint(1, 4))) + s[j:]
    return s


#: family -> weight in a run
FAMILIES = {"paired": 4, "frontmatter": 4, "json": 2, "srt": 2, "vtt": 2, "ass": 2, "pair": 2, "seed": 2}


#: whether the case being built is a big one (see :func:`case`)
_size = {"big": False}


def case(rng: random.Random, big: bool = False) -> Case:
    """One random case of any family (see the module docstring).

    A *big* case may hold words of 80 to 3,000 characters and seed windows of
    up to 60 lines with whole paragraphs; a small one holds neither (building
    subtitle cues for a long word costs seconds, so a long run makes every
    k-th case a big one).
    """
    _size["big"] = big
    family = rng.choices(list(FAMILIES), list(FAMILIES.values()))[0]
    if family in _WRITERS:
        c = subtitle(rng, family)
    elif family == "pair":
        c = subtitle_pair(rng)
    else:
        maker = {"paired": paired, "frontmatter": frontmatter, "json": json_doc, "seed": seed_window}[family]
        c = Case(family, (("fuzz" + rng.choice([".txt", ".md", ".json", ""]), maker(rng)),))
    if rng.random() < 0.1:
        k = rng.randrange(len(c.files))
        files = list(c.files)
        files[k] = (files[k][0], _damage(rng, files[k][1]))
        c = Case(c.family, tuple(files))
    if rng.random() < 0.08:
        c = Case(c.family, tuple((name, as_bytes(rng, t)) for name, t in c.files))  # type: ignore[misc]
    return c


#: encodings a file may come in, with weights (legacy ones are rarer: charset detection costs milliseconds)
ENCODINGS = {"utf-8": 6, "utf-8-sig": 2, "utf-16": 2, "utf-16-le": 1, "utf-16-be": 1, "utf-32": 1, "gb18030": 1, "big5": 1}


def as_bytes(rng: random.Random, s: str) -> bytes:
    """*s* as the bytes of a file: one of :data:`ENCODINGS` (lone surrogates passed through as invalid UTF-8,
    characters an encoding lacks as ``?``), sometimes with a NUL or a stray invalid byte."""
    enc = rng.choices(list(ENCODINGS), list(ENCODINGS.values()))[0]
    data = s.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace")
    if rng.random() < 0.1 and data:
        i = rng.randrange(len(data))
        data = data[:i] + rng.choice([b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80"]) + data[i:]
    return data
