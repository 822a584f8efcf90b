"""What each crisismaatregel action changes besides the status: facts, clocks, duties, messages.

Every handler runs inside the caller's transaction and returns a short reason for the history row.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from wvggz.crisismaatregelen import berichten, plichten
from wvggz.crisismaatregelen.beroepen import maak_beroep
from wvggz.crisismaatregelen.models import ZAAK, Crisismaatregel
from wvggz.crisismaatregelen.tijd import lokaal
from wvggz.errors import MissingField
from wvggz.termijnen.models import Termijn
from wvggz.termijnen.service import open_termijn, open_termijn_van, sluit_termijn, termijnen_van
from wvggz.zaken.soort import Stap

__all__ = ["Stap", "pas_toe", "start_tvz", "sluit_alle", "vervallen"]


def pas_toe(stap: Stap, cm: Crisismaatregel, actie: str, w: dict[str, Any]) -> str | None:
    """Apply the action's effects to `cm`; returns the reason for the history row."""
    return _HANDLERS[actie](stap, cm, w)


def _open(stap: Stap, cm: Crisismaatregel, soort: str, start: datetime) -> Termijn:
    return open_termijn(stap.session, soort=soort, zaak_type=ZAAK, zaak_id=cm.id, start=start,
                        settings=stap.settings)


def _sluit(stap: Stap, cm: Crisismaatregel, soort: str, op: datetime) -> Termijn | None:
    termijn = open_termijn_van(stap.session, ZAAK, cm.id, soort)
    return sluit_termijn(termijn, op=op) if termijn is not None else None


def sluit_alle(stap: Stap, cm: Crisismaatregel, op: datetime) -> None:
    """Close every still-open term of the measure at `op` (the measure ended)."""
    for termijn in termijnen_van(stap.session, ZAAK, cm.id):
        if termijn.status == "lopend":
            sluit_termijn(termijn, op=min(op, termijn.eindmoment) if termijn.soort in _GELDIGHEID else op)


_GELDIGHEID = {"cm_geldigheid", "voortzetting_geldigheid"}


def _einde(stap: Stap, cm: Crisismaatregel, reden: str | None) -> None:
    now = stap.clock.now()
    sluit_alle(stap, cm, now)
    cm.open, cm.afgesloten_op, cm.geldig_tot = False, now, None
    if reden is not None:
        cm.reden = reden


def start_tvz(stap: Stap, cm: Crisismaatregel, moment: datetime) -> Termijn:
    """Record the start of tijdelijke verplichte zorg and open its 18-hour cap (art. 7:3)."""
    cm.tvz_gestart_op = moment
    termijn = _open(stap, cm, "tvz_totaal", moment)
    _open_na_onderzoek(stap, cm)
    return termijn


def _open_na_onderzoek(stap: Stap, cm: Crisismaatregel) -> None:
    """Open the 12-hour cap once both the tvz and the psychiatric examination are recorded."""
    bestaat = any(t.soort == "tvz_na_onderzoek" for t in termijnen_van(stap.session, ZAAK, cm.id))
    if cm.tvz_gestart_op is not None and cm.onderzoek_op is not None and not bestaat:
        _open(stap, cm, "tvz_na_onderzoek", cm.onderzoek_op)


def _start_tvz(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    termijn = start_tvz(stap, cm, w["tvz_start"])
    return f"tijdelijke verplichte zorg gestart; uiterlijk tot {lokaal(termijn.eindmoment)} (art. 7:3)"


def _onderzoek(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    cm.onderzoek_op = w["onderzoek_op"]
    _open_na_onderzoek(stap, cm)
    return "psychiatrisch onderzoek vastgelegd (art. 7:3)"


def _medische_verklaring(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    cm.psychiater, cm.psychiater_onafhankelijk = w["psychiater"], w["psychiater_onafhankelijk"]
    cm.medische_verklaring_op = stap.clock.now()
    return "medische verklaring van een onafhankelijke psychiater ontvangen (art. 7:1)"


def _horen(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    cm.gehoord = w["gehoord"]
    cm.reden_niet_gehoord = None if cm.gehoord else w.get("reden_niet_gehoord")
    cm.gehoord_door = w.get("gehoord_door")
    if cm.gehoord:
        return "betrokkene gehoord (art. 7:1 lid 3)"
    return f"betrokkene niet gehoord: {cm.reden_niet_gehoord} (art. 7:1 lid 3)"


def _neem_maatregel(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    cm.zorgvormen = list(w["zorgvormen"])
    cm.motivering_minder_ingrijpend = w["motivering_minder_ingrijpend"]
    cm.gemeente_verblijf = w["gemeente_verblijf"]
    cm.besloten_op, cm.bekendmaking_op = w["besloten_op"], w["bekendmaking_op"]
    cm.besluit_door_id, cm.besluit_door_naam = stap.actor.id, stap.actor.naam
    for soort in ("tvz_totaal", "tvz_na_onderzoek"):
        _sluit(stap, cm, soort, cm.besloten_op)
    termijnen = {s: _open(stap, cm, s, cm.besloten_op)
                 for s in ("cm_advocaat", "cm_tenuitvoerlegging", "cm_geldigheid")}
    cm.geldig_tot = termijnen["cm_geldigheid"].eindmoment
    taken = plichten.maak_plichten(stap.session, stap.clock, cm, termijnen)
    maak_beroep(stap.session, stap.clock, stap.actor, cm, stap.settings)
    berichten.cm_genomen(stap.session, stap.clock, cm, taken)
    return (f"crisismaatregel genomen door {stap.actor.naam} (burgemeester); geldig tot "
            f"{lokaal(cm.geldig_tot)} tenzij de OvJ voortzetting verzoekt (art. 7:7)")


def _wijs_af(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    _einde(stap, cm, w["reden"])
    return f"aanvraag afgewezen: {w['reden']}"


def _voortzettingsverzoek(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    moment = w["verzoek_ontvangen_op"]
    geldig = open_termijn_van(stap.session, ZAAK, cm.id, "cm_geldigheid")
    if geldig is not None and moment > geldig.eindmoment:
        raise MissingField("verzoek_ontvangen_op", "Het verzoek kwam na het einde van de geldigheid: de "
                                                   "crisismaatregel was al vervallen (art. 7:7).")
    if geldig is not None:
        sluit_termijn(geldig, op=moment)  # a timely request keeps the CM alive until the court decides
    verzoek = _sluit(stap, cm, "voortzetting_verzoek", moment)
    beslissing = _open(stap, cm, "voortzetting_beslissing", moment)
    cm.voortzetting_verzocht_op, cm.geldig_tot = moment, None
    reden = (f"verzoek tot voortzetting ontvangen door de rechtbank; beslissing uiterlijk "
             f"{beslissing.einddatum:%d-%m-%Y} (art. 7:8 lid 3)")
    if verzoek is not None and not verzoek.tijdig:
        reden += "; verzoek na de termijn van art. 7:7 ingediend (de rechter kan de voortzetting inkorten)"
    return reden


def _beslissing(stap: Stap, cm: Crisismaatregel, moment: datetime, verleend: bool) -> str:
    termijn = _sluit(stap, cm, "voortzetting_beslissing", moment)
    cm.voortzetting_beslist_op, cm.voortzetting_verleend = moment, verleend
    return "" if termijn is None or termijn.tijdig else "; beslissing na de termijn van art. 7:8 lid 3"


def _verleen(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    beslissing = open_termijn_van(stap.session, ZAAK, cm.id, "voortzetting_beslissing")
    if beslissing is not None and w["beslist_op"] > beslissing.eindmoment:
        raise MissingField("beslist_op", "De rechter besliste na de termijn van 3 dagen (art. 7:8 lid 3, tot en "
                                         f"met {lokaal(beslissing.eindmoment)}): de crisismaatregel was toen al "
                                         "geëindigd en kan niet meer worden voortgezet.")
    laat = _beslissing(stap, cm, w["beslist_op"], True)
    geldigheid = _open(stap, cm, "voortzetting_geldigheid", w["beslist_op"])
    cm.geldig_tot = geldigheid.eindmoment
    return f"voortzetting verleend; geldig tot en met {geldigheid.einddatum:%d-%m-%Y} (art. 7:9){laat}"


def _weiger(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    laat = _beslissing(stap, cm, w["beslist_op"], False)
    _einde(stap, cm, "voortzetting geweigerd door de rechter")
    return f"voortzetting geweigerd; crisismaatregel beëindigd{laat}"


def _zm_verzoek(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    cm.zm_verzoek_op = w["zm_verzoek_op"]
    _sluit(stap, cm, "voortzetting_geldigheid", cm.zm_verzoek_op)
    beslissing = _open(stap, cm, "zm_beslissing", cm.zm_verzoek_op)
    cm.geldig_tot = beslissing.eindmoment
    return ("verzoek om een zorgmachtiging ingediend; de voortzetting loopt door tot de beslissing daarop, "
            f"uiterlijk {beslissing.einddatum:%d-%m-%Y} (art. 7:10, 7:11; ten hoogste 3 weken, art. 6:2)")


def _beeindig(stap: Stap, cm: Crisismaatregel, w: dict) -> str:
    _einde(stap, cm, w["reden"])
    return f"crisismaatregel beëindigd: {w['reden']}"


def vervallen(stap: Stap, cm: Crisismaatregel, termijn: Termijn) -> str:
    """The validity ended without a request or a new title: close the case; returns the reason."""
    eind = lokaal(termijn.eindmoment)
    if termijn.soort == "voortzetting_beslissing":
        sluit_termijn(termijn, op=stap.clock.now())  # the court missed its term: closed late
    else:
        sluit_termijn(termijn, op=termijn.eindmoment)  # the validity ran its full course
    _einde(stap, cm, None)
    if termijn.soort == "voortzetting_beslissing":
        reden = (f"vervallen: de rechter heeft niet binnen 3 dagen op het verzoek tot voortzetting beslist "
                 f"(termijn tot en met {eind}, art. 7:8 lid 3); de crisismaatregel is geëindigd")
    elif termijn.soort == "cm_geldigheid":
        reden = (f"vervallen: de geldigheid van 3 dagen (art. 7:7) eindigde op {eind} zonder verzoek tot "
                 "voortzetting van de officier van justitie")
    elif termijn.soort == "zm_beslissing":
        reden = (f"vervallen: geen beslissing op het verzoek om een zorgmachtiging binnen 3 weken; de "
                 f"voortzetting eindigde op {eind} (art. 6:2, 7:11)")
    else:
        reden = (f"vervallen: de machtiging tot voortzetting (art. 7:9) eindigde op {eind} zonder tijdig "
                 "verzoek om een zorgmachtiging (art. 7:10)")
    cm.reden = reden
    berichten.cm_vervallen(stap.session, stap.clock, cm, eind)
    return reden


_HANDLERS: dict[str, Callable[[Stap, Crisismaatregel, dict], str]] = {
    "start_tvz": _start_tvz,
    "registreer_psychiatrisch_onderzoek": _onderzoek,
    "registreer_medische_verklaring": _medische_verklaring,
    "registreer_horen": _horen,
    "neem_maatregel": _neem_maatregel,
    "wijs_af": _wijs_af,
    "registreer_voortzettingsverzoek": _voortzettingsverzoek,
    "verleen_voortzetting": _verleen,
    "weiger_voortzetting": _weiger,
    "registreer_zm_verzoek": _zm_verzoek,
    "beeindig": _beeindig,
}
