"""Operations: heartbeats of the processes, /ready checks and Prometheus figures (no personal data)."""
