"""E-mail through a real SMTP server (aiosmtpd on a free local port): what arrives, to whom, in which form,
what never arrives (an outcome for a melder who is no naaste), bad addresses, login, `wvggz relay`.
The outage tests (server stopped mid-run, crash between send and commit) are in test_smtp_storing.py."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from notifications.outbox import Bericht, Poging, maak_message_id, plaats
from tests.factories import auth, melding_body
from tests.factories.smtp import SmtpOntvanger, wachtrij
from wvggz.audit.models import Historie
from wvggz.berichten import service
from wvggz.berichten.relay import relay

ROOT = Path(__file__).resolve().parents[2]


def maak(client, gebruikers, **over):
    r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()


def actie(client, gebruikers, m, naam, **velden):
    r = client.post(f"/api/v1/meldingen/{m['id']}/acties/{naam}", json={"versie": m["versie"], **velden},
                    headers=auth(gebruikers, "intake"))
    return r


def test_ontvangstbevestiging_komt_aan_als_tekst_en_html_zonder_namen(client, gebruikers, factory, clock,
                                                                       mail_settings, smtp):
    m = maak(client, gebruikers)
    uitslag = relay(session_factory=factory, clock=clock, settings=mail_settings)
    assert uitslag["verzonden"] == 1 and uitslag["mislukt"] == 0
    [(aan, mail)] = smtp.ontvangen
    assert aan == ["marja@example.org"]
    assert mail["From"] == mail_settings.mail_afzender
    assert mail["Subject"] == f"Ontvangstbevestiging van uw melding {m['referentie']}"
    sleutel = f"melding:{m['id']}:ontvangstbevestiging"
    assert mail["Message-ID"] == maak_message_id(sleutel, mail_settings.mail_afzender)
    assert mail["Auto-Submitted"] == "auto-generated"
    assert "13-04-2026" in mail.get_body(("plain",)).get_content()
    assert "<p>" in mail.get_body(("html",)).get_content()
    ruw = mail.as_string()
    for verboden in ("Marja", "Pieters", "Jan", "Vries", "1971", "Verward", "slaapt", "vervuilde", "070 353"):
        assert verboden not in ruw
    detail = client.get(f"/api/v1/meldingen/{m['id']}", headers=auth(gebruikers, "intake")).json()
    assert [(b["soort"], b["ontvanger_rol"], b["status"]) for b in detail["berichten"]] == \
        [("ontvangstbevestiging", "melder", "verzonden")]
    assert detail["historie"][-1]["actie"] == "bericht_verzonden"
    assert "ontvangstbevestiging aan melder" in detail["historie"][-1]["reden"]


def _tot_aanvraag(client, gebruikers, m):
    m = actie(client, gebruikers, m, "start_onderzoek", behandelaar_id=gebruikers["intake"][0].id).json()
    m = actie(client, gebruikers, m, "vraag_wijkteam_advies", wijkteam_contact="Wijkteam Escamp").json()
    m = actie(client, gebruikers, m, "registreer_wijkteam_advies", advies="Zorgen bevestigd").json()
    return actie(client, gebruikers, m, "dien_aanvraag_in", gesprek_met_betrokkene=True).json()


def test_naaste_hoort_de_uitkomst_een_buur_nooit(client, gebruikers, factory, clock, mail_settings, smtp):
    """Art. 5:2 lid 5: the outcome goes to a naaste-melder only; a forged one for a buur is refused."""
    ouder = maak(client, gebruikers)
    buur = maak(client, gebruikers, melder={**melding_body()["melder"], "relatie": "buur",
                                            "email": "buur@example.org", "achternaam": "Buurman"})
    zonder_ovj = {"reden_zonder_ovj_besluit": "Overgedragen aan het OM; besluit volgt buiten deze melding"}
    ouder = actie(client, gebruikers, _tot_aanvraag(client, gebruikers, ouder), "sluit_af",
                  melder_geinformeerd=True, **zonder_ovj).json()
    buur = _tot_aanvraag(client, gebruikers, buur)
    r = actie(client, gebruikers, buur, "sluit_af", melder_geinformeerd=True, **zonder_ovj)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "melder_geinformeerd"
    buur = actie(client, gebruikers, buur, "sluit_af", **zonder_ovj).json()
    assert [b["soort"] for b in buur["berichten"]] == ["ontvangstbevestiging"]
    with factory() as s:  # a careless caller enqueues an outcome for the buur anyway
        plaats(s, soort="uitkomst_naaste", kanaal="email", ontvanger_rol="melder", dedup_sleutel="vervalst",
               gegevens={"referentie": buur["referentie"], "ontvangen_op": "13-04-2026", "gemeente": "Den Haag",
                         "aanvraag": True, "melder_is_naaste": True}, now=clock.now(), zaak_type="melding",
               zaak_id=buur["id"], adres="buur@example.org")
        s.commit()
    relay(session_factory=factory, clock=clock, settings=mail_settings)
    per_adres = Counter(aan[0] for aan, _ in smtp.ontvangen)
    assert per_adres == {"marja@example.org": 2, "buur@example.org": 1}
    onderwerpen = {m["Subject"] for aan, m in smtp.ontvangen if aan == ["buur@example.org"]}
    assert onderwerpen == {f"Ontvangstbevestiging van uw melding {buur['referentie']}"}
    uitkomst = next(m for aan, m in smtp.ontvangen if m["Subject"].startswith("Uitkomst"))
    assert "officier van justitie te vragen" in uitkomst.get_body(("plain",)).get_content()
    with factory() as s:
        vervalst = s.exec(select(Bericht).where(Bericht.dedup_sleutel == "vervalst")).one()
        assert vervalst.status == "mislukt" and "naaste" in vervalst.laatste_fout
        assert [p.resultaat for p in s.exec(select(Poging).where(Poging.bericht_id == vervalst.id))] == ["geweigerd"]


def test_ongeldig_adres_weigering_en_sjabloonfout_falen_en_de_rest_stroomt_door(factory, clock, mail_settings,
                                                                               smtp, gebruikers):
    adressen = ["a@example.org", "geen-adres", "iemand@weiger.example", "b@example.org"]
    wachtrij(factory, clock, 4, adres=lambda i: adressen[i])
    with factory() as s:
        plaats(s, soort="verjaardagskaart", kanaal="email", ontvanger_rol="melder", gegevens={},
               dedup_sleutel="onbekend", now=clock.now(), adres="c@example.org")
        plaats(s, soort="doorzending", kanaal="email", ontvanger_rol="melder", dedup_sleutel="onvolledig",
               gegevens={"referentie": "M-2026-000009", "gemeente": "Den Haag"}, now=clock.now(),
               adres="d@example.org")
        s.commit()
    uitslag = relay(session_factory=factory, clock=clock, settings=mail_settings)
    assert (uitslag["verzonden"], uitslag["mislukt"], uitslag["opnieuw"]) == (2, 4, 0)
    assert sorted(aan[0] for aan, _ in smtp.ontvangen) == ["a@example.org", "b@example.org"]
    with factory() as s:
        lijst = service.mislukte(session=s, actor=gebruikers["beheer"][0])
    redenen = {b["adres"]: b["laatste_fout"] for b in lijst["items"]}
    assert "Ongeldig e-mailadres" in redenen["•••"]  # no @: masked entirely
    assert "550" in redenen["i•••@weiger.example"]
    assert "Geen sjabloon" in redenen["c•••@example.org"]
    assert "ontvangen_op" in redenen["d•••@example.org"] and "naar_gemeente" in redenen["d•••@example.org"]
    assert all(b["pogingen"] == 1 and len(b["historie"]) == 1 for b in lijst["items"])


def test_medewerker_kiest_inbox_en_email_per_soort(factory, clock, mail_settings, smtp, gebruikers):
    pl = gebruikers["pl"][0]
    with factory() as s:
        service.zet_werkmail(session=s, clock=clock, actor=pl, adres="petra@denhaag.example")
        service.zet_voorkeur(session=s, clock=clock, actor=pl, soort="alert", kanaal="beide")
        service.zet_voorkeur(session=s, clock=clock, actor=pl, soort="herinnering", kanaal="email")
        for trede in ("alert", "herinnering", "waarschuwing"):  # as the sweep enqueues them
            plaats(s, soort=trede, kanaal="inbox", ontvanger_rol="projectleider", dedup_sleutel=f"t:1:{trede}",
                   gegevens={"referentie": "M-2026-000012", "pad": "/meldingen/12", "termijn": "melding_beslissing",
                             "omschrijving": "Termijn verstreken", "einddatum": "28-04-2026", "te_laat": False},
                   now=clock.now(), zaak_type="melding", zaak_id=12, gebruiker_id=pl.id)
        s.commit()
    uitslag = relay(session_factory=factory, clock=clock, settings=mail_settings)
    assert uitslag["gerouteerd"] == 2 and uitslag["verzonden"] == 4
    assert sorted(m["Subject"] for _, m in smtp.ontvangen) == ["ALERT termijn M-2026-000012",
                                                              "Herinnering termijn M-2026-000012"]
    for aan, mail in smtp.ontvangen:
        tekst = mail.get_body(("plain",)).get_content()
        assert aan == ["petra@denhaag.example"]
        assert "https://wvggz.denhaag.example/meldingen/12" in tekst and "Termijn verstreken" not in tekst
    with factory() as s:
        inbox = service.inbox(session=s, actor=pl)
    assert sorted(b["soort"] for b in inbox["items"]) == ["alert", "waarschuwing"]
    assert inbox["ongelezen"] == 2 and "Termijn verstreken" in inbox["items"][0]["inhoud"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_inloggen_met_de_gegevens_uit_de_configuratie(factory, clock, settings):
    server = SmtpOntvanger(login=("relay", "juist-wachtwoord"))
    server.start()
    try:
        wachtrij(factory, clock, 1)
        basis = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": server.port,
                                            "smtp_user": "relay"})
        fout = relay(session_factory=factory, clock=clock, settings=basis.model_copy(
            update={"smtp_password": "fout"}))
        assert fout["kanalen_plat"] == ["email"] and fout["opnieuw"] == 1 and server.ontvangen == []
        clock.advance(minutes=2)
        goed = relay(session_factory=factory, clock=clock, settings=basis.model_copy(
            update={"smtp_password": "juist-wachtwoord"}))
        assert goed["verzonden"] == 1 and len(server.ontvangen) == 1
    finally:
        server.stop()


def test_wvggz_relay_verstuurt_nu_een_ronde(factory, clock, settings, smtp):
    wachtrij(factory, clock, 2)
    env = os.environ | {"WVGGZ_DATABASE_URL": settings.database_url, "WVGGZ_SMTP_HOST": "127.0.0.1",
                        "WVGGZ_SMTP_PORT": str(smtp.port), "WVGGZ_LOG_LEVEL": "WARNING",
                        "WVGGZ_SMTP_TLS": "false"}  # the test server speaks no STARTTLS
    uit = subprocess.run([sys.executable, "-m", "wvggz.cli", "relay"], env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert uit.returncode == 0, uit.stderr
    assert '"verzonden": 2' in uit.stdout
    assert len(smtp.ontvangen) == 2


def test_historie_toont_verzonden_en_mislukt(factory, clock, mail_settings, smtp):
    with factory() as s:
        for i, adres in enumerate(["ok@example.org", "x@weiger.example"]):
            plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder", dedup_sleutel=f"h{i}",
                   gegevens={"referentie": "M-2026-000077", "ontvangen_op": "13-04-2026", "gemeente": "Den Haag"},
                   now=clock.now(), zaak_type="melding", zaak_id=77, adres=adres)
        s.commit()
    relay(session_factory=factory, clock=clock, settings=mail_settings)
    with factory() as s:
        rijen = s.exec(select(Historie).where(Historie.zaak_id == 77).order_by(Historie.id)).all()
    assert [(h.actie, h.door) for h in rijen] == [("bericht_verzonden", "systeem"), ("bericht_mislukt", "systeem")]
    assert all("@" not in (h.reden or "") for h in rijen)  # no address in the case history
