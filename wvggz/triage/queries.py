"""Read side of the OVP triage: the full view of one triage and the board of who is present."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from workflows.engine import mermaid, nu_toegestaan, toegestane_acties
from workflows.triage import CM_UITKOMSTEN, TRIAGE, UITKOMSTEN, ZIJSTAPPEN
from wvggz.audit.service import historie_van
from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.crisismaatregelen.models import ZAAK as CM_ZAAK
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag
from wvggz.labels import label
from wvggz.meldingen.queries import persoon_kort, termijn_dict
from wvggz.personen.models import Persoon
from wvggz.termijnen.models import Termijn
from wvggz.triage import overdracht, soort
from wvggz.triage.models import Triage

__all__ = ["UITKOMSTEN", "actielabel", "actienamen", "acties_dict", "bord", "detail", "diagram", "persoon_kort",
           "stappen", "waarschuwingen"]


def diagram(status: str) -> str:
    """Return the triage workflow as Mermaid text, generated from the table, `status` marked."""
    return mermaid(TRIAGE, huidige=status)


def actielabel(actie: str) -> str:
    """Return the Dutch label of an action (the name itself when unknown)."""
    return TRIAGE.acties[actie].label if actie in TRIAGE.acties else actie


def _velden(naam: str) -> list[dict[str, Any]]:
    return [{"naam": v.naam, "label": v.label, "soort": v.soort, "verplicht": v.verplicht, "keuzes": list(v.keuzes)}
            for v in TRIAGE.acties[naam].velden]


def stappen(status: str) -> list[dict[str, Any]]:
    """Return the workflow steps (no side actions) allowed in `status` with their fields (the board's forms)."""
    return [{"naam": n, "label": TRIAGE.acties[n].label, "velden": _velden(n)}
            for n in toegestane_acties(TRIAGE, status) if n not in ZIJSTAPPEN]


def actienamen(triage: Triage) -> list[str]:
    """Return the names of every action allowed now, in table order (stored facts decide the side actions)."""
    return nu_toegestaan(TRIAGE, triage.status, soort.context(None, triage))


def acties_dict(triage: Triage) -> list[dict[str, Any]]:
    """Return the actions allowed now with the fields each takes (pages build their forms from this)."""
    return [{"naam": n, "label": TRIAGE.acties[n].label,
             "velden": overdracht.formuliervelden(n, triage) if n in ZIJSTAPPEN else _velden(n)}
            for n in actienamen(triage)]


def verblijf_minuten(triage: Triage, now: datetime) -> int:
    """Minutes from arrival to departure (or to now while present); never negative."""
    einde = triage.vertrokken_op or now
    return max(0, int((einde - triage.aangekomen_op).total_seconds() // 60))


def waarschuwingen(triage: Triage, termijnen: list[Termijn], now: datetime, settings: Settings) -> list[dict]:
    """Return the warnings for a triage: a long stay, and every running term of its crisismaatregel."""
    uit = []
    grens = settings.ovp_verblijf_waarschuwing_uren
    if triage.aanwezig and verblijf_minuten(triage, now) > grens * 60:
        uit.append({"soort": "verblijf", "tekst": f"Langer dan {grens} uur aanwezig", "eindmoment": None})
    for t in termijnen:
        if t.status == "lopend":
            tot = t.eindmoment.astimezone(TZ).strftime("%d-%m %H:%M")
            verlopen = " (verlopen)" if t.eindmoment < now else ""
            uit.append({"soort": "crisismaatregel_termijn", "eindmoment": t.eindmoment,
                        "tekst": f"Crisismaatregel: {label(t.soort)} loopt tot {tot}{verlopen}"})
    return uit


def open_stap(triage: Triage) -> str | None:
    """Return the label of the next thing to do for a present person (None once departed)."""
    if not triage.aanwezig:
        return None
    if triage.uitkomst in CM_UITKOMSTEN and triage.crisismaatregel_id is None:
        return TRIAGE.acties["start_crisismaatregel"].label
    acties = [a for a in toegestane_acties(TRIAGE, triage.status) if a not in ZIJSTAPPEN]
    return TRIAGE.acties[acties[0]].label if acties else None


def _cm_termijnen(session: Session, cm_ids: list[int]) -> dict[int, list[Termijn]]:
    if not cm_ids:
        return {}
    stmt = select(Termijn).where(Termijn.zaak_type == CM_ZAAK, Termijn.zaak_id.in_(cm_ids)).order_by(Termijn.id)
    uit: dict[int, list[Termijn]] = {}
    for t in session.exec(stmt):
        uit.setdefault(t.zaak_id, []).append(t)
    return uit


def _screening(door: str | None, op: datetime | None, bevindingen: str | None, vlaggen: list[str]) -> dict | None:
    if op is None:
        return None
    return {"door": door, "op": op, "bevindingen": bevindingen, "vlaggen": list(vlaggen or [])}


def _uitkomst(t: Triage) -> dict[str, Any] | None:
    if t.uitkomst is None:
        return None
    return {"code": t.uitkomst, "label": UITKOMSTEN.get(t.uitkomst, t.uitkomst), "op": t.uitkomst_op,
            "vervolg": t.vervolg, "toelichting": t.uitkomst_toelichting,
            "reden_zonder_screening": t.reden_zonder_screening, "melding_wvggz": t.melding_wvggz}


def _melding(session: Session, melding_id: int | None) -> dict[str, Any] | None:
    from wvggz.meldingen.models import Melding

    melding = session.get(Melding, melding_id) if melding_id else None
    return {"id": melding.id, "referentie": melding.referentie} if melding else None


def _crisismaatregel(session: Session, cm_id: int | None) -> dict[str, Any] | None:
    cm = session.get(Crisismaatregel, cm_id) if cm_id else None
    return {"id": cm.id, "referentie": cm.referentie} if cm else None


def detail(session: Session, t: Triage, now: datetime, settings: Settings) -> dict[str, Any]:
    """Return everything shown about one triage: arrival, screenings, outcome, links, warnings, history."""
    persoon = session.get(Persoon, t.persoon_id) if t.persoon_id else None
    termijnen = _cm_termijnen(session, [t.crisismaatregel_id] if t.crisismaatregel_id else []).get(
        t.crisismaatregel_id, [])
    return {
        "id": t.id, "referentie": t.referentie, "status": t.status, "versie": t.versie, "gemeente": t.gemeente,
        "aangekomen_op": t.aangekomen_op, "gebracht_door": t.gebracht_door,
        "gebracht_door_toelichting": t.gebracht_door_toelichting, "e33_nummer": t.e33_nummer,
        "verdacht_van_strafbaar_feit": t.verdacht_van_strafbaar_feit,
        "persoon": persoon_kort(persoon) if persoon else None, "signalement": t.signalement,
        "somatische_screening": _screening(t.somatisch_door, t.somatisch_op, t.somatisch_bevindingen,
                                           t.somatisch_vlaggen),
        "psychiatrische_screening": _screening(t.psychiatrisch_door, t.psychiatrisch_op,
                                               t.psychiatrisch_bevindingen, t.psychiatrisch_vlaggen),
        "uitkomst": _uitkomst(t), "vertrokken_op": t.vertrokken_op, "verblijf_minuten": verblijf_minuten(t, now),
        "melding": _melding(session, t.melding_id),
        "crisismaatregel": _crisismaatregel(session, t.crisismaatregel_id),
        "waarschuwingen": waarschuwingen(t, termijnen, now, settings),
        "termijnen": [termijn_dict(x, now) for x in termijnen],
        "toegestane_acties": acties_dict(t),
        "historie": [h.model_dump(include={"op", "door", "actie", "van_status", "naar_status", "reden"})
                     for h in historie_van(session, "triage", t.id)],
    }


def _bord_filter(stmt, actor: Gebruiker, aanwezig: bool | None):  # noqa: ANN001, ANN202
    stmt = stmt.where(Triage.gemeente == actor.gemeente)
    if aanwezig is True:
        return stmt.where(Triage.status != "vertrokken")
    if aanwezig is False:
        return stmt.where(Triage.status == "vertrokken")
    return stmt


def bord(
    session: Session, actor: Gebruiker, *, aanwezig: bool | None, pagina: int, per_pagina: int, now: datetime,
    settings: Settings,
) -> dict[str, Any]:
    """Return the board: present persons longest-staying first (departed: latest first), with warnings.

    Names are given to OVP staff only (they see the people in front of them); others get ids."""
    totaal = session.exec(_bord_filter(select(func.count()).select_from(Triage), actor, aanwezig)).one()
    volgorde = [Triage.aangekomen_op, Triage.id] if aanwezig else [Triage.aangekomen_op.desc(), Triage.id.desc()]
    if aanwezig is False:
        volgorde = [Triage.vertrokken_op.desc(), Triage.id.desc()]
    stmt = (_bord_filter(select(Triage, Persoon).outerjoin(Persoon, Persoon.id == Triage.persoon_id), actor,
                         aanwezig)
            .order_by(*volgorde).offset((max(pagina, 1) - 1) * per_pagina).limit(per_pagina))
    rijen = session.exec(stmt).all()
    termijnen = _cm_termijnen(session, [t.crisismaatregel_id for t, _ in rijen if t.crisismaatregel_id])
    met_naam = mag(actor, "triage.namen")
    items = [_regel(t, p if met_naam else None, termijnen.get(t.crisismaatregel_id, []), now, settings)
             | {"risico": risico(t) if met_naam else []} for t, p in rijen]
    return {"totaal": totaal, "waarschuwing_na_uren": settings.ovp_verblijf_waarschuwing_uren, "items": items}


# Screening flags that matter for the safety of the staff in front of the person, as the board shows them.
RISICO = {"agressie": "agressie", "suicidaliteit": "suïcidaliteit", "intoxicatie": "intoxicatie"}


def risico(t: Triage) -> list[str]:
    """The risk flags of both screenings (agressie, suïcidaliteit, intoxicatie), each once, in a fixed order."""
    gezet = set(t.somatisch_vlaggen or []) | set(t.psychiatrisch_vlaggen or [])
    return [label for vlag, label in RISICO.items() if vlag in gezet]


def _regel(t: Triage, p: Persoon | None, termijnen: list[Termijn], now: datetime, settings: Settings) -> dict:
    return {
        "id": t.id, "referentie": t.referentie, "status": t.status, "versie": t.versie,
        "persoon": p.volledige_naam if p else None, "persoon_id": t.persoon_id, "signalement": t.signalement,
        "gebracht_door": t.gebracht_door, "e33_nummer": t.e33_nummer,
        "verdacht_van_strafbaar_feit": t.verdacht_van_strafbaar_feit, "aangekomen_op": t.aangekomen_op,
        "vertrokken_op": t.vertrokken_op, "verblijf_minuten": verblijf_minuten(t, now), "open_stap": open_stap(t),
        "uitkomst": t.uitkomst, "waarschuwingen": waarschuwingen(t, termijnen, now, settings),
    }
