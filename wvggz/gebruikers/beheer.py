"""Account management: deactivate, revoke tokens, release a lockout. Each change writes a history row
(zaak_type 'gebruiker') and ends the user's sessions where access is withdrawn. Callers commit."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.errors import NotFound
from wvggz.gebruikers import sessies
from wvggz.gebruikers.models import ApiToken, Gebruiker


def zoek(session: Session, gebruikersnaam: str) -> Gebruiker:
    gebruiker = session.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == gebruikersnaam)).first()
    if gebruiker is None:
        raise NotFound(f"Gebruiker '{gebruikersnaam}' bestaat niet.")
    return gebruiker


def _historie(session: Session, clock: Clock, actor: Gebruiker | None, gebruiker: Gebruiker, actie: str,
              reden: str | None = None) -> None:
    schrijf_historie(session, clock, actor, zaak_type="gebruiker", zaak_id=gebruiker.id, actie=actie,
                     van=None, naar=None, reden=reden)


def trek_tokens_in(session: Session, clock: Clock, actor: Gebruiker | None, gebruiker: Gebruiker) -> int:
    """Revoke every live token of the user and end their page sessions; return the number revoked."""
    nu = clock.now()
    aantal = 0
    for token in session.exec(select(ApiToken).where(ApiToken.gebruiker_id == gebruiker.id,
                                                     ApiToken.ingetrokken_op.is_(None))):
        token.ingetrokken_op = nu
        aantal += 1
    sessies.beeindig_van_gebruiker(session, gebruiker.id)
    _historie(session, clock, actor, gebruiker, "toegang_ingetrokken", f"{aantal} token(s) ingetrokken")
    return aantal


def trek_token_in(session: Session, clock: Clock, actor: Gebruiker | None, token_id: int) -> ApiToken:
    """Revoke one token (idempotent)."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"Token {token_id} bestaat niet.")
    if token.ingetrokken_op is None:
        token.ingetrokken_op = clock.now()
        _historie(session, clock, actor, session.get(Gebruiker, token.gebruiker_id), "token_ingetrokken",
                  f"token {token_id}")
    return token


def deactiveer(session: Session, clock: Clock, actor: Gebruiker | None, gebruiker: Gebruiker) -> None:
    """The user can no longer log in or use the API: inactive, tokens revoked, sessions ended."""
    gebruiker.actief = False
    trek_tokens_in(session, clock, actor, gebruiker)
    _historie(session, clock, actor, gebruiker, "gedeactiveerd")


def activeer(session: Session, clock: Clock, actor: Gebruiker | None, gebruiker: Gebruiker) -> None:
    gebruiker.actief = True
    _historie(session, clock, actor, gebruiker, "geactiveerd")


def deblokkeer(session: Session, clock: Clock, actor: Gebruiker | None, gebruiker: Gebruiker) -> None:
    """Release a login lockout before its time (beheer)."""
    gebruiker.mislukte_pogingen = 0
    gebruiker.geblokkeerd_tot = None
    _historie(session, clock, actor, gebruiker, "blokkade_opgeheven")


def overzicht(session: Session, clock: Clock, gemeente: str | None = None) -> list[dict[str, Any]]:
    """Users with their tokens (no hashes), for the beheer page and `wvggz token lijst`."""
    stmt = select(Gebruiker).order_by(Gebruiker.gebruikersnaam)
    if gemeente is not None:
        stmt = stmt.where(Gebruiker.gemeente == gemeente)
    nu = clock.now()
    uit = []
    for g in session.exec(stmt):
        tokens = session.exec(select(ApiToken).where(ApiToken.gebruiker_id == g.id).order_by(ApiToken.id)).all()
        uit.append({
            "id": g.id, "gebruikersnaam": g.gebruikersnaam, "naam": g.naam, "rol": g.rol, "gemeente": g.gemeente,
            "actief": g.actief, "geblokkeerd": bool(g.geblokkeerd_tot and g.geblokkeerd_tot > nu),
            "tweede_factor": g.totp_geheim is not None,
            "tokens": [{"id": t.id, "aangemaakt_op": t.aangemaakt_op, "verloopt_op": t.verloopt_op,
                        "laatst_gebruikt": t.laatst_gebruikt, "ingetrokken_op": t.ingetrokken_op,
                        "geldig": t.ingetrokken_op is None and t.verloopt_op > nu} for t in tokens],
        })
    return uit
