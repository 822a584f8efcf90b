"""The triage's side actions (table actions that never change the status): link a person, amend arrival
facts, and the warm hand-over to a zorgmelding or a crisismaatregel. When each is allowed is in the workflow
table (workflows/triage.py); here are their input schemas, form fields and effects, all in the pipeline's
unit of work (no commit of their own)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import select

from workflows.triage import CM_UITKOMSTEN
from wvggz import tijdcontrole, veldfouten
from wvggz.config import Settings
from wvggz.crisismaatregelen import service as crisismaatregelen
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.errors import MissingField
from wvggz.meldingen import service as meldingen
from wvggz.meldingen.schemas import MelderIn, MeldingCreate
from wvggz.personen.models import Persoon
from wvggz.personen.schemas import PersoonIn
from wvggz.personen.service import vind_of_maak
from wvggz.triage.models import Triage
from wvggz.triage.schemas import KoppelPersoonIn, MaakMeldingIn, StartCrisismaatregelIn, WijzigAankomstIn
from wvggz.zaken.soort import Stap

__all__ = ["CM_UITKOMSTEN", "SCHEMAS", "formuliervelden", "lees", "lees_melding_bij_uitkomst", "voer_uit"]

PERSOON_VELDEN = ({"naam": "persoon_id", "label": "Bestaande persoon (nummer)", "soort": "int"},
                  {"naam": "voornaam", "label": "Voornaam", "soort": "tekst"},
                  {"naam": "achternaam", "label": "Achternaam", "soort": "tekst"},
                  {"naam": "geboortedatum", "label": "Geboortedatum", "soort": "datum"})
SCHEMAS: dict[str, type[BaseModel]] = {"koppel_persoon": KoppelPersoonIn, "wijzig_aankomst": WijzigAankomstIn,
                                       "maak_melding": MaakMeldingIn, "start_crisismaatregel": StartCrisismaatregelIn}


def _persoonvelden(prefix: str, verplicht: bool) -> list[dict[str, Any]]:
    return [{**v, "naam": f"{prefix}.{v['naam']}", "verplicht": verplicht and v["naam"] == "achternaam",
             "keuzes": []} for v in PERSOON_VELDEN]


def _veld(naam: str, label: str, soort: str, verplicht: bool = False) -> dict[str, Any]:
    return {"naam": naam, "label": label, "soort": soort, "verplicht": verplicht, "keuzes": []}


def _betrokkene(t: Triage) -> list[dict[str, Any]]:
    return [] if t.persoon_id else _persoonvelden("betrokkene", True)


_FORMULIEREN: dict[str, Callable[[Triage], list[dict[str, Any]]]] = {
    "koppel_persoon": lambda t: _persoonvelden("persoon", True),
    "wijzig_aankomst": lambda t: [_veld("e33_nummer", "E33-incidentnummer", "tekst"),
                                  _veld("verdacht_van_strafbaar_feit", "Verdacht van een strafbaar feit", "bool"),
                                  _veld("signalement", "Signalement", "tekst")],
    "maak_melding": lambda t: [_veld("zorgen", "Zorgen (kort)", "tekst", True), _veld("acuut", "Acuut", "bool"),
                               *_betrokkene(t)],
    "start_crisismaatregel": lambda t: [
        _veld("gemeente_verblijf", "Gemeente van verblijf", "tekst"), _veld("locatie", "Locatie", "tekst"),
        *([_veld("tvz_start", "Start tijdelijke verplichte zorg", "datumtijd", True)]
          if t.uitkomst == "tvz_voor_crisismaatregel" else []),
        *_betrokkene(t)],
}


def formuliervelden(actie: str, triage: Triage) -> list[dict[str, Any]]:
    """Return the form fields of a side action for this triage (pages build their forms from this)."""
    return _FORMULIEREN[actie](triage)


def lees(actie: str, velden: dict[str, Any]) -> BaseModel:
    """Validate the action's fields; the first problem becomes MissingField naming the field."""
    try:
        return SCHEMAS[actie].model_validate(velden)
    except ValidationError as exc:
        raise veldfouten.eerste(exc) from None


def lees_melding_bij_uitkomst(uitkomst: dict[str, Any], velden: Any) -> MaakMeldingIn:  # noqa: ANN401
    """Validate the hand-over that comes with the outcome "melding Wvggz" (`melding_wvggz` yes); a problem
    names the nested field (`melding.zorgen`). Sets `melding_wvggz` when it was left open."""
    if uitkomst.get("melding_wvggz") is False:
        raise MissingField("melding_wvggz", "Een zorgmelding aanmaken hoort bij een melding Wvggz: kies 'ja'.")
    if not isinstance(velden, dict):
        raise MissingField("melding", "Geef de gegevens van de zorgmelding.")
    try:
        data = MaakMeldingIn.model_validate(velden)
    except ValidationError as exc:
        fout = veldfouten.eerste(exc, veld="zorgen")
        raise MissingField(f"melding.{fout.veld}", fout.message) from None
    uitkomst["melding_wvggz"] = True
    return data


def voer_uit(stap: Stap, triage: Triage, actie: str, data: BaseModel) -> str:
    """Carry out a side action in the pipeline's transaction; returns the reason for the history row."""
    return _UITVOERDERS[actie](stap, triage, data)


def _persoon(stap: Stap, data: PersoonIn, veld: str, gemeente: str) -> Persoon:
    return vind_of_maak(stap.session, stap.clock, data, veld=veld, settings=stap.settings, gemeente=gemeente)


def _koppel_persoon(stap: Stap, triage: Triage, data: KoppelPersoonIn) -> str:
    persoon = _persoon(stap, data.persoon, "persoon", triage.gemeente)
    triage.persoon_id = persoon.id
    return f"persoon {persoon.id} gekoppeld"


def _wijzig_aankomst(stap: Stap, triage: Triage, data: WijzigAankomstIn) -> str:
    gewijzigd = data.model_dump(exclude_unset=True)
    if gewijzigd.get("verdacht_van_strafbaar_feit", False) is None:
        del gewijzigd["verdacht_van_strafbaar_feit"]
    if not gewijzigd:
        raise MissingField("actie", "Geef ten minste één gegeven om te wijzigen.")
    if triage.uitkomst == "politiecel" and gewijzigd.get("verdacht_van_strafbaar_feit") is False:
        raise MissingField("verdacht_van_strafbaar_feit", "Bij de uitkomst politiecel hoort een verdenking.")
    for veld, waarde in gewijzigd.items():
        setattr(triage, veld, waarde)
    return "gewijzigd: " + ", ".join(sorted(gewijzigd))


def _zorg_voor_persoon(stap: Stap, triage: Triage, betrokkene: PersoonIn | None) -> int:
    """Return the person id for the hand-over: the linked one, or a new one from `betrokkene`."""
    if triage.persoon_id is not None:
        if betrokkene is not None:
            raise MissingField("betrokkene", "De persoon is al gekoppeld; laat dit veld leeg.")
        return triage.persoon_id
    if betrokkene is None:
        raise MissingField("betrokkene", "De persoon is nog onbekend: vul de gegevens van de betrokkene in.")
    return _persoon(stap, betrokkene, "betrokkene", triage.gemeente).id


def _ovp_melder(stap: Stap, gemeente: str) -> int:
    """Return the person row that stands for the OVP as melder (created once per gemeente)."""
    organisatie = f"OVP {gemeente}"
    bestaand = stap.session.exec(select(Persoon.id).where(Persoon.gemeente == gemeente, Persoon.organisatie == organisatie,
                                                          Persoon.achternaam == "OVP")).first()
    if bestaand is not None:
        return bestaand
    return _persoon(stap, PersoonIn(organisatie=organisatie, achternaam="OVP"), "melder", gemeente).id


def _maak_melding(stap: Stap, triage: Triage, data: MaakMeldingIn) -> str:
    persoon_id = _zorg_voor_persoon(stap, triage, data.betrokkene)
    melder_id = _ovp_melder(stap, stap.actor.gemeente)
    create = MeldingCreate(kanaal="ovp", melder=MelderIn(persoon_id=melder_id, relatie="ovp"),
                           betrokkene=PersoonIn(persoon_id=persoon_id), zorgen=data.zorgen, acuut=data.acuut,
                           e33_nummer=triage.e33_nummer)
    melding = meldingen.neem_op(session=stap.session, clock=stap.clock, actor=stap.actor, data=create,
                                settings=stap.settings, triage_id=triage.id)
    triage.persoon_id, triage.melding_wvggz, triage.melding_id = persoon_id, True, melding.id
    return f"zorgmelding gedaan bij het Wvggz-meldpunt ({melding.referentie})"


def _tvz_start(triage: Triage, data: StartCrisismaatregelIn, now: datetime, settings: Settings) -> datetime | None:
    """Return the aware start of tijdelijke verplichte zorg, required only with that outcome."""
    if triage.uitkomst != "tvz_voor_crisismaatregel":
        if data.tvz_start is not None:
            raise MissingField("tvz_start", "Alleen bij de uitkomst 'tijdelijke verplichte zorg'.")
        return None
    if data.tvz_start is None:
        raise MissingField("tvz_start", "Leg vast wanneer de tijdelijke verplichte zorg begon (art. 7:3).")
    start = tijdcontrole.als_lokaal(data.tvz_start)
    tijdcontrole.niet_voor("tvz_start", start, triage.aangekomen_op,
                           "De tijdelijke verplichte zorg begint niet vóór de aankomst.")
    tijdcontrole.niet_in_toekomst("tvz_start", start, now, settings, "Het begin van de tijdelijke verplichte zorg")
    return start


def _start_crisismaatregel(stap: Stap, triage: Triage, data: StartCrisismaatregelIn) -> str:
    tvz_start = _tvz_start(triage, data, stap.clock.now(), stap.settings)
    persoon_id = _zorg_voor_persoon(stap, triage, data.betrokkene)
    gemeente = stap.actor.gemeente
    try:
        create = CrisismaatregelCreate(
            betrokkene=PersoonIn(persoon_id=persoon_id), aangevraagd_door="ovp",
            gemeente_verblijf=data.gemeente_verblijf or gemeente, locatie=data.locatie or f"OVP {gemeente}",
            tvz_start=tvz_start,
        )
    except ValidationError as exc:
        raise MissingField(str(exc.errors()[0]["loc"][0]), "Ongeldige waarde voor de crisismaatregel.") from None
    cm = crisismaatregelen.vraag_aan(session=stap.session, clock=stap.clock, actor=stap.actor, data=create,
                                     settings=stap.settings, triage_id=triage.id)
    triage.persoon_id, triage.crisismaatregel_id = persoon_id, cm.id
    return "crisismaatregel aangevraagd" + (" met tijdelijke verplichte zorg (art. 7:3)" if tvz_start else "")


_UITVOERDERS: dict[str, Callable[[Stap, Triage, Any], str]] = {
    "koppel_persoon": _koppel_persoon,
    "wijzig_aankomst": _wijzig_aankomst,
    "maak_melding": _maak_melding,
    "start_crisismaatregel": _start_crisismaatregel,
}
