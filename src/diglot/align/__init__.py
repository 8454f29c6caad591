"""Alignment: English sentences to Chinese sentences inside a segment.

:mod:`diglot.align.sentences` holds the length-based aligner
(:func:`~diglot.align.sentences.align_sentences`) and the document transform
(:func:`~diglot.align.sentences.align_document`) that stores sentence pairs in
the model; :mod:`diglot.align.scoring` what a bead costs, and
:mod:`diglot.align.prune` the bounds that prune the aligner's table. :mod:`diglot.align.audit` checks the pairing of a translation
someone already made (``diglot check TRANSCRIPT``), with the aligner's own
evidence (:mod:`diglot.align.shifts` finds shifted runs). Timing against a
reference lives in :mod:`diglot.timing`.
"""
