"""Timing transforms: estimated times, and retiming against a timed reference."""
