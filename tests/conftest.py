from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAIRED_SEED = SEEDS / "000_f186dd285a4328be.txt"
FRONTMATTER_SEED = SEEDS / "002_497afb8ee9508095.txt"


@pytest.fixture(scope="session")
def paired_doc():
    import diglot

    return diglot.load(PAIRED_SEED)


@pytest.fixture(scope="session")
def frontmatter_doc():
    import diglot

    return diglot.load(FRONTMATTER_SEED)


@pytest.fixture(scope="session", params=["paired", "frontmatter"])
def seed_doc(request, paired_doc, frontmatter_doc):
    return paired_doc if request.param == "paired" else frontmatter_doc


@pytest.fixture(autouse=True)
def _session_cache_dir(tmp_path_factory, monkeypatch):
    """Incremental-run manifests go to a directory of the test session, not the user's cache."""
    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "diglot-cache"))
