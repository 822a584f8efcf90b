"""Lapse hooks: what happens, once per term, when a term's end has passed while it is still open.

A module registers a handler with ``@bij_verlopen("cm_geldigheid")``. The sweep calls
``handler_voor(soort)``, which imports the modules of HANDLER_MODULES on first use, so this package does
not import crisismaatregel code at import time (and that code may import this module). A handler runs
inside the sweep's transaction, may change the case (and close the term), and returns a short Dutch
reason for the history, or None.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.termijnen.models import Termijn

Handler = Callable[[Session, Clock, Termijn], str | None]

BIJ_VERLOPEN: dict[str, Handler] = {}
# Every module must import: a lapse that nobody handles would silently skip a legal consequence, so a
# broken module stops the sweep loudly (logged every minute, `wvggz sweep` exits non-zero) until fixed.
HANDLER_MODULES = ["wvggz.escalaties.melding_verlopen", "wvggz.crisismaatregelen.verlopen"]

_geladen = False
_slot = threading.Lock()


def bij_verlopen(soort: str) -> Callable[[Handler], Handler]:
    """Return a decorator registering the handler for terms of `soort` (one handler per soort)."""

    def registreer(handler: Handler) -> Handler:
        bestaand = BIJ_VERLOPEN.get(soort)
        if bestaand is not None and _naam(bestaand) != _naam(handler):
            raise ValueError(f"Voor termijn {soort!r} is al een handler geregistreerd: {_naam(bestaand)}")
        BIJ_VERLOPEN[soort] = handler
        return handler

    return registreer


def _naam(handler: Handler) -> str:
    return f"{handler.__module__}.{getattr(handler, '__qualname__', handler)}"


def laad_handlers() -> dict[str, Handler]:
    """Import every handler module once (thread-safe; retried after a failure); returns the registry."""
    global _geladen
    with _slot:
        if not _geladen:
            for module in HANDLER_MODULES:
                importlib.import_module(module)
            _geladen = True
    return BIJ_VERLOPEN


def handler_voor(soort: str) -> Handler | None:
    """Return the registered lapse handler for terms of `soort`, or None."""
    return laad_handlers().get(soort)
