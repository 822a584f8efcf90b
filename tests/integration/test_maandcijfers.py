"""The dashboard's monthly figures (ADR 0019): counted in the decision's own transaction, equal to a rebuild
from scratch after a random series of actions, and equal to the figures computed from the meldingen."""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import datetime, timedelta
from statistics import median

from sqlmodel import select

from tests.factories import auth, melding_body
from wvggz.cijfers.service import alle_rijen, herbereken
from wvggz.cli import main
from wvggz.clock import TZ
from wvggz.meldingen.models import Melding
from wvggz.schermen.cijfers import maanden_terug, per_maand

NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)


def _referentie(session, gemeente: str, now: datetime):  # noqa: ANN001, ANN202
    """The figures as the dashboard computed them before ADR 0019: one pass over every melding."""
    maanden = maanden_terug(now)
    grenzen = [datetime(m.year, m.month, 1, tzinfo=TZ) for m in maanden]
    laatste = maanden[-1]
    grenzen.append(datetime(laatste.year + laatste.month // 12, laatste.month % 12 + 1, 1, tzinfo=TZ))

    def vak(moment):  # noqa: ANN001, ANN202
        i = bisect_right(grenzen, moment) - 1
        return i if 0 <= i < len(maanden) else None

    afgelopen, dagen = [[] for _ in maanden], [[] for _ in maanden]
    for m in session.exec(select(Melding).where(Melding.gemeente == gemeente)):
        if m.uiterlijk_besluit_op is not None and (i := vak(m.uiterlijk_besluit_op)) is not None:
            if m.besluit is not None:
                afgelopen[i].append(bool(m.tijdig_besloten))
            elif m.open and m.uiterlijk_besluit_op <= now:
                afgelopen[i].append(False)
        if m.besloten_op is not None and (i := vak(m.besloten_op)) is not None:
            dagen[i].append((m.besloten_op - m.ontvangen_op).total_seconds() / 86400)
    regels = [(len(a), sum(a), round(sum(a) / len(a), 3) if a else None, len(d),
               round(median(d), 1) if d else None) for a, d in zip(afgelopen, dagen, strict=True)]
    alle = [x for d in dagen for x in d]
    return regels, round(median(alle), 1) if alle else None


def _reeks(client, gebruikers, clock, rnd: random.Random, aantal: int) -> None:  # noqa: ANN001
    """Register `aantal` meldingen over 13 months before NU; each is handled by a random road in time order."""
    plan = []
    for i in range(aantal):
        ontvangen = NU - timedelta(days=rnd.uniform(1, 400), seconds=rnd.randrange(86400), microseconds=rnd.randrange(10**6))
        plan.append((ontvangen, i, "registreer"))
        weg = rnd.choice(["open", "besluit", "besluit", "aanvraag", "stuur_door"])
        if weg == "open":
            continue
        start = ontvangen + timedelta(hours=rnd.uniform(1, 48))
        if weg != "stuur_door":
            plan.append((start, i, "start_onderzoek"))
        plan.append((start + timedelta(days=rnd.uniform(0.5, 25)), i, weg))
    meldingen: dict[int, dict] = {}
    for moment, i, stap in sorted(plan):
        if moment > NU:
            continue
        clock.set(moment)
        if stap == "registreer":
            r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
            assert r.status_code == 201, r.text
            meldingen[i] = r.json()
            continue
        velden = {"start_onderzoek": {"behandelaar_id": gebruikers["intake"][0].id},
                  "stuur_door": {"gemeente": "Rijswijk"},
                  "besluit": {"reden_code": "vrijwillige_zorg", "reden": "FACT", "medische_expertise": "SPV",
                              "gesprek_met_betrokkene": True},
                  "aanvraag": {"medische_expertise": "SPV", "gesprek_met_betrokkene": True}}[stap]
        actie = {"besluit": "besluit_geen_aanvraag", "aanvraag": "dien_aanvraag_in"}.get(stap, stap)
        m = meldingen[i]
        r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{actie}", json={"versie": m["versie"], **velden},
                        headers=auth(gebruikers, "intake"))
        assert r.status_code == 200, (actie, r.text)
        meldingen[i] = r.json()
    clock.set(NU)


def test_incrementeel_is_gelijk_aan_herberekend(client, gebruikers, clock, factory, engine):
    _reeks(client, gebruikers, clock, random.Random(15), 40)
    with engine.connect() as conn:
        incrementeel = alle_rijen(conn)
        herbereken(conn)
        herberekend = alle_rijen(conn)
        conn.rollback()
    assert incrementeel[0] and incrementeel[1] and incrementeel == herberekend
    with factory() as s:
        besloten = s.exec(select(Melding).where(Melding.besloten_op.is_not(None))).all()
        assert len(besloten) >= 10 and any(not m.tijdig_besloten for m in besloten)  # late and on-time ones
        for moment in (NU, NU - timedelta(days=60), NU + timedelta(days=20)):
            maanden, mediaan = per_maand(s, "Den Haag", moment)
            regels = [(m["afgelopen"], m["tijdig"], m["aandeel"], m["besluiten"], m["mediaan_dagen"]) for m in maanden]
            assert (regels, mediaan) == _referentie(s, "Den Haag", moment)


def test_herbereken_commando_vult_een_lege_tabel(client, gebruikers, clock, engine, settings, monkeypatch, capsys):
    _reeks(client, gebruikers, clock, random.Random(7), 12)
    with engine.connect() as conn:
        voor = alle_rijen(conn)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM dashboard_maandcijfer")
    monkeypatch.setenv("WVGGZ_DATABASE_URL", settings.database_url)
    from wvggz.config import get_settings

    get_settings.cache_clear()
    try:
        assert main(["cijfers", "herbereken"]) == 0
    finally:
        get_settings.cache_clear()
    assert "Maandcijfers herberekend" in capsys.readouterr().out
    with engine.connect() as conn:
        assert alle_rijen(conn) == voor and voor[1]


def test_besluit_telt_in_dezelfde_transactie(client, gebruikers, clock, engine):
    """A decision that fails (stale versie: 409) counts nothing; the one that succeeds counts once."""
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    m = r.json()
    clock.set(NU + timedelta(hours=2))
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/start_onderzoek",
                    json={"versie": m["versie"], "behandelaar_id": gebruikers["intake"][0].id},
                    headers=auth(gebruikers, "intake"))
    nieuw = r.json()
    velden = {"reden_code": "vrijwillige_zorg", "reden": "FACT", "medische_expertise": "SPV", "gesprek_met_betrokkene": True}
    oud = client.post(f"/api/v1/meldingen/{m['id']}/acties/besluit_geen_aanvraag", json={"versie": m["versie"], **velden},
                      headers=auth(gebruikers, "intake"))
    assert oud.status_code == 409
    with engine.connect() as conn:
        assert alle_rijen(conn) == (set(), set())
    clock.set(NU + timedelta(days=3))
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/besluit_geen_aanvraag",
                    json={"versie": nieuw["versie"], **velden}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text
    with engine.connect() as conn:
        rijen = alle_rijen(conn)
    drie_dagen = 3 * 86400 * 10**6
    assert rijen == ({("den haag", "2026-04", "afgelopen", 1), ("den haag", "2026-04", "tijdig", 1),
                      ("den haag", "2026-04", "besluiten", 1)}, {(m["id"], "den haag", "2026-04", drie_dagen)})
