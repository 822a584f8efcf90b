"""Single sign-on against a real OIDC provider (oidc-provider-mock on a free port on 127.0.0.1):
code flow with PKCE, role and gemeente from claims, and refusals for a wrong audience, an expired
token, a user without a role claim and a forged state."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from oidc_provider_mock import run_server_in_thread
from sqlmodel import select

from api.main import create_app
from wvggz.clock import FixedClock, SystemClock
from wvggz.gebruikers import oidc
from wvggz.gebruikers.models import Gebruiker


@pytest.fixture(scope="module")
def idp():
    with run_server_in_thread(port=0) as server:
        basis = f"http://localhost:{server.server_port}"
        zet = {"ilse": {"name": "Ilse Intake", "wvggz_rol": "intake", "gemeente": "Rijswijk"},
               "zonder-rol": {"name": "Zonder Rol", "gemeente": "Rijswijk"},
               "bm": {"name": "Bea Burgemeester", "wvggz_rol": "burgemeester", "gemeente": ["Delft", "Rijswijk"]}}
        for sub, claims in zet.items():
            httpx.put(f"{basis}/users/{sub}", json=claims).raise_for_status()
        yield basis


def _app(settings, factory, idp, clock):  # noqa: ANN001, ANN202
    instellingen = settings.model_copy(update={"oidc_issuer": idp, "oidc_client_id": "wvggz",
                                               "oidc_client_secret": "geheim", "basis_url": "http://testserver"})
    return create_app(instellingen, session_factory_=factory, clock=clock)


def _via_provider(client: TestClient, sub: str):  # noqa: ANN202
    """Walk the browser's path: our app -> provider (choose `sub`) -> back to our app."""
    r = client.get("/login/oidc", follow_redirects=False)
    assert r.status_code == 303
    naar = r.headers["location"]
    query = parse_qs(urlsplit(naar).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43  # PKCE
    assert query["client_id"] == ["wvggz"] and query["nonce"] and query["state"]
    terug = httpx.post(naar, data={"sub": sub}, follow_redirects=False)
    assert terug.status_code in (302, 303), terug.text
    deel = urlsplit(terug.headers["location"])
    assert deel.path == "/login/oidc/terug"
    return client.get(f"{deel.path}?{deel.query}", follow_redirects=False)


def test_inloggen_via_provider_met_rol_en_gemeente(settings, factory, idp, gebruikers):
    with TestClient(_app(settings, factory, idp, SystemClock())) as client:
        r = _via_provider(client, "ilse")
        assert r.status_code == 303 and r.headers["location"] == "/werkvoorraad"
        assert client.get("/werkvoorraad").status_code == 200
        with factory() as s:
            g = s.exec(select(Gebruiker).where(Gebruiker.extern_id == f"{idp}|ilse")).one()
            assert (g.rol, g.gemeente, g.naam) == ("intake", "Rijswijk", "Ilse Intake")
        client.cookies.clear()
        r = _via_provider(client, "bm")  # a list of gemeenten: the first
        assert r.headers["location"] == "/crisismaatregelen"
        with factory() as s:
            assert s.exec(select(Gebruiker).where(Gebruiker.extern_id == f"{idp}|bm")).one().gemeente == "Delft"


def test_gebruiker_zonder_rolclaim_geweigerd(settings, factory, idp, gebruikers):
    with TestClient(_app(settings, factory, idp, SystemClock())) as client:
        r = _via_provider(client, "zonder-rol")
        assert r.status_code == 403 and "geen (geldige) rol" in r.text
        assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303
        with factory() as s:
            assert s.exec(select(Gebruiker).where(Gebruiker.extern_id == f"{idp}|zonder-rol")).first() is None


def test_verlopen_token_geweigerd(settings, factory, idp, gebruikers):
    later = FixedClock(SystemClock().now() + timedelta(hours=2))  # the provider's tokens live 1 hour
    with TestClient(_app(settings, factory, idp, later)) as client:
        r = _via_provider(client, "ilse")
        assert r.status_code == 403 and "ID-token is ongeldig" in r.text
        assert client.get("/werkvoorraad", follow_redirects=False).status_code == 303


def test_verkeerde_audience_geweigerd(idp):
    """A genuine token of this provider, issued to another client, is not accepted by us."""
    naar = (f"{idp}/oauth2/authorize?response_type=code&client_id=ander-systeem&scope=openid"
            f"&redirect_uri=http://ander.example/terug&state=s1&nonce=n1")
    code = parse_qs(urlsplit(httpx.post(naar, data={"sub": "ilse"}).headers["location"]).query)["code"][0]
    token = httpx.post(f"{idp}/oauth2/token", auth=("ander-systeem", "x"), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "http://ander.example/terug"}).json()
    settings_ = type("S", (), {"oidc_issuer": idp})()
    prov = oidc.provider(settings_)
    kwargs = {"jwks": prov.jwks, "issuer": prov.issuer, "nonce": "n1", "clock": SystemClock()}
    assert oidc.controleer_id_token(token["id_token"], client_id="ander-systeem", **kwargs)["sub"] == "ilse"
    with pytest.raises(oidc.OidcFout, match="ongeldig"):
        oidc.controleer_id_token(token["id_token"], client_id="wvggz", **kwargs)
    with pytest.raises(oidc.OidcFout):
        oidc.controleer_id_token(token["id_token"], client_id="ander-systeem", **kwargs | {"nonce": "ander"})


def test_vervalste_state_geweigerd(settings, factory, idp, gebruikers):
    with TestClient(_app(settings, factory, idp, SystemClock())) as client:
        client.get("/login/oidc", follow_redirects=False)
        r = client.get("/login/oidc/terug?code=abc&state=vervalst")
        assert r.status_code == 403 and "verlopen of ongeldig" in r.text
