"""Showing a retiming report: the summary counts the subtitle cues of the low-confidence pairs.

Timing holds the report as data; cue building lives here, above it, so the
counting happens where the cues are built and timing never imports subtitles.
"""

from __future__ import annotations

from ...timing.report import RetimeReport
from .cues import build_cues


def low_confidence_cues(report: RetimeReport) -> int:
    """How many subtitle cues (default style) the report's low-confidence pairs make.

    Every cue of a pair carries the pair's confidence (the share of its words
    matched), so these are the cues a WebVTT export marks with a NOTE for
    checking.
    """
    if report.low_confidence_doc is None or not report.low_confidence:
        return len(report.low_confidence)
    return len(build_cues(report.low_confidence_doc))


def retime_summary(report: RetimeReport) -> list[str]:
    """The report as lines for a terminal."""
    return report.summary_lines(low_confidence_cues(report))
