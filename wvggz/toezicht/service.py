"""Who looked at whose record, when and why (NEN 7513), as a list, as CSV, and per person for an AVG art. 15
request. Only the role fg, only its own gemeente; the officer's own look-ups are logged too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, select

from wvggz.audit.models import Historie, Toegang
from wvggz.audit.service import log_toegang
from wvggz.clock import TZ, Clock
from wvggz.crisismaatregelen.models import Beroep, Crisismaatregel
from wvggz.csvbestand import tabel
from wvggz.errors import MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis, vereis_gemeente
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.triage.models import Triage

HANDELINGEN = ("lees", "schrijf", "geweigerd")
KOPPEN = ("op", "gebruiker_id", "gebruikersnaam", "naam", "rol", "handeling", "zaak_type", "zaak_id", "persoon_id",
          "doel", "adres")
MAX_RIJEN = 5000


@dataclass(frozen=True)
class ToegangFilter:
    persoon_id: int | None = None
    gebruiker_id: int | None = None
    handeling: str | None = None
    zaak_type: str | None = None
    van: date | None = None
    tot: date | None = None  # inclusive

    def __post_init__(self) -> None:
        if self.handeling is not None and self.handeling not in HANDELINGEN:
            raise MissingField("handeling", f"Handeling moet een van {', '.join(HANDELINGEN)} zijn.")
        if self.van and self.tot and self.tot < self.van:
            raise MissingField("tot", "De einddatum ligt vóór de begindatum.")


def _begin(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=TZ)


def toegang(*, session: Session, clock: Clock, actor: Gebruiker, filter_: ToegangFilter,
            limiet: int = MAX_RIJEN) -> list[dict[str, Any]]:
    """Return the access rows of the actor's gemeente matching `filter_`, newest first (a person filter is
    itself logged)."""
    vereis(actor, "toegang.lees")
    rijen = _toegang_rijen(session, actor, filter_, limiet)
    if filter_.persoon_id is not None:
        log_toegang(session, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=filter_.persoon_id,
                    persoon_ids=[filter_.persoon_id], doel="toegangslog")
        session.commit()
    return rijen


def _toegang_rijen(session: Session, actor: Gebruiker, f: ToegangFilter, limiet: int) -> list[dict[str, Any]]:
    stmt = (select(Toegang, Gebruiker).join(Gebruiker, Gebruiker.id == Toegang.gebruiker_id, isouter=True)
            .where(func.lower(Toegang.gemeente) == actor.gemeente.lower()))
    for kolom, waarde in ((Toegang.persoon_id, f.persoon_id), (Toegang.gebruiker_id, f.gebruiker_id),
                          (Toegang.handeling, f.handeling), (Toegang.zaak_type, f.zaak_type)):
        if waarde is not None:
            stmt = stmt.where(kolom == waarde)
    if f.van:
        stmt = stmt.where(Toegang.op >= _begin(f.van))
    if f.tot:
        stmt = stmt.where(Toegang.op < _begin(f.tot + timedelta(days=1)))
    return [_rij(t, g) for t, g in session.exec(stmt.order_by(Toegang.op.desc(), Toegang.id.desc()).limit(limiet))]


def _rij(t: Toegang, g: Gebruiker | None) -> dict[str, Any]:
    return {"op": t.op, "gebruiker_id": t.gebruiker_id, "gebruikersnaam": g.gebruikersnaam if g else "systeem",
            "naam": g.naam if g else "systeem", "rol": g.rol if g else "", "handeling": t.handeling,
            "zaak_type": t.zaak_type, "zaak_id": t.zaak_id, "persoon_id": t.persoon_id, "doel": t.doel,
            "adres": t.adres}


CSV_KOPPEN = ("Moment", "Gebruiker (nummer)", "Gebruikersnaam", "Naam", "Rol", "Handeling", "Zaaksoort",
              "Zaak (nummer)", "Persoon (nummer)", "Doel", "Adres")


def als_csv(rijen: list[dict[str, Any]]) -> str:
    """Return the rows as one CSV table (wvggz/csvbestand.py: BOM, Dutch headers, local times, no formulas)."""
    return tabel(CSV_KOPPEN, ([r[k] for k in KOPPEN] for r in rijen))


def _zaken(session: Session, persoon_id: int) -> dict[str, list[SQLModel]]:
    return {
        "meldingen": list(session.exec(select(Melding).where(
            or_(Melding.betrokkene_id == persoon_id, Melding.melder_id == persoon_id)).order_by(Melding.id))),
        "triages": list(session.exec(select(Triage).where(Triage.persoon_id == persoon_id).order_by(Triage.id))),
        "crisismaatregelen": list(session.exec(select(Crisismaatregel).where(
            Crisismaatregel.betrokkene_id == persoon_id).order_by(Crisismaatregel.id))),
        "beroepen": list(session.exec(select(Beroep).where(Beroep.betrokkene_id == persoon_id).order_by(Beroep.id))),
    }


# what a melder gets of a melding about someone else: only the facts about their own report
MELDER_VELDEN = {"id", "gemeente", "ontvangen_op", "kanaal", "melder_relatie", "melder_is_naaste", "melder_geinformeerd"}


def _gegevens(zaak: SQLModel, persoon_id: int) -> dict[str, Any]:
    """The record as the person may see it: never another person's health data or an anonymous melder."""
    if isinstance(zaak, Melding):
        if zaak.betrokkene_id != persoon_id:
            return {**zaak.model_dump(include=MELDER_VELDEN), "rol": "melder"}
        weg = {"melder_id"} | ({"melder_relatie", "melder_is_naaste"} if zaak.anoniem_tov_betrokkene else set())
        return {**zaak.model_dump(exclude=weg), "rol": "betrokkene"}
    return {**zaak.model_dump(), "rol": "betrokkene"}


def inzage(*, session: Session, clock: Clock, actor: Gebruiker, persoon_id: int) -> dict[str, Any]:
    """Answer an AVG art. 15 request: the person's data, the cases about them in the actor's gemeente with
    their history, and every access to their record. NotFound when the gemeente has nothing on them."""
    vereis(actor, "persoon.inzage")
    persoon = session.get(Persoon, persoon_id)
    gemeente = actor.gemeente.lower()
    zaken = {soort: [z for z in lijst if z.gemeente.lower() == gemeente]
             for soort, lijst in _zaken(session, persoon_id).items()} if persoon else {}
    toegangen = _toegang_rijen(session, actor, ToegangFilter(persoon_id=persoon_id), MAX_RIJEN)
    if persoon is None or not (any(zaken.values()) or toegangen):
        raise NotFound("Onbekende persoon.")
    vereis_gemeente(actor, persoon.gemeente, "Onbekende persoon.")  # another gemeente's person: the same 404
    zaaktype = {"meldingen": "melding", "triages": "triage", "crisismaatregelen": "crisismaatregel",
                "beroepen": "beroep"}
    uit_zaken: dict[str, list[dict[str, Any]]] = {}
    for soort, lijst in zaken.items():
        uit_zaken[soort] = []
        for zaak in lijst:
            historie = session.exec(select(Historie).where(Historie.zaak_type == zaaktype[soort],
                                                           Historie.zaak_id == zaak.id).order_by(Historie.id))
            uit_zaken[soort].append({**_gegevens(zaak, persoon_id), "historie": [
                h.model_dump(include={"op", "door", "actie", "van_status", "naar_status", "reden"}) for h in historie]})
    log_toegang(session, clock, actor, handeling="lees", zaak_type="persoon", zaak_id=persoon_id,
                persoon_ids=[persoon_id], doel="avg_inzage")
    session.commit()
    return {
        "opgesteld_op": clock.now(), "gemeente": actor.gemeente, "grondslag": "AVG art. 15 (recht op inzage)",
        "persoon": persoon.model_dump(exclude={"zoeknaam", "zoekvoornaam"}),
        "zaken": uit_zaken,
        "toegang": [{k: r[k] for k in ("op", "naam", "rol", "handeling", "zaak_type", "zaak_id", "doel")}
                    for r in toegangen],
    }
