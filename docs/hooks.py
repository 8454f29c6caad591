"""MkDocs hook: the parts of the site that are generated from the code, so they cannot drift.

* ``<!-- diglot:options -->`` in a page becomes one table per built-in exporter, read from
  the exporter's own ``Options`` dataclass: option name, default, choices and help.
* ``<!-- diglot:cli -->`` becomes the ``--help`` text of ``diglot`` and of each subcommand
  (from click), and ``<!-- diglot:formats -->`` the output of ``diglot formats``.
* A page in ``docs/`` that the ``nav`` of ``mkdocs.yml`` does not list is appended to the
  nav under "More", so a new ``docs/<topic>.md`` is never left out of the site.

Only the stable surface of diglot is used: ``diglot.exporters.available()`` and ``get()``,
``dataclasses.fields(cls.Options)``, the ``help``/``choices`` field metadata (or a ``Literal``
annotation for choices) and the click group ``diglot.cli.cli``. A built-in exporter that
fails to load stops the build: the option reference must not silently lose a format.
"""

from __future__ import annotations

import dataclasses
import html
import types
import typing
from pathlib import Path
from typing import Any

OPTIONS_MARK = "<!-- diglot:options -->"
CLI_MARK = "<!-- diglot:cli -->"
FORMATS_MARK = "<!-- diglot:formats -->"
WIDTH = 100  # help text is wrapped at a fixed width so the pages are the same on every machine


# ----------------------------------------------------------------------------- option tables


def _cell(text: str) -> str:
    """*text* safe inside a Markdown table cell: no HTML, no table or emphasis syntax."""
    text = html.escape(" ".join(str(text).split()), quote=False)
    for char in ("\\", "|", "*", "_", "`", "["):
        text = text.replace(char, "\\" + char)
    return text


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


def _show(value: Any) -> str:
    """A default as it is typed after ``-O NAME=``."""
    if value is dataclasses.MISSING:
        return "(required)"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (tuple, list, set, frozenset)):
        return ",".join(map(str, value))
    return str(value)


def _unwrap_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _choices(f: dataclasses.Field, hint: Any) -> tuple[str, ...]:
    choices = f.metadata.get("choices")
    if choices:
        return tuple(map(str, choices))
    hint = _unwrap_optional(hint)
    if typing.get_origin(hint) is typing.Literal:
        return tuple(map(str, typing.get_args(hint)))
    return ()


def _kind(hint: Any) -> str:
    """What a value looks like, for options without fixed choices."""
    hint = _unwrap_optional(hint)
    if hint is bool:
        return "true / false"
    if hint is int:
        return "integer"
    if hint is float:
        return "number"
    if hint is tuple or typing.get_origin(hint) in (tuple, list):
        return "comma-separated list"
    return "text"


def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - an unresolvable annotation: fall back to metadata only
        return {}


def option_table(cls: Any) -> str:
    """The Markdown table of *cls.Options* (an exporter class)."""
    hints = _hints(cls.Options)
    rows = ["| option | default | values | what it does |", "|---|---|---|---|"]
    for f in dataclasses.fields(cls.Options):
        hint = hints.get(f.name, str)
        choices = _choices(f, hint)
        values = ", ".join(f"`{c}`" for c in choices) if choices else _kind(hint)
        name = f.name.replace("_", "-")
        rows.append(f"| `{name}` | `{_show(_default(f))}` | {values} | {_cell(f.metadata.get('help', ''))} |")
    return "\n".join(rows)


def _builtin_exporters() -> list[tuple[str, Any]]:
    from diglot import exporters

    found = []
    for name in exporters.available():
        cls = exporters.get(name)  # raises for a broken built-in: better a failed build than a missing table
        if cls.__module__.split(".")[0] == "diglot":  # third-party plug-ins installed here are not ours to document
            found.append((name, cls))
    if not found:
        raise RuntimeError("docs/hooks.py: diglot.exporters.available() lists no built-in exporter; is diglot installed?")
    return found


def options_markdown() -> str:
    parts = []
    for name, cls in _builtin_exporters():
        extension = getattr(cls, "extension", "")
        description = getattr(cls, "description", "").strip()
        if description and description[-1] not in ".!?":
            description += "."
        parts.append(f"## `{name}`\n")
        parts.append(f"{_cell(description)} It writes `<stem>{extension}`; set an option with `-O {name}.NAME=VALUE`.\n")
        if dataclasses.fields(cls.Options):
            parts.append(option_table(cls) + "\n")
        else:
            parts.append("No options.\n")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- command line


def cli_markdown() -> str:
    import click

    from diglot.cli import cli

    root = click.Context(cli, info_name="diglot", terminal_width=WIDTH, max_content_width=WIDTH)
    parts = ["## `diglot`\n", "```text\n" + cli.get_help(root) + "\n```\n"]
    group = typing.cast(click.Group, cli)
    for name in group.list_commands(root):
        command = group.get_command(root, name)
        if command is None or command.hidden:
            continue
        ctx = click.Context(command, info_name=name, parent=root, terminal_width=WIDTH, max_content_width=WIDTH)
        parts.append(f"## `diglot {name}`\n")
        parts.append("```text\n" + command.get_help(ctx) + "\n```\n")
    return "\n".join(parts)


def formats_markdown() -> str:
    from click.testing import CliRunner

    from diglot.cli import cli

    result = CliRunner().invoke(cli, ["formats", "--options"], prog_name="diglot", terminal_width=WIDTH)
    if result.exit_code != 0:
        raise RuntimeError(f"docs/hooks.py: 'diglot formats' failed: {result.output}")
    return "```text\n$ diglot formats --options\n" + result.output.rstrip() + "\n```\n"


# ----------------------------------------------------------------------------- nav


def _listed(nav: Any) -> set[str]:
    """Every page path named anywhere in a (nested) mkdocs nav."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _listed(value)
    elif isinstance(nav, list):
        for item in nav:
            found |= _listed(item)
    return found


def unlisted_pages(docs_dir: str | Path, nav: Any) -> list[str]:
    docs = Path(docs_dir)
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    listed = _listed(nav)
    return [p for p in pages if p not in listed]


# ----------------------------------------------------------------------------- mkdocs events


def on_config(config: Any) -> Any:
    nav = config.get("nav")
    if nav:  # without a nav mkdocs lists every page itself
        extra = unlisted_pages(config["docs_dir"], nav)
        if extra:
            nav.append({"More": extra})
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if OPTIONS_MARK in markdown:
        markdown = markdown.replace(OPTIONS_MARK, options_markdown())
    if CLI_MARK in markdown:
        markdown = markdown.replace(CLI_MARK, cli_markdown())
    if FORMATS_MARK in markdown:
        markdown = markdown.replace(FORMATS_MARK, formats_markdown())
    return markdown
