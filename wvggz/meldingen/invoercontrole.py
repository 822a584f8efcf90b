"""The new-melding form checked all at once: the page shows every problem in one round, each named by
its Dutch label, with texts that speak of the right person (melder or betrokkene). A receipt moment whose
14-day term has already passed must be confirmed, so a typing error does not make a case late at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wvggz import tijdcontrole
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.termijnen.service import bereken_termijn

BEVESTIG = "bevestig_verstreken"
_VELDEN = {"voornaam": "Voornaam", "achternaam": "Achternaam", "geboortedatum": "Geboortedatum",
           "straat": "Straat", "huisnummer": "Huisnummer", "postcode": "Postcode", "woonplaats": "Woonplaats",
           "telefoon": "Telefoon", "email": "E-mail", "organisatie": "Organisatie", "persoon_id": "Bekende persoon"}
LABELS = {
    "ontvangen_op": "Ontvangen op", "kanaal": "Kanaal", "zorgen": "Zorgen", "e33_nummer": "E33-incidentnummer",
    "melder": "Melder", "melder.relatie": "Relatie tot betrokkene", BEVESTIG: "Ontvangstdatum bevestigen",
    "algemeen": "Melding",
} | {f"melder.{k}": f"{v} van de melder" for k, v in _VELDEN.items()} | {
    f"betrokkene.{k}": f"{v} van de betrokkene" for k, v in _VELDEN.items()}


def label(veld: str) -> str:
    """Return the Dutch label of a form field for the error summary."""
    return LABELS.get(veld, veld.replace("_", " ").replace(".", " ").capitalize())


def _tekst(form: Mapping[str, Any], naam: str) -> str:
    waarde = form.get(naam)
    return waarde.strip() if isinstance(waarde, str) else ""


def controleer(form: Mapping[str, Any], now: datetime, settings: Settings) -> dict[str, str]:
    """Return field -> Dutch message for what the form misses beyond the schema, all at once: the receipt
    moment (required here, plausible, confirmed when its term has passed) and the surnames."""
    fouten: dict[str, str] = {}
    ontvangen = _tekst(form, "ontvangen_op")
    if not ontvangen:
        fouten["ontvangen_op"] = "Vul in wanneer de melding is ontvangen (datum en tijd)."
    else:
        try:
            moment = tijdcontrole.plausibel("ontvangen_op", datetime.fromisoformat(ontvangen), now, settings,
                                            wat="Ontvangstmoment")
        except ValueError:
            fouten["ontvangen_op"] = "Geen geldig tijdstip; gebruik datum en tijd, bijv. 13-04-2026 09:30."
        except MissingField as exc:
            fouten["ontvangen_op"] = exc.message
        else:
            einde = bereken_termijn("melding_beslissing", moment, settings).eindmoment
            if einde < now and not form.get(BEVESTIG):
                fouten[BEVESTIG] = ("Met dit ontvangstmoment is de beslistermijn van 14 dagen (art. 5:2) al "
                                    "verstreken. Controleer de datum; klopt hij, vink dan aan dat de "
                                    "ontvangstdatum klopt.")
    if not _tekst(form, "melder.achternaam"):
        fouten["melder.achternaam"] = "Vul de achternaam van de melder in."
    if not _tekst(form, "betrokkene.persoon_id").isdigit() and not _tekst(form, "betrokkene.achternaam"):
        fouten["betrokkene.achternaam"] = "Vul de achternaam van de betrokkene in, of kies een bekende persoon."
    return fouten
