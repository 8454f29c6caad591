"""The entry points of one group, read from the installed packages' ``entry_points.txt`` without importlib.metadata.

``importlib.metadata.entry_points(group=...)`` costs 40-60 ms of start-up
(it imports ``email``, ``zipfile``, ``csv``, ``pathlib`` and more) and
``diglot export --to all`` pays it before any work, to find third-party
exporters. :func:`entry_points` gives the same ``(name, value)`` pairs in the
same order by doing what importlib.metadata does for the usual case:

* every ``sys.path`` entry that is a directory (``""`` is the working
  directory) is listed; its children named ``*.dist-info`` or ``*.egg-info``
  are distributions, grouped by their normalised project name in the order
  first seen (importlib.metadata's ``Lookup``);
* of two distributions with one normalised name, the first on ``sys.path``
  counts (``_unique``);
* each one's ``entry_points.txt`` is read as importlib.metadata's
  ``Sectioned`` reads it (stripped lines, ``#`` comments, ``[group]``
  headers, ``name = value`` split at the first ``=``).

Anything it does not mirror exactly makes it ask importlib.metadata itself:
a finder on ``sys.meta_path`` other than the path finder that finds
distributions, a ``sys.path`` entry that is a file (a zip) or an ``.egg``
directory, a distribution directory whose suffix is not written in lower case
(importlib.metadata then reads the project name from its metadata), an entry
line without ``=``, and any Python other than the versions it was checked
against (3.10-3.13, where ``Lookup`` and ``_unique`` are as described).

This module sits at the bottom of the layers and imports nothing of diglot.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator

__all__ = ["entry_points"]

_SUFFIXES = (".dist-info", ".egg-info")
_SEPARATORS = re.compile(r"[-_.]+")


class _Unsure(Exception):
    """A case :func:`_scan` does not mirror: importlib.metadata answers instead."""


def entry_points(group: str) -> list[tuple[str, str]]:
    """``(name, value)`` of every entry point in *group*, in importlib.metadata's order."""
    try:
        return list(_scan(group))
    except _Unsure:
        from importlib.metadata import entry_points as read

        return [(ep.name, ep.value) for ep in read(group=group)]


def _normalize(name: str) -> str:
    """importlib.metadata's ``Prepared.normalize``: PEP 503 with dashes as underscores."""
    return _SEPARATORS.sub("-", name).lower().replace("-", "_")


def _scan(group: str) -> Iterator[tuple[str, str]]:
    if not (3, 10) <= sys.version_info[:2] <= (3, 13):
        raise _Unsure
    from importlib.machinery import PathFinder

    finders = [f for f in sys.meta_path if getattr(f, "find_distributions", None) is not None]
    if finders != [PathFinder]:
        raise _Unsure
    seen: set[str] = set()
    for root in sys.path:
        for name, path in _distributions(root):
            if name not in seen:
                seen.add(name)
                yield from _group_of(path, group)


def _distributions(root: str) -> list[tuple[str, str]]:
    """``(normalised name, metadata directory)`` of the distributions directly in the ``sys.path`` entry *root*."""
    if not isinstance(root, str):
        raise _Unsure
    try:
        children = os.listdir(root or ".")
    except OSError:
        if os.path.exists(root or "."):  # a zip (or a file importlib.metadata would try to open as one)
            raise _Unsure from None
        return []
    if os.path.basename(root).lower().endswith(".egg"):
        raise _Unsure
    infos: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith(_SUFFIXES):
            if not child.endswith(_SUFFIXES):  # "Foo.DIST-INFO": importlib.metadata reads the name from its metadata
                raise _Unsure
            name = _normalize(low.rpartition(".")[0].partition("-")[0])
            if not name:  # "-1.0.dist-info": importlib.metadata reads the name from its metadata
                raise _Unsure
            infos.setdefault(name, []).append(os.path.join(root, child))
    return [(name, path) for name, paths in infos.items() for path in paths]


def _group_of(path: str, group: str) -> Iterator[tuple[str, str]]:
    """The entries of *group* in the ``entry_points.txt`` of the metadata directory *path*."""
    try:
        with open(os.path.join(path, "entry_points.txt"), encoding="utf-8") as f:
            text = f.read()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError):
        return
    section: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section is None:
            continue
        if "=" not in line:
            raise _Unsure
        name, value = line.split("=", 1)
        if section == group:
            yield name.strip(), value.strip()
