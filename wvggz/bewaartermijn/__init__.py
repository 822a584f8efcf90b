"""Retention: what is kept how long (rules as data) and the job that anonymises what passed its term."""
