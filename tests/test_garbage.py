"""The command collects cyclic garbage between documents, not while converting one (diglot.garbage)."""

from __future__ import annotations

import gc
import weakref

import pytest
from click.testing import CliRunner

from diglot import garbage
from diglot.cli import cli
from diglot.fanout import frozen_heap

from .test_batch import archive


@pytest.fixture
def command_mode():
    """This process as the ``diglot`` command runs it, restored after the test."""
    was = gc.isenabled()
    garbage.command_mode()
    try:
        yield
    finally:
        garbage._Mode.manual = False
        gc.unfreeze()
        if was:
            gc.enable()


def test_the_command_starts_without_automatic_collection(monkeypatch):
    from diglot.__main__ import main

    seen = []
    monkeypatch.setattr("diglot.cli.main", lambda: seen.append((gc.isenabled(), garbage.is_manual())))
    was = gc.isenabled()
    try:
        main()
    finally:
        garbage._Mode.manual = False
        if was:
            gc.enable()
    assert seen == [(False, True)]


def test_the_console_script_is_that_start():
    from pathlib import Path

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["diglot"] == "diglot.__main__:main"


def _packages(monkeypatch) -> list[weakref.ref]:
    """Weak references to every python-docx package made from now on (each handout's object graph holds cycles)."""
    from docx.package import Package

    made: list[weakref.ref] = []
    init = Package.__init__

    def tracked(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(weakref.ref(self))

    monkeypatch.setattr(Package, "__init__", tracked)
    return made


def test_each_documents_cycles_are_freed_before_the_next(tmp_path, monkeypatch, command_mode):
    made = _packages(monkeypatch)
    alive_at_each_start: list[int] = []
    before = garbage.between_documents

    def counting() -> None:
        before()
        alive_at_each_start.append(sum(r() is not None for r in made))

    monkeypatch.setattr("diglot.batch.between_documents", counting)
    result = CliRunner().invoke(cli, ["export", str(archive(tmp_path / "in")), "--to", "docx", "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert len(made) == 4  # a handout a document
    assert alive_at_each_start == [0, 0, 0]  # the 2nd, 3rd and 4th documents start with the last one's freed


def test_without_the_command_nothing_is_collected_by_hand(tmp_path, monkeypatch):
    assert not garbage.is_manual()
    made = _packages(monkeypatch)
    gc.disable()  # a library caller's own choice is left alone
    try:
        result = CliRunner().invoke(cli, ["export", str(archive(tmp_path / "in")), "--to", "docx", "-o", str(tmp_path / "out"), "--jobs", "1"])
        alive = sum(r() is not None for r in made)
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output
    assert alive == 4


def test_frozen_heap_freezes_only_where_the_collector_runs(command_mode):
    before = gc.get_freeze_count()
    with frozen_heap():  # the command: no collector runs meanwhile, nothing to hide from it
        assert gc.get_freeze_count() == before
    garbage._Mode.manual = False
    gc.enable()
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
