"""diglot.jsontext writes what json.dumps(..., ensure_ascii=False, indent=2) writes, character for character."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import diglot
from diglot import schema
from diglot.align.sentences import align_document
from diglot.jsontext import dumps_indented

from .conftest import FRONTMATTER_SEED, PAIRED_SEED


def reference(value):
    return json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("seed", [PAIRED_SEED, FRONTMATTER_SEED], ids=["paired", "frontmatter"])
def test_same_text_as_json_for_the_seeds_models(seed):
    data = schema.to_dict(align_document(diglot.load(seed)))
    assert dumps_indented(data) == reference(data)
    assert schema.dumps(align_document(diglot.load(seed))) == reference(data) + "\n"


class Colour(enum.IntEnum):
    RED = 1


class Name(str):
    pass


ODD = [
    {}, [], (), "", {"": []}, {"a": {}}, [[[]]], {"k": ()},
    [math.nan, math.inf, -math.inf, -0.0, 1e300, 5e-324, 0.1, 2**70, -(2**70), True, False, None],
    ["\x00\x1f\x7f\u2028\u2029\"\\/\t\n", "\ud800 lone surrogate", "中文 🙂", Name("sub"), Colour.RED],
]


@pytest.mark.parametrize("value", ODD, ids=range(len(ODD)))
def test_odd_values(value):
    assert dumps_indented(value) == reference(value)


def test_what_the_fast_walk_does_not_take_is_json_dumps_own_result():
    """Keys json converts (int, float, bool, None), values it refuses, a circular list: json.dumps decides."""
    converted = {1: "int key", None: "x", 2.5: "y", False: "z", "s": [{"deep": 1, 3: 4}]}
    assert dumps_indented(converted) == reference(converted)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": [object()]})
    circular: list = []
    circular.append(circular)
    with pytest.raises(ValueError, match="Circular"):
        dumps_indented(circular)


_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_JSONISH = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_JSONISH)
def test_any_json_data(value):
    assert dumps_indented(value) == reference(value)
