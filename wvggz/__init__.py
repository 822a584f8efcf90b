"""Wvggz report-handling engine: domain core."""
