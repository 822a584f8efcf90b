"""Documents of a case: letters and decisions generated to PDF, and incoming files (issue 14)."""
