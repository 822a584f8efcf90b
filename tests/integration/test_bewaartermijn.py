"""Retention: a closed melding without aanvraag is anonymised 5 years after closure; figures keep counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from tests.factories import auth, melding_body
from wvggz.audit.keten import controleer
from wvggz.audit.models import Historie
from wvggz.bewaartermijn.regels import regels
from wvggz.bewaartermijn.service import WEG, voer_uit
from wvggz.cli import main
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.schermen.cijfers import per_maand


def _sluit(factory, clock, melding_id, besluit):
    with factory() as s:
        m = s.get(Melding, melding_id)
        m.open, m.status, m.besluit = False, "afgesloten", besluit
        m.besloten_op = m.afgesloten_op = clock.now() + timedelta(days=3)
        m.tijdig_besloten = True
        m.wijkteam_advies = "advies met gezondheidsgegevens"
        s.add(m)
        s.commit()


def _nieuw(client, gebruikers, **over) -> int:
    r = client.post("/api/v1/meldingen", json=melding_body(**over), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return r.json()["id"]


@pytest.fixture
def drie(client, gebruikers, factory, clock):
    """Closed without aanvraag (goes after 5 years) and closed with aanvraag (stays by default)."""
    weg = _nieuw(client, gebruikers, betrokkene={"voornaam": "Ada", "achternaam": "Weg", "geboortedatum": "1980-01-02",
                                                  "postcode": "2511ab", "woonplaats": "Den Haag"})
    blijft = _nieuw(client, gebruikers)
    _sluit(factory, clock, weg, "geen_aanvraag")
    _sluit(factory, clock, blijft, "aanvraag")
    return weg, blijft, None


def test_proef_toont_wat_zou_gaan_en_verandert_niets(drie, factory, clock, settings):
    weg, blijft, _ = drie
    assert voer_uit(session_factory=factory, clock=clock, settings=settings, proef=True) == []
    clock.set(clock.now() + timedelta(days=3 + 5 * 365 + 2))
    lijst = voer_uit(session_factory=factory, clock=clock, settings=settings, proef=True)
    assert [r["zaak_id"] for r in lijst] == [weg]
    assert lijst[0]["regel"] == "melding_zonder_aanvraag" and len(lijst[0]["personen"]) == 2
    with factory() as s:
        assert s.get(Melding, weg).geanonimiseerd_op is None
        assert s.get(Persoon, s.get(Melding, weg).betrokkene_id).achternaam == "Weg"


def test_net_voor_de_termijn_blijft_alles(drie, factory, clock, settings):
    clock.set(clock.now() + timedelta(days=3) + timedelta(days=5 * 365))  # 2031-04-15: one day short (leap year)
    assert voer_uit(session_factory=factory, clock=clock, settings=settings) == []


def test_anonimiseert_houdt_cijfers_en_schrijft_historie(drie, factory, clock, settings):
    weg, blijft, _ = drie
    besloten = clock.now() + timedelta(days=4)
    with factory() as s:
        cijfers_voor = per_maand(s, "Den Haag", besloten)
        betrokkene_id = s.get(Melding, weg).betrokkene_id
    clock.set(clock.now() + timedelta(days=3 + 5 * 365 + 2))
    gedaan = voer_uit(session_factory=factory, clock=clock, settings=settings)
    assert [g["zaak_id"] for g in gedaan] == [weg]
    with factory() as s:
        m = s.get(Melding, weg)
        assert m.zorgen == WEG and m.wijkteam_advies is None and m.geanonimiseerd_op is not None
        assert (m.besluit, m.status, m.tijdig_besloten, m.gemeente) == ("geen_aanvraag", "afgesloten", True, "Den Haag")
        p = s.get(Persoon, betrokkene_id)
        assert (p.achternaam, p.voornaam, p.geboortedatum, p.postcode) == (WEG, None, None, None)
        assert s.get(Melding, blijft).zorgen != WEG
        assert per_maand(s, "Den Haag", besloten) == cijfers_voor
        regel = s.exec(select(Historie).where(Historie.zaak_id == weg, Historie.actie == "bewaartermijn_verstreken")).one()
        assert "melding_zonder_aanvraag" in regel.reden and "Weg" not in regel.reden and "Ada" not in regel.reden
        assert controleer(s).in_orde  # the chain survives retention
    assert voer_uit(session_factory=factory, clock=clock, settings=settings) == []  # once only


def test_gedeelde_persoon_blijft_zolang_een_andere_zaak_hem_nodig_heeft(client, gebruikers, factory, clock, settings):
    eerste = _nieuw(client, gebruikers)
    _sluit(factory, clock, eerste, "geen_aanvraag")
    with factory() as s:
        betrokkene = s.get(Melding, eerste).betrokkene_id
        tweede = Melding(**{**s.get(Melding, eerste).model_dump(exclude={"id", "versie"}), "open": True,
                            "besluit": None, "afgesloten_op": None})
        s.add(tweede)
        s.commit()
    clock.set(clock.now() + timedelta(days=6 * 365))
    voer_uit(session_factory=factory, clock=clock, settings=settings)
    with factory() as s:
        assert s.get(Melding, eerste).geanonimiseerd_op is not None
        assert s.get(Persoon, betrokkene).achternaam == "de Vries"


def test_termijn_is_instelbaar(drie, factory, clock, settings):
    weg, blijft, _ = drie
    settings.bewaartermijnen = {"melding_met_aanvraag": 10, "melding_zonder_aanvraag": None}
    clock.set(clock.now() + timedelta(days=3 + 5 * 365 + 2))
    assert voer_uit(session_factory=factory, clock=clock, settings=settings, proef=True) == []
    clock.set(clock.now() + timedelta(days=5 * 365 + 2))
    assert [r["zaak_id"] for r in voer_uit(session_factory=factory, clock=clock, settings=settings, proef=True)] == [
        blijft]
    settings.bewaartermijnen = {"onbekend": 3}
    with pytest.raises(ValueError, match="onbekende soort"):
        regels(settings)


def test_commando_proef(drie, settings, monkeypatch, capsys):
    monkeypatch.setenv("WVGGZ_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("WVGGZ_BEWAARTERMIJNEN", '{"melding_zonder_aanvraag": 1}')
    from wvggz.config import get_settings

    get_settings.cache_clear()
    try:
        # the system clock is far past 2026-04-16 + 1 year only from 2027 on; the dry run must not change anything
        assert main(["bewaartermijn", "--proef"]) == 0
    finally:
        get_settings.cache_clear()
    assert "Zou gaan:" in capsys.readouterr().err


def test_nachtelijke_job_met_vast_id(settings, factory, clock):
    from wvggz.scheduler import build

    scheduler = build(settings, clock=clock, factory=factory)
    job = scheduler.get_job("bewaartermijn")
    assert job is not None and "hour='2'" in str(job.trigger)
