"""The relay job: apply staff preferences, then run one relay pass with the configured channels.

The domain rules the generic relay cannot know come in as hooks: the gate (an outcome goes only to a
melder who is a naaste, checked against the case itself) and the case history of every final outcome.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from notifications.outbox import WACHTEND, Bericht, plaats
from notifications.relay import RelayInstellingen, naaste_in_snapshot
from notifications.relay import relay as relay_pass
from notifications.senders import InboxSender, LogSender, Sender, SmtpInstellingen, SmtpSender
from notifications.soorten import voorkeur_sleutel
from wvggz.audit.service import schrijf_historie
from wvggz.berichten.models import Kanaalkeuze, Voorkeur, Werkmail
from wvggz.clock import Clock, SystemClock
from wvggz.config import Settings
from wvggz.db import SessionFactory, make_engine, session_factory, transaction
from wvggz.meldingen.models import Melding

log = logging.getLogger("wvggz.berichten")


def instellingen(settings: Settings) -> RelayInstellingen:
    """Return the relay settings from the configuration."""
    return RelayInstellingen(basis_url=settings.basis_url, max_pogingen=settings.relay_max_pogingen,
                             backoff_seconden=settings.relay_backoff_seconden,
                             backoff_max_seconden=settings.relay_backoff_max_seconden,
                             claim_seconden=settings.relay_claim_seconden, batch=settings.relay_batch,
                             pas_seconden=min(settings.relay_pas_seconden, settings.relay_claim_seconden * 0.8))


def senders(settings: Settings) -> dict[str, Sender]:
    """Return one sender per channel: SMTP from the configuration, the inbox, the log."""
    smtp = SmtpInstellingen(host=settings.smtp_host, port=settings.smtp_port, afzender=settings.mail_afzender,
                            starttls=settings.smtp_tls, ssl=settings.smtp_ssl, gebruiker=settings.smtp_user,
                            wachtwoord=settings.smtp_password, timeout=settings.smtp_timeout,
                            deadline=settings.smtp_deadline_seconden)
    return {"email": SmtpSender(smtp), "inbox": InboxSender(), "log": LogSender()}


def relay(*, session_factory: SessionFactory, clock: Clock, settings: Settings) -> dict[str, Any]:
    """Route staff messages by preference, deliver everything due; returns the counts of the pass."""
    try:
        with transaction(session_factory) as session:
            gerouteerd = pas_voorkeuren_toe(session, clock)
    except SQLAlchemyError:  # e.g. two relays routing the same message: retried next pass, delivery goes on
        log.exception("voorkeuren toepassen mislukt; volgende ronde opnieuw")
        gerouteerd = 0
    resultaat = relay_pass(session_factory, clock, senders(settings), instellingen(settings),
                           poort=naaste_poort, bij_uitkomst=historie_schrijver(clock),
                           routeer=lambda s, rijen: routeer(s, clock, rijen))
    return {"gerouteerd": gerouteerd} | resultaat.als_dict()


def relay_nu(settings: Settings) -> dict[str, Any]:
    """Run one relay pass now against the configured database (for `wvggz relay`)."""
    return relay(session_factory=session_factory(make_engine(settings.database_url)), clock=SystemClock(),
                 settings=settings)


def pas_voorkeuren_toe(session: Session, clock: Clock) -> int:
    """Give due, untried inbox messages the channel their recipient chose; returns how many changed.

    e-mail: the message goes to the work address instead; both: an e-mail copy is added (its own dedup
    key). Without a work address the inbox stays, so nothing is lost."""
    stmt = select(Bericht).where(Bericht.status == WACHTEND, Bericht.volgende_poging_op <= clock.now(),
                                 Bericht.kanaal == "inbox", Bericht.ontvanger_gebruiker_id.is_not(None),
                                 Bericht.pogingen == 0, Bericht.geclaimd_door.is_(None))
    return routeer(session, clock, list(session.exec(stmt)))


def routeer(session: Session, clock: Clock, berichten: list[Bericht]) -> int:
    """Apply the preferences to these messages (untried staff inbox messages only); returns how many changed.

    The relay also calls this on every claimed batch: messages the sweep queued while a pass ran (stamped
    with the sweep's start) are routed before delivery, not only those present when the pass began."""
    gewijzigd = 0
    keuzes: dict[tuple[int, str], tuple[str, str | None]] = {}
    for b in berichten:
        if b.kanaal != "inbox" or b.ontvanger_gebruiker_id is None or b.pogingen != 0:
            continue
        sleutel = (b.ontvanger_gebruiker_id, voorkeur_sleutel(b.soort))
        if sleutel not in keuzes:
            keuzes[sleutel] = _keuze(session, *sleutel)
        kanaal, adres = keuzes[sleutel]
        if kanaal == Kanaalkeuze.INBOX or adres is None:
            continue
        if kanaal == Kanaalkeuze.EMAIL:
            b.kanaal, b.ontvanger_adres = "email", adres
        elif plaats(session, soort=b.soort, kanaal="email", ontvanger_rol=b.ontvanger_rol, gegevens=b.gegevens,
                    dedup_sleutel=f"{b.dedup_sleutel}:email"[:200], now=clock.now(), zaak_type=b.zaak_type,
                    zaak_id=b.zaak_id, adres=adres, gebruiker_id=b.ontvanger_gebruiker_id) is None:
            continue
        gewijzigd += 1
    return gewijzigd


def _keuze(session: Session, gebruiker_id: int, soort: str) -> tuple[str, str | None]:
    voorkeur = session.exec(select(Voorkeur.kanaal).where(Voorkeur.gebruiker_id == gebruiker_id,
                                                          Voorkeur.soort == soort)).first()
    werkmail = session.get(Werkmail, gebruiker_id)
    return voorkeur or Kanaalkeuze.INBOX.value, werkmail.adres if werkmail else None


def naaste_poort(session: Session, bericht: Bericht) -> str | None:
    """Gate of outcome kinds: only to the melder of a melding who is a naaste (Wvggz art. 5:2 lid 5)."""
    if bericht.zaak_type != "melding" or bericht.zaak_id is None:
        return naaste_in_snapshot(session, bericht)
    melding = session.get(Melding, bericht.zaak_id)
    if melding is None or not melding.melder_is_naaste or bericht.ontvanger_rol != "melder":
        return "Alleen een melder die naaste is, hoort de uitkomst (Wvggz art. 5:2); niet verzonden."
    return None


def historie_schrijver(clock: Clock):  # noqa: ANN201
    """Return the hook that writes a sent or failed message into its case history."""

    def schrijf(session: Session, bericht: Bericht) -> None:
        if not bericht.zaak_type or bericht.zaak_id is None:
            return
        schrijf_historie(session, clock, None, zaak_type=bericht.zaak_type, zaak_id=bericht.zaak_id,
                         actie=f"bericht_{bericht.status}", van=None, naar=None,
                         reden=f"{bericht.soort} aan {bericht.ontvanger_rol} ({bericht.kanaal})")

    return schrijf
