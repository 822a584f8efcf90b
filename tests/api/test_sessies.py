"""Issue 11 point 1: no forged sessions. Server-side sessions end on logout, deactivation and expiry; the
JSON API takes bearer tokens only; the app refuses to start without a strong key outside ontwikkeling."""

from __future__ import annotations

import base64
import json
import os
import stat

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from api.main import create_app
from tests.factories import auth
from tests.factories.paginas import inloggen
from wvggz.config import Settings
from wvggz.gebruikers import beheer
from wvggz.sleutel import ZwakkeSleutel, geheime_sleutel


def _starlette_cookie(data: dict, sleutel: str) -> str:
    """A cookie as Starlette's SessionMiddleware signs it: what an attacker with the published key makes."""
    return TimestampSigner(sleutel).sign(base64.b64encode(json.dumps(data).encode())).decode()


@pytest.mark.parametrize("sleutel", ["dev-only-change-me", "test-sleutel-0123456789-abcdefghijklmnopqrstuvwxyz"])
def test_zelf_getekende_cookie_geeft_geen_toegang(client, gebruikers, sleutel):
    client.cookies.set("wvggz_sessie", _starlette_cookie({"gebruiker_id": gebruikers["bm"][0].id}, sleutel))
    r = client.get("/crisismaatregelen", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/crisismaatregelen"
    assert client.get("/api/v1/crisismaatregelen").status_code == 401


def test_api_neemt_geen_sessiecookie(client, gebruikers):
    inloggen(client, "intake")
    assert client.get("/werkvoorraad").status_code == 200  # the page session works
    r = client.get("/api/v1/berichten/inbox")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/berichten/inbox", headers=auth(gebruikers, "intake")).status_code == 200


def test_uitloggen_maakt_de_oude_cookie_waardeloos(client, gebruikers):
    token = inloggen(client, "intake")
    oud = client.cookies["wvggz_sessie"]
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set("wvggz_sessie", oud)  # replay the cookie captured before logout
    r = client.get("/werkvoorraad", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/werkvoorraad"


def test_inloggen_geeft_een_nieuwe_sleutel(client, gebruikers):
    client.get("/login")
    voor = client.cookies["wvggz_sessie"]
    inloggen(client, "intake")
    assert client.cookies["wvggz_sessie"] != voor
    client.cookies.clear()
    client.cookies.set("wvggz_sessie", voor)  # the pre-login (possibly planted) key is not logged in
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303


def test_deactiveren_beeindigt_sessie_en_token(client, gebruikers, factory, clock):
    inloggen(client, "intake")
    with factory() as s:
        beheer.deactiveer(s, clock, None, beheer.zoek(s, "intake"))
        s.commit()
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/berichten/inbox", headers=auth(gebruikers, "intake")).status_code == 401


def test_sessie_verloopt_na_inactiviteit_en_absoluut(client, gebruikers, clock, settings):
    inloggen(client, "intake")
    clock.advance(seconds=settings.sessie_inactief_seconden - 120)
    assert client.get("/werkvoorraad").status_code == 200  # activity keeps it alive
    clock.advance(seconds=settings.sessie_inactief_seconden + 1)
    assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303
    inloggen(client, "intake")
    stap = settings.sessie_inactief_seconden - 60
    for _ in range(settings.session_max_age // stap + 1):  # active all the time, still ends after max_age
        clock.advance(seconds=stap)
        r = client.get("/werkvoorraad", follow_redirects=False)
    assert r.status_code == 303


def test_start_geweigerd_zonder_sterke_sleutel(tmp_path, factory, clock):
    for sleutel in ("", "dev-only-change-me", "kort"):
        with pytest.raises(ZwakkeSleutel):
            create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key=sleutel),
                       session_factory_=factory, clock=clock)


def test_ontwikkeling_maakt_en_bewaart_een_sterke_sleutel(tmp_path):
    bestand = tmp_path / "var" / "secret_key"
    instellingen = Settings(omgeving="ontwikkeling", secret_key="")
    eerste = geheime_sleutel(instellingen, bestand)
    assert len(eerste) >= 32 and geheime_sleutel(instellingen, bestand) == eerste
    assert stat.S_IMODE(os.stat(bestand).st_mode) == 0o600


def test_https_geeft_secure_cookie_en_hsts(settings, factory, clock, gebruikers):
    assert Settings().via_https and not Settings(omgeving="ontwikkeling").via_https  # default outside dev
    app = create_app(settings.model_copy(update={"https": True}), session_factory_=factory, clock=clock)
    with TestClient(app, base_url="https://testserver") as c:
        r = c.get("/login")
        assert "secure" in r.headers["set-cookie"].lower()
        assert r.headers["strict-transport-security"].startswith("max-age=31536000")
    with TestClient(create_app(settings, session_factory_=factory, clock=clock)) as c:
        assert "strict-transport-security" not in c.get("/login").headers


def test_opruimjob_verwijdert_verlopen_sessies(client, gebruikers, factory, clock, settings):
    from sqlmodel import func, select

    from wvggz.gebruikers.sessies import Sessie
    from wvggz.jobs import sessies_opruimen

    inloggen(client, "intake")
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Sessie)).one() >= 1
    clock.advance(seconds=settings.session_max_age + 1)
    assert sessies_opruimen(session_factory=factory, clock=clock, settings=settings) >= 1
    with factory() as s:
        assert s.exec(select(func.count()).select_from(Sessie)).one() == 0
