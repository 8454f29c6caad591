"""``python -m diglot``: the same as the ``diglot`` command."""

from .cli import main

main()
