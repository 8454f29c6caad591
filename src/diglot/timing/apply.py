"""The timing transform: give an aligned document times, from its reference or by estimate.

Reference timing (from retiming) is kept and only shifted; otherwise times
are estimated from the speaking rate (see :mod:`diglot.timing.estimate`).
:class:`TimingParams` is what an exporter asks for; the pipeline
(:func:`diglot.prepare`) runs :func:`apply_timing` once per distinct request.
"""

from __future__ import annotations

from ..model import Document
from .clock import shift_times
from .estimate import DEFAULT_WPM, estimate_times
from .params import READING_MARGIN, TimingParams, is_timed


def apply_timing(doc: Document, params: TimingParams | None = None) -> Document:
    """*doc* (with sentence pairs) with times on every pair and segment.

    Reference timing is kept and shifted by ``params.offset_ms`` (the duration
    is then ignored); otherwise times are estimated, stretched to
    ``params.duration_ms`` when given. Raises :class:`OptionError` for an
    offset that would put a time before 0:00.
    """
    params = params or TimingParams()
    if doc.has_real_timing and is_timed(doc):
        return shift_times(doc, params.offset_ms)
    return estimate_times(
        doc,
        wpm=params.wpm or DEFAULT_WPM,
        spm=params.spm,
        duration_ms=params.duration_ms,
        offset_ms=params.offset_ms,
        source_cps=params.source_cps * READING_MARGIN,
        target_cps=params.target_cps * READING_MARGIN,
        name_marks=params.speaker_names and len({s.speaker for s in doc.segments if s.speaker}) >= 2,
    )
