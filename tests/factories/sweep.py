"""Builders for melding services under a FixedClock: register, act, sweep until a moment."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import select

from notifications.outbox import Bericht
from tests.factories import melding_body
from wvggz.clock import TZ, FixedClock
from wvggz.escalaties.sweep import sweep
from wvggz.meldingen import service as meldingen
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn


def lokaal(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


def registreer(factory, clock, gebruikers, settings, *, behandelaar: str | None = "intake", **over):
    """Register a melding now (13-04-2026 09:00 unless the clock moved); optionally assign a behandelaar."""
    with factory() as s:
        actor = s.merge(gebruikers["intake"][0])
        m = meldingen.registreer(session=s, clock=clock, actor=actor, settings=settings,
                                 data=MeldingCreate.model_validate(melding_body(**over)))
        if behandelaar:
            m = pijplijn.voer_actie_uit(session=s, clock=clock, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id,
                                         actie="start_onderzoek", versie=m.versie, settings=settings,
                                         velden={"behandelaar_id": gebruikers[behandelaar][0].id})
        return m.id


def actie(factory, clock, gebruikers, settings, melding_id, naam, **velden):
    with factory() as s:
        m = s.get(meldingen.Melding, melding_id)
        return pijplijn.voer_actie_uit(session=s, clock=clock, actor=s.merge(gebruikers["intake"][0]),
                                        soort=MELDING_ZAAK, zaak_id=melding_id, actie=naam, versie=m.versie, velden=velden,
                                        settings=settings)


def loop_tot(clock: FixedClock, factory, settings, tot: datetime, stap=timedelta(hours=1)) -> list[tuple[str, dict]]:
    """Sweep at every step until `tot` (inclusive); return (local moment of the sweep, fired) pairs."""
    uit = []
    while clock.now() < tot:
        clock.advance(seconds=stap.total_seconds())
        for f in sweep(session_factory=factory, clock=clock, settings=settings):
            uit.append((clock.now().astimezone(TZ).strftime("%d-%m %H:%M"), f))
    return uit


def berichten(session, soort: str | None = None) -> list[Bericht]:
    stmt = select(Bericht).where(Bericht.kanaal == "inbox")
    if soort:
        stmt = stmt.where(Bericht.soort == soort)
    return list(session.exec(stmt.order_by(Bericht.id)))
