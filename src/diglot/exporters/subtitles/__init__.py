"""Subtitles: cue building under broadcast style rules, writing helpers and quality control.

``cues`` turns timed sentence pairs into :class:`~diglot.exporters.subtitles.cues.Cue`
objects; ``writing`` holds what the SRT and WebVTT exporters share; ``qc``
checks cues or subtitle files against the limits.
"""
