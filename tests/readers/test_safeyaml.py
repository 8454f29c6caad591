"""Flat front matter is read without PyYAML, to exactly what PyYAML reads; anything else goes to PyYAML."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from diglot.readers import safeyaml
from diglot.readers.sniff import FRONT

ROOT = Path(__file__).resolve().parents[2]
FRONT_MATTERS = [
    FRONT.match(p.read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
    for p in sorted([*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/**/*.md")])
    if FRONT.match(p.read_text(encoding="utf-8"))
]


def same(a: object, b: object) -> bool:
    return repr(a) == repr(b)  # equal values, types (True is not "true") and key order


def test_seed_front_matter_is_read_without_pyyaml_as_pyyaml_reads_it():
    seed = FRONT.match((ROOT / "seeds" / "002_497afb8ee9508095.txt").read_text(encoding="utf-8"))
    assert seed is not None
    fast = safeyaml._simple(seed.group(1))
    assert fast is not None and same(fast, yaml.safe_load(seed.group(1)))
    assert fast["project"] == [] and fast["draft"] is True and fast["source"].startswith("https://www.youtube.com/")
    assert fast["summary"].endswith("SSI 公司的独特技术路径。")  # three lines folded into one


@pytest.mark.parametrize("text", FRONT_MATTERS)
def test_every_front_matter_of_seeds_and_fixtures_reads_the_same(text):
    fast = safeyaml._simple(text)
    assert fast is None or same(fast, yaml.safe_load(text))


@pytest.mark.parametrize(
    "text",
    [
        "a: on", "a: yes", "a: null", "a: ~", "a: 1", "a: 2025-01-01", "a: .5", "a: <<", "a: =",  # not text
        "on: a", "a: b\na: c", "a:", "a: b #c", "a: b:", "a: 'it''s'", 'a: "\\t"', "a: b \n", "a:  b",  # not sure
        "a: [b]", "a: {b: c}", "# c\na: b", "a: b\n\nc: d", "a:\n  b: c", "a: &x b\nc: *x", "a: !!str 1",
        "a: b\u2028c", "a: b\x85", "a:\tb", "\ufeffa: b", "a:\n- b\n  - c", "a:\n- b\nc",
    ],
)
def test_anything_else_is_left_to_pyyaml(text):
    assert safeyaml._simple(text) is None


def test_random_flat_front_matter_agrees_with_pyyaml():
    """Lines built from pieces that are text, booleans, indicators and near-misses: whatever the
    fast path accepts, PyYAML reads to the same value."""
    values = ["a", "b c", "x:y", "true", "False", "on", "中文", "：", "http://x.y/z?v=1", "é", "a# b", "'q'", '"dq"', "''", " ", "-", "1", "#", ":", "é ", "[]"]
    keys = ["a", "b", "key", "k-1", "_k", "on"]
    rnd = random.Random(13)
    accepted = 0
    for _ in range(20_000):
        lines = []
        for _ in range(rnd.randint(1, 6)):
            value = "".join(rnd.choice(values) for _ in range(rnd.randint(1, 3)))
            shape = rnd.random()
            if shape < 0.5:
                lines.append(f"{rnd.choice(keys)}: {value}")
            elif shape < 0.65:
                lines.append(f"{rnd.choice(keys)}:")
            elif shape < 0.85:
                lines.append(rnd.choice(["- ", "  - "]) + value)
            else:
                lines.append(rnd.choice([" ", "  "]) + value)
        text = "\n".join(lines)
        fast = safeyaml._simple(text)
        if fast is not None:
            accepted += 1
            assert same(fast, yaml.safe_load(text)), text
    assert accepted > 200


def test_inspect_of_the_seed_does_not_import_pyyaml():
    seed = ROOT / "seeds" / "002_497afb8ee9508095.txt"
    script = f"import sys, diglot\ndiglot.load({str(seed)!r})\nprint('yaml' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "False"
