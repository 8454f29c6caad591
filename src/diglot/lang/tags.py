"""Language tags: whether a string is a BCP 47 tag a reader (EPUB, WebVTT ``<lang>``) can use."""

from __future__ import annotations

import re

#: A BCP 47 tag, by its shape: a primary subtag of 2-8 letters (or the private-use ``x`` /
#: grandfathered ``i`` singleton before a subtag), then subtags of 1-8 letters or digits.
_LANG_TAG = re.compile(r"(?:[A-Za-z]{2,8}|[xXiI](?=-))(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(tag: str | None) -> bool:
    """True when *tag* is shaped like a BCP 47 language tag (``en``, ``zh-Hans-CN``, ``x-klingon``)."""
    return bool(tag) and _LANG_TAG.fullmatch(tag or "") is not None
