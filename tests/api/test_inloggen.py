"""Issue 11 point 3: throttling per address and per account, lockout (released by time or beheer),
password policy, changing one's own password, optional TOTP."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from tests.factories.paginas import WACHTWOORD, csrf, inloggen
from wvggz.errors import MissingField
from wvggz.gebruikers import beheer
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.service import maak_gebruiker


def _poging(client, naam: str, wachtwoord: str):  # noqa: ANN202
    token = csrf(client.get("/login").text)
    return client.post("/login", data={"gebruikersnaam": naam, "wachtwoord": wachtwoord, "csrf_token": token},
                       follow_redirects=False)


def test_blokkade_na_vijf_fouten_ook_met_juist_wachtwoord(client, gebruikers, clock, factory):
    for _ in range(5):
        assert _poging(client, "intake", "fout-wachtwoord-xyz").status_code == 400
    r = _poging(client, "intake", WACHTWOORD)
    assert r.status_code == 400 and "onjuist wachtwoord" in r.text  # locked: the right one is refused
    clock.advance(minutes=16)
    assert _poging(client, "intake", WACHTWOORD).status_code == 303  # released by time


def test_beheer_heft_blokkade_op(client, gebruikers, clock, factory):
    for _ in range(5):
        _poging(client, "intake", "fout-wachtwoord-xyz")
    with factory() as s:
        beheer.deblokkeer(s, clock, None, beheer.zoek(s, "intake"))
        s.commit()
    assert _poging(client, "intake", WACHTWOORD).status_code == 303


def test_geslaagde_login_zet_teller_terug(client, gebruikers):
    for _ in range(4):
        _poging(client, "intake", "fout-wachtwoord-xyz")
    assert _poging(client, "intake", WACHTWOORD).status_code == 303
    client.cookies.clear()
    for _ in range(4):
        _poging(client, "intake", "fout-wachtwoord-xyz")
    assert _poging(client, "intake", WACHTWOORD).status_code == 303


@pytest.fixture
def streng(settings, factory, clock, gebruikers):
    app = create_app(settings.model_copy(update={"inlog_per_adres": "6/minute", "inlog_per_account": "3/minute"}),
                     session_factory_=factory, clock=clock)
    with TestClient(app) as c:
        yield c


def test_rem_per_account(streng):
    for _ in range(3):
        _poging(streng, "intake", "fout-wachtwoord-xyz")
    r = _poging(streng, "intake", WACHTWOORD)
    assert r.status_code == 429 and "Te veel inlogpogingen" in r.text


def test_rem_per_adres(streng):
    for naam in ("a1", "a2", "a3", "a4", "a5", "a6"):
        _poging(streng, naam, "fout-wachtwoord-xyz")
    assert _poging(streng, "pl", WACHTWOORD).status_code == 429


@pytest.mark.parametrize("wachtwoord", ["kort-11-tek", "wachtwoord123", "Welkom2026!!", "aaaaaaaaaaaaaaaa",
                                        "isjan-2026!!!!!!"])
def test_wachtwoordbeleid(session, clock, wachtwoord):
    with pytest.raises(MissingField) as fout:
        maak_gebruiker(session=session, clock=clock, gebruikersnaam="isjan", rol="intake", wachtwoord=wachtwoord,
                       gemeente="Den Haag")
    assert fout.value.veld == "wachtwoord"


def test_eigen_wachtwoord_wijzigen(client, gebruikers):
    token = inloggen(client, "intake")
    r = client.post("/account/wachtwoord", data={"huidig": WACHTWOORD, "nieuw": "wachtwoord123",
                                                  "herhaal": "wachtwoord123", "csrf_token": token})
    assert r.status_code == 422 and "voorspelbaar" in r.text
    r = client.post("/account/wachtwoord", data={"huidig": "verkeerd-wachtwoord", "nieuw": "een lange nieuwe zin",
                                                  "herhaal": "een lange nieuwe zin", "csrf_token": token})
    assert r.status_code == 422 and "huidige wachtwoord klopt niet" in r.text
    r = client.post("/account/wachtwoord", data={"huidig": WACHTWOORD, "nieuw": "een lange nieuwe zin",
                                                  "herhaal": "een lange nieuwe zin", "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?gewijzigd=1"
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303  # logged out
    assert _poging(client, "intake", WACHTWOORD).status_code == 400
    assert _poging(client, "intake", "een lange nieuwe zin").status_code == 303


def test_tweede_factor_aanzetten_en_inloggen(client, gebruikers, clock, factory):
    token = inloggen(client, "intake")
    client.post("/account/tweede-factor/start", data={"csrf_token": token})
    pagina = client.get("/account").text
    geheim = pagina.split("<code>")[1].split("</code>")[0]
    assert client.post("/account/tweede-factor/bevestig", data={"code": "000000", "csrf_token": token}
                       ).status_code == 422
    code = pyotp.TOTP(geheim).at(clock.now())
    assert client.post("/account/tweede-factor/bevestig", data={"code": code, "csrf_token": token},
                       follow_redirects=False).status_code == 303
    with factory() as s:
        assert s.get(Gebruiker, gebruikers["intake"][0].id).totp_geheim == geheim
    client.cookies.clear()
    r = _poging(client, "intake", WACHTWOORD)
    assert r.headers["location"] == "/login/tweede-factor"
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303  # not yet logged in
    tf = csrf(client.get("/login/tweede-factor").text)
    assert client.post("/login/tweede-factor", data={"code": "123456", "csrf_token": tf}).status_code == 400
    r = client.post("/login/tweede-factor", data={"code": pyotp.TOTP(geheim).at(clock.now()), "csrf_token": tf},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"
    assert client.get("/werkvoorraad").status_code == 200
