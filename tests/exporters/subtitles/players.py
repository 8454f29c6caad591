"""Playing exported subtitles as viewers do: the system FFmpeg (Debian 5.1), its libass burn-in, and Chromium's <track>.

Shared by tests/exporters/test_players.py and the ASS tests. Every reader
returns ``(start_ms, end_ms, text)`` like :mod:`subtitle_readback`; the
helpers skip the calling test, with the reason printed, when the program is
not installed (``.ci/run`` installs both from Debian).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FFMPEG = "/usr/bin/ffmpeg"
CHROMIUM = "/usr/bin/chromium"
_TAG = re.compile(r"<[^>\n]*>")


def need(program: str) -> str:
    if not Path(program).exists():
        print(f"\nskipped: {program} is not installed (.ci/run installs it from Debian)")
        pytest.skip(f"{program} is not installed")
    return program


def ffmpeg_version() -> str:
    out = subprocess.run([need(FFMPEG), "-version"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split()[:3])  # "ffmpeg version 5.1.9-0+deb12u1"


def with_system_ffmpeg(path: Path) -> list[tuple[int, int, str]]:
    """The cues the system FFmpeg reads from *path*, converted to SRT (``ffmpeg -i FILE -f srt -``) and parsed.

    FFmpeg's SRT muxer writes what its decoder understood: tags it turned into
    ``<i>``/``<font>`` are removed here, entities are not decoded (SRT has none).
    """
    import pysrt

    run = subprocess.run([need(FFMPEG), "-nostdin", "-v", "error", "-i", str(path), "-f", "srt", "-"], capture_output=True, check=False)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    subs = pysrt.SubRipFile.from_string(run.stdout.decode("utf-8"), error_handling=pysrt.SubRipFile.ERROR_RAISE)
    return [(s.start.ordinal, s.end.ordinal, _TAG.sub("", s.text)) for s in subs]


def burn_in(path: Path, at_ms: int, size: str = "640x360", out_png: Path | None = None) -> list[int]:
    """Grey levels of one frame of a black video at *at_ms* with *path* burned in by the system FFmpeg's libass.

    The filter runs in the file's directory so its name needs no filter-graph
    escaping; *out_png* also saves the frame as a PNG.
    """
    w, h = (int(x) for x in size.split("x"))
    seconds = at_ms / 1000
    filt = f"subtitles={path.name}" if path.suffix != ".ass" else f"ass={path.name}"
    cmd = [
        need(FFMPEG), "-nostdin", "-v", "error", "-f", "lavfi", "-i", f"color=black:s={size}:r=10:d={seconds + 1:.3f}",
        "-vf", filt, "-ss", f"{seconds:.3f}", "-frames:v", "1",
    ]
    run = subprocess.run([*cmd, "-f", "rawvideo", "-pix_fmt", "gray", "-"], capture_output=True, cwd=path.parent, check=False)
    assert run.returncode == 0, run.stderr.decode("utf-8", "replace")
    assert len(run.stdout) == w * h, (len(run.stdout), w * h)
    if out_png is not None:
        subprocess.run([*cmd, "-y", str(out_png)], capture_output=True, cwd=path.parent, check=True)
    return list(run.stdout)


def blank_frame(size: str = "640x360") -> list[int]:
    run = subprocess.run(
        [need(FFMPEG), "-nostdin", "-v", "error", "-f", "lavfi", "-i", f"color=black:s={size}:d=1", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
        capture_output=True, check=True,
    )
    return list(run.stdout)


def ink_bands(frame: list[int], width: int = 640, threshold: int = 64) -> list[tuple[int, int]]:
    """Row ranges (first, last) holding bright pixels: one band per rendered line of text, roughly."""
    rows = [any(v > threshold for v in frame[y * width : (y + 1) * width]) for y in range(len(frame) // width)]
    bands: list[tuple[int, int]] = []
    for y, inked in enumerate(rows):
        if inked and bands and bands[-1][1] >= y - 1:
            bands[-1] = (bands[-1][0], y)
        elif inked:
            bands.append((y, y))
    return bands


def with_chromium(path: Path) -> list[tuple[int, int, str]]:
    """The cues Chromium's ``<track>`` loads from the WebVTT file *path* (headless, a <video> without a source).

    Text is each cue's ``getCueAsHTML().textContent`` (tags removed, entities
    decoded), lines joined by newlines.
    """
    chromium = need(CHROMIUM)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        shutil.copy(path, d / "track.vtt")
        page = d / "page.html"
        page.write_text(
            """<!doctype html><html><body><video id="v" preload="auto"><track id="t" kind="subtitles" src="track.vtt" default></video>
<pre id="out">pending</pre><script>
const t = document.getElementById('t'), out = document.getElementById('out');
t.track.mode = 'hidden';
t.addEventListener('load', () => {
  const cues = Array.from(t.track.cues).map(c => [Math.round(c.startTime * 1000), Math.round(c.endTime * 1000),
    Array.from(c.getCueAsHTML().childNodes).map(n => n.textContent).join('')]);
  out.textContent = JSON.stringify(cues);
});
t.addEventListener('error', () => { out.textContent = 'error'; });
</script></body></html>""",
            encoding="utf-8",
        )
        cmd = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--user-data-dir={d / 'profile'}", "--allow-file-access-from-files",
            "--virtual-time-budget=5000", "--dump-dom", page.as_uri(),
        ]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    m = re.search(r'<pre id="out">(.*?)</pre>', run.stdout, re.S)
    assert m, run.stderr[-2000:]
    body = html.unescape(m.group(1))
    assert body not in ("pending", "error"), f"chromium did not load the track: {body}"
    return [(s, e, t) for s, e, t in json.loads(body)]
