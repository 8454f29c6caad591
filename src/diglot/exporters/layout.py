"""One layout vocabulary for every format: ``layout`` and ``order``.

* ``layout``: ``parallel`` (the two languages side by side: EPUB and DOCX
  columns; in a subtitle cue, both languages, one above the other),
  ``interleaved`` (one language, then the other: paragraphs in books and
  handouts; in a subtitle cue the same as ``parallel``), ``source`` or
  ``target`` (one language only, the other filling in where a passage lacks it).
* ``order``: ``source-first`` or ``target-first``, which language comes first.

The spellings formats used before (subtitles ``bilingual``; EPUB
``side-by-side`` and ``target-first``; DOCX ``table``) are accepted for one
release with a warning and give byte-identical output.
"""

from __future__ import annotations

from typing import Any

from ..errors import OptionError

LAYOUTS = ("parallel", "interleaved", "source", "target")
ORDERS = ("source-first", "target-first")

#: old spelling -> (layout, order or None to keep the order option)
OLD_LAYOUTS: dict[str, tuple[str, str | None]] = {
    "bilingual": ("parallel", None),
    "side-by-side": ("parallel", None),
    "table": ("parallel", None),
    "target-first": ("interleaved", "target-first"),
}


def normalize_layout(options: Any, where: str, old: tuple[str, ...]) -> None:
    """Check ``options.layout`` / ``options.order``, turning an old spelling of *old* into the new one.

    Sets the fields on the frozen *options* and records the warning in
    ``options.warnings`` (a tuple the exporter reports). Raises
    :class:`OptionError` for anything else.
    """
    warnings: list[str] = []
    layout = options.layout
    if layout in old:
        new, order = OLD_LAYOUTS[layout]
        spelled = f"layout={new}" + (f" order={order}" if order else "")
        warnings.append(f"{where} layout {layout!r} is now {spelled!r}; the old name goes in the next release")
        object.__setattr__(options, "layout", new)
        if order is not None:
            object.__setattr__(options, "order", order)
    if options.layout not in LAYOUTS:
        raise OptionError(f"{where} option layout: {layout!r} is not one of {', '.join(LAYOUTS)}")
    if getattr(options, "order", ORDERS[0]) not in ORDERS:
        raise OptionError(f"{where} option order: {options.order!r} is not one of {', '.join(ORDERS)}")
    object.__setattr__(options, "warnings", tuple(warnings))

