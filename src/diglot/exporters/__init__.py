"""Exporters: the plug-in point that writes a :class:`~diglot.model.Document` to a format.

An exporter is a class with

* ``name`` (``"srt"``), ``extension`` (``".srt"``) and a one-line ``description``;
* ``Options``: a dataclass whose fields are the exporter's options, each with a
  default and ``metadata={"help": "...", "choices": (...)}``;
* ``needs``: what the document must carry, a subset of ``{"pairs", "times"}``
  (sentence pairs, times); :func:`diglot.prepare` provides it, the exporter
  never aligns or times by itself (default when missing: ``{"pairs"}``);
* ``timing(self) -> TimingParams | None`` (optional): how to estimate times
  (the video's duration, offset, speaking rate) when it needs them;
* ``__init__(self, options)`` taking an ``Options`` instance;
* ``write(self, document, path) -> ExportResult`` rendering the prepared
  *document* to the main file at *path* (and any companion files next to it)
  atomically.

Built-in exporters and third-party ones are found the same way: through the
``diglot.exporters`` entry-point group. Listing them imports nothing; only the
exporter in use is loaded, and a broken third-party plug-in becomes a warning.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from ..errors import OptionError
from ..options import from_settings
from ..model import Document
from ..registry import Entry, Registry

GROUP = "diglot.exporters"


@dataclass
class ExportResult:
    """What an exporter wrote, and anything the user should read about it."""

    files: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@runtime_checkable
class Exporter(Protocol):
    name: ClassVar[str]
    extension: ClassVar[str]
    description: ClassVar[str]
    Options: ClassVar[type]
    needs: frozenset[str]  # a class attribute, or set per instance when the options decide it

    def __init__(self, options: Any = None) -> None: ...

    def write(self, document: Document, path: Path) -> ExportResult: ...


class ExporterLoadError(OptionError):
    """A registered exporter could not be imported."""


#: A forked child listing the group's entry points (:func:`discover_in_background`): its pid and the pipe it answers on.
_LISTING: list[tuple[int, int]] = []


def discover_in_background() -> bool:
    """Have a forked child list the exporters' entry points while this process goes on setting up;
    True when one is listing them now.

    Finding plug-ins means importing :mod:`importlib.metadata` (with ``email``,
    ``zipfile``, ``csv``...) and reading every installed package's metadata:
    about 30 ms of CPU that ``--to all`` spends before reading its document,
    while the machine's other cores are idle. The child does exactly that
    with :func:`importlib.metadata.entry_points` in a copy of this process and
    sends back each entry point's name and value; the registry takes them when
    it first needs the list (:func:`_entry_points`). Where there is no
    ``fork``, when the listing was already read, or when the child fails in
    any way, the registry lists the entry points here, as before, with the
    same result or error.
    """
    if _LISTING or EXPORTERS.discovered or not hasattr(os, "fork"):
        return bool(_LISTING)
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return False
    if pid:
        os.close(write_end)
        _LISTING.append((pid, read_end))
        return True
    status = 1  # the child: list, send, leave without this process's clean-up (exit handlers, buffered output)
    try:
        os.close(read_end)
        import json
        from importlib.metadata import entry_points

        listed = json.dumps([[ep.name, ep.value] for ep in entry_points(group=GROUP)]).encode()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(listed)
        status = 0
    finally:
        os._exit(status)


def import_builtins() -> None:
    """Import the built-in exporters' modules (what :func:`get` does for each), errors left for :func:`get` to meet.

    ``--to all`` imports them all before reading anyway; done while the child of
    :func:`discover_in_background` lists the plug-ins, it keeps this process busy
    instead of waiting for the answer. A module that fails to import is not kept
    (Python removes it), so :func:`get` raises the same error as without this.
    """
    import importlib

    for target in BUILTIN.values():
        try:
            importlib.import_module(target.partition(":")[0])
        except Exception:  # noqa: BLE001, S112 - get() imports it again and reports it
            continue


def _listed_by_child() -> list[Entry] | None:
    """The entry points the child of :func:`discover_in_background` sent, or None (no child, or it failed)."""
    if not _LISTING:
        return None
    pid, fd = _LISTING.pop()
    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        return None
    import json

    try:
        return [Entry(str(name), str(value)) for name, value in json.loads(data)]
    except ValueError:
        return None


def _entry_points() -> Iterable[Entry]:
    """The group's entry points, read once per process (scanning every installed package takes a while)."""
    listed = _listed_by_child()
    if listed is not None:
        yield from listed
        return
    from importlib.metadata import entry_points

    for ep in entry_points(group=GROUP):
        yield Entry(ep.name, ep.value)


#: Built-in and third-party exporters alike, from the entry-point group; the first of two with one name wins.
EXPORTERS: Registry[type[Exporter]] = Registry("export format", sort=True, discover=_entry_points, load_error=ExporterLoadError)

#: The built-in exporters, exactly as pyproject.toml registers them (a test checks the two agree),
#: registered explicitly so that a built-in is found and loaded without reading the entry points:
#: importing importlib.metadata and scanning every installed package costs more than the rest of a
#: small export's start-up.
BUILTIN = {
    "json": "diglot.exporters.json:JsonExporter",
    "srt": "diglot.exporters.subtitles.srt:SrtExporter",
    "vtt": "diglot.exporters.subtitles.vtt:VttExporter",
    "ass": "diglot.exporters.subtitles.ass:AssExporter",
    "epub": "diglot.exporters.epub.book:EpubExporter",
    "docx": "diglot.exporters.docx.builder:DocxExporter",
    "anki": "diglot.exporters.anki.csv:AnkiCsvExporter",
    "apkg": "diglot.exporters.anki.apkg:ApkgExporter",
}
for _name, _target in BUILTIN.items():
    EXPORTERS.register(_name, _target)


def available() -> list[str]:
    """Names of every registered exporter, built-in and third-party, sorted."""
    return EXPORTERS.names()


def known(name: str) -> bool:
    """Whether *name* is a registered exporter (a built-in is known without reading the entry points)."""
    return name in EXPORTERS


def get(name: str) -> type[Exporter]:
    """The exporter class registered as *name*.

    Raises :class:`OptionError` for an unknown name and
    :class:`ExporterLoadError` when the plug-in fails to import.
    """
    return EXPORTERS.get(name)


def target(name: str) -> str:
    """Where exporter *name* lives (``module:Class``), from its entry point; nothing is imported."""
    return EXPORTERS.entry(name).target


def describe(name: str) -> str:
    """The one-line description of exporter *name*, read from its source without importing it.

    The class's ``description = "..."`` is found with :mod:`ast`; when the
    source is not there or the description is not a literal, the exporter is
    loaded after all. Raises :class:`ExporterLoadError` when its module is
    missing (a broken plug-in) and :class:`OptionError` for an unknown name.
    """
    import ast
    import importlib.util

    module, _, attr = target(name).partition(":")
    try:
        spec = importlib.util.find_spec(module.strip())
    except (ImportError, ValueError) as exc:
        raise ExporterLoadError(f"export format {name!r} failed to load: {type(exc).__name__}: {exc}") from None
    if spec is None:
        raise ExporterLoadError(f"export format {name!r} failed to load: no module named {module.strip()!r}")
    try:
        tree = ast.parse(Path(spec.origin or "").read_bytes())
    except (OSError, SyntaxError, ValueError):
        tree = None
    for node in tree.body if tree is not None else []:
        if isinstance(node, ast.ClassDef) and node.name == attr.strip():
            for item in node.body:
                targets = item.targets if isinstance(item, ast.Assign) else [item.target] if isinstance(item, ast.AnnAssign) else []
                value = getattr(item, "value", None)
                if any(isinstance(t, ast.Name) and t.id == "description" for t in targets) and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    return value.value
    return str(get(name).description)


def option_fields(cls: type[Exporter]) -> list[dataclasses.Field]:
    return list(dataclasses.fields(cls.Options))


def build_options(cls: type[Exporter], settings: dict[str, str]) -> Any:
    """An ``cls.Options`` instance with *settings* (name -> command-line string) applied.

    Raises :class:`OptionError` naming the exporter for unknown options or bad values.
    """
    return from_settings(cls.Options, settings, owner=cls.name)


def parse_option_args(args: list[str], formats: list[str]) -> dict[str, dict[str, str]]:
    """Parse ``-O`` values into per-exporter settings.

    ``FORMAT.NAME=VALUE`` sets an option of one exporter; ``NAME=VALUE``
    (unqualified) sets it on every selected exporter that has it, and is an
    error if none has.
    """
    per: dict[str, dict[str, str]] = {f: {} for f in formats}
    for arg in args:
        if "=" not in arg:
            raise OptionError(f"-O {arg!r}: expected FORMAT.NAME=VALUE or NAME=VALUE")
        key, value = arg.split("=", 1)
        key = key.strip()
        if "." in key:
            fmt, name = key.split(".", 1)
            if fmt not in per:
                raise OptionError(f"-O {arg!r}: format {fmt!r} is not being exported (--to {','.join(formats)})")
            per[fmt][name] = value
            continue
        takers = []
        for fmt in formats:
            names = {f.name for f in option_fields(get(fmt))}
            if key.replace("-", "_") in names:
                per[fmt][key] = value
                takers.append(fmt)
        if not takers:
            raise OptionError(f"-O {arg!r}: none of {', '.join(formats)} has an option {key!r}")
    return per


def describe_option(f: dataclasses.Field) -> str:
    default = f.default if f.default is not dataclasses.MISSING else (
        f.default_factory() if f.default_factory is not dataclasses.MISSING else None
    )
    if isinstance(default, tuple):
        default = ",".join(map(str, default))
    choices = f.metadata.get("choices")
    extra = f" [{'|'.join(map(str, choices))}]" if choices else ""
    return f"{f.name.replace('_', '-')}={default}{extra}  {f.metadata.get('help', '')}".rstrip()
