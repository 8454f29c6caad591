"""ClipOptions made in Python (``diglot.prepare(..., clips=ClipOptions(...))``) are checked where they are made."""

from __future__ import annotations

import pytest

import diglot
from diglot.timing.params import ClipOptions


@pytest.mark.parametrize(("field", "value"), [("audio_format", "wav"), ("picture_format", "png")])
def test_a_format_outside_the_choices_is_refused_with_one_line(field, value):
    with pytest.raises(diglot.OptionError) as info:
        ClipOptions(**{field: value})
    assert str(info.value).startswith(f"option {field.replace('_', '-')}: {value!r} is not one of ")
    assert "\n" not in str(info.value)


def test_the_choices_themselves_are_accepted():
    assert ClipOptions(audio_format="mp3", picture_format="webp").audio_format == "mp3"
    assert ClipOptions().picture_format == "jpg"
