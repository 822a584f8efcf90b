"""Find and anonymise records whose retention term passed.

A melding keeps its status, dates, gemeente, decision and reason code (the figures keep their counts); its
free text goes, and so do the names, birth dates and addresses of its betrokkene and melder when no other
record still needs them, and the melder's e-mail address on its messages. Each melding gets a history
line saying what went; the log tables themselves are never touched, so their hash chain stays whole.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, select

from notifications.outbox import Bericht
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.bewaartermijn.regels import regels
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.db import SessionFactory, transaction
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.triage.models import Triage

WEG = "[geanonimiseerd]"
MELDING_TEKST = ("wijkteam_contact", "wijkteam_advies", "medische_expertise", "reden_geen_gesprek", "reden",
                 "e33_nummer", "reden_niet_geinformeerd")
PERSOON_VELDEN = ("voornaam", "geboortedatum", "straat", "huisnummer", "postcode", "telefoon", "email",
                  "organisatie", "bsn")


def plus_jaren(moment: datetime, jaren: int) -> datetime:
    """Return `moment` shifted by whole years (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + jaren)
    except ValueError:
        return moment.replace(year=moment.year + jaren, day=28)


def _soort(melding: Melding) -> str:
    return "melding_met_aanvraag" if melding.besluit == "aanvraag" else "melding_zonder_aanvraag"


def verlopen(session: Session, settings: Settings, now: datetime, *, limiet: int = 500) -> list[dict[str, Any]]:
    """Return the meldingen whose term passed at `now` (not yet anonymised), oldest closure first."""
    termijnen = regels(settings)
    uit: list[dict[str, Any]] = []
    jaren = [r.jaren for r in termijnen.values() if r.jaren]
    if not jaren:
        return uit
    grens = plus_jaren(now, -min(jaren))  # the shortest term bounds the query; each row checked below
    stmt = (select(Melding).where(Melding.open.is_(False), Melding.afgesloten_op.is_not(None),
                                  Melding.afgesloten_op <= grens, Melding.geanonimiseerd_op.is_(None))
            .order_by(Melding.afgesloten_op, Melding.id).limit(limiet))
    for melding in session.exec(stmt):
        regel = termijnen[_soort(melding)]
        if regel.jaren is None:
            continue
        vervalt = plus_jaren(melding.afgesloten_op, regel.jaren)
        if vervalt <= now:
            uit.append({"zaak_type": "melding", "zaak_id": melding.id, "referentie": melding.referentie,
                        "gemeente": melding.gemeente, "regel": regel.soort, "jaren": regel.jaren,
                        "afgesloten_op": melding.afgesloten_op, "vervallen_op": vervalt,
                        "personen": _vrij_te_geven(session, melding)})
    return uit


def _nog_nodig(session: Session, persoon_id: int, behalve_melding: int) -> bool:
    """Whether another record that has not passed its term still refers to the person."""
    melding = session.exec(select(Melding.id).where(
        Melding.id != behalve_melding, Melding.geanonimiseerd_op.is_(None),
        or_(Melding.betrokkene_id == persoon_id, Melding.melder_id == persoon_id))).first()
    if melding is not None:
        return True
    for stmt in (select(Triage.id).where(Triage.persoon_id == persoon_id),
                 select(Crisismaatregel.id).where(Crisismaatregel.betrokkene_id == persoon_id),
                 select(Beroep.id).where(Beroep.betrokkene_id == persoon_id)):
        if session.exec(stmt).first() is not None:
            return True
    return False


def _vrij_te_geven(session: Session, melding: Melding) -> list[int]:
    ids = dict.fromkeys([melding.betrokkene_id, melding.melder_id])
    return [p for p in ids if p is not None and not _nog_nodig(session, p, melding.id)
            and (persoon := session.get(Persoon, p)) is not None and persoon.geanonimiseerd_op is None]


def anonimiseer_melding(session: Session, clock: Clock, settings: Settings, melding_id: int) -> dict[str, Any] | None:
    """Anonymise one melding (and its persons no longer needed) if its term passed; return what went."""
    now = clock.now()
    melding = session.get(Melding, melding_id)
    if melding is None or melding.geanonimiseerd_op is not None or melding.open or melding.afgesloten_op is None:
        return None
    regel = regels(settings)[_soort(melding)]
    if regel.jaren is None or plus_jaren(melding.afgesloten_op, regel.jaren) > now:
        return None
    personen = _vrij_te_geven(session, melding)
    melding.zorgen = WEG
    for veld in MELDING_TEKST:
        setattr(melding, veld, None)
    melding.geanonimiseerd_op = now
    for persoon_id in personen:
        persoon = session.get(Persoon, persoon_id)
        for veld in PERSOON_VELDEN:
            setattr(persoon, veld, None)
        persoon.achternaam = WEG
        persoon.geanonimiseerd_op = now
    berichten = list(session.exec(select(Bericht).where(Bericht.zaak_type == "melding", Bericht.zaak_id == melding.id,
                                                        Bericht.ontvanger_adres.is_not(None))))
    for bericht in berichten:
        bericht.ontvanger_adres = None
    wat = ["vrije tekst"] + [f"persoon {p}" for p in personen] + ([f"{len(berichten)} e-mailadres(sen)"]
                                                                  if berichten else [])
    schrijf_historie(session, clock, None, zaak_type="melding", zaak_id=melding.id, actie="bewaartermijn_verstreken",
                     van=melding.status, naar=melding.status,
                     reden=f"Geanonimiseerd ({regel.soort}, {regel.jaren} jaar na afsluiting): {', '.join(wat)}.")
    log_toegang(session, clock, None, handeling="schrijf", zaak_type="melding", zaak_id=melding.id,
                persoon_ids=list(personen), doel="bewaartermijn")
    return {"zaak_type": "melding", "zaak_id": melding.id, "regel": regel.soort, "weg": wat}


def voer_uit(*, session_factory: SessionFactory, clock: Clock, settings: Settings, proef: bool = False,
             ) -> list[dict[str, Any]]:
    """List (proef) or anonymise what passed its term; one transaction per record."""
    with session_factory() as session:
        kandidaten = verlopen(session, settings, clock.now(), limiet=10_000 if proef else 500)
    if proef:
        return kandidaten
    gedaan = []
    for kandidaat in kandidaten:
        with transaction(session_factory) as session:
            if (uitslag := anonimiseer_melding(session, clock, settings, kandidaat["zaak_id"])) is not None:
                gedaan.append(uitslag)
    return gedaan


def voer_uit_nu(settings: Settings, *, proef: bool) -> list[dict[str, Any]]:
    """Run once against the configured database (for `wvggz bewaartermijn`)."""
    from wvggz.clock import SystemClock
    from wvggz.db import make_engine, session_factory

    return voer_uit(session_factory=session_factory(make_engine(settings.database_url)), clock=SystemClock(),
                    settings=settings, proef=proef)
