"""A mail server that trickles one byte at a time never times out a read, so only an overall deadline per
message stops it: the pass ends, the e-mail waits for its next attempt, and the inbox did not wait at all."""

from __future__ import annotations

import socket
import threading
import time

from sqlmodel import select

from notifications.outbox import Bericht, plaats
from wvggz.berichten.relay import relay

STAF = {"referentie": "M-2026-000012", "pad": "/meldingen/12", "termijn": "melding_beslissing",
        "omschrijving": "Termijn verstreken", "einddatum": "28-04-2026"}


class Druppelaar:
    """Accepts connections and sends the greeting one byte every 0.3 s, never finishing the line."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._accepteer, daemon=True).start()

    def _accepteer(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._druppel, args=(conn,), daemon=True).start()

    def _druppel(self, conn: socket.socket) -> None:
        with conn:
            while not self.stop.is_set():
                try:
                    conn.sendall(b"2")
                except OSError:
                    return
                time.sleep(0.3)

    def sluit(self) -> None:
        self.stop.set()
        self.sock.close()


def test_druppelende_server_houdt_de_relay_niet_vast(factory, clock, settings, gebruikers):
    server = Druppelaar()
    inst = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": server.port, "smtp_timeout": 2.0,
                                       "smtp_deadline_seconden": 1.5})
    with factory() as s:
        plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder", adres="a@example.org",
               gegevens={"referentie": "M-2026-000012", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"}, dedup_sleutel="mail",
               now=clock.now())
        for i in range(3):
            plaats(s, soort="waarschuwing", kanaal="inbox", ontvanger_rol="behandelaar", gegevens=STAF,
                   dedup_sleutel=f"inbox{i}", now=clock.now(), gebruiker_id=gebruikers["intake"][0].id)
        s.commit()
    uitslag: dict = {}
    begin = time.monotonic()
    draad = threading.Thread(target=lambda: uitslag.update(relay(session_factory=factory, clock=clock,
                                                                 settings=inst)), daemon=True)
    draad.start()
    draad.join(timeout=30)
    server.sluit()
    assert not draad.is_alive(), "de relay hangt aan de druppelende server"
    assert time.monotonic() - begin < 15
    assert uitslag["verzonden"] == 3 and uitslag["opnieuw"] == 1 and uitslag["kanalen_plat"] == ["email"]
    with factory() as s:
        mail = s.exec(select(Bericht).where(Bericht.kanaal == "email")).one()
        assert mail.status == "wachtend" and mail.geclaimd_door is None and "onbereikbaar" in mail.laatste_fout


def test_een_ronde_stopt_na_haar_tijd_en_geeft_de_rest_direct_vrij(factory, clock, settings, gebruikers):
    from notifications.relay import RelayInstellingen
    from notifications.relay import relay as relay_pass
    from notifications.senders import Aflevering

    class Traag:
        def verstuur(self, bericht, inhoud, now):  # noqa: ANN001, ANN201
            time.sleep(0.5)
            return Aflevering(inhoud=inhoud.tekst)

        def sluit(self) -> None:
            return None

    with factory() as s:
        for i in range(8):
            plaats(s, soort="waarschuwing", kanaal="inbox", ontvanger_rol="behandelaar", gegevens=STAF,
                   dedup_sleutel=f"t{i}", now=clock.now(), gebruiker_id=gebruikers["intake"][0].id)
        s.commit()
    uit = relay_pass(factory, clock, {"inbox": Traag()}, RelayInstellingen(pas_seconden=2.0))
    assert uit.verzonden <= 4 and uit.vrijgegeven >= 4 and uit.verzonden + uit.vrijgegeven == 8  # 8 x 0.5 s > 2 s
    with factory() as s:
        rest = s.exec(select(Bericht).where(Bericht.status == "wachtend")).all()
        assert len(rest) == uit.vrijgegeven
        assert all(b.geclaimd_door is None and b.volgende_poging_op <= clock.now() for b in rest)  # due at once
