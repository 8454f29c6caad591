"""The decoder's memory does not grow with the window: a failing search of a long window stays small.

pocketsphinx keeps every word exit of an utterance in its history until the
utterance ends, so one search of a long window where the sentence is not
(the cut case: a stretch of the transcript the audio lacks, or a sentence
looked for too far ahead) used to be the peak of a whole alignment: about
2.2 MB per second of window, 255 MB for a two-hour talk. The word-exit beam
and the cap on the audio decoded at once bound it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import speech  # noqa: E402

pytest.importorskip("pocketsphinx", reason="diglot[audio] (pocketsphinx) is not installed")
pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux) to read peak RSS")

TALK = (
    "I want to thank the organizers for this award. It was very nice to be here. "
    "Ten years ago we trained a large neural network on text. The results surprised everyone in the room. "
    "Now let me tell you what happened next. Thank you very much."
)
ELSEWHERE = (
    "the weather in the mountains changes quickly during the spring season hikers should always carry warm "
    "clothes and plenty of water our village bakery opens at six every morning and sells fresh bread until noon"
).split()

# In a child process: the peak RSS growth (MB) of one search for text the window does not hold.
CHILD = """
import json, sys
from diglot.timing.audio.recognizer import SentenceAligner

def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024

pcm = open(sys.argv[1], "rb").read()
words = sys.argv[2].split()
aligner = SentenceAligner()
for w in words:
    aligner.usable(w, w)
aligner.find(pcm[: 32000 * 3], 0, words[:3])  # load the model's lazily allocated parts first
before = hwm()
found = aligner.find(pcm, 0, words[12:], words[:12], [])
print(json.dumps({"growth_mb": hwm() - before, "found": found is not None and found.confidence}))
"""


def test_a_long_window_without_the_sentence_stays_small(tmp_path):
    why = speech.espeak_missing()
    if why:
        pytest.skip(why)
    said = speech.speak(TALK)  # about 17 s
    pcm = (said + b"\0\0" * 8000) * 6  # about 90 s of speech, none of it the words looked for
    raw = tmp_path / "window.raw"
    raw.write_bytes(pcm)
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(raw), " ".join(ELSEWHERE)], capture_output=True, text=True, check=True
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(pcm) / 32000 > 85
    # measured: 55 MB with the old word-exit beam and no cap, 14 MB now
    assert result["growth_mb"] < 30, result
    assert not result["found"] or result["found"] < 0.2
