"""Notes on a case: who, when, text; append-only; for every case kind at once."""
