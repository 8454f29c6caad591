"""Language knowledge: scripts, sentence splitting, line breaking, pinyin.

Exporters call these helpers; the helpers never call exporters.
"""

from __future__ import annotations


def data_file(name: str) -> bytes:
    """The bytes of ``diglot/lang/data/<name>``, shipped with diglot.

    Read with :func:`pkgutil.get_data` (the package's own loader, so a zipped
    install works too): importing :mod:`importlib.resources` costs a process
    several milliseconds more, for files read once.
    """
    import pkgutil

    data = pkgutil.get_data(__name__, f"data/{name}")
    if data is None:
        raise OSError(f"{__name__}: data file {name} cannot be read by its loader")
    return data
