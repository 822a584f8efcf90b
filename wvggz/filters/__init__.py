"""Saved filters per user on the werkvoorraad and the escalation list."""
