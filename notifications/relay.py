"""The relay: claim due messages, render, deliver through the channel's sender, record every attempt.

Exactly once towards a channel, as far as a non-transactional channel allows: a message is claimed
in a short transaction (a lease: `volgende_poging_op` moves to the end of the claim, FOR UPDATE SKIP
LOCKED on PostgreSQL), sent outside any transaction, and marked sent in its own transaction right
after the send. A crash between send and that commit leaves the claim to expire and the message is
sent once more, with the same Message-ID (docs/adr/0002-outbox.md).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import insert, update
from sqlmodel import Session, select

from notifications.outbox import MISLUKT, VERZONDEN, WACHTEND, Bericht, Poging
from notifications.render import Inhoud, Renderer, RenderFout
from notifications.senders import Aflevering, PermanenteFout, Sender, TijdelijkeFout, VerbindingsFout
from notifications.soorten import OnbekendeSoort, soort

log = logging.getLogger("notifications.relay")

Poort = Callable[[Session, Bericht], str | None]  # returns why the message may not go, or None
BijUitkomst = Callable[[Session, Bericht], None]  # runs in the transaction that makes a message final
Routeer = Callable[[Session, list[Bericht]], object]  # may change channel/address of claimed, untried messages


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
    pas_seconden: float = 240.0  # a pass stops claiming and releases the rest after this (wall clock)

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
    verlopen_claims: int = 0  # not tried because the claim ran out during a slow pass (due again)
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
    poort: Poort = naaste_in_snapshot, bij_uitkomst: BijUitkomst | None = None, routeer: Routeer | None = None,
) -> Resultaat:
    """Deliver every message due at the start of the pass; returns the counts.

    `routeer` runs in each claim's transaction on the claimed rows, so a message queued while the pass
    runs still gets its recipient's channel before it is delivered."""
    pas = _Pas(factory, klok, senders, inst, poort, bij_uitkomst)
    pas.routeer = routeer
    try:
        pas.draai()
    finally:
        for sender in senders.values():
            sender.sluit()
    return pas.resultaat


@dataclass
class _Uitkomst:
    """What one attempt came to; `_leg_vast` turns it into the row update and the attempt row."""

    resultaat: str  # verzonden | fout | geweigerd
    reden: str | None = None
    tijdelijk: bool = False
    inhoud: Inhoud | None = None
    aflevering: Aflevering | None = None


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
        self.routeer: Routeer | None = None

    def draai(self) -> None:
        einde = time.monotonic() + self.inst.pas_seconden
        while time.monotonic() < einde and (batch := self._claim()):
            # inbox and log first: they never wait behind a slow mail server
            for bericht, weigering in sorted(batch, key=lambda bw: bw[0].kanaal == "email"):
                if time.monotonic() >= einde:
                    self._geef_vrij(bericht, direct=True)  # the pass ran out of time: due again at once
                    continue
                if self.klok.now() >= bericht.volgende_poging_op:
                    self.resultaat.verlopen_claims += 1  # our lease ended: another relay may hold it now
                elif weigering:
                    self._leg_vast(bericht, _Uitkomst("geweigerd", weigering))
                elif bericht.kanaal in self.plat:
                    self._geef_vrij(bericht)
                else:
                    self._leg_vast(bericht, self._probeer(bericht))
        self.resultaat.kanalen_plat = sorted(self.plat)

    def _claim(self) -> list[tuple[Bericht, str | None]]:
        """Claim the next due messages in one short transaction; returns each with the gate's refusal."""
        with self.factory() as s:
            stmt = (select(Bericht).where(Bericht.status == WACHTEND, Bericht.volgende_poging_op <= self.start)
                    .order_by(Bericht.volgende_poging_op, Bericht.id).limit(self.inst.batch)
                    .with_for_update(skip_locked=True))
            if self.plat:
                stmt = stmt.where(Bericht.kanaal.not_in(self.plat))
            rijen = list(s.exec(stmt))
            if not rijen:
                return []
            if self.routeer is not None:
                self.routeer(s, rijen)
                s.flush()
            tot = self.klok.now() + timedelta(seconds=self.inst.claim_seconden)
            s.exec(update(Bericht).where(Bericht.id.in_([b.id for b in rijen]))
                   .values(geclaimd_door=self.token, volgende_poging_op=tot))
            uit = [(b, self._geweigerd(s, b)) for b in rijen]
            s.expunge_all()
            s.commit()
        for b, _ in uit:
            b.geclaimd_door, b.volgende_poging_op = self.token, tot
        return uit

    def _geweigerd(self, s: Session, b: Bericht) -> str | None:
        try:
            alleen_naaste = soort(b.soort).alleen_naaste
        except OnbekendeSoort:
            return None  # the renderer fails it with the reason
        return self.poort(s, b) if alleen_naaste else None

    def _probeer(self, b: Bericht) -> _Uitkomst:
        """Render and send one message; returns what happened."""
        try:
            inhoud = self.renderer.render(b.soort, b.gegevens, b.kanaal)
            sender = self.senders.get(b.kanaal)
            if sender is None:
                raise PermanenteFout(f"Geen sender voor kanaal {b.kanaal!r}.")
            aflevering = sender.verstuur(b, inhoud, self.klok.now())
        except (RenderFout, PermanenteFout) as exc:
            return _Uitkomst("fout", str(exc))
        except TijdelijkeFout as exc:
            if isinstance(exc, VerbindingsFout):
                self.plat.add(b.kanaal)
            return _Uitkomst("fout", str(exc), tijdelijk=True)
        except Exception as exc:  # a bug in one message never stops the queue
            log.exception("onverwachte fout bij bericht %s", b.id)
            return _Uitkomst("fout", f"{type(exc).__name__}: {exc}", tijdelijk=True)
        return _Uitkomst(VERZONDEN, inhoud=inhoud, aflevering=aflevering)

    def _waarden(self, b: Bericht, u: _Uitkomst, now: datetime) -> dict[str, Any]:
        """Return the columns to set for outcome `u` of attempt number b.pogingen + 1."""
        nummer = b.pogingen + 1
        basis = {"pogingen": nummer, "geclaimd_door": None}
        if u.resultaat == VERZONDEN:
            afl = u.aflevering or Aflevering()
            return basis | {"status": VERZONDEN, "verzonden_op": now, "laatste_fout": None,
                            "onderwerp": u.inhoud.onderwerp if u.inhoud else None, "inhoud": afl.inhoud,
                            "message_id": afl.message_id}
        if u.tijdelijk and nummer < self.inst.max_pogingen:
            return basis | {"volgende_poging_op": now + wachttijd(nummer, self.inst), "laatste_fout": u.reden[:500]}
        reden = f"Na {nummer} pogingen opgegeven: {u.reden}" if u.tijdelijk else u.reden
        return basis | {"status": MISLUKT, "mislukt_op": now, "laatste_fout": reden[:500]}

    def _leg_vast(self, b: Bericht, u: _Uitkomst) -> None:
        """Record one attempt in its own transaction, only while this pass still holds the claim."""
        now = self.klok.now()
        waarden = self._waarden(b, u, now)
        with self.factory() as s:
            gezet = s.exec(update(Bericht).where(Bericht.id == b.id, Bericht.geclaimd_door == self.token,
                                                 Bericht.status == WACHTEND).values(**waarden))
            if gezet.rowcount != 1:
                log.warning("bericht %s: claim verloren; uitkomst niet vastgelegd", b.id)
                return
            s.exec(insert(Poging).values(bericht_id=b.id, nummer=waarden["pogingen"], op=now, kanaal=b.kanaal,
                                         resultaat=u.resultaat, fout=u.reden[:500] if u.reden else None))
            for k, v in waarden.items():
                setattr(b, k, v)
            if self.bij_uitkomst and b.status != WACHTEND:
                self.bij_uitkomst(s, b)
            s.commit()
        self._tel(b, u)

    def _tel(self, b: Bericht, u: _Uitkomst) -> None:
        if b.status == VERZONDEN:
            self.resultaat.verzonden += 1
        elif b.status == MISLUKT:
            self.resultaat.mislukt += 1
            log.warning("bericht %s (%s) mislukt: %s", b.id, b.soort, b.laatste_fout)
        else:
            self.resultaat.opnieuw += 1

    def _geef_vrij(self, b: Bericht, direct: bool = False) -> None:
        """Release a claimed message untried: its channel is down (due again after one base backoff) or the
        pass ran out of time (`direct`: due again now)."""
        wacht = timedelta(0) if direct else timedelta(seconds=self.inst.backoff_seconden)
        with self.factory() as s:
            s.exec(update(Bericht).where(Bericht.id == b.id, Bericht.geclaimd_door == self.token)
                   .values(geclaimd_door=None, volgende_poging_op=self.klok.now() + wacht))
            s.commit()
        self.resultaat.vrijgegeven += 1
