"""Reader for diglot's own JSON model (what ``--to json`` writes)."""

from __future__ import annotations

from .. import schema
from ..model import Document
from . import sniff as _sniff

NAME = "json"

sniff = _sniff.json


def read(text: str, file: str) -> Document:
    """Raises :class:`~diglot.errors.InputError` for invalid JSON or another schema."""
    return schema.loads(text, file=file)
