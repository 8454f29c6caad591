"""Which parser reads messy subtitle files without losing text: pysrt, webvtt-py, pysubs2, diglot's scanner.

How it is measured: eight small files with the faults real subtitle files have
(a blank line inside a cue, a cue with an impossible time, no blank lines
between cues, BOM and CRLF, ``.`` instead of ``,`` in SRT times, WebVTT NOTE
and STYLE blocks, an ASS file, hours past 99). Each parser reads each file; a
result is "ok" when every word of the file's cues is read back, "ERROR" when
the parser refused the file with an exception (acceptable only for the
impossible time), and "LOST n" when it returned without error but dropped n
words. Run: ``python benchmarks/subtitle_parsers.py``.

What it showed (2026-12, pysrt 1.1.2, webvtt-py 0.6, pysubs2 1.8): pysrt
loses the text after a blank line inside a cue (silently with its default
error handling, which this script overrides to see it); webvtt-py and pysubs2
keep all text, and so does diglot's scanner. pysubs2 and webvtt-py accept an
impossible time (``00:00:61,000`` read as 1:01) without a word, and none of
the libraries gives line numbers. Choice (src/diglot/cuefile.py, read by src/diglot/readers/subtitle_files.py):
SRT and WebVTT through diglot's own scanner, which keeps the text as well as
pysubs2 does but names file, line and cue in every message and reports each
repair; ASS/SSA through pysubs2, the only one of the three that reads ASS.
"""

from __future__ import annotations

import io
import re

WORDS = re.compile(r"[A-Za-z]{3,}|[\u4e00-\u9fff]")

CASES: dict[str, tuple[str, str]] = {
    "blank line in cue": ("srt", "1\n00:00:01,000 --> 00:00:02,000\nHello there\n\nsecond paragraph\n\n2\n00:00:03,000 --> 00:00:04,000\nGoodbye friend\n"),
    "impossible time": ("srt", "1\n00:00:01,000 --> 00:00:02,000\nHello there\n\n2\n00:00:61,000 --> 00:00:62,000\nGoodbye friend\n"),
    "no blank lines": ("srt", "1\n00:00:01,000 --> 00:00:02,000\nHello there\n2\n00:00:03,000 --> 00:00:04,000\nGoodbye friend\n"),
    "BOM and CRLF": ("srt", "\ufeff1\r\n00:00:01,000 --> 00:00:02,000\r\nHello there\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nGoodbye friend\r\n"),
    "dots in SRT times": ("srt", "1\n00:00:01.000 --> 00:00:02.000\nHello there\n\n2\n00:00:03.000 --> 00:00:04.000\nGoodbye friend\n"),
    "VTT NOTE and STYLE": ("vtt", "WEBVTT\n\nSTYLE\n::cue { color: lime }\n\nNOTE a comment\n\nintro\n00:01.000 --> 00:02.000\nHello <c.zh>你好</c>\n\n00:03.000 --> 00:04.000 align:start\nGoodbye friend\n"),
    "hours past 99": ("srt", "1\n123:00:01,000 --> 123:00:02,000\nHello there\n\n2\n123:00:03,000 --> 123:00:04,000\nGoodbye friend\n"),
    "ASS": ("ass", "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\an8}Hello there\\N你好\nDialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,Goodbye friend\n"),
}


def _words(text: str) -> list[str]:
    text = re.sub(r"\{[^}]*\}|<[^>]*>", " ", text)
    return WORDS.findall(text)


def expected(text: str) -> list[str]:
    body = [line for line in text.replace("\r", "").split("\n") if "-->" not in line and not re.match(r"\s*(\d+|WEBVTT|NOTE.*|STYLE|::cue.*|intro|\[.*\]|Format:.*|ScriptType.*)\s*$", line)]
    return _words("\n".join(re.sub(r"^(Dialogue: (?:[^,]*,){9})", "", line) for line in body))


def with_pysrt(text: str, fmt: str) -> list[str]:
    import pysrt

    if fmt != "srt":
        raise ValueError("reads SRT only")
    return [w for item in pysrt.from_string(text.lstrip("\ufeff"), error_handling=pysrt.ERROR_RAISE) for w in _words(item.text)]


def with_webvtt(text: str, fmt: str) -> list[str]:
    import webvtt

    if fmt == "ass":
        raise ValueError("reads WebVTT and SRT only")
    buf = io.StringIO(text.lstrip("\ufeff"))
    caps = webvtt.from_buffer(buf, format="vtt" if fmt == "vtt" else "srt")
    return [w for c in caps for w in _words(c.raw_text)]


def with_pysubs2(text: str, fmt: str) -> list[str]:
    import pysubs2

    subs = pysubs2.SSAFile.from_string(text.lstrip("\ufeff"), format_={"srt": "srt", "vtt": "vtt", "ass": "ass"}[fmt])
    return [w for ev in subs.events if not ev.is_comment for w in _words(ev.text.replace("\\N", " "))]


def with_diglot(text: str, fmt: str) -> list[str]:
    from diglot.readers.subtitle_files import read_cues
    from diglot.textio import decode

    cf = read_cues(decode(text.encode("utf-8"), "x"), "x")
    return [w for c in cf.cues for line in c.lines for w in _words(line.replace("\\N", " "))]


PARSERS = {"pysrt": with_pysrt, "webvtt-py": with_webvtt, "pysubs2": with_pysubs2, "diglot": with_diglot}


def main() -> None:
    print(__doc__.split("What it showed")[0].strip())
    print()
    print(f"{'case':22}" + "".join(f"{name:>12}" for name in PARSERS))
    for case, (fmt, text) in CASES.items():
        want = expected(text)
        row = []
        for fn in PARSERS.values():
            try:
                got = fn(text, fmt)
            except Exception as exc:  # noqa: BLE001 - measuring how each library fails
                row.append("n/a" if isinstance(exc, ValueError) and "only" in str(exc) else "ERROR")
                continue
            lost = sum(1 for w in want if w not in got)
            row.append("ok" if not lost else f"LOST {lost}")
        print(f"{case:22}" + "".join(f"{r:>12}" for r in row))


if __name__ == "__main__":
    main()
