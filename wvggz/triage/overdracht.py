"""Actions beside the workflow table: link a person, amend arrival facts, and the warm hand-over
to a zorgmelding or a crisismaatregel. None of them changes the triage status.

`NEVENACTIES` says when each is allowed and which fields it takes; the service dispatches to `voer_uit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import event
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from wvggz import tijdcontrole, veldfouten
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.errors import ConflictError, MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.personen.models import Persoon
from wvggz.personen.schemas import PersoonIn
from wvggz.personen.service import vind_of_maak
from wvggz.triage.models import Triage
from wvggz.triage.schemas import KoppelPersoonIn, MaakMeldingIn, StartCrisismaatregelIn, WijzigAankomstIn

ZAAK = "triage"
CM_UITKOMSTEN = frozenset({"tvz_voor_crisismaatregel", "crisismaatregel"})
GEWIJZIGD = "Deze triage is intussen door iemand anders gewijzigd. Laad de pagina opnieuw."
PERSOON_VELDEN = ({"naam": "persoon_id", "label": "Bestaande persoon (nummer)", "soort": "int"},
                  {"naam": "voornaam", "label": "Voornaam", "soort": "tekst"},
                  {"naam": "achternaam", "label": "Achternaam", "soort": "tekst"},
                  {"naam": "geboortedatum", "label": "Geboortedatum", "soort": "datum"})


@dataclass(frozen=True)
class Nevenactie:
    naam: str
    label: str
    schema: type[BaseModel]
    mag: Callable[[Triage], bool]
    velden: Callable[[Triage], list[dict[str, Any]]]


def _persoonvelden(prefix: str, verplicht: bool) -> list[dict[str, Any]]:
    return [{**v, "naam": f"{prefix}.{v['naam']}", "verplicht": verplicht and v["naam"] == "achternaam",
             "keuzes": []} for v in PERSOON_VELDEN]


def _veld(naam: str, label: str, soort: str, verplicht: bool = False) -> dict[str, Any]:
    return {"naam": naam, "label": label, "soort": soort, "verplicht": verplicht, "keuzes": []}


def _betrokkene(t: Triage) -> list[dict[str, Any]]:
    return [] if t.persoon_id else _persoonvelden("betrokkene", True)


NEVENACTIES: dict[str, Nevenactie] = {a.naam: a for a in (
    Nevenactie("koppel_persoon", "Koppel persoon", KoppelPersoonIn, lambda t: t.persoon_id is None,
               lambda t: _persoonvelden("persoon", True)),
    Nevenactie("wijzig_aankomst", "Wijzig aankomstgegevens", WijzigAankomstIn, lambda t: t.aanwezig,
               lambda t: [_veld("e33_nummer", "E33-incidentnummer", "tekst"),
                          _veld("verdacht_van_strafbaar_feit", "Verdacht van een strafbaar feit", "bool"),
                          _veld("signalement", "Signalement", "tekst")]),
    Nevenactie("maak_melding", "Maak zorgmelding (Wvggz-meldpunt)", MaakMeldingIn,
               lambda t: t.uitkomst is not None and t.melding_id is None,
               lambda t: [_veld("zorgen", "Zorgen (kort)", "tekst", True), _veld("acuut", "Acuut", "bool"),
                          *_betrokkene(t)]),
    Nevenactie("start_crisismaatregel", "Start crisismaatregel", StartCrisismaatregelIn,
               lambda t: t.aanwezig and t.uitkomst in CM_UITKOMSTEN and t.crisismaatregel_id is None,
               lambda t: [_veld("gemeente_verblijf", "Gemeente van verblijf", "tekst"),
                          _veld("locatie", "Locatie", "tekst"),
                          *([_veld("tvz_start", "Start tijdelijke verplichte zorg", "datumtijd", True)]
                            if t.uitkomst == "tvz_voor_crisismaatregel" else []),
                          *_betrokkene(t)]),
)}


def toegestaan(triage: Triage) -> list[str]:
    """Return the side actions allowed for `triage` now."""
    return [n for n, a in NEVENACTIES.items() if a.mag(triage)]


def lees(actie: str, velden: dict[str, Any]) -> BaseModel:
    """Validate the action's fields; the first problem becomes MissingField naming the field."""
    try:
        return NEVENACTIES[actie].schema.model_validate(velden)
    except ValidationError as exc:
        raise veldfouten.eerste(exc) from None


def voer_uit(
    session: Session, clock: Clock, actor: Gebruiker, triage: Triage, actie: str, data: BaseModel,
    settings: Settings,
) -> None:
    """Carry out a side action and commit; writes history and the access log."""
    _UITVOERDERS[actie](session, clock, actor, triage, data, settings)


def _historie(session: Session, clock: Clock, actor: Gebruiker, triage: Triage, actie: str, reden: str) -> None:
    schrijf_historie(session, clock, actor, zaak_type=ZAAK, zaak_id=triage.id, actie=actie, van=triage.status,
                     naar=triage.status, reden=reden)


def _commit(session: Session) -> None:
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise ConflictError(GEWIJZIGD) from None


def _persoon(session: Session, clock: Clock, data: PersoonIn, veld: str, settings: Settings) -> Persoon:
    return vind_of_maak(session, clock, data, veld=veld, settings=settings)


def _koppel_persoon(session, clock, actor, triage, data: KoppelPersoonIn, settings) -> None:  # noqa: ANN001
    persoon = _persoon(session, clock, data.persoon, "persoon", settings)
    triage.persoon_id = persoon.id
    _historie(session, clock, actor, triage, "koppel_persoon", f"persoon {persoon.id} gekoppeld")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[persoon.id], doel="koppel_persoon")
    _commit(session)


def _wijzig_aankomst(session, clock, actor, triage, data: WijzigAankomstIn, settings) -> None:  # noqa: ANN001
    gewijzigd = data.model_dump(exclude_unset=True)
    if gewijzigd.get("verdacht_van_strafbaar_feit", False) is None:
        del gewijzigd["verdacht_van_strafbaar_feit"]
    if not gewijzigd:
        raise MissingField("actie", "Geef ten minste één gegeven om te wijzigen.")
    if triage.uitkomst == "politiecel" and gewijzigd.get("verdacht_van_strafbaar_feit") is False:
        raise MissingField("verdacht_van_strafbaar_feit", "Bij de uitkomst politiecel hoort een verdenking.")
    for veld, waarde in gewijzigd.items():
        setattr(triage, veld, waarde)
    _historie(session, clock, actor, triage, "wijzig_aankomst", "gewijzigd: " + ", ".join(sorted(gewijzigd)))
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[triage.persoon_id], doel="wijzig_aankomst")
    _commit(session)


def _zorg_voor_persoon(session, clock, triage, betrokkene: PersoonIn | None, settings) -> int:  # noqa: ANN001
    """Return the person id for the hand-over: the linked one, or a new one from `betrokkene`."""
    if triage.persoon_id is not None:
        if betrokkene is not None:
            raise MissingField("betrokkene", "De persoon is al gekoppeld; laat dit veld leeg.")
        return triage.persoon_id
    if betrokkene is None:
        raise MissingField("betrokkene", "De persoon is nog onbekend: vul de gegevens van de betrokkene in.")
    return _persoon(session, clock, betrokkene, "betrokkene", settings).id


def _ovp_melder(session: Session, clock: Clock, gemeente: str, settings: Settings) -> int:
    """Return the person row that stands for the OVP as melder (created once per gemeente)."""
    organisatie = f"OVP {gemeente}"
    bestaand = session.exec(select(Persoon.id).where(Persoon.organisatie == organisatie,
                                                     Persoon.achternaam == "OVP")).first()
    if bestaand is not None:
        return bestaand
    return _persoon(session, clock, PersoonIn(organisatie=organisatie, achternaam="OVP"), "melder", settings).id


def _bij_commit(session: Session, triage: Triage, wijzigingen: dict[str, Any], veld: str, model: Any) -> Callable:
    """Register a before_commit hook that applies `wijzigingen` and links the new `model` row.

    The other service commits; the hook makes the triage change part of that same transaction."""

    def koppel(sess: Session) -> None:
        nieuw = sess.exec(select(model.id).where(model.triage_id == triage.id)).first()
        for naam, waarde in (wijzigingen | {veld: nieuw}).items():
            setattr(triage, naam, waarde)

    event.listen(session, "before_commit", koppel)
    return koppel


def _overdracht(session: Session, triage: Triage, wijzigingen: dict, veld: str, model: Any, start: Callable):  # noqa: ANN202
    """Run `start()` (which commits) with the triage changes in its transaction; returns its result."""
    koppel = _bij_commit(session, triage, wijzigingen, veld, model)
    try:
        return start()
    except StaleDataError:
        session.rollback()
        raise ConflictError(GEWIJZIGD) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        if event.contains(session, "before_commit", koppel):
            event.remove(session, "before_commit", koppel)


def _maak_melding(session, clock, actor, triage, data: MaakMeldingIn, settings) -> None:  # noqa: ANN001
    from wvggz.meldingen import service as meldingen
    from wvggz.meldingen.models import Melding
    from wvggz.meldingen.schemas import MelderIn, MeldingCreate

    persoon_id = _zorg_voor_persoon(session, clock, triage, data.betrokkene, settings)
    melder_id = _ovp_melder(session, clock, actor.gemeente, settings)
    create = MeldingCreate(kanaal="ovp", melder=MelderIn(persoon_id=melder_id, relatie="ovp"),
                           betrokkene=PersoonIn(persoon_id=persoon_id), zorgen=data.zorgen, acuut=data.acuut,
                           e33_nummer=triage.e33_nummer)
    _historie(session, clock, actor, triage, "maak_melding", "zorgmelding gedaan bij het Wvggz-meldpunt")
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[persoon_id], doel="maak_melding")
    _overdracht(session, triage, {"persoon_id": persoon_id, "melding_wvggz": True}, "melding_id", Melding,
                lambda: meldingen.registreer(session=session, clock=clock, actor=actor, data=create,
                                             settings=settings, triage_id=triage.id))


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


def _start_crisismaatregel(session, clock, actor, triage, data: StartCrisismaatregelIn, settings) -> None:  # noqa: ANN001
    from wvggz.crisismaatregelen import service as crisismaatregelen
    from wvggz.crisismaatregelen.models import Crisismaatregel
    from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate

    tvz_start = _tvz_start(triage, data, clock.now(), settings)
    persoon_id = _zorg_voor_persoon(session, clock, triage, data.betrokkene, settings)
    try:
        create = CrisismaatregelCreate(
            betrokkene=PersoonIn(persoon_id=persoon_id), aangevraagd_door="ovp",
            gemeente_verblijf=data.gemeente_verblijf or actor.gemeente,
            locatie=data.locatie or f"OVP {actor.gemeente}", tvz_start=tvz_start,
        )
    except ValidationError as exc:
        raise MissingField(str(exc.errors()[0]["loc"][0]), "Ongeldige waarde voor de crisismaatregel.") from None
    reden = "crisismaatregel aangevraagd" + (" met tijdelijke verplichte zorg (art. 7:3)" if tvz_start else "")
    _historie(session, clock, actor, triage, "start_crisismaatregel", reden)
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=ZAAK, zaak_id=triage.id,
                persoon_ids=[persoon_id], doel="start_crisismaatregel")
    _overdracht(session, triage, {"persoon_id": persoon_id}, "crisismaatregel_id", Crisismaatregel,
                lambda: crisismaatregelen.start(session=session, clock=clock, actor=actor, data=create,
                                                settings=settings, triage_id=triage.id))


_UITVOERDERS: dict[str, Callable] = {
    "koppel_persoon": _koppel_persoon,
    "wijzig_aankomst": _wijzig_aankomst,
    "maak_melding": _maak_melding,
    "start_crisismaatregel": _start_crisismaatregel,
}
