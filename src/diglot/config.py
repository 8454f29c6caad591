"""Configuration files: defaults for ``diglot export`` and for every exporter option.

Read from the working directory: ``[tool.diglot]`` in ``pyproject.toml``, then
``diglot.toml`` (which wins); flags on the command line win over both::

    [export]                 # in pyproject.toml: [tool.diglot.export]
    to = ["srt", "vtt"]      # or "srt,vtt"
    output = "out"
    jobs = 2
    include = ["*.txt"]
    exclude = ["drafts/*"]
    from = "frontmatter"

    [srt]                    # in pyproject.toml: [tool.diglot.srt]
    order = "source-first"
    max-chars-source = 37

Exporter tables take the exporter's options (as in ``-O srt.order=...``;
``-`` and ``_`` alike). A broken file, an unknown table or key (with the
nearest valid one) or a bad value is a :class:`ConfigError` naming the file
and line.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import OptionError
from .lazyre import lazy

DIGLOT_TOML = "diglot.toml"
PYPROJECT = "pyproject.toml"
EXPORT = "export"
DEFAULT = "default"
FLAG = "command line"

#: The keys of the [export] table and what they set
EXPORT_KEYS: dict[str, str] = {
    "to": "formats, a list or comma-separated (default json)",
    "output": "output directory (default .)",
    "jobs": "documents converted in parallel (default: the machine's cores)",
    "include": "globs of files to take from directories",
    "exclude": "globs of files to leave out",
    "from": "input format (default: sniffed)",
}


class ConfigError(OptionError):
    """A configuration file that cannot be used (a usage error, exit code 2)."""


@dataclass(frozen=True)
class Setting:
    """One effective setting and where it came from (``"diglot.toml:4"``, ``"default"``, ``"command line"``)."""

    name: str  # "export.to", "srt.order"
    value: Any
    origin: str


@dataclass
class Config:
    """The settings the configuration files give (defaults are not in it)."""

    files: list[str] = field(default_factory=list)
    export: dict[str, Setting] = field(default_factory=dict)
    options: dict[str, dict[str, Setting]] = field(default_factory=dict)  # format -> option name -> setting

    def option_strings(self, fmt: str) -> dict[str, str]:
        """The options set for exporter *fmt*, as command-line strings (what ``-O`` gives)."""
        return {name: as_option_string(s.value) for name, s in self.options.get(fmt, {}).items()}

    def get(self, key: str, default: Any = None) -> Any:
        setting = self.export.get(key)
        return default if setting is None else setting.value


def as_option_string(value: Any) -> str:
    """A TOML value as the string ``-O`` would give for it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(as_option_string(v) for v in value)
    return str(value)


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _parse(path: Path) -> tuple[dict[str, Any], str]:
    """The TOML document at *path* and its text. Raises :class:`ConfigError` with the line of a syntax error."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the configuration ({exc})", file=str(path)) from None
    toml = _toml()
    try:
        return toml.loads(text), text
    except toml.TOMLDecodeError as exc:
        message = str(exc)
        m = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        line = int(m.group(1)) if m else None
        reason = message[: m.start()] if m else message
        raise ConfigError(f"broken TOML: {reason[:1].lower()}{reason[1:]}", file=str(path), line=line) from None


#: compiled when a line is looked for (a file that sets something), not by every ``diglot export``
_HEADER = lazy(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def _key_parts(raw: str) -> tuple[str, ...]:
    return tuple(p.strip().strip("\"'") for p in raw.split("."))


def line_of(text: str, table: tuple[str, ...], key: str | None = None) -> int | None:
    """The line (1-based) where *key* of *table* (or the table itself) is written in TOML *text*."""
    current: tuple[str, ...] = ()
    header = _HEADER()
    for n, line in enumerate(text.splitlines(), 1):
        m = header.match(line)
        if m:
            current = _key_parts(m.group(1))
            if key is None and current == table:
                return n
            continue
        km = re.match(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=", line)
        if not km:
            continue
        full = current + _key_parts(km.group(1))
        if key is None and full[: len(table)] == table:
            return n
        if key is not None and full == (*table, key):
            return n
    return None


def _nearest(word: str, choices: Sequence[str]) -> str:
    import difflib  # only to suggest a key for a misspelt one

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else f" (valid: {', '.join(choices)})"


def _string_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _check_export(key: str, value: Any) -> Any:
    """The [export] value checked and normalised; raises ValueError with the reason."""
    if key in ("to", "include", "exclude"):
        items = _string_list(value)
        if items is None:
            raise ValueError("expected a string or a list of strings")
        return items
    if key == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError("expected a whole number of at least 1")
        return value
    if key == "from":
        from . import readers

        if value not in readers.available():
            raise ValueError(f"expected one of {', '.join(readers.available())}")
        return value
    if not isinstance(value, str):
        raise ValueError("expected a string")
    return value


def _apply(config: Config, data: dict[str, Any], text: str, path: Path, prefix: tuple[str, ...]) -> None:
    """Check the diglot table *data* (found under *prefix* in the file) and put its settings into *config*."""
    from . import exporters

    formats = exporters.available()
    name = path.name
    for table, body in data.items():
        where = prefix + (table,)
        if table != EXPORT and table not in formats:
            raise ConfigError(f"unknown table [{'.'.join(where)}]" + _nearest(table, [EXPORT, *formats]), file=name, line=line_of(text, where))
        if not isinstance(body, dict):
            raise ConfigError(f"[{'.'.join(where)}] must be a table of settings", file=name, line=line_of(text, where))
        if table == EXPORT:
            for key, value in body.items():
                line = line_of(text, where, key)
                if key not in EXPORT_KEYS:
                    raise ConfigError(f"unknown key {key!r} in [{'.'.join(where)}]" + _nearest(key, list(EXPORT_KEYS)), file=name, line=line)
                try:
                    checked = _check_export(key, value)
                except ValueError as exc:
                    raise ConfigError(f"{EXPORT}.{key}: {exc}", file=name, line=line) from None
                config.export[key] = Setting(f"{EXPORT}.{key}", checked, f"{name}:{line}" if line else name)
            continue
        cls = exporters.get(table)
        fields = [f.name for f in exporters.option_fields(cls)]
        for key, value in body.items():
            line = line_of(text, where, key)
            option = key.replace("-", "_")
            if option not in fields:
                shown = [f.replace("_", "-") for f in fields]
                raise ConfigError(f"unknown key {key!r} in [{'.'.join(where)}]" + _nearest(key.replace("_", "-"), shown), file=name, line=line)
            try:
                exporters.build_options(cls, {option: as_option_string(value)})
            except OptionError as exc:
                raise ConfigError(exc.reason, file=name, line=line) from None
            config.options.setdefault(table, {})[option] = Setting(f"{table}.{option.replace('_', '-')}", value, f"{name}:{line}" if line else name)


def load_config(directory: str | Path = ".") -> Config:
    """The configuration of *directory*: ``pyproject.toml`` ``[tool.diglot]``, overridden by ``diglot.toml``.

    Raises :class:`ConfigError` naming the file and line of anything wrong.
    """
    root = Path(directory)
    config = Config()
    pyproject = root / PYPROJECT
    if pyproject.is_file():
        data, text = _parse(pyproject)
        tool = data.get("tool", {}).get("diglot") if isinstance(data.get("tool"), dict) else None
        if tool is not None:
            if not isinstance(tool, dict):
                raise ConfigError("[tool.diglot] must be a table", file=PYPROJECT, line=line_of(text, ("tool", "diglot")))
            _apply(config, tool, text, pyproject, ("tool", "diglot"))
            config.files.append(f"{PYPROJECT} [tool.diglot]")
    own = root / DIGLOT_TOML
    if own.is_file():
        data, text = _parse(own)
        _apply(config, data, text, own, ())
        config.files.append(DIGLOT_TOML)
    return config


def effective(config: Config, formats: Sequence[str], flags: dict[str, Any] | None = None) -> list[Setting]:
    """Every setting for the [export] keys and the options of *formats*: value and origin.

    *flags* (``"export.to"`` or ``"srt.order"`` -> value) override the files.
    """
    from . import exporters
    from .batch import default_jobs

    flags = flags or {}
    defaults = {"to": ["json"], "output": ".", "jobs": default_jobs(), "include": [], "exclude": [], "from": None}
    out = []
    for key in EXPORT_KEYS:
        name = f"{EXPORT}.{key}"
        if name in flags:
            out.append(Setting(name, flags[name], FLAG))
        elif key in config.export:
            out.append(config.export[key])
        else:
            out.append(Setting(name, defaults[key], DEFAULT))
    for fmt in formats:
        cls = exporters.get(fmt)
        for f in exporters.option_fields(cls):
            name = f"{fmt}.{f.name.replace('_', '-')}"
            if name in flags:
                out.append(Setting(name, flags[name], FLAG))
            elif f.name in config.options.get(fmt, {}):
                out.append(config.options[fmt][f.name])
            else:
                factory: Any = f.default_factory
                default = f.default if f.default is not dataclasses.MISSING else factory()
                out.append(Setting(name, default, DEFAULT))
    return out


def format_settings(settings: Sequence[Setting]) -> list[str]:
    """One aligned line per setting: ``name = value    origin``."""
    shown = [(s.name, "" if s.value is None else as_option_string(s.value), s.origin) for s in settings]
    width = max((len(n) for n, _, _ in shown), default=0)
    vwidth = min(max((len(v) for _, v, _ in shown), default=0), 40)
    return [f"{n:<{width}} = {v:<{vwidth}}  # {o}" for n, v, o in shown]
