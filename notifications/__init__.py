"""Generic notification infrastructure: outbox, relay, senders, templates. Never queries domain tables."""
