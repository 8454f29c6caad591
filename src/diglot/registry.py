"""One registry pattern for readers, exporters and timed-reference formats: register, get, list, sniff.

A :class:`Registry` maps a name to a *target*, ``"package.module"`` or
``"package.module:attribute"`` (the entry-point spelling), and a one-line
description. Listing and describing import nothing; :meth:`Registry.get`
imports only the one target asked for. Built-ins are registered in a table
next to the registry (readers, reference formats) or come from entry points
(exporters, through *discover*), and a plug-in is found the same way.

:meth:`Registry.detect` sniffs as pysubs2 does: every entry is asked "is
this yours?" in registration order and a single claimant is accepted; none
or several is an error the caller words. An entry registered with a *sniff*
target (a light module's predicate) is asked through it, so sniffing imports
only the claimant's module, not every entry's.

This module sits at the bottom of the layers beside :mod:`diglot.errors`:
it imports nothing of diglot but the errors, and nothing heavy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any, Generic, NamedTuple, NoReturn, TypeVar, cast

from .errors import DiglotError, OptionError

T = TypeVar("T")


class Entry(NamedTuple):
    """A registered name: where it lives (``module`` or ``module:attribute``) and what it is, in a line.

    (A named tuple, not a dataclass: a frozen dataclass costs about a millisecond of start-up to create.)
    """

    name: str
    target: str
    description: str = ""
    #: ``module:function`` answering "is this text yours?" without importing *target* ("" when the target's own is used)
    sniff: str = ""


class Registry(Generic[T]):
    """Name -> lazily imported target, in registration order.

    *kind* names the things in messages (``"input format"``). *error* is the
    :class:`DiglotError` subclass raised for an unknown name; *listing* the
    word before the names in that message (``available`` or ``known``).
    *discover*, when given, yields more entries the first time the registry
    is read (entry points); an explicitly registered name wins over a
    discovered one, and of two discovered ones the first. *load_error*, when
    given, wraps any exception raised while importing a target (a broken
    plug-in becomes one line, not a traceback).
    """

    def __init__(
        self,
        kind: str,
        *,
        error: type[DiglotError] = OptionError,
        listing: str = "available",
        sort: bool = False,
        discover: Callable[[], Iterable[Entry]] | None = None,
        load_error: type[DiglotError] | None = None,
    ) -> None:
        self.kind = kind
        self._error = error
        self._listing = listing
        self._sort = sort
        self._discover = discover
        self._load_error = load_error
        self._entries: dict[str, Entry] = {}
        self._discovered = discover is None

    def register(self, name: str, target: str, description: str = "", *, sniff: str = "") -> None:
        """Add (or replace) *name*, pointing at *target* (``module`` or ``module:attribute``); imports nothing.

        *sniff* (``module:function``), when given, is what :meth:`detect` asks instead of the imported target.
        """
        self._entries[name] = Entry(name, target, description, sniff)

    @property
    def discovered(self) -> bool:
        """Whether the discovered entries have been read (or there is nothing to discover)."""
        return self._discovered

    def _all(self) -> dict[str, Entry]:
        if not self._discovered:
            self._discovered = True
            assert self._discover is not None
            for entry in self._discover():
                self._entries.setdefault(entry.name, entry)
        return self._entries

    def names(self) -> list[str]:
        """Every registered name: in registration order (sniffing order), or sorted when the registry sorts."""
        names = list(self._all())
        return sorted(names) if self._sort else names

    def __contains__(self, name: object) -> bool:
        return name in self._entries or name in self._all()

    def entry(self, name: str) -> Entry:
        """The entry of *name*. Raises the registry's error for an unknown name, listing the known ones.

        A registered name needs no discovery (it wins over a discovered one anyway): reading entry
        points imports importlib.metadata and scans every installed package.
        """
        found = self._entries.get(name)
        if found is not None:
            return found
        entries = self._all()
        if name not in entries:
            self.unknown(name)
        return entries[name]

    def unknown(self, name: str) -> NoReturn:
        """Raise the registry's error for the unknown *name*, listing the known ones."""
        raise self._error(f"unknown {self.kind} {name!r} ({self._listing}: {', '.join(self.names())})")

    def describe(self, name: str) -> str:
        """The one-line description registered with *name* (nothing is imported)."""
        return self.entry(name).description

    def get(self, name: str) -> T:
        """The target of *name*, imported. Raises the registry's error for an unknown name."""
        return cast(T, self._load(name, self.entry(name).target))

    def _load(self, name: str, target: str) -> Any:
        module, _, attribute = target.partition(":")
        attribute = attribute.split("[", 1)[0].strip()  # an entry point's "[extra]" names no attribute
        try:
            found: Any = importlib.import_module(module.strip())
            for part in attribute.split(".") if attribute else ():
                found = getattr(found, part)
        except Exception as exc:
            if self._load_error is None:
                raise
            raise self._load_error(f"{self.kind} {name!r} failed to load: {type(exc).__name__}: {exc}") from None
        return found

    def claimants(self, text: str, sniff: Callable[[T, str], bool]) -> list[str]:
        """Names whose target claims *text* (``sniff(target, text)``, or the entry's own sniff predicate), in registration order."""
        return [
            name
            for name, entry in self._all().items()
            if (bool(self._load(name, entry.sniff)(text)) if entry.sniff else sniff(self.get(name), text))
        ]

    def detect(
        self,
        text: str,
        sniff: Callable[[T, str], bool],
        *,
        none: Callable[[], DiglotError],
        several: Callable[[list[str]], DiglotError],
    ) -> str:
        """The name of the single entry that claims *text*; ``none()`` or ``several(names)`` is raised otherwise."""
        found = self.claimants(text, sniff)
        if len(found) == 1:
            return found[0]
        raise several(found) if found else none()
