"""One sentence against one stretch of audio: the pocketsphinx side of forced alignment.

:class:`SentenceAligner` wraps a pocketsphinx decoder with the English model
its wheel ships. For each window it builds a small grammar: the sentence's
words in order, optionally preceded by the end of the text before it and
followed by the start of the text after it (so speech of the neighbours that
falls inside the window is claimed by their words, not stretched into the
sentence's first or last word). The decoder's per-frame normalised acoustic
score of the sentence's words is the confidence: speech that is really those
words scores close to the best any sound of the model could, other speech
far below it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .decode import BYTES_PER_SAMPLE as BYTES
from .decode import RATE
from .lts import pronounce

#: Mean log acoustic score per frame (pocketsphinx's scores, normalised to the
#: best senone each frame) at which a sentence counts as fully confident, and
#: at which it counts as not found at all; measured on espeak-ng speech with
#: and without noise, and on windows holding other sentences (see docs/audio.md).
SCORE_GOOD = -0.0040
SCORE_BAD = -0.0060
FRAME_MS = 10
CONFIDENT = 0.5  # a piece's match at least this confident ends a piecewise search
#: Wide beams (the default ones prune the right path of long sentences), and a cap on
#: the paths kept per frame instead, which bounds the cost where nothing matches well.
_BEAMS = {"beam": 1e-200, "pbeam": 1e-200, "wbeam": 1e-150, "maxhmmpf": 3000}
SILENT_PEAK = 64  # int16 peak below which a window holds no speech
#: Memory: pocketsphinx keeps every word exit of an utterance until it ends, and where
#: the sentence is not in the window (nothing matches well, many paths stay in the beam)
#: that history grows by about 45 KB per second of audio and word of grammar. So no
#: decoder run gets more than this many word-seconds (about 30 MB when it fails); a longer
#: window is searched in overlapping pieces, each its own utterance, and the words of
#: earlier text (which can only match at the window's start) are cut to fit. The peak
#: memory is then set by the longest sentence, not by the length of the talk.
PIECE_WORD_S = 700
CONTEXT_WORD_S = 300  # word-seconds the earlier-text context may take in a search
MIN_CONTEXT = 6  # but at least this many words of it
PIECE_SLACK_MS = 6000  # a piece is at least this much longer than the overlap
_TOKEN = re.compile(r"^[a-z][a-z']*$")


@dataclass(frozen=True, slots=True)
class WordTime:
    """A sentence word (index into the keys given) found at [start_ms, end_ms) of the media."""

    key: int
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class Found:
    """Where a sentence was found in a window, and how sure the decoder is."""

    words: tuple[WordTime, ...]
    confidence: float  # 0..1
    score: float  # mean log acoustic score per frame of the sentence's words

    @property
    def start_ms(self) -> int:
        return self.words[0].start_ms

    @property
    def end_ms(self) -> int:
        return self.words[-1].end_ms


def confidence_of(score: float) -> float:
    return round(min(1.0, max(0.0, (score - SCORE_BAD) / (SCORE_GOOD - SCORE_BAD))), 3)


class SentenceAligner:
    """Finds sentences in windows of 16 kHz mono PCM with pocketsphinx."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        # dither: digital silence (zeros) has no spectrum and confuses the silence model
        self._decoder = Decoder(samprate=RATE, lm=None, loglevel="FATAL", dither=True, bestpath=False, **_BEAMS)
        self._known: dict[str, bool] = {}
        #: words the dictionary lacked and that got a spelling-rule pronunciation
        self.generated: set[str] = set()
        #: words with no pronunciation at all (left out of the grammar; their time is interpolated)
        self.unpronounceable: set[str] = set()

    def usable(self, key: str, original: str) -> bool:
        """Whether *key* can be in a grammar (adding a generated pronunciation when needed)."""
        known = self._known.get(key)
        if known is not None:
            return known
        ok = bool(_TOKEN.match(key))
        if ok and self._decoder.lookup_word(key) is None:
            phones = pronounce(key, original, self._decoder.lookup_word)
            if phones:
                self._decoder.add_word(key, phones, False)
                self.generated.add(key)
            else:
                ok = False
        if not ok:
            self.unpronounceable.add(key)
        self._known[key] = ok
        return ok

    def find(
        self, pcm: bytes, offset_ms: int, keys: list[str], before: list[str] = (), after: list[str] = (),  # type: ignore[assignment]
        span_ms: int = 0,
    ) -> Found | None:
        """Align *keys* inside *pcm* (which starts at *offset_ms* of the media).

        *before* / *after* are the words of the text around the sentence,
        optionally matched at the window's edges. *span_ms* is how long the
        sentence is expected to last. A window too long for one decoder run
        (see :data:`PIECE_WORD_S`) is searched in pieces that overlap by more
        than the sentence's length, *before* only in the first; the first
        confident match wins, else the best. Returns None when no piece has a
        path through the sentence.
        """
        window_ms = len(pcm) * 1000 // (RATE * BYTES)
        overlap = int(span_ms * 1.3) + 3000
        grammar = len(keys) + len(after) + 1
        piece = max(PIECE_WORD_S * 1000 // grammar, overlap + PIECE_SLACK_MS)
        if window_ms <= piece * 1.2:
            piece = window_ms
        context = max(MIN_CONTEXT, CONTEXT_WORD_S * 1000 // max(piece, 1))
        best: Found | None = None
        start = 0
        while True:
            chunk = pcm[start * RATE // 1000 * BYTES : (start + piece) * RATE // 1000 * BYTES]
            found = self._run(chunk, offset_ms + start, keys, list(before)[-context:] if start == 0 else [], after)
            last = start + piece >= window_ms
            nxt = start + piece - overlap
            # a match starting where the next piece does is that piece's to find (whole): here the
            # sentence may run past the piece's end and be squeezed into what is left of it
            if found is not None and (last or found.start_ms < offset_ms + nxt):
                if best is None or found.confidence > best.confidence:
                    best = found
            if (best is not None and best.confidence >= CONFIDENT) or last:
                return best
            start = nxt

    def _run(self, pcm: bytes, offset_ms: int, keys: list[str], before: list[str], after: list[str]) -> Found | None:
        """One decoder run: *keys* (with the optional context) aligned inside *pcm*."""
        if not keys or len(pcm) < RATE // 10 or _peak(pcm) < SILENT_PEAK:
            return None
        d = self._decoder
        d.add_jsgf_string("sentence", _grammar(keys, before, after))
        d.activate_search("sentence")
        d.start_utt()
        d.process_raw(pcm, full_utt=True)
        d.end_utt()
        if d.hyp() is None:
            return None
        said = [(re.sub(r"\(\d+\)$", "", s.word), s) for s in d.seg() if not s.word.startswith(("<", "[", "("))]
        at = _locate([w for w, _ in said], keys, before, after)
        if at is None:
            return None
        mine = said[at : at + len(keys)]
        frames = sum(s.end_frame - s.start_frame + 1 for _, s in mine)
        logp = sum(math.log(max(s.ascore, 1e-300)) for _, s in mine)
        score = logp / max(frames, 1)
        words = tuple(
            WordTime(i, offset_ms + s.start_frame * FRAME_MS, offset_ms + (s.end_frame + 1) * FRAME_MS)
            for i, (_, s) in enumerate(mine)
        )
        return Found(words, confidence_of(score), score)


def _peak(pcm: bytes) -> int:
    import array

    samples = array.array("h", pcm)
    return max(max(samples), -min(samples))


def _grammar(keys: list[str], before: list[str], after: list[str]) -> str:
    """JSGF: any tail of *before*, all of *keys*, any head of *after*."""
    head = ""
    for w in before:  # [[[b1] b2] b3]: "", "b3", "b2 b3", "b1 b2 b3"
        head = f"[ {head} {w} ]" if head else f"[ {w} ]"
    tail = ""
    for w in reversed(after):  # [a1 [a2 [a3]]]
        tail = f"[ {w} {tail} ]" if tail else f"[ {w} ]"
    return f"#JSGF V1.0;\ngrammar sentence;\npublic <s> = {head} {' '.join(keys)} {tail};\n"


def _locate(said: list[str], keys: list[str], before: list[str], after: list[str]) -> int | None:
    """Where the sentence's words start among the *said* words (tail of *before*, *keys*, head of *after*)."""
    n = len(keys)
    for i in range(0, len(said) - n + 1):
        if said[i : i + n] != keys:
            continue
        if i and said[:i] != before[len(before) - i :]:
            continue
        rest = said[i + n :]
        if rest == after[: len(rest)]:
            return i
    return None
