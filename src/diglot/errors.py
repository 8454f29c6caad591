"""Errors diglot raises. Each carries the file (and line) it is about, and its
message is one line a user can act on."""

from __future__ import annotations


#: what ``str.splitlines`` breaks a line at, written as its escape in a message (a field name or file name from the input may hold one)
_BREAKS = str.maketrans({c: repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"})


class DiglotError(Exception):
    """Base of every error diglot raises on purpose."""

    def __init__(self, reason: str, *, file: str | None = None, line: int | None = None):
        self.reason = reason
        self.file = file
        self.line = line
        super().__init__(str(self))

    def name_file(self, short: str, full: str) -> None:
        """Name the file as the user gave it (*full*) where a parser knew only *short*."""
        if self.file == short:
            self.file = full
            self.args = (str(self),)

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.reason}".translate(_BREAKS)


class InputError(DiglotError):
    """An input file cannot be read as what it claims to be (exit code 1)."""


class OutputError(DiglotError):
    """An output file cannot be written (exit code 1)."""


class OptionError(DiglotError):
    """An option value or name is wrong (a usage error, exit code 2)."""
