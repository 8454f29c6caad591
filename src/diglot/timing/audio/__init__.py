"""Timing against the audio itself: decode a media file, force-align the transcript to it, cut clips.

``decode`` streams any audio or video file as 16 kHz mono 16-bit PCM (PyAV);
``align`` finds each sentence in it with pocketsphinx and returns the same
timed model retiming does (timing source ``audio``); ``clips`` cuts one audio
clip (and, for video, one still) per sentence for flashcards.

PyAV and pocketsphinx are the ``diglot[audio]`` extra; they are imported only
inside the functions that need them.
"""
