"""Hash every output diglot writes, to prove a refactor changes no byte.

For both seeds x every built-in exporter x every value of every choice option
and the old spellings they still accept (and every boolean option flipped,
and a few timing options), run
``diglot export`` in-process with SOURCE_DATE_EPOCH fixed and print one line
per written file::

    sha256  seed  file  format  options

sorted, so two runs can be compared with ``diff``. The retime fixture
(tests/timing/fixtures/talk.txt with captions.json3) is exported too, through
``--timing-from``.

Run:  .venv/bin/python scripts/output_hashes.py > after.txt; diff before.txt after.txt
(run it at the old commit for before.txt, e.g. from a second git worktree).
Outputs are not committed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
import sys
import tempfile
import typing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

os.environ["SOURCE_DATE_EPOCH"] = "1700000000"

from click.testing import CliRunner  # noqa: E402

from diglot import exporters  # noqa: E402
from diglot.cli import cli  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FIXTURES = ROOT / "tests" / "timing" / "fixtures"

# Subtitle options whose every combination matters (they interact in cue building).
SUBTITLE_PRODUCT = ("layout", "order", "speaker")
# Extra option sets worth pinning: timing and style options that change the bytes.
EXTRA = {
    "srt": [("duration=00:12:00",), ("offset=00:01:30",), ("duration=00:12:00", "offset=5"), ("wpm=120",), ("spm=240",), ("max-chars-source=37", "max-lines=1")],
    "vtt": [("duration=00:12:00",), ("offset=-2",)],
    "json": [("pairs=false",)],
    "epub": [("layout=side-by-side", "granularity=sentence"), ("chapter-size=0",), ("chapter-size=5",)],
    "docx": [("study=true", "key-sentences=5", "layout=interleaved")],
    "anki": [("cards=terms",), ("cards=sentences",), ("direction=both", "cloze=true")],
    "apkg": [("cards=terms",), ("direction=both", "cloze=true", "tags=a,b")],
}


def _choices(f: dataclasses.Field) -> list[str]:
    """Every value an option takes: its choices and the old spellings still accepted."""
    return [str(c) for c in (*f.metadata.get("choices", ()), *f.metadata.get("deprecated", ()))]


def _choice_values(f: dataclasses.Field, kind: typing.Any) -> list[str]:
    choices = _choices(f)
    if choices:
        return choices
    args = typing.get_args(kind)
    if kind is bool or (args and bool in args):
        default = f.default
        return ["false" if default else "true"]
    return []


def option_sets(name: str) -> list[tuple[str, ...]]:
    """Every option set exported for format *name* (the empty set first)."""
    cls = exporters.get(name)
    try:
        hints = typing.get_type_hints(cls.Options)
    except Exception:  # noqa: BLE001
        hints = {}
    fields = exporters.option_fields(cls)
    sets: list[tuple[str, ...]] = [()]
    product = [f for f in fields if f.name in SUBTITLE_PRODUCT and f.metadata.get("choices")]
    if name in ("srt", "vtt") and product:
        for values in itertools.product(*[_choices(f) for f in product]):
            sets.append(tuple(f"{f.name.replace('_', '-')}={v}" for f, v in zip(product, values)))
    for f in fields:
        if name in ("srt", "vtt") and f.name in SUBTITLE_PRODUCT:
            continue
        for value in _choice_values(f, hints.get(f.name)):
            sets.append((f"{f.name.replace('_', '-')}={value}",))
    if name == "epub":  # layouts x granularity
        layout = next(f for f in fields if f.name == "layout")
        for value in _choices(layout):
            sets.append((f"layout={value}", "granularity=sentence"))
    sets.extend(EXTRA.get(name, []))
    return list(dict.fromkeys(sets))


def run(runner: CliRunner, args: list[str], out: Path) -> list[tuple[str, str]]:
    result = runner.invoke(cli, [*args, "-q", "-o", str(out)])
    if result.exit_code != 0:
        message = (result.output or "").strip().replace("\n", " | ")[:200]
        return [(f"FAILED(exit {result.exit_code}): {message}", "-")]
    found = []
    for path in sorted(out.iterdir()):
        found.append((hashlib.sha256(path.read_bytes()).hexdigest(), path.name))
        path.unlink()
    return found


def main() -> None:
    runner = CliRunner()
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in SEEDS:
            for name in exporters.available():
                for opts in option_sets(name):
                    args = ["export", str(seed), "--to", name]
                    for o in opts:
                        args += ["-O", f"{name}.{o}"]
                    for digest, file in run(runner, args, out):
                        lines.append(f"{digest}  {seed.name}  {file}  {name}  {' '.join(opts) or '-'}")
        talk = FIXTURES / "talk.txt"
        for name in exporters.available():
            args = ["export", str(talk), "--to", name, "--timing-from", str(FIXTURES / "captions.json3")]
            for digest, file in run(runner, args, out):
                lines.append(f"{digest}  {talk.name}  {file}  {name}  timing-from=captions.json3")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
