"""Reader for diglot's own JSON model (what ``--to json`` writes)."""

from __future__ import annotations

import re

from .. import schema
from ..model import Document

NAME = "json"

_TAG = re.compile(r'"format"\s*:\s*"diglot"')


def sniff(text: str) -> bool:
    return text.lstrip().startswith("{") and bool(_TAG.search(text[:2000]))


def read(text: str, file: str) -> Document:
    """Raises :class:`~diglot.errors.InputError` for invalid JSON or another schema."""
    return schema.loads(text, file=file)
