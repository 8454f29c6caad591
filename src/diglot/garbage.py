"""Cyclic garbage collection in the ``diglot`` command: none while a document is converted, a full one between documents.

Python's collector runs after every 700 or so new container objects and walks
the young ones, and every so often all of them. A conversion allocates
millions: in ``--to all`` of the 3-hour talk the collector took about 0.15 s
of the first process's CPU and 0.08 s of the other share's
(``benchmarks/gc_cost.py``), and it found almost nothing to free.

What a conversion leaves in reference cycles is a handful of objects per
document, not per sentence: python-docx's package with its lxml trees,
ebooklib's book and its pages (813 objects for the 3-hour talk's ``--to all``,
525 for seed 002's, found with ``gc.DEBUG_SAVEALL``). So the command turns
automatic collection off before it imports anything (:func:`command_mode`,
the console script's first step), and the batch frees each document's cycles
before the next document (:func:`between_documents`). Over an archive, memory
stays that of one document (24 seeds in one process: 120 MB); without the
collection between documents it grew to 261 MB.

Library callers keep Python's default: :func:`between_documents` does
nothing unless the command turned collection off.
"""

from __future__ import annotations

import gc


class _Mode:
    manual = False  # True once command_mode() ran: collections happen only in between_documents()


def command_mode() -> None:
    """Turn automatic collection off for this process: the ``diglot`` command's first step."""
    gc.disable()
    _Mode.manual = True


def is_manual() -> bool:
    """Whether this process collects only between documents (the command), not as it allocates."""
    return _Mode.manual and not gc.isenabled()


def between_documents() -> None:
    """Free the cycles the last document left, when the command collects by hand.

    What survives (modules, dictionaries, caches) is then set aside with
    :func:`gc.freeze`, so the next collection walks only what the next
    document allocates.
    """
    if is_manual():
        gc.collect()
        gc.freeze()
