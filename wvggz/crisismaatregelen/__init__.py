"""Crisismaatregel (Wvggz hoofdstuk 7) and beroep (art. 7:6); see README "Crisismaatregel en beroep"."""
