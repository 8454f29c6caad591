"""A per-document memo: what several exporters derive from one prepared document, built once.

SRT and WebVTT build the same cues, CSV and ``.apkg`` the same deck. The
pipeline hands every exporter of a run the same prepared
:class:`~diglot.model.Document` object, so the second exporter finds the
first one's result here, keyed by the document's identity and the options the
result depends on. The memo sits at the bottom layer (it knows nothing of
documents but their identity), so the helpers that use it import nothing
above them. It holds the last few entries only (a batch moves on).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_LIMIT = 8
_entries: OrderedDict[tuple[int, Hashable], tuple[object, Any]] = OrderedDict()


def per_document(document: object, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` for *document* and *key*, computed once while the entry is kept.

    The entry holds the document itself, so its identity cannot be reused by
    another object while the entry lives. The result is shared: treat it as
    read-only.
    """
    slot = (id(document), key)
    hit = _entries.get(slot)
    if hit is not None and hit[0] is document:
        _entries.move_to_end(slot)
        return hit[1]
    value = build()
    _entries[slot] = (document, value)
    while len(_entries) > _LIMIT:
        _entries.popitem(last=False)
    return value


def clear() -> None:
    _entries.clear()
