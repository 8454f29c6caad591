"""Forced alignment of a transcript to its audio: the timed model from the sound itself.

Sentence by sentence, in time order, each sentence pair's English is looked
for in a window of the audio that starts where the previous sentence ended
and reaches as far as a first estimate says it should (the timed reference's
times when given, else the speaking-rate estimate, its rate corrected by the
sentences found so far). Cost is linear in the length of the talk, and only
the window in use is held in memory.

A sentence the decoder cannot find is tried again in a window two and a half
times as long. After the first pass, every stretch of missing or
low-confidence sentences is aligned again inside the whole gap between the
sentences found around it (a second decoding of just that stretch). What is
still missing takes its times from :func:`diglot.timing.retime.retime`,
which the found words are fed to as a reference: short gaps are interpolated,
long ones (the audio lacks that part of the transcript) keep estimated times
and are reported as cuts, exactly as in retiming. Pairs found get timing
``audio`` and their acoustic confidence.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ...align.sentences import align_document
from ...errors import InputError
from ...progress import task
from ...model import TIMING_AUDIO, TIMING_ESTIMATED, TIMING_REFERENCE, Document, Segment, Timing
from ..references import RefWord
from ..words import normalize_word
from .decode import INSTALL_HINT, RATE, PcmWindow, pcm_chunks, probe, require_av
from .recognizer import SILENT_PEAK, SentenceAligner

#: Below this share of sentences found, the audio is taken to be of another talk.
MIN_FOUND = 0.3
#: Sentences found below this confidence are retried in the second pass and reported.
LOW_CONFIDENCE = 0.5
#: A sentence counts as found only at or above this confidence.
ACCEPT = 0.2
#: In a window much longer than the sentence a chance match is likelier: ask more.
ACCEPT_WIDE = 0.5
MAX_WINDOW_MS = 25_000  # plus twice the sentence's expected length
SHORT_KEYS = 4  # sentences with fewer words are not searched for in wide windows
SHORT_REACH_MS = 4000  # and must start this close to where the window does
MAX_GAP_MS = 10 * 60_000  # the second pass looks inside gaps up to this long
CONTEXT_WORDS = 40  # words of earlier unfound text the grammar may match at a window's start
LOST_AFTER = 3  # after this many sentences not found in a row, no wider retries (the second pass looks)
GIVE_UP_AFTER = 12  # nothing of the first sentences in the audio: another talk, stop looking


@dataclass
class _Unit:
    """One sentence pair with English words: what to look for and what was found."""

    seg: int
    pair: int
    words: list[str]  # the pair's whitespace-separated source words
    keys: list[str]  # pronounceable comparison keys, in order
    key_word: list[int]  # index into words for each key
    est_start: int
    est_end: int
    found: tuple[int, int] | None = None  # (start_ms, end_ms)
    word_times: dict[int, tuple[int, int]] = field(default_factory=dict)
    confidence: float = 0.0
    second_pass: bool = False


@dataclass(frozen=True)
class AudioReport:
    """What forced alignment found, where it was unsure and what it could not place."""

    media: str
    duration_ms: int
    sentences: int
    found: int
    found_second_pass: int
    low_confidence: tuple[tuple[str, int, int, float], ...]  # (segment, pair index, start_ms, confidence)
    generated: int  # words the dictionary lacked, given a spelling-rule pronunciation
    unpronounceable: int  # words left out of the grammar, their times interpolated
    interpolated: int  # sentence pairs between found ones, timed by interpolation
    estimated: int  # sentence pairs not covered by the audio (times estimated)
    cuts: tuple[str, ...] = ()
    ended_early: int = 0  # sentences after the end of the audio
    cpu_s: float = 0.0
    #: the longest stretch of decoded audio held in memory at once (ms)
    peak_buffer_ms: int = 0
    forced: bool = False
    #: with a timed reference too: (pairs whose audio times were kept, pairs kept from the reference,
    #: median |audio - reference| start difference in ms)
    combined: tuple[int, int, int] | None = None

    def summary_lines(self) -> list[str]:
        secs = max(self.duration_ms, 1) / 1000
        lines = [
            f"aligned to the audio of {self.media} ({_clock(self.duration_ms)}; {self.cpu_s:.1f} s CPU, "
            f"real-time factor {self.cpu_s / secs:.3f})",
            f"  sentences found: {self.found} of {self.sentences} ({self.found / max(self.sentences, 1):.1%})"
            + (f", {self.found_second_pass} of them in the second pass" if self.found_second_pass else ""),
            f"  low confidence (under {LOW_CONFIDENCE:.0%}): {len(self.low_confidence)}",
        ]
        for seg, pair, start, conf in self.low_confidence[:5]:
            lines.append(f"    {seg}#{pair + 1} at {_clock(start)} ({conf:.0%})")
        if self.interpolated:
            lines.append(f"  interpolated between found sentences: {self.interpolated} pairs")
        if self.estimated:
            lines.append(f"  not in the audio, times estimated: {self.estimated} pairs")
        if self.ended_early:
            lines.append(f"  the audio ends before the transcript: {self.ended_early} sentences after its end")
        lines.extend(f"    {cut}" for cut in self.cuts)
        if self.generated or self.unpronounceable:
            lines.append(
                f"  words not in the pronouncing dictionary: {self.generated} given spelling-rule pronunciations"
                + (f", {self.unpronounceable} interpolated" if self.unpronounceable else "")
            )
        if self.combined:
            audio, ref, shift = self.combined
            lines.append(
                f"  with the timed reference: audio refined {audio} pairs (median start shift {shift} ms), "
                f"reference times kept for {ref}"
            )
        if self.forced:
            lines.append("  forced: the audio barely matches this transcript; check the result")
        return lines


def _clock(ms: int) -> str:
    s = max(ms, 0) // 1000
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def align_to_media(doc: Document, media: str | Path, *, force: bool = False) -> tuple[Document, AudioReport]:
    """A copy of *doc* timed from the audio of *media*, and a report.

    When *doc* already has real times (retimed against a timed reference)
    they are the first estimate and the anchors, and the audio refines them
    where it is confident. Raises :class:`InputError` naming the media file
    when it cannot be decoded, is silent, or matches too little of the
    transcript (another talk; unless *force*), and when ``diglot[audio]`` is
    not installed.
    """
    name = str(media)
    require_av(name)
    info = probe(media)
    cpu0 = time.process_time()
    anchored = doc.has_real_timing
    doc = doc if doc.is_aligned else align_document(doc)
    first = doc if anchored else _estimate(doc)
    try:
        aligner = SentenceAligner()
    except ImportError:
        raise InputError(INSTALL_HINT, file=name) from None
    units = _units(first, aligner)
    if not units:
        raise InputError("transcript has no English words to align to the audio", file=doc.source_file)

    peak = [0]
    length = [info.duration_ms]
    window = PcmWindow(_peaks(pcm_chunks(name), peak))
    with task(len(units), f"aligning to {Path(name).name}", "sentence") as progress:
        ended = _first_pass(units, window, aligner, anchored, force, progress.advance)
    if window.exhausted:
        length[0] = window.decoded_ms
    found = sum(1 for u in units if u.found)
    if peak[0] < SILENT_PEAK and window.exhausted:
        raise InputError("media file is silent: no speech to align to", file=name)
    if found < MIN_FOUND * len(units) and not force:
        raise InputError(
            f"audio does not match the transcript (only {found} of {len(units)} sentences found in it): "
            "is it of another talk? Use --force (force=True) to align anyway",
            file=name,
        )
    # with nothing found there is no gap to look inside, only the whole file again
    second = _second_pass(units, name, aligner, length[0] or window.decoded_ms) if found else 0
    timed, report = _timed_model(
        doc, first, units, aligner, name, length[0] or window.decoded_ms, ended, second,
        time.process_time() - cpu0, force and found < MIN_FOUND * len(units), anchored,
    )
    return timed, replace(report, peak_buffer_ms=window.peak_samples * 1000 // RATE)


def _estimate(doc: Document) -> Document:
    from ..estimate import estimate_times

    return estimate_times(doc)


def _peaks(chunks: Iterator[bytes], peak: list[int]) -> Iterator[bytes]:
    """*chunks* unchanged, recording the loudest sample seen in *peak[0]*."""
    import array

    for chunk in chunks:
        if peak[0] < SILENT_PEAK:
            samples = array.array("h", chunk)
            if samples:
                peak[0] = max(peak[0], max(samples), -min(samples))
        yield chunk


def _units(doc: Document, aligner) -> list[_Unit]:
    units: list[_Unit] = []
    for si, seg in enumerate(doc.segments):
        for pi, pair in enumerate(seg.pairs):
            words = (pair.source or "").split()
            keys: list[str] = []
            key_word: list[int] = []
            for wi, word in enumerate(words):
                for key in normalize_word(word):
                    if aligner.usable(key, word):
                        keys.append(key)
                        key_word.append(wi)
            if not keys:
                continue
            start = pair.start_ms if pair.start_ms is not None else (units[-1].est_end if units else 0)
            end = pair.end_ms if pair.end_ms is not None else start
            units.append(_Unit(si, pi, words, keys, key_word, start, max(end, start)))
    return units


def _accept(unit: _Unit, found, window_start: int, wide: bool) -> bool:
    """Whether *found* is believable: confident enough, and a short sentence near the window's start.

    A sentence of a word or two ("Thank you.") fits somewhere in any long
    stretch of speech; found far into its window it is more likely a chance match.
    """
    if found is None or found.confidence < (ACCEPT_WIDE if wide else ACCEPT):
        return False
    return len(unit.keys) >= SHORT_KEYS or found.start_ms - window_start <= SHORT_REACH_MS


def _store(unit: _Unit, found) -> None:
    unit.found = (found.start_ms, found.end_ms)
    unit.confidence = found.confidence
    unit.word_times = {}
    for wt in found.words:
        w = unit.key_word[wt.key]
        s, e = unit.word_times.get(w, (wt.start_ms, wt.end_ms))
        unit.word_times[w] = (min(s, wt.start_ms), max(e, wt.end_ms))


def _context(units: list[_Unit], k: int, last: int) -> tuple[list[str], list[str]]:
    """Words before unit *k* since the last found unit (and its tail), and the next unit's first words."""
    before: list[str] = units[last].keys[-6:] if last >= 0 else []
    for j in range(last + 1, k):
        before = before + units[j].keys
    before = before[-CONTEXT_WORDS:]
    after = units[k + 1].keys[:6] if k + 1 < len(units) else []
    return before, after


def _first_pass(units: list[_Unit], window: PcmWindow, aligner, anchored: bool, force: bool, advance: Callable[[], None] = lambda: None) -> int:
    """Find every unit in order (*advance* is called as each is started); returns how many units lie after the end of the audio."""
    cursor = 0  # the media time the last found sentence ended
    last = -1  # index of the last found unit
    ratio = 1.0  # real / estimated duration, learnt from the found sentences
    for k, unit in enumerate(units):
        advance()
        if window.exhausted and cursor >= window.decoded_ms - 500:  # no sentence fits in what is left
            return len(units) - k
        est_gap = unit.est_start - (units[last].est_end if last >= 0 else 0)
        r = 1.0 if anchored else ratio
        pred = (cursor + est_gap * r) if last >= 0 or not anchored else unit.est_start
        dur = max(unit.est_end - unit.est_start, 500) * r
        unc = 1500 + 0.25 * abs(est_gap * r)
        a = max(0, cursor - 100 if last >= 0 else 0)
        if anchored:
            a = max(a, int(pred - unc))
        most = 2 * dur + MAX_WINDOW_MS  # however lost the estimate, a window stays this short
        b = int(a + min(max(pred - a, 0) + dur * 1.3 + unc, most / 2))
        before, after = _context(units, k, last)
        found = aligner.find(window.read(a, b), a, unit.keys, before, after, int(dur))
        wide = False
        lost = k - last > LOST_AFTER
        if (
            not _accept(unit, found, a, False) and len(unit.keys) >= SHORT_KEYS and not lost
            and not (window.exhausted and b >= window.decoded_ms)
        ):
            b2 = int(a + min((b - a) * 2 + 3000, most))
            found, wide = aligner.find(window.read(a, b2), a, unit.keys, before, after, int(dur)), True
        if _accept(unit, found, a, wide) and found is not None:
            _store(unit, found)
            if not anchored and unit.est_end > unit.est_start and last >= 0:
                seen = (found.end_ms - found.start_ms) / (unit.est_end - unit.est_start)
                ratio = min(2.0, max(0.5, 0.8 * ratio + 0.2 * seen))
            cursor, last = found.end_ms, k
        window.forget(cursor - 5000)
        if not force and k + 1 >= GIVE_UP_AFTER and last < 0:
            break  # nothing of the first sentences is in the audio: another talk (refused by the caller)
    return 0


def _second_pass(units: list[_Unit], media: str, aligner, length_ms: int) -> int:
    """Align stretches of missing or unsure units again inside the gap around them; returns how many were found."""
    found_now = 0
    k = 0
    while k < len(units):
        if units[k].found and units[k].confidence >= LOW_CONFIDENCE:
            k += 1
            continue
        j = k
        while j < len(units) and not (units[j].found and units[j].confidence >= LOW_CONFIDENCE):
            j += 1
        before_run = units[k - 1].found if k > 0 else None
        after_run = units[j].found if j < len(units) else None
        lo = before_run[1] if before_run else 0
        hi = after_run[0] if after_run else length_ms
        if 0 < hi - lo <= MAX_GAP_MS:
            found_now += _realign(units[k:j], media, aligner, lo, hi, units[j].keys[:6] if j < len(units) else [])
        k = j
    return found_now


def _realign(run: list[_Unit], media: str, aligner, lo: int, hi: int, after_run: list[str]) -> int:
    window = PcmWindow(pcm_chunks(media, start_ms=lo))
    cursor = lo
    found_now = 0
    pending: list[str] = []
    for i, unit in enumerate(run):
        after = run[i + 1].keys[:6] if i + 1 < len(run) else after_run
        dur = max(unit.est_end - unit.est_start, 1000)
        b = int(min(hi, cursor + 2 * dur + MAX_WINDOW_MS))
        found = aligner.find(window.read(cursor - lo, b - lo), cursor, unit.keys, pending[-CONTEXT_WORDS:], after, dur)
        if _accept(unit, found, cursor, True) and found is not None and found.confidence > unit.confidence:
            if not unit.found:
                found_now += 1
            _store(unit, found)
            unit.second_pass = True
        if unit.found and unit.found[0] >= cursor:
            cursor = unit.found[1]
            pending = []
            window.forget(cursor - lo - 5000)
        else:
            pending += unit.keys
    return found_now


def _timed_model(
    doc: Document, first: Document, units: list[_Unit], aligner, media: str, length_ms: int,
    ended: int, second: int, cpu_s: float, forced: bool, anchored: bool,
) -> tuple[Document, AudioReport]:
    """Feed the found word times (and, with a reference, its times elsewhere) through retiming."""
    from ..retime import retime

    words: list[RefWord] = []
    found_at: dict[tuple[int, int], _Unit] = {}
    prev_end = 0
    for unit in units:
        pair = first.segments[unit.seg].pairs[unit.pair]
        if unit.found:
            found_at[(unit.seg, unit.pair)] = unit
            for w in sorted(unit.word_times):
                s, e = unit.word_times[w]
                if s >= prev_end - 50:
                    words.append(RefWord(unit.words[w], s, e))
                    prev_end = e
        elif anchored and pair.word_starts and pair.timing == TIMING_REFERENCE:
            starts = list(pair.word_starts)
            ends = starts[1:] + [pair.end_ms or starts[-1]]
            for w, (s, e) in enumerate(zip(starts, ends)):
                if s >= prev_end - 50 and w < len(unit.words):
                    words.append(RefWord(unit.words[w], s, max(e, s)))
                    prev_end = max(e, s)
    if not words and not forced:
        raise InputError("no sentence of the transcript was found in the audio", file=media)
    if words:
        timed, rt = retime(first, words, force=True, reference_name=media)
        coverage, rt_cuts = rt.coverage, rt.cuts
    else:  # forced, and nothing found: the estimate stays
        timed, coverage, rt_cuts = first, 0.0, ()

    segments: list[Segment] = []
    interpolated = estimated = kept_ref = 0
    shifts: list[int] = []
    low: list[tuple[str, int, int, float]] = []
    for si, seg in enumerate(timed.segments):
        pairs = []
        for pi, pair in enumerate(seg.pairs):
            hit = found_at.get((si, pi))
            if hit is not None:
                pair = replace(pair, timing=TIMING_AUDIO, confidence=hit.confidence)
                if hit.confidence < LOW_CONFIDENCE:
                    low.append((seg.id, pi, pair.start_ms or 0, hit.confidence))
                ref_pair = first.segments[si].pairs[pi]
                if anchored and ref_pair.start_ms is not None and pair.start_ms is not None:
                    shifts.append(abs(pair.start_ms - ref_pair.start_ms))
            elif pair.timing == TIMING_REFERENCE:
                if anchored and (first.segments[si].pairs[pi].timing == TIMING_REFERENCE):
                    kept_ref += 1
                else:
                    pair = replace(pair, timing=TIMING_AUDIO, confidence=0.0)
                    if pair.source:
                        interpolated += 1
            elif pair.timing == TIMING_ESTIMATED and pair.source:
                estimated += 1
            pairs.append(pair)
        segments.append(replace(seg, pairs=tuple(pairs)))
    notices = list(timed.notices)
    new_doc = replace(
        timed,
        segments=tuple(segments),
        timing=Timing(source=TIMING_AUDIO, reference=media, coverage=coverage) if words else timed.timing,
        notices=tuple(notices),
    )
    cuts = tuple(
        f"{a.segment} to {b.segment} ({n} pairs) are not in the audio: squeezed in at {_clock(a.start_ms)}"
        for a, b, n in rt_cuts
    )
    shifts.sort()
    report = AudioReport(
        media=media,
        duration_ms=length_ms,
        sentences=len(units),
        found=len(found_at),
        found_second_pass=second,
        low_confidence=tuple(low),
        generated=len(aligner.generated),
        unpronounceable=len(aligner.unpronounceable),
        interpolated=interpolated,
        estimated=estimated,
        cuts=cuts,
        ended_early=ended,
        cpu_s=cpu_s,
        forced=forced,
        combined=(len(found_at), kept_ref, shifts[len(shifts) // 2] if shifts else 0) if anchored else None,
    )
    return new_doc, report
