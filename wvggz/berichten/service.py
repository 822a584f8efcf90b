"""Use cases around messages: the staff inbox, channel preferences, and the beheer retry of failures."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, func, select

from notifications.outbox import MISLUKT, VERZONDEN, Bericht, pogingen_van
from notifications.soorten import medewerker_voorkeuren
from wvggz.audit.service import schrijf_historie
from wvggz.berichten.models import Kanaalkeuze, Voorkeur, Werkmail
from wvggz.berichten.scope import van_gemeente
from wvggz.clock import Clock
from wvggz.errors import ConflictError, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import vereis


def _inbox_van(gebruiker_id: int):  # noqa: ANN202
    return select(Bericht).where(Bericht.ontvanger_gebruiker_id == gebruiker_id, Bericht.kanaal == "inbox",
                                 Bericht.status == VERZONDEN)


def ongelezen(session: Session, gebruiker_id: int) -> int:
    """Return the number of unread inbox messages of a staff member (index ix_bericht_inbox)."""
    stmt = select(func.count()).select_from(Bericht).where(
        Bericht.ontvanger_gebruiker_id == gebruiker_id, Bericht.gelezen_op.is_(None),
        Bericht.kanaal == "inbox", Bericht.status == VERZONDEN)
    return session.exec(stmt).one()


def inbox(*, session: Session, actor: Gebruiker, alleen_ongelezen: bool = False, pagina: int = 1,
          per_pagina: int = 50) -> dict[str, Any]:
    """Return the user's inbox, newest first: total, unread count and one page of messages."""
    vereis(actor, "bericht.inbox")
    stmt = _inbox_van(actor.id)
    if alleen_ongelezen:
        stmt = stmt.where(Bericht.gelezen_op.is_(None))
    totaal = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rijen = session.exec(stmt.order_by(Bericht.verzonden_op.desc(), Bericht.id.desc())
                         .offset((max(pagina, 1) - 1) * per_pagina).limit(per_pagina)).all()
    return {"totaal": totaal, "ongelezen": ongelezen(session, actor.id), "items": [inbox_dict(b) for b in rijen]}


def voorkeur_sleutels() -> list[str]:
    """Return the kinds (or groups) staff choose a channel for."""
    return medewerker_voorkeuren()


def inbox_dict(b: Bericht) -> dict[str, Any]:
    """Return the public shape of one inbox message."""
    pad = b.gegevens.get("pad")
    return {"id": b.id, "soort": b.soort, "onderwerp": b.onderwerp, "inhoud": b.inhoud, "zaak_type": b.zaak_type,
            "zaak_id": b.zaak_id, "pad": pad if _lokaal_pad(pad) else None, "kort": kort(b.gegevens or {}),
            "ontvangen_op": b.verzonden_op, "gelezen_op": b.gelezen_op}


def kort(gegevens: dict[str, Any]) -> str | None:
    """Return the one-line summary of a message for the inbox row: case reference, what it is about and
    the end of the term (the snapshot holds no names); None when the snapshot has none of these."""
    delen = [gegevens.get("referentie"), gegevens.get("omschrijving") or gegevens.get("termijn_omschrijving")]
    tekst = " · ".join(str(d) for d in delen if d)
    if gegevens.get("einddatum"):
        tekst += f" (termijn eindigt {gegevens['einddatum']})"
    return tekst or None


def _lokaal_pad(pad: object) -> bool:
    return isinstance(pad, str) and pad.startswith("/") and not pad.startswith("//")


def markeer_gelezen(*, session: Session, clock: Clock, actor: Gebruiker, bericht_id: int) -> Bericht:
    """Mark one of the user's inbox messages read (idempotent) and commit; returns it."""
    vereis(actor, "bericht.inbox")
    bericht = session.exec(_inbox_van(actor.id).where(Bericht.id == bericht_id)).first()
    if bericht is None:
        raise NotFound(f"Bericht {bericht_id} staat niet in uw inbox.")
    if bericht.gelezen_op is None:
        bericht.gelezen_op = clock.now()
        session.commit()
    return bericht


def markeer_alles_gelezen(*, session: Session, clock: Clock, actor: Gebruiker) -> int:
    """Mark every unread inbox message of the user read and commit; returns how many."""
    vereis(actor, "bericht.inbox")
    rijen = session.exec(_inbox_van(actor.id).where(Bericht.gelezen_op.is_(None))).all()
    for b in rijen:
        b.gelezen_op = clock.now()
    session.commit()
    return len(rijen)


def voorkeuren(*, session: Session, actor: Gebruiker) -> dict[str, Any]:
    """Return the user's work address and chosen channel for every staff kind (inbox when not chosen)."""
    vereis(actor, "bericht.inbox")
    gekozen = {v.soort: v.kanaal for v in session.exec(select(Voorkeur).where(Voorkeur.gebruiker_id == actor.id))}
    werkmail = session.get(Werkmail, actor.id)
    return {"werkmail": werkmail.adres if werkmail else None,
            "soorten": [{"soort": s, "kanaal": gekozen.get(s, Kanaalkeuze.INBOX.value)} for s in medewerker_voorkeuren()]}


def zet_voorkeur(*, session: Session, clock: Clock, actor: Gebruiker, soort: str, kanaal: str) -> dict[str, Any]:
    """Choose inbox, e-mail or both for one kind and commit; e-mail needs a work address first."""
    vereis(actor, "bericht.inbox")
    _controleer_keuze(soort, kanaal, session.get(Werkmail, actor.id) is not None)
    _bewaar_voorkeur(session, clock, actor, soort, kanaal)
    session.commit()
    return voorkeuren(session=session, actor=actor)


def zet_werkmail(*, session: Session, clock: Clock, actor: Gebruiker, adres: str) -> dict[str, Any]:
    """Set the user's work e-mail address (validated) and commit; returns the preferences."""
    vereis(actor, "bericht.inbox")
    _bewaar_werkmail(session, clock, actor, _geldig_adres(adres, "adres"))
    session.commit()
    return voorkeuren(session=session, actor=actor)


def _geldig_adres(adres: str, veld: str) -> str:
    try:
        return validate_email(adres.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise MissingField(veld, f"Ongeldig e-mailadres: {exc}") from None


def _controleer_keuze(soort: str, kanaal: str, heeft_adres: bool, veld: str = "kanaal") -> None:
    if soort not in medewerker_voorkeuren():
        raise MissingField("soort", f"Onbekende soort '{soort}'; kies uit {', '.join(medewerker_voorkeuren())}.")
    if kanaal not in {k.value for k in Kanaalkeuze}:
        raise MissingField(veld, "Kies inbox, email of beide.")
    if kanaal != Kanaalkeuze.INBOX and not heeft_adres:
        raise MissingField(veld, "Stel eerst uw werkmailadres in; zonder adres kan er geen e-mail komen.")


def _bewaar_voorkeur(session: Session, clock: Clock, actor: Gebruiker, soort: str, kanaal: str) -> None:
    rij = session.exec(select(Voorkeur).where(Voorkeur.gebruiker_id == actor.id, Voorkeur.soort == soort)).first()
    if rij is None:
        rij = Voorkeur(gebruiker_id=actor.id, soort=soort, kanaal=kanaal, gewijzigd_op=clock.now())
        session.add(rij)
    rij.kanaal, rij.gewijzigd_op = kanaal, clock.now()


def _bewaar_werkmail(session: Session, clock: Clock, actor: Gebruiker, adres: str) -> None:
    rij = session.get(Werkmail, actor.id)
    if rij is None:
        rij = Werkmail(gebruiker_id=actor.id, adres=adres, gewijzigd_op=clock.now())
        session.add(rij)
    rij.adres, rij.gewijzigd_op = adres, clock.now()


def zet_voorkeuren(*, session: Session, clock: Clock, actor: Gebruiker, werkmail: str | None,
                   keuzes: dict[str, str]) -> dict[str, Any]:
    """Save the work address and the channel of several kinds in one transaction (the inbox page form).

    Everything is checked first: on a bad value nothing changes and MissingField names the field."""
    vereis(actor, "bericht.inbox")
    adres = _geldig_adres(werkmail, "werkmail") if werkmail and werkmail.strip() else None
    heeft_adres = adres is not None or session.get(Werkmail, actor.id) is not None
    for soort, kanaal in keuzes.items():
        _controleer_keuze(soort, kanaal, heeft_adres, f"kanaal_{soort}")
    if adres:
        _bewaar_werkmail(session, clock, actor, adres)
    for soort, kanaal in keuzes.items():
        _bewaar_voorkeur(session, clock, actor, soort, kanaal)
    session.commit()
    return voorkeuren(session=session, actor=actor)


def mislukte(*, session: Session, actor: Gebruiker, pagina: int = 1, per_pagina: int = 50) -> dict[str, Any]:
    """Return the failed messages of the actor's gemeente, newest failure first, with their attempts (beheer)."""
    vereis(actor, "bericht.beheer")
    stmt = select(Bericht).where(Bericht.status == MISLUKT, van_gemeente(actor.gemeente))
    totaal = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rijen = session.exec(stmt.order_by(Bericht.mislukt_op.desc(), Bericht.id.desc())
                         .offset((max(pagina, 1) - 1) * per_pagina).limit(per_pagina)).all()
    return {"totaal": totaal, "items": [beheer_dict(session, b) for b in rijen]}


def beheer_dict(session: Session, b: Bericht) -> dict[str, Any]:
    """Return a message for beheer: route, status, attempts; the address masked, never the content."""
    return {
        "id": b.id, "soort": b.soort, "kanaal": b.kanaal, "ontvanger_rol": b.ontvanger_rol,
        "adres": maskeer(b.ontvanger_adres), "zaak_type": b.zaak_type, "zaak_id": b.zaak_id, "status": b.status,
        "pogingen": b.pogingen, "laatste_fout": b.laatste_fout, "aangemaakt_op": b.aangemaakt_op,
        "mislukt_op": b.mislukt_op, "verzonden_op": b.verzonden_op,
        "historie": [p.model_dump(include={"nummer", "op", "kanaal", "resultaat", "fout"})
                     for p in pogingen_van(session, b.id)],
    }


def maskeer(adres: str | None) -> str | None:
    """Return 'm•••@example.org' for 'marja@example.org': enough to recognise, not to read."""
    if not adres or "@" not in adres:
        return "•••" if adres else None
    lokaal, domein = adres.rsplit("@", 1)
    return f"{lokaal[:1]}•••@{domein}"


def opnieuw(*, session: Session, clock: Clock, actor: Gebruiker, bericht_id: int) -> dict[str, Any]:
    """Put a failed message back in the queue for a new round of attempts and commit (beheer only)."""
    vereis(actor, "bericht.beheer")
    bericht = session.exec(select(Bericht).where(Bericht.id == bericht_id, van_gemeente(actor.gemeente))).first()
    if bericht is None:  # another gemeente's message answers like a missing one
        raise NotFound(f"Bericht {bericht_id} bestaat niet.")
    if bericht.status != MISLUKT:
        raise ConflictError(f"Bericht {bericht_id} is niet mislukt (status {bericht.status}); opnieuw kan niet.")
    bericht.status, bericht.pogingen, bericht.volgende_poging_op = "wachtend", 0, clock.now()
    bericht.mislukt_op = bericht.geclaimd_door = None
    if bericht.zaak_type and bericht.zaak_id is not None:
        schrijf_historie(session, clock, actor, zaak_type=bericht.zaak_type, zaak_id=bericht.zaak_id,
                         actie="bericht_opnieuw_aangeboden", van=None, naar=None,
                         reden=f"{bericht.soort} aan {bericht.ontvanger_rol} ({bericht.kanaal})")
    session.commit()
    return beheer_dict(session, bericht)
