"""Outages against a real SMTP server: the server stops mid-run and comes back, a 4xx asks to try again,
the relay dies between send and commit. Nothing is lost; nothing arrives twice, except the one documented
case (a crash after the send), and that copy carries the same Message-ID."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from notifications.outbox import Bericht, Poging, maak_message_id
from notifications.senders import SmtpSender
from tests.factories.smtp import wachtrij
from wvggz.berichten.relay import relay


@pytest.fixture
def mail_settings(settings, smtp):
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port})


def test_storing_midden_in_een_ronde_verliest_niets_en_verstuurt_niets_dubbel(factory, clock, mail_settings, smtp,
                                                                              monkeypatch):
    ids = wachtrij(factory, clock, 25)
    instellingen = mail_settings.model_copy(update={"relay_batch": 10})
    echt = SmtpSender.verstuur

    def en_dan_valt_de_server_uit(self, bericht, inhoud, now):  # noqa: ANN001, ANN202
        aflevering = echt(self, bericht, inhoud, now)
        if len(smtp.ontvangen) == 8:
            smtp.stop()  # mid-pass: the relay still holds its connection and 17 messages are due
        return aflevering

    monkeypatch.setattr(SmtpSender, "verstuur", en_dan_valt_de_server_uit)
    eerste = relay(session_factory=factory, clock=clock, settings=instellingen)
    assert (eerste["verzonden"], eerste["opnieuw"], eerste["kanalen_plat"]) == (8, 1, ["email"])

    clock.advance(minutes=5)  # still down: one connection attempt, the rest stays queued untried
    tweede = relay(session_factory=factory, clock=clock, settings=instellingen)
    assert (tweede["verzonden"], tweede["opnieuw"], tweede["mislukt"]) == (0, 1, 0)
    with factory() as s:
        assert Counter(s.exec(select(Bericht.status)).all()) == {"verzonden": 8, "wachtend": 17}

    smtp.start()  # same port, same inbox
    clock.advance(hours=1)
    derde = relay(session_factory=factory, clock=clock, settings=instellingen)
    assert derde["verzonden"] == 17 and derde["kanalen_plat"] == []
    verwacht = {maak_message_id(f"test:{i}", instellingen.mail_afzender) for i in range(25)}
    assert Counter(smtp.message_ids()) == dict.fromkeys(verwacht, 1)  # each arrived exactly once
    with factory() as s:
        assert {b.status for b in s.exec(select(Bericht).where(Bericht.id.in_(ids)))} == {"verzonden"}
        pogingen = Counter(s.exec(select(Poging.resultaat)).all())
        assert pogingen == {"verzonden": 25, "fout": 2}
        fouten = s.exec(select(Poging.fout).where(Poging.resultaat == "fout")).all()
        assert all("onbereikbaar" in f for f in fouten)


def test_tijdelijke_weigering_wordt_na_de_wachttijd_opnieuw_geprobeerd(factory, clock, mail_settings, smtp):
    wachtrij(factory, clock, 1, adres=lambda i: "iemand@later.example")
    assert relay(session_factory=factory, clock=clock, settings=mail_settings)["opnieuw"] == 1
    clock.advance(seconds=59)
    assert relay(session_factory=factory, clock=clock, settings=mail_settings)["verzonden"] == 0
    clock.advance(seconds=1)
    assert relay(session_factory=factory, clock=clock, settings=mail_settings)["verzonden"] == 1
    assert len(smtp.ontvangen) == 1


def test_crash_tussen_verzenden_en_vastleggen_geeft_hooguit_een_kopie_met_dezelfde_message_id(
        factory, clock, mail_settings, smtp, monkeypatch):
    """The documented trade-off (docs/adr/0002-outbox.md): at worst one duplicate, recognisable by its id."""
    from notifications import relay as relay_module

    [bericht_id] = wachtrij(factory, clock, 1)
    echt = relay_module._Pas._waarden

    def stroomuitval(self, b, uitkomst, now):  # noqa: ANN001, ANN202
        if uitkomst.resultaat == "verzonden":
            raise RuntimeError("stroomuitval na verzenden, voor vastleggen")
        return echt(self, b, uitkomst, now)

    monkeypatch.setattr(relay_module._Pas, "_waarden", stroomuitval)
    with pytest.raises(RuntimeError, match="stroomuitval"):
        relay(session_factory=factory, clock=clock, settings=mail_settings)
    monkeypatch.setattr(relay_module._Pas, "_waarden", echt)
    assert len(smtp.ontvangen) == 1
    assert relay(session_factory=factory, clock=clock, settings=mail_settings)["verzonden"] == 0  # still claimed
    clock.advance(seconds=mail_settings.relay_claim_seconden + 1)
    assert relay(session_factory=factory, clock=clock, settings=mail_settings)["verzonden"] == 1
    ids = smtp.message_ids()
    assert len(ids) == 2 and ids[0] == ids[1]
    with factory() as s:
        assert s.get(Bericht, bericht_id).status == "verzonden"


