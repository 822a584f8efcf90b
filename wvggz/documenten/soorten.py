"""The document kinds the law requires: which case they belong to, when they can be made, and which
fields of the case each template may print (like `notifications.soorten` for messages).

`velden` is the whole of what a template may use; `tests/unit/test_documenten_render.py` checks every
template against it and renders each kind with planted health details that must stay out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.termijnen.service import bereken_termijn, termijnen_van

# Every template also gets these (see render.py): title, reference, gemeente, date of issue.
ALGEMEEN = frozenset({"titel", "referentie", "gemeente", "datum_uitgifte"})
_ADRES = frozenset({"aan_naam", "aan_straat", "aan_postcode", "aan_woonplaats"})


@dataclass(frozen=True)
class Documentsoort:
    naam: str
    titel: str
    zaak_type: str
    versie: str  # the template version, stored with every document made from it
    ontvanger: str  # who it is for (history, outbox)
    velden: frozenset[str]
    context: Callable[[Session, Any, Settings], dict[str, Any]]
    bezwaar: Callable[[Any], str | None]  # why it cannot be made now (Dutch), or None

    @property
    def alle_velden(self) -> frozenset[str]:
        return self.velden | ALGEMEEN


def _dag(moment: datetime | None) -> str:
    return moment.astimezone(TZ).strftime("%d-%m-%Y") if moment else ""


def _moment(moment: datetime | None) -> str:
    return moment.astimezone(TZ).strftime("%d-%m-%Y om %H:%M uur") if moment else ""


def _adres(p: Persoon | None) -> dict[str, Any]:
    """The addressee block of a letter: name and postal address, nothing else about the person."""
    if p is None:
        return dict.fromkeys(_ADRES, "")
    straat = " ".join(x for x in (p.straat, p.huisnummer) if x)
    return {"aan_naam": p.volledige_naam, "aan_straat": straat, "aan_postcode": p.postcode or "",
            "aan_woonplaats": p.woonplaats or ""}


# -- beschikking crisismaatregel (art. 7:1, 7:2, 7:6) ---------------------------------------------------

def _termijn(session: Session, zaak_type: str, zaak_id: int | None, soort: str):  # noqa: ANN202
    rijen = [t for t in termijnen_van(session, zaak_type, zaak_id) if t.soort == soort] if zaak_id else []
    return rijen[-1] if rijen else None


def _beschikking(session: Session, cm: Crisismaatregel, settings: Settings) -> dict[str, Any]:
    betrokkene = session.get(Persoon, cm.betrokkene_id)
    bekend = cm.bekendmaking_op or cm.besloten_op
    beroep = session.exec(select(Beroep).where(Beroep.crisismaatregel_id == cm.id)).first()
    bt = _termijn(session, "beroep", beroep.id if beroep else None, "beroep_termijn")
    beroep_einde = bt.einddatum if bt else bereken_termijn("beroep_termijn", bekend, settings).einddatum
    beroep_uitleg = bt.toelichting if bt else bereken_termijn("beroep_termijn", bekend, settings).toelichting
    gt = _termijn(session, "crisismaatregel", cm.id, "cm_geldigheid")
    geldig_tot = gt.eindmoment if gt else cm.geldig_tot
    return {
        **_adres(betrokkene),
        "betrokkene_naam": betrokkene.volledige_naam if betrokkene else "",
        "betrokkene_geboortedatum": betrokkene.geboortedatum.strftime("%d-%m-%Y")
        if betrokkene and betrokkene.geboortedatum else "",
        "besloten_op": _moment(cm.besloten_op), "bekendmaking_op": _moment(bekend),
        "burgemeester": cm.besluit_door_naam or "de burgemeester",
        "gemeente_verblijf": cm.gemeente_verblijf, "locatie": cm.locatie or "",
        "psychiater": cm.psychiater or "", "psychiater_onafhankelijk": bool(cm.psychiater_onafhankelijk),
        "medische_verklaring_op": _moment(cm.medische_verklaring_op),
        "gehoord": cm.gehoord, "gehoord_door": cm.gehoord_door or "", "reden_niet_gehoord": cm.reden_niet_gehoord or "",
        "zorgvormen": [z.replace("_", " ") for z in cm.zorgvormen],
        "motivering_minder_ingrijpend": cm.motivering_minder_ingrijpend or "",
        "geldig_tot": _moment(geldig_tot), "beroep_uiterlijk": beroep_einde.strftime("%d-%m-%Y"),
        "beroep_toelichting": beroep_uitleg,
    }


def _beschikking_bezwaar(cm: Crisismaatregel) -> str | None:
    if cm.besloten_op is None or cm.status in ("aangevraagd", "beoordeling", "afgewezen"):
        return "De crisismaatregel is nog niet genomen."
    return None


# -- aanvraag voorbereiding zorgmachtiging aan de OvJ (art. 5:3) -------------------------------------

def _aanvraag(session: Session, m: Melding, settings: Settings) -> dict[str, Any]:
    betrokkene = session.get(Persoon, m.betrokkene_id)
    melder = session.get(Persoon, m.melder_id)
    straat = " ".join(x for x in (betrokkene.straat, betrokkene.huisnummer) if x) if betrokkene else ""
    return {
        "betrokkene_naam": betrokkene.volledige_naam if betrokkene else "",
        "betrokkene_geboortedatum": betrokkene.geboortedatum.strftime("%d-%m-%Y")
        if betrokkene and betrokkene.geboortedatum else "",
        "betrokkene_adres": ", ".join(x for x in (straat, betrokkene.postcode, betrokkene.woonplaats) if x)
        if betrokkene else "",
        "ontvangen_op": _dag(m.ontvangen_op), "besloten_op": _dag(m.besloten_op),
        "melder_relatie": m.melder_relatie.replace("_", " "), "melder_is_naaste": m.melder_is_naaste,
        # a melder who asked not to be known to betrokkene is not named in a paper betrokkene may see
        "melder_naam": "" if m.anoniem_tov_betrokkene or melder is None else melder.volledige_naam,
        "zorgen": m.zorgen, "acuut": m.acuut,
        "wijkteam_contact": m.wijkteam_contact or "", "wijkteam_advies": m.wijkteam_advies or "",
        "medische_expertise": m.medische_expertise or "", "gesprek_met_betrokkene": m.gesprek_met_betrokkene,
        "reden_geen_gesprek": m.reden_geen_gesprek or "", "motivering": m.reden or "",
    }


def _aanvraag_bezwaar(m: Melding) -> str | None:
    return None if m.besluit == "aanvraag" else "Er is (nog) niet besloten tot een aanvraag bij de officier."


# -- letters to the melder ---------------------------------------------------------------------------

def _naaste_route_open(m: Melding) -> bool:
    return m.besluit == "geen_aanvraag" or (m.besluit is None and m.tijdig_besloten is False)


def _brief_naaste(session: Session, m: Melding, settings: Settings) -> dict[str, Any]:
    return {**_adres(session.get(Persoon, m.melder_id)), "ontvangen_op": _dag(m.ontvangen_op),
            "aanvraag": m.besluit == "aanvraag", "beslist": m.besluit is not None,
            "naaste_route": _naaste_route_open(m), "termijn_einde": _dag(m.uiterlijk_besluit_op)}


def _brief_naaste_bezwaar(m: Melding) -> str | None:
    if not m.melder_is_naaste:
        return "De melder is geen naaste (art. 5:2 lid 5): alleen een naaste hoort de uitkomst."
    if m.besluit is None and m.tijdig_besloten is not False:
        return "Er is nog geen uitkomst en de termijn van 14 dagen loopt nog."
    return None


def _brief_melder(session: Session, m: Melding, settings: Settings) -> dict[str, Any]:
    return {**_adres(session.get(Persoon, m.melder_id)), "ontvangen_op": _dag(m.ontvangen_op)}


def _brief_melder_bezwaar(m: Melding) -> str | None:
    if m.melder_is_naaste:
        return "De melder is een naaste: gebruik de brief met de uitkomst."
    if m.open and m.besluit is None:
        return "De melding is nog niet afgehandeld."
    return None


def _ontvangst(session: Session, m: Melding, settings: Settings) -> dict[str, Any]:
    return {**_adres(session.get(Persoon, m.melder_id)), "ontvangen_op": _dag(m.ontvangen_op)}


SOORTEN: dict[str, Documentsoort] = {s.naam: s for s in (
    Documentsoort(
        "beschikking_crisismaatregel", "Beschikking crisismaatregel", "crisismaatregel", "1", "betrokkene",
        _ADRES | {"betrokkene_naam", "betrokkene_geboortedatum", "besloten_op", "bekendmaking_op", "burgemeester",
                  "gemeente_verblijf", "locatie", "psychiater", "psychiater_onafhankelijk",
                  "medische_verklaring_op", "gehoord", "gehoord_door", "reden_niet_gehoord", "zorgvormen",
                  "motivering_minder_ingrijpend", "geldig_tot", "beroep_uiterlijk", "beroep_toelichting"},
        _beschikking, _beschikking_bezwaar),
    Documentsoort(
        "aanvraag_zorgmachtiging", "Aanvraag voorbereiding zorgmachtiging", "melding", "1", "ovj",
        frozenset({"betrokkene_naam", "betrokkene_geboortedatum", "betrokkene_adres", "ontvangen_op",
                   "besloten_op", "melder_relatie", "melder_is_naaste", "melder_naam", "zorgen", "acuut",
                   "wijkteam_contact", "wijkteam_advies", "medische_expertise", "gesprek_met_betrokkene",
                   "reden_geen_gesprek", "motivering"}),
        _aanvraag, _aanvraag_bezwaar),
    Documentsoort(
        "brief_naaste_uitkomst", "Brief aan naaste: uitkomst melding", "melding", "1", "melder",
        _ADRES | {"ontvangen_op", "aanvraag", "beslist", "naaste_route", "termijn_einde"},
        _brief_naaste, _brief_naaste_bezwaar),
    Documentsoort(
        "brief_melder_afgehandeld", "Brief aan melder: melding afgehandeld", "melding", "1", "melder",
        _ADRES | {"ontvangen_op"}, _brief_melder, _brief_melder_bezwaar),
    Documentsoort(
        "ontvangstbevestiging_brief", "Ontvangstbevestiging (brief)", "melding", "1", "melder",
        _ADRES | {"ontvangen_op"}, _ontvangst, lambda m: None),
)}


def soorten_voor(zaak_type: str) -> list[Documentsoort]:
    """Return the document kinds of one case kind, in table order."""
    return [s for s in SOORTEN.values() if s.zaak_type == zaak_type]
