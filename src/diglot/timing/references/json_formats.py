"""JSON references: YouTube json3 captions and Whisper-family recogniser output.

* json3: ``{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8", "tOffsetMs"}]}]}``;
  a word starts at ``tStartMs + tOffsetMs``; events without ``segs`` and
  ``"\\n"`` segs only lay out lines.
* Whisper / faster-whisper / whisperX: ``segments[].start/end/text`` in
  seconds and, when word timestamps were asked for, ``segments[].words[]``
  with ``word``, ``start``, ``end`` (whisperX leaves out the times of words it
  could not align, such as numbers: they are interpolated). whisper.cpp's
  ``transcription[].offsets.from/to`` (ms) and ``text`` too.
"""

from __future__ import annotations

import json
from typing import Any

from ...errors import InputError
from .base import RefFormat, RefWord, Reference, clean_cue_text, finish, seconds_to_ms, spread


def _parse(text: str, file: str, fmt: str) -> Any:
    if _LAST[0] is text and _LAST[1] is not None:
        return _LAST[1]
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON (reading it as {fmt}): {exc.msg}", file=file, line=exc.lineno) from None
    except RecursionError:
        raise InputError(f"invalid JSON (reading it as {fmt}): nested too deeply", file=file) from None


_LAST: list[Any] = [None, None]  # (text, parsed): sniffing and reading parse a file once


def _sniff_json(text: str) -> Any:
    head = text.lstrip("\ufeff \n\t")
    if not head.startswith(("{", "[")):
        return None
    if _LAST[0] is not text:
        try:
            _LAST[1] = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            _LAST[1] = None
        _LAST[0] = text
    return _LAST[1]


def _int_ms(value: Any, file: str, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or not 0 <= value <= 1e12:
        raise InputError(f"{what}: {value!r} is not a time in milliseconds", file=file)
    return int(round(value))


# ---------------------------------------------------------------------------
# json3


def _is_json3(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("events"), list)


def read_json3(text: str, file: str) -> Reference:
    data = _parse(text, file, "json3")
    if not _is_json3(data):
        raise InputError("not YouTube json3 captions (no \"events\" list)", file=file)
    words: list[RefWord] = []
    for n, event in enumerate(data["events"]):
        if not isinstance(event, dict) or not isinstance(event.get("segs"), list):
            continue
        where = f"events[{n}]"
        start = _int_ms(event.get("tStartMs", 0), file, f"{where}.tStartMs")
        end = start + _int_ms(event.get("dDurationMs", 0), file, f"{where}.dDurationMs")
        segs = []
        for seg in event["segs"]:
            if not isinstance(seg, dict) or not isinstance(seg.get("utf8"), str):
                continue
            piece = clean_cue_text(seg["utf8"]).split()
            if not piece:
                continue  # "\n" and spacing segs
            segs.append((start + _int_ms(seg.get("tOffsetMs", 0), file, f"{where}.segs.tOffsetMs"), piece))
        for k, (t, piece) in enumerate(segs):
            nxt = segs[k + 1][0] if k + 1 < len(segs) else max(end, t)
            words.extend(spread(piece, t, max(nxt, t)))
    return finish(file, "json3", words, [])


# ---------------------------------------------------------------------------
# Whisper family


def _whisper_segments(data: Any) -> list[Any] | None:
    if isinstance(data, dict):
        for key in ("segments", "transcription"):
            if isinstance(data.get(key), list):
                return data[key]
        return None
    if isinstance(data, list) and data and all(isinstance(s, dict) and "text" in s for s in data[:5]):
        return data
    return None


def _segment_times(seg: dict[str, Any], file: str, where: str) -> tuple[int, int]:
    if "start" in seg or "end" in seg:
        start = seconds_to_ms(seg.get("start"), file, f"{where}.start")
        end = seconds_to_ms(seg.get("end", seg.get("start")), file, f"{where}.end")
    elif isinstance(seg.get("offsets"), dict):  # whisper.cpp: milliseconds
        start = _int_ms(seg["offsets"].get("from"), file, f"{where}.offsets.from")
        end = _int_ms(seg["offsets"].get("to"), file, f"{where}.offsets.to")
    else:
        raise InputError(f"{where}: a segment without times", file=file)
    return start, max(start, end)


def _timed_words(raw: list[Any], start: int, end: int, file: str, where: str) -> list[RefWord]:
    """Word entries -> RefWords; words without times are spread between their timed neighbours."""
    items: list[tuple[str, int | None, int | None]] = []
    for k, w in enumerate(raw):
        if not isinstance(w, dict):
            continue
        text = w.get("word", w.get("text"))
        said = clean_cue_text(text).split() if isinstance(text, str) else []
        if not said:
            continue
        s = seconds_to_ms(w["start"], file, f"{where}.words[{k}].start") if w.get("start") is not None else None
        e = seconds_to_ms(w["end"], file, f"{where}.words[{k}].end") if w.get("end") is not None else None
        items.append((" ".join(said), s, e))
    out: list[RefWord] = []
    k = 0
    while k < len(items):
        text, s, e = items[k]
        if s is not None:
            out.append(RefWord(text, s, max(s, e if e is not None else s)))
            k += 1
            continue
        run_end = k
        while run_end < len(items) and items[run_end][1] is None:
            run_end += 1
        lo = out[-1].end_ms if out else start
        hi = items[run_end][1] if run_end < len(items) else end
        pieces = [items[j][0] for j in range(k, run_end)]
        out.extend(spread(pieces, lo, max(lo, hi or lo)))
        k = run_end
    return out


def read_whisper(text: str, file: str) -> Reference:
    data = _parse(text, file, "whisper")
    segments = _whisper_segments(data)
    if segments is None:
        raise InputError("not Whisper JSON (no \"segments\" list)", file=file)
    words: list[RefWord] = []
    level = "segment"
    for n, seg in enumerate(segments):
        if not isinstance(seg, dict):
            continue
        where = f"segments[{n}]"
        start, end = _segment_times(seg, file, where)
        raw = seg.get("words")
        if isinstance(raw, list) and raw:
            level = "word"
            words.extend(_timed_words(raw, start, end, file, where))
        elif isinstance(seg.get("text"), str):
            words.extend(spread(clean_cue_text(seg["text"]).split(), start, end))
    notices = [] if level == "word" else ["Whisper JSON without word times: words spread over each segment"]
    return finish(file, "whisper", words, notices)


def sniff_json3(text: str) -> bool:
    return _is_json3(_sniff_json(text))


def sniff_whisper(text: str) -> bool:
    return _whisper_segments(_sniff_json(text)) is not None


JSON3 = RefFormat(sniff_json3, read_json3)
WHISPER = RefFormat(sniff_whisper, read_whisper)
