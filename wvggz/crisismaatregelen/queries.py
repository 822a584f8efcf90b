"""Read side: running measures by next clock, and the full view of one measure or beroep."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from notifications.outbox import berichten_van_zaak
from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from workflows.engine import Workflow, toegestane_acties
from wvggz.audit.service import historie_van
from wvggz.crisismaatregelen.models import ZAAK, ZAAK_BEROEP, Beroep, Crisismaatregel
from wvggz.gebruikers.models import Gebruiker
from wvggz.meldingen.models import Melding
from wvggz.meldingen.queries import persoon_kort, termijn_dict
from wvggz.personen.models import Persoon
from wvggz.taken.models import Taak
from wvggz.taken.service import taken_van
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import regels, termijnen_van

VENSTERS = {"cm_geldigheid", "voortzetting_geldigheid", "beroep_termijn"}  # validity or window, not a duty
VERBORGEN_VELDEN = {"besluit_door_rol"}  # filled from the acting user
GEGEVENS = ("tvz_gestart_op", "onderzoek_op", "psychiater", "psychiater_onafhankelijk", "medische_verklaring_op",
            "gehoord", "reden_niet_gehoord", "gehoord_door", "zorgvormen", "motivering_minder_ingrijpend",
            "besloten_op", "bekendmaking_op", "besluit_door_naam", "ten_uitvoer_gelegd_op", "ovj_ontvangen_op",
            "voortzetting_verzocht_op", "voortzetting_beslist_op", "voortzetting_verleend", "zm_verzoek_op",
            "reden", "afgesloten_op")


def stand(t: Termijn, now: datetime) -> str:
    """Return the readable state of a term: loopt, verlopen, gehaald, te laat, afgelopen, afgesloten."""
    if t.status == "lopend":
        return "verlopen" if t.eindmoment < now else "loopt"
    if t.soort in VENSTERS and t.gesloten_op == t.eindmoment:
        return "afgelopen"
    if t.soort in VENSTERS and t.tijdig:
        return "afgesloten"
    return "gehaald" if t.tijdig else "te laat"


def omschrijving(soort: str | None) -> str:
    """Return the Dutch description of a term from the rules table ('' for None)."""
    tabel = regels()
    return "" if soort is None else (tabel[soort].omschrijving if soort in tabel else soort)


def termijn_stand(t: Termijn, now: datetime) -> dict[str, Any]:
    """Return the public shape of a term with its description, state and seconds left."""
    rest = int((t.eindmoment - now).total_seconds()) if t.status == "lopend" else None
    return termijn_dict(t, now) | {"omschrijving": omschrijving(t.soort), "stand": stand(t, now),
                                   "resterend_seconden": rest, "gesloten_op": t.gesloten_op}


def acties_dict(wf: Workflow, status: str, standaard: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Return the actions a user may take in `status` (no scheduler actions) with the fields each needs."""
    standaard = standaard or {}
    uit = []
    for naam in toegestane_acties(wf, status):
        actie = wf.acties[naam]
        if actie.systeem:
            continue
        velden = [{"naam": v.naam, "label": v.label, "soort": v.soort, "keuzes": list(v.keuzes),
                   "verplicht": v.verplicht and standaard.get(v.naam) is None, "standaard": standaard.get(v.naam)}
                  for v in actie.velden if v.naam not in VERBORGEN_VELDEN]
        uit.append({"naam": naam, "label": actie.label, "velden": velden})
    return uit


def taak_dict(session: Session, t: Taak, now: datetime) -> dict[str, Any]:
    """Return a duty with who did it and its state: gedaan, open or te_laat."""
    door = session.get(Gebruiker, t.afgerond_door_id) if t.afgerond_door_id else None
    moment = t.afgerond_op or now
    laat = t.uiterlijk_op is not None and moment > t.uiterlijk_op
    standwoord = "te_laat" if laat else ("gedaan" if t.afgerond_op else "open")
    return {"id": t.id, "soort": t.soort, "omschrijving": t.omschrijving, "ontvanger_rol": t.ontvanger_rol,
            "uiterlijk_op": t.uiterlijk_op, "afgerond_op": t.afgerond_op, "afgerond_door": door.naam if door else None,
            "toelichting": t.toelichting, "stand": standwoord}


def _historie(session: Session, zaak_type: str, zaak_id: int) -> list[dict[str, Any]]:
    return [h.model_dump(include={"op", "door", "actie", "van_status", "naar_status", "reden"})
            for h in historie_van(session, zaak_type, zaak_id)]


def detail(session: Session, cm: Crisismaatregel, now: datetime) -> dict[str, Any]:
    """Return everything shown about one measure: facts, terms, duties, actions, history, links."""
    melding = session.get(Melding, cm.melding_id) if cm.melding_id else None
    beroep = beroep_van(session, cm.id)
    standaard = {"gemeente_verblijf": cm.gemeente_verblijf, "besloten_op": "nu"}
    return {
        "id": cm.id, "referentie": cm.referentie, "status": cm.status, "versie": cm.versie, "open": cm.open,
        "gemeente": cm.gemeente, "betrokkene": persoon_kort(session.get(Persoon, cm.betrokkene_id)),
        "aangevraagd_op": cm.aangevraagd_op, "aangevraagd_door": cm.aangevraagd_door,
        "gemeente_verblijf": cm.gemeente_verblijf, "locatie": cm.locatie,
        "heeft_vertegenwoordiger": cm.heeft_vertegenwoordiger, "geldig_tot": cm.geldig_tot,
        "gegevens": {k: getattr(cm, k) for k in GEGEVENS if getattr(cm, k) not in (None, [])},
        "termijnen": [termijn_stand(t, now) for t in termijnen_van(session, ZAAK, cm.id)],
        "taken": [taak_dict(session, t, now) for t in taken_van(session, ZAAK, cm.id)],
        "toegestane_acties": acties_dict(CRISISMAATREGEL, cm.status, standaard),
        "historie": _historie(session, ZAAK, cm.id),
        "berichten": [{"soort": b.soort, "ontvanger_rol": b.ontvanger_rol, "status": b.status,
                       "aangemaakt_op": b.aangemaakt_op, "verzonden_op": b.verzonden_op}
                      for b in berichten_van_zaak(session, ZAAK, cm.id)],
        "melding": {"id": melding.id, "referentie": melding.referentie, "status": melding.status} if melding else None,
        "triage_id": cm.triage_id,
        "beroep": {"id": beroep.id, "referentie": beroep.referentie, "status": beroep.status} if beroep else None,
    }


def beroep_detail(session: Session, beroep: Beroep, now: datetime) -> dict[str, Any]:
    """Return everything shown about one beroep."""
    cm = session.get(Crisismaatregel, beroep.crisismaatregel_id)
    velden = ("id", "referentie", "status", "versie", "bekendmaking_op", "ingesteld_op", "ingesteld_tijdig",
              "uitkomst", "uitspraak_op", "schadeclaim_bedrag_cent", "schadeclaim_uitkomst", "schadeclaim_op")
    return {k: getattr(beroep, k) for k in velden} | {
        "te_laat": None if beroep.ingesteld_tijdig is None else not beroep.ingesteld_tijdig,
        "crisismaatregel": {"id": cm.id, "referentie": cm.referentie, "status": cm.status},
        "betrokkene": persoon_kort(session.get(Persoon, beroep.betrokkene_id)),
        "termijnen": [termijn_stand(t, now) for t in termijnen_van(session, ZAAK_BEROEP, beroep.id)],
        "toegestane_acties": acties_dict(BEROEP, beroep.status),
        "historie": _historie(session, ZAAK_BEROEP, beroep.id),
    }


def beroep_van(session: Session, crisismaatregel_id: int) -> Beroep | None:
    """Return the beroep of a measure, if it was taken."""
    return session.exec(select(Beroep).where(Beroep.crisismaatregel_id == crisismaatregel_id)).first()


def _volgende_klok(zaak_type: str):  # noqa: ANN202
    """Subquery: per case the earliest end of a running term, and which term that is."""
    return (select(Termijn.zaak_id, func.min(Termijn.eindmoment).label("eind"))
            .where(Termijn.zaak_type == zaak_type, Termijn.status == "lopend")
            .group_by(Termijn.zaak_id).subquery())


def lopende(session: Session, gemeente: str, now: datetime) -> list[dict[str, Any]]:
    """Return the open measures of `gemeente`, the one whose next clock ends first on top."""
    klok = _volgende_klok(ZAAK)
    open_taken = (select(Taak.zaak_id, func.count().label("n")).where(Taak.zaak_type == ZAAK,
                  Taak.afgerond_op.is_(None)).group_by(Taak.zaak_id).subquery())
    stmt = (select(Crisismaatregel, Persoon, klok.c.eind, open_taken.c.n)
            .join(Persoon, Persoon.id == Crisismaatregel.betrokkene_id)
            .outerjoin(klok, klok.c.zaak_id == Crisismaatregel.id)
            .outerjoin(open_taken, open_taken.c.zaak_id == Crisismaatregel.id)
            .where(Crisismaatregel.gemeente == gemeente, Crisismaatregel.open.is_(True))
            .order_by(klok.c.eind.is_(None), klok.c.eind, Crisismaatregel.id))
    return [_regel(session, cm, p, eind, n or 0, now) for cm, p, eind, n in session.exec(stmt).all()]


def _regel(session: Session, cm: Crisismaatregel, p: Persoon, eind: datetime | None, open_taken: int,
           now: datetime) -> dict[str, Any]:
    volgende = None
    if eind is not None:
        volgende = session.exec(select(Termijn).where(
            Termijn.zaak_type == ZAAK, Termijn.zaak_id == cm.id, Termijn.status == "lopend",
            Termijn.eindmoment == eind).order_by(Termijn.id)).first()
    rest = int((eind - now).total_seconds()) if eind is not None else None
    return {"id": cm.id, "referentie": cm.referentie, "status": cm.status, "betrokkene": p.volledige_naam,
            "besloten_op": cm.besloten_op, "volgende_termijn": volgende.soort if volgende else None,
            "volgende_start": volgende.start if volgende else None, "volgende_eindmoment": eind,
            "resterend_seconden": rest, "verlopen": rest is not None and rest < 0, "open_taken": open_taken}


def lopende_beroepen(session: Session, gemeente: str, now: datetime) -> list[dict[str, Any]]:
    """Return the beroepen of `gemeente` still pending (window running or appeal lodged), oldest first."""
    klok = _volgende_klok(ZAAK_BEROEP)
    stmt = (select(Beroep, Crisismaatregel, klok.c.eind).join(Crisismaatregel, Crisismaatregel.id ==
                                                               Beroep.crisismaatregel_id)
            .outerjoin(klok, klok.c.zaak_id == Beroep.id)
            .where(Beroep.gemeente == gemeente, Beroep.status.in_(("termijn_loopt", "ingesteld")))
            .order_by(Beroep.bekendmaking_op, Beroep.id))
    return [{"id": b.id, "referentie": b.referentie, "status": b.status, "crisismaatregel_id": b.crisismaatregel_id,
             "crisismaatregel_referentie": cm.referentie, "bekendmaking_op": b.bekendmaking_op, "termijn_eind": eind,
             "resterend_seconden": int((eind - now).total_seconds()) if eind is not None else None}
            for b, cm, eind in session.exec(stmt).all()]
