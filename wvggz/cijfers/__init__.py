"""The dashboard's monthly figures, kept up to date in the transaction of each decision (ADR 0019)."""
