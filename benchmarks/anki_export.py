"""Time the Anki exporters on the seeds and count notes/cards (run: python benchmarks/anki_export.py)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import diglot
from diglot.exporters.anki.csv import AnkiCsvExporter, AnkiOptions
from diglot.exporters.anki.apkg import ApkgExporter, ApkgOptions
from diglot.exporters.anki.notes import build_deck
from diglot.align.sentences import align_document  # noqa: E402

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for seed in SEEDS:
            doc = diglot.load(seed)
            for options in ({}, {"direction": "both", "cloze": True}):
                t0 = time.perf_counter()
                AnkiCsvExporter(AnkiOptions(**options)).write(doc, Path(tmp) / "a.csv")
                t1 = time.perf_counter()
                ApkgExporter(ApkgOptions(timestamp=1_700_000_000, **options)).write(doc, Path(tmp) / "a.apkg")
                t2 = time.perf_counter()
                from diglot.exporters.anki.csv import card_options

                deck = build_deck(align_document(doc), card_options(AnkiOptions(**options)))
                print(
                    f"{seed.name} {options or 'defaults'}: {len(deck.notes)} notes, {deck.card_count} cards; "
                    f"csv {t1 - t0:.2f}s, apkg {t2 - t1:.2f}s"
                )


if __name__ == "__main__":
    main()
