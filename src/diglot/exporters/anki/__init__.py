"""Anki flashcards: note building (``notes``), the CSV exporter (``csv``) and the ``.apkg`` package exporter (``apkg``)."""
