"""Alignment: English sentences to Chinese sentences inside a segment.

:mod:`diglot.align.sentences` holds the length-based aligner
(:func:`~diglot.align.sentences.align_sentences`) and the document transform
(:func:`~diglot.align.sentences.align_document`) that stores sentence pairs in
the model. Timing against a reference lives in :mod:`diglot.timing`.
"""
