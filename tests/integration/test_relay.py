"""The relay without a mail server: inbox and log delivery, backoff, the last attempt, the gates,
claims that keep two relays apart, and one bad message never stopping the queue."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import select

from notifications.outbox import Bericht, Poging, plaats
from notifications.relay import RelayInstellingen, wachttijd
from notifications.relay import relay as relay_pass
from notifications.senders import Aflevering, InboxSender, LogSender
from tests.factories.smtp import vrije_poort
from wvggz.audit.models import Historie
from wvggz.berichten import service
from wvggz.berichten.relay import pas_voorkeuren_toe, relay
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.service import registreer

STAF = {"referentie": "M-2026-000012", "pad": "/meldingen/12", "termijn": "melding_beslissing",
        "omschrijving": "Driekwart van de termijn is verstreken", "einddatum": "28-04-2026"}


def _plaats(factory, clock, **kw):
    with factory() as s:
        b = plaats(s, now=clock.now(), **kw)
        s.commit()
        return b.id


def _inbox(factory, clock, gebruiker, soort="waarschuwing", sleutel="w1", gegevens=None):
    return _plaats(factory, clock, soort=soort, kanaal="inbox", ontvanger_rol="behandelaar", dedup_sleutel=sleutel,
                   gegevens=gegevens or STAF, zaak_type="melding", zaak_id=12, gebruiker_id=gebruiker.id)


def test_inboxbericht_wordt_afgeleverd_met_poging_en_historie(factory, clock, settings, gebruikers):
    intake = gebruikers["intake"][0]
    bericht_id = _inbox(factory, clock, intake)
    uitslag = relay(session_factory=factory, clock=clock, settings=settings)
    assert uitslag["verzonden"] == 1
    with factory() as s:
        b = s.get(Bericht, bericht_id)
        assert (b.status, b.pogingen, b.verzonden_op, b.geclaimd_door) == ("verzonden", 1, clock.now(), None)
        assert b.onderwerp == "Waarschuwing termijn M-2026-000012" and "Driekwart" in b.inhoud
        assert [(p.nummer, p.resultaat) for p in s.exec(select(Poging))] == [(1, "verzonden")]
        assert service.ongelezen(s, intake.id) == 1 and service.ongelezen(s, gebruikers["intake2"][0].id) == 0
        [h] = s.exec(select(Historie).where(Historie.zaak_id == 12)).all()
        assert (h.actie, h.door, h.reden) == ("bericht_verzonden", "systeem", "waarschuwing aan behandelaar (inbox)")
    assert relay(session_factory=factory, clock=clock, settings=settings)["verzonden"] == 0  # sent once


def test_wachttijd_verdubbelt_tot_het_maximum():
    inst = RelayInstellingen(backoff_seconden=60, backoff_max_seconden=600)
    assert [wachttijd(n, inst).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]
    with pytest.raises(ValueError):
        RelayInstellingen(backoff_seconden=0)


def test_tijdelijke_fouten_met_backoff_tot_de_laatste_poging_dan_mislukt_en_opnieuw(factory, clock, settings,
                                                                                   gebruikers):
    """Nothing listens on the port: every attempt is a real refused connection."""
    instellingen = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": vrije_poort(),
                                               "relay_max_pogingen": 4, "relay_backoff_seconden": 60})
    with factory() as s:  # a real melding of Den Haag: beheer sees the failed messages of its own gemeente
        data = MeldingCreate.model_validate({
            "kanaal": "telefoon", "zorgen": "Zorgen", "melder": {"voornaam": "M", "achternaam": "Ouder",
                                                                "relatie": "ouder"},  # no e-mail: no receipt
            "betrokkene": {"voornaam": "B", "achternaam": "Betrokkene", "geboortedatum": "1980-01-01"}})
        melding_id = registreer(session=s, clock=clock, actor=gebruikers["intake"][0], data=data, settings=settings).id
    bericht_id = _plaats(factory, clock, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder",
                         dedup_sleutel="melding:5:ontvangstbevestiging", adres="melder@example.org",
                         gegevens={"referentie": "M-2026-000005", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"},
                         zaak_type="melding", zaak_id=melding_id)
    start = clock.now()
    momenten = []
    for wacht in (0, 60, 120, 240):  # seconds after the previous attempt
        if wacht:
            clock.advance(seconds=wacht - 1)
            te_vroeg = relay(session_factory=factory, clock=clock, settings=instellingen)
            assert te_vroeg["opnieuw"] == te_vroeg["mislukt"] == 0  # one second early: not tried
            clock.advance(seconds=1)
        relay(session_factory=factory, clock=clock, settings=instellingen)
        momenten.append((clock.now() - start).total_seconds())
    assert momenten == [0, 60, 180, 420]
    with factory() as s:
        b = s.get(Bericht, bericht_id)
        assert b.status == "mislukt" and b.pogingen == 4 and b.mislukt_op == clock.now()
        assert b.laatste_fout.startswith("Na 4 pogingen opgegeven") and "onbereikbaar" in b.laatste_fout
        pogingen = s.exec(select(Poging).where(Poging.bericht_id == bericht_id).order_by(Poging.id)).all()
        assert [(p.nummer, p.resultaat, (p.op - start).total_seconds()) for p in pogingen] == \
            [(1, "fout", 0), (2, "fout", 60), (3, "fout", 180), (4, "fout", 420)]
        assert s.exec(select(Historie.actie).where(Historie.zaak_id == melding_id,
                                                   Historie.actie.like("bericht_%"))).all() == ["bericht_mislukt"]
        beheer = gebruikers["beheer"][0]
        [rij] = service.mislukte(session=s, actor=beheer)["items"]
        assert rij["adres"] == "m•••@example.org" and len(rij["historie"]) == 4
        service.opnieuw(session=s, clock=clock, actor=beheer, bericht_id=bericht_id)
        b = s.get(Bericht, bericht_id)
        assert (b.status, b.pogingen, b.volgende_poging_op) == ("wachtend", 0, clock.now())
        assert s.exec(select(Historie.actie).where(Historie.zaak_id == melding_id).order_by(Historie.id)).all()[-1] == \
            "bericht_opnieuw_aangeboden"
    assert relay(session_factory=factory, clock=clock, settings=instellingen)["opnieuw"] == 1  # a new round


def test_een_onverwachte_fout_bij_een_bericht_stopt_de_wachtrij_niet(factory, clock):
    class Hapert(LogSender):
        def verstuur(self, bericht, inhoud, now):  # noqa: ANN001, ANN201
            if bericht.dedup_sleutel == "kapot":
                raise KeyError("onverwacht")
            return super().verstuur(bericht, inhoud, now)

    for sleutel in ("a", "kapot", "b"):
        _plaats(factory, clock, soort="ontvangstbevestiging", kanaal="log", ontvanger_rol="melder",
                dedup_sleutel=sleutel, gegevens={"referentie": "M-1", "ontvangen_op": "13-04-2026",
                                                 "gemeente": "Den Haag"})
    uitslag = relay_pass(factory, clock, {"log": Hapert()}, RelayInstellingen())
    assert (uitslag.verzonden, uitslag.opnieuw) == (2, 1)
    with factory() as s:
        kapot = s.exec(select(Bericht).where(Bericht.dedup_sleutel == "kapot")).one()
        assert kapot.status == "wachtend" and "KeyError" in kapot.laatste_fout


def test_een_tweede_relay_pakt_geclaimde_berichten_niet(factory, clock):
    """While one pass holds its claims, another pass (another process) finds nothing to send."""
    for i in range(5):
        _plaats(factory, clock, soort="ontvangstbevestiging", kanaal="log", ontvanger_rol="melder",
                dedup_sleutel=f"c{i}", gegevens={"referentie": f"M-{i}", "ontvangen_op": "13-04-2026",
                                                 "gemeente": "Den Haag"})
    tweede: list = []

    class Gelijktijdig(LogSender):
        def verstuur(self, bericht, inhoud, now):  # noqa: ANN001, ANN201
            if not tweede:
                tweede.append(relay_pass(factory, clock, {"log": LogSender()}, RelayInstellingen()))
            return super().verstuur(bericht, inhoud, now)

    eerste = relay_pass(factory, clock, {"log": Gelijktijdig()}, RelayInstellingen())
    assert eerste.verzonden == 5 and tweede[0].verzonden == 0
    with factory() as s:
        assert Counter(s.exec(select(Poging.bericht_id)).all()) == {i: 1 for i in range(1, 6)}


def test_naaste_poort_kijkt_naar_de_melding_zelf(factory, clock, settings, gebruikers):
    """The outcome goes only to a naaste-melder: the gate reads the case, not the snapshot."""
    intake = gebruikers["intake"][0]
    ids = {}
    with factory() as s:
        for relatie in ("ouder", "buur"):
            data = MeldingCreate.model_validate({
                "kanaal": "telefoon", "zorgen": "Zorgen over de buurman",
                "melder": {"voornaam": "M", "achternaam": relatie, "relatie": relatie},  # no e-mail: no receipt
                "betrokkene": {"voornaam": "B", "achternaam": f"Betrokkene {relatie}", "geboortedatum": "1980-01-01"}})
            ids[relatie] = registreer(session=s, clock=clock, actor=intake, data=data, settings=settings).id
    for relatie, melding_id in ids.items():
        _plaats(factory, clock, soort="uitkomst_naaste", kanaal="log", ontvanger_rol="melder",
                dedup_sleutel=f"uitkomst:{relatie}", zaak_type="melding", zaak_id=melding_id,
                gegevens={"referentie": "M-1", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag", "aanvraag": True,
                          "melder_is_naaste": True})  # the snapshot claims naaste; the case decides
    uitslag = relay(session_factory=factory, clock=clock, settings=settings)
    assert (uitslag["verzonden"], uitslag["mislukt"]) == (1, 1)
    with factory() as s:
        status = {b.dedup_sleutel: (b.status, b.laatste_fout) for b in s.exec(select(Bericht))}
    assert status["uitkomst:ouder"] == ("verzonden", None)
    assert status["uitkomst:buur"][0] == "mislukt" and "naaste" in status["uitkomst:buur"][1]


def test_zonder_domeinpoort_is_de_naastevlag_in_de_snapshot_nodig(factory, clock):
    for sleutel, vlag in (("zonder", None), ("met", True)):
        gegevens = {"referentie": "M-1", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag", "aanvraag": False}
        _plaats(factory, clock, soort="uitkomst_naaste", kanaal="log", ontvanger_rol="melder", dedup_sleutel=sleutel,
                gegevens=gegevens | ({"melder_is_naaste": vlag} if vlag else {}))
    uitslag = relay_pass(factory, clock, {"log": LogSender()}, RelayInstellingen())
    assert (uitslag.verzonden, uitslag.mislukt) == (1, 1)


def test_inboxbericht_zonder_ontvanger_en_onbekend_kanaal_falen_zichtbaar(factory, clock):
    _plaats(factory, clock, soort="alert", kanaal="inbox", ontvanger_rol="projectleider", dedup_sleutel="x",
            gegevens=STAF)
    _plaats(factory, clock, soort="alert", kanaal="log", ontvanger_rol="projectleider", dedup_sleutel="y",
            gegevens=STAF)
    uitslag = relay_pass(factory, clock, {"inbox": InboxSender()}, RelayInstellingen())
    assert uitslag.mislukt == 2
    with factory() as s:
        fouten = {b.dedup_sleutel: b.laatste_fout for b in s.exec(select(Bericht))}
    assert "zonder ontvanger" in fouten["x"] and "Geen sender voor kanaal 'log'" in fouten["y"]
    with pytest.raises(ValueError, match="kanaal"):
        with factory() as s:
            plaats(s, soort="alert", kanaal="sms", ontvanger_rol="x", gegevens={}, dedup_sleutel="z", now=clock.now())


def test_voorkeur_zonder_werkmail_houdt_de_inbox_en_email_verplaatst(factory, clock, gebruikers):
    pl, intake = gebruikers["pl"][0], gebruikers["intake"][0]
    with factory() as s:
        service.zet_werkmail(session=s, clock=clock, actor=pl, adres="Petra@DenHaag.example")
        service.zet_voorkeur(session=s, clock=clock, actor=pl, soort="cm_kennisgeving", kanaal="email")
    _inbox(factory, clock, pl, soort="cm_kennisgeving_rvr", sleutel="k1",
           gegevens={"referentie": "CM-2026-000001", "pad": "/crisismaatregelen/1", "partij": "rvr"})
    _inbox(factory, clock, intake, soort="alert", sleutel="k2")
    with factory() as s:
        assert pas_voorkeuren_toe(s, clock) == 1
        s.commit()
        rijen = {b.dedup_sleutel: (b.kanaal, b.ontvanger_adres) for b in s.exec(select(Bericht))}
    assert rijen == {"k1": ("email", "Petra@denhaag.example"), "k2": ("inbox", None)}


def test_claim_verloopt_en_een_lopende_ronde_houdt_zijn_uitkomst_niet_vast(factory, clock):
    """If a pass outlives its claim and another pass took the message, the first one records nothing."""
    _plaats(factory, clock, soort="ontvangstbevestiging", kanaal="log", ontvanger_rol="melder", dedup_sleutel="l",
            gegevens={"referentie": "M-1", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"})

    class Traag(LogSender):
        def verstuur(self, bericht, inhoud, now):  # noqa: ANN001, ANN201
            clock.advance(seconds=301)  # longer than the claim
            relay_pass(factory, clock, {"log": LogSender()}, RelayInstellingen())  # takes over and sends
            return Aflevering()

    traag = relay_pass(factory, clock, {"log": Traag()}, RelayInstellingen(claim_seconden=300))
    assert traag.verzonden == 0
    with factory() as s:
        assert [p.resultaat for p in s.exec(select(Poging))] == ["verzonden"]
        assert s.exec(select(Bericht)).one().status == "verzonden"


def test_na_een_verlopen_claim_verstuurt_een_trage_ronde_de_rest_niet_meer(factory, clock):
    """A pass never sends on a lease that ran out: those messages wait for the next pass, sent once."""
    for i in range(3):
        _plaats(factory, clock, soort="ontvangstbevestiging", kanaal="log", ontvanger_rol="melder",
                dedup_sleutel=f"v{i}", gegevens={"referentie": f"M-{i}", "ontvangen_op": "13-04-2026",
                                                 "gemeente": "Den Haag"})

    class Traag(LogSender):
        def verstuur(self, bericht, inhoud, now):  # noqa: ANN001, ANN201
            clock.advance(seconds=400)  # one very slow send, longer than the lease
            return super().verstuur(bericht, inhoud, now)

    eerste = relay_pass(factory, clock, {"log": Traag()}, RelayInstellingen(claim_seconden=300))
    assert (eerste.verzonden, eerste.verlopen_claims) == (1, 2)
    tweede = relay_pass(factory, clock, {"log": LogSender()}, RelayInstellingen())
    assert tweede.verzonden == 2
    with factory() as s:
        assert Counter(s.exec(select(Poging.bericht_id)).all()) == {1: 1, 2: 1, 3: 1}


def test_berichten_van_de_sweep_worden_afgeleverd_zonder_fouten(factory, clock, settings, gebruikers):
    """The real producers: the sweep's rungs and the lapse reach the inbox; none fails on its template."""
    from wvggz.jobs import dagoverzicht, sweep

    intake = gebruikers["intake"][0]
    with factory() as s:
        data = MeldingCreate.model_validate({
            "kanaal": "telefoon", "zorgen": "Zorgen", "melder": {"voornaam": "M", "achternaam": "Ouder",
                                                                "relatie": "ouder"},
            "betrokkene": {"voornaam": "B", "achternaam": "Betrokkene", "geboortedatum": "1980-01-01"}})
        registreer(session=s, clock=clock, actor=intake, data=data, settings=settings)
    for dagen in (7, 4, 5, 1):  # through the ladder of the 14-day term and past its end
        clock.advance(days=dagen)
        sweep(session_factory=factory, clock=clock, settings=settings)
        dagoverzicht(session_factory=factory, clock=clock, settings=settings)
        relay(session_factory=factory, clock=clock, settings=settings)
    with factory() as s:
        per_status = Counter((b.soort, b.status) for b in s.exec(select(Bericht)))
        fouten = [b.laatste_fout for b in s.exec(select(Bericht).where(Bericht.status != "verzonden"))]
    assert fouten == [] and per_status, per_status
    assert {soort for soort, _ in per_status} >= {"herinnering", "waarschuwing"}
