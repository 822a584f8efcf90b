"""Idempotency-Key on creates: a retried request gets the first answer, never a second case."""
