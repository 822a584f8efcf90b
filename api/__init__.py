"""Web layer: JSON API under /api/v1 and Dutch HTML pages. No business rules here."""
