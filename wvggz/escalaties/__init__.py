"""Escalations: every rung of every term's ladder fires exactly once, and a lapsed term calls its hook."""
