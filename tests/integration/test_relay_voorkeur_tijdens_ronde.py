"""E-mail preferences hold for messages queued while a relay pass runs: a catch-up sweep commits its warnings
(stamped with its own, earlier start) after the pass applied the preferences; they must still go by e-mail."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from notifications.outbox import Bericht, plaats
from wvggz.berichten import service
from wvggz.berichten.relay import relay

GEGEVENS = {"referentie": "M-2026-000012", "pad": "/meldingen/12", "termijn": "melding_beslissing",
            "omschrijving": "Termijn verstreken", "einddatum": "28-04-2026", "te_laat": True}


def test_sweep_tijdens_relayronde_volgt_de_emailvoorkeur(factory, clock, mail_settings, smtp, gebruikers):  # noqa: F811
    pl = gebruikers["pl"][0]
    with factory() as s:
        service.zet_werkmail(session=s, clock=clock, actor=pl, adres="petra@denhaag.example")
        service.zet_voorkeur(session=s, clock=clock, actor=pl, soort="waarschuwing", kanaal="email")
    sweep_start = clock.now() - timedelta(seconds=20)
    geopend = []

    def factory_met_sweep():
        """The second session the pass opens is its first claim: the sweep commits its batch just before."""
        geopend.append(1)
        if len(geopend) == 2:
            with factory() as s:
                for i in range(5):
                    plaats(s, soort="waarschuwing", kanaal="inbox", ontvanger_rol="projectleider",
                           dedup_sleutel=f"inhaal:{i}", gegevens=GEGEVENS, now=sweep_start, zaak_type="melding",
                           zaak_id=12, gebruiker_id=pl.id)
                s.commit()
        return factory()

    uitslag = relay(session_factory=factory_met_sweep, clock=clock, settings=mail_settings)
    assert uitslag["verzonden"] == 5, uitslag
    with factory() as s:
        kanalen = [(b.kanaal, b.ontvanger_adres, b.status) for b in s.exec(select(Bericht))]
    assert kanalen == [("email", "petra@denhaag.example", "verzonden")] * 5
    assert len(smtp.ontvangen) == 5 and all(aan == ["petra@denhaag.example"] for aan, _ in smtp.ontvangen)
    with factory() as s:
        assert service.inbox(session=s, actor=pl)["items"] == []
