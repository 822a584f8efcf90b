"""The relay: claim due messages, render, deliver through the channel's sender, record every attempt.

Exactly once towards a channel, as far as a non-transactional channel allows: a message is claimed
in a short transaction (a lease: `volgende_poging_op` moves to the end of the claim, FOR UPDATE SKIP
LOCKED on PostgreSQL), sent outside any transaction, and marked sent in its own transaction right
after the send. A crash between send and that commit leaves the claim to expire and the message is
sent once more, with the same Message-ID (docs/adr/0002-outbox.md).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from sqlmodel import Session, select

from notifications.outbox import MISLUKT, VERZONDEN, WACHTEND, Bericht, Poging
from notifications.render import Inhoud, Renderer, RenderFout
from notifications.senders import Aflevering, PermanenteFout, Sender, TijdelijkeFout, VerbindingsFout
from notifications.soorten import OnbekendeSoort, soort

log = logging.getLogger("notifications.relay")

Poort = Callable[[Session, Bericht], str | None]  # returns why the message may not go, or None
BijUitkomst = Callable[[Session, Bericht], None]  # runs in the transaction that makes a message final


class Klok(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class RelayInstellingen:
    basis_url: str = "http://127.0.0.1:8000"
    max_pogingen: int = 8
    backoff_seconden: float = 60.0
    backoff_max_seconden: float = 6 * 3600.0
    claim_seconden: float = 300.0
    batch: int = 100

    def __post_init__(self) -> None:
        if self.max_pogingen < 1 or self.batch < 1:
            raise ValueError("max_pogingen en batch moeten minstens 1 zijn")
        if self.backoff_seconden <= 0 or self.claim_seconden <= 0:
            raise ValueError("backoff_seconden en claim_seconden moeten groter dan 0 zijn")


@dataclass
class Resultaat:
    verzonden: int = 0
    opnieuw: int = 0  # temporary failure: another attempt after the backoff
    mislukt: int = 0
    vrijgegeven: int = 0  # claimed but not tried because the channel was down
    kanalen_plat: list[str] = field(default_factory=list)

    def als_dict(self) -> dict:
        return asdict(self)


def wachttijd(pogingen: int, inst: RelayInstellingen) -> timedelta:
    """Return the wait after the `pogingen`-th failed attempt: base * 2^(n-1), capped."""
    return timedelta(seconds=min(inst.backoff_seconden * 2 ** max(pogingen - 1, 0), inst.backoff_max_seconden))


def naaste_in_snapshot(_session: Session, bericht: Bericht) -> str | None:
    """Default gate: a kind meant only for naasten needs `melder_is_naaste: true` in its snapshot."""
    if bericht.gegevens.get("melder_is_naaste") is True:
        return None
    return "Alleen een naaste-melder mag de uitkomst ontvangen (Wvggz art. 5:2); niet verzonden."


def relay(
    factory: Callable[[], Session], klok: Klok, senders: Mapping[str, Sender], inst: RelayInstellingen, *,
    poort: Poort = naaste_in_snapshot, bij_uitkomst: BijUitkomst | None = None,
) -> Resultaat:
    """Deliver every message due at the start of the pass; returns the counts."""
    pas = _Pas(factory, klok, senders, inst, poort, bij_uitkomst)
    try:
        pas.draai()
    finally:
        for sender in senders.values():
            sender.sluit()
    return pas.resultaat


class _Pas:
    """One relay pass: a claim token, the renderer and the channels found down."""

    def __init__(self, factory, klok, senders, inst, poort, bij_uitkomst) -> None:  # noqa: ANN001
        self.factory, self.klok, self.senders, self.inst = factory, klok, senders, inst
        self.poort, self.bij_uitkomst = poort, bij_uitkomst
        self.token = uuid.uuid4().hex
        self.start = klok.now()
        self.renderer = Renderer(inst.basis_url)
        self.plat: set[str] = set()
        self.resultaat = Resultaat()

    def draai(self) -> None:
        while batch := self._claim():
            for bericht in batch:
                if bericht.kanaal in self.plat:
                    self._geef_vrij(bericht)
                else:
                    self._verwerk(bericht)
        self.resultaat.kanalen_plat = sorted(self.plat)

    def _claim(self) -> list[Bericht]:
        """Claim the next due messages in one short transaction; gate refusals are failed at once."""
        with self.factory() as s:
            stmt = (select(Bericht).where(Bericht.status == WACHTEND, Bericht.volgende_poging_op <= self.start)
                    .order_by(Bericht.volgende_poging_op, Bericht.id).limit(self.inst.batch)
                    .with_for_update(skip_locked=True))
            if self.plat:
                stmt = stmt.where(Bericht.kanaal.not_in(self.plat))
            rijen = list(s.exec(stmt))
            tot = self.klok.now() + timedelta(seconds=self.inst.claim_seconden)
            claimbaar = []
            for b in rijen:
                b.geclaimd_door, b.volgende_poging_op = self.token, tot
                reden = self._geweigerd(s, b)
                if reden:
                    self._maak_mislukt(s, b, reden, "geweigerd")
                else:
                    claimbaar.append(b)
            s.flush()
            for b in rijen:
                s.expunge(b)
            s.commit()
        return claimbaar

    def _geweigerd(self, s: Session, b: Bericht) -> str | None:
        try:
            alleen_naaste = soort(b.soort).alleen_naaste
        except OnbekendeSoort:
            return None  # the renderer fails it with the reason
        return self.poort(s, b) if alleen_naaste else None

    def _verwerk(self, b: Bericht) -> None:
        self._leg_vast(b, self._probeer(b))

    def _probeer(self, b: Bericht) -> Callable[[Session, Bericht], None]:
        """Render and send one message; returns how to record the outcome."""
        try:
            inhoud = self.renderer.render(b.soort, b.gegevens, b.kanaal)
            sender = self.senders.get(b.kanaal)
            if sender is None:
                raise PermanenteFout(f"Geen sender voor kanaal {b.kanaal!r}.")
            aflevering = sender.verstuur(b, inhoud, self.klok.now())
        except (RenderFout, PermanenteFout) as exc:
            return partial(self._maak_mislukt, reden=str(exc), resultaat="fout")
        except TijdelijkeFout as exc:
            if isinstance(exc, VerbindingsFout):
                self.plat.add(b.kanaal)
            return partial(self._tijdelijk, reden=str(exc))
        except Exception as exc:  # a bug in one message never stops the queue
            log.exception("onverwachte fout bij bericht %s", b.id)
            return partial(self._tijdelijk, reden=f"{type(exc).__name__}: {exc}")
        return partial(self._maak_verzonden, inhoud=inhoud, afl=aflevering)

    def _leg_vast(self, b: Bericht, wijzig: Callable[[Session, Bericht], None]) -> None:
        """Apply one outcome in its own transaction, only while this pass still holds the claim."""
        with self.factory() as s:
            rij = s.get(Bericht, b.id, with_for_update=True)
            if rij is None or rij.geclaimd_door != self.token or rij.status != WACHTEND:
                log.warning("bericht %s: claim verloren; uitkomst niet vastgelegd", b.id)
                return
            wijzig(s, rij)
            s.commit()

    def _poging(self, s: Session, b: Bericht, resultaat: str, fout: str | None = None) -> None:
        b.pogingen += 1
        s.add(Poging(bericht_id=b.id, nummer=b.pogingen, op=self.klok.now(), kanaal=b.kanaal,
                     resultaat=resultaat, fout=fout[:500] if fout else None))

    def _maak_verzonden(self, s: Session, b: Bericht, inhoud: Inhoud, afl: Aflevering) -> None:
        self._poging(s, b, VERZONDEN)
        b.status, b.verzonden_op, b.geclaimd_door, b.laatste_fout = VERZONDEN, self.klok.now(), None, None
        b.onderwerp, b.inhoud, b.message_id = inhoud.onderwerp, afl.inhoud, afl.message_id
        self.resultaat.verzonden += 1
        if self.bij_uitkomst:
            self.bij_uitkomst(s, b)

    def _maak_mislukt(self, s: Session, b: Bericht, reden: str, resultaat: str) -> None:
        self._poging(s, b, resultaat, reden)
        b.status, b.mislukt_op, b.geclaimd_door, b.laatste_fout = MISLUKT, self.klok.now(), None, reden[:500]
        self.resultaat.mislukt += 1
        log.warning("bericht %s (%s) mislukt: %s", b.id, b.soort, reden)
        if self.bij_uitkomst:
            self.bij_uitkomst(s, b)

    def _tijdelijk(self, s: Session, b: Bericht, reden: str) -> None:
        if b.pogingen + 1 >= self.inst.max_pogingen:
            self._maak_mislukt(s, b, f"Na {b.pogingen + 1} pogingen opgegeven: {reden}", "fout")
            return
        self._poging(s, b, "fout", reden)
        b.volgende_poging_op = self.klok.now() + wachttijd(b.pogingen, self.inst)
        b.geclaimd_door, b.laatste_fout = None, reden[:500]
        self.resultaat.opnieuw += 1

    def _geef_vrij(self, b: Bericht) -> None:
        """Release a claimed message untried (its channel is down); due again after one base backoff."""
        def vrij(_s: Session, rij: Bericht) -> None:
            rij.geclaimd_door = None
            rij.volgende_poging_op = self.klok.now() + timedelta(seconds=self.inst.backoff_seconden)
            self.resultaat.vrijgegeven += 1

        self._leg_vast(b, vrij)
