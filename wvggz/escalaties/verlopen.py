"""Lapse hooks: what happens, once per term, when a term's end has passed while it is still open.

A module registers a handler with ``@bij_verlopen("cm_geldigheid")``. The sweep calls
``handler_voor(soort)``, which imports the modules of HANDLER_MODULES on first use, so this package does
not import crisismaatregel code at import time. A handler runs inside the sweep's transaction, may change
the case (and close the term), and returns a short Dutch reason for the history, or None.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

from sqlmodel import Session

from wvggz.clock import Clock
from wvggz.termijnen.models import Termijn

log = logging.getLogger("wvggz.escalaties")

Handler = Callable[[Session, Clock, Termijn], str | None]

BIJ_VERLOPEN: dict[str, Handler] = {}
HANDLER_MODULES = ["wvggz.escalaties.melding_verlopen", "wvggz.crisismaatregelen.verlopen"]
# Until issue 4 (crisismaatregel) lands, only this path may be missing; every other import error is raised.
NOG_NIET_GELEVERD = "wvggz.crisismaatregelen.verlopen"

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
    """Import every handler module once (thread-safe); returns the registry."""
    global _geladen
    with _slot:
        if not _geladen:
            for module in HANDLER_MODULES:
                _importeer(module)
            _geladen = True
    return BIJ_VERLOPEN


def _importeer(module: str) -> None:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if module != NOG_NIET_GELEVERD or not (exc.name and module.startswith(exc.name)):
            raise
        log.warning("Module %s ontbreekt (crisismaatregel, issue 4): geen verloop-handlers voor "
                    "cm_geldigheid, voortzetting_geldigheid en beroep_termijn.", module)


def handler_voor(soort: str) -> Handler | None:
    """Return the registered lapse handler for terms of `soort`, or None."""
    return laad_handlers().get(soort)
