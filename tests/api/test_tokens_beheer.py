"""Issue 11 point 4: tokens expire and can be revoked; users can be deactivated (CLI and beheer page);
`laatst_gebruikt` is recorded."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.factories import auth
from tests.factories.paginas import inloggen
from wvggz import cli
from wvggz.config import get_settings
from wvggz.gebruikers.models import ApiToken, Gebruiker
from wvggz.gebruikers.service import maak_token

INBOX = "/api/v1/berichten/inbox"


def test_token_verloopt(client, gebruikers, clock):
    assert client.get(INBOX, headers=auth(gebruikers, "intake")).status_code == 200
    clock.advance(days=90)
    assert client.get(INBOX, headers=auth(gebruikers, "intake")).status_code == 401


def test_laatst_gebruikt_wordt_bijgehouden(client, gebruikers, factory, clock):
    client.get(INBOX, headers=auth(gebruikers, "intake"))
    with factory() as s:
        token = s.exec(select(ApiToken).where(ApiToken.gebruiker_id == gebruikers["intake"][0].id)).one()
        assert token.laatst_gebruikt == clock.now()


@pytest.fixture
def cli_db(settings, monkeypatch):
    monkeypatch.setenv("WVGGZ_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _token_id(factory, naam: str) -> int:
    with factory() as s:
        g = s.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == naam)).one()
        return s.exec(select(ApiToken).where(ApiToken.gebruiker_id == g.id)).first().id


def test_cli_token_intrekken(client, gebruikers, factory, cli_db, capsys):
    assert cli.main(["token", "intrekken", str(_token_id(factory, "intake"))]) == 0
    assert client.get(INBOX, headers=auth(gebruikers, "intake")).status_code == 401
    assert client.get(INBOX, headers=auth(gebruikers, "intake2")).status_code == 200


def test_cli_gebruiker_intrekken_en_deactiveer(client, gebruikers, cli_db, capsys):
    assert cli.main(["gebruiker", "intrekken", "intake"]) == 0
    assert client.get(INBOX, headers=auth(gebruikers, "intake")).status_code == 401
    assert cli.main(["gebruiker", "deactiveer", "intake2"]) == 0
    assert client.get(INBOX, headers=auth(gebruikers, "intake2")).status_code == 401
    client.get("/login")
    r = client.post("/login", data={"gebruikersnaam": "intake2", "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": "x"}, follow_redirects=False)
    assert r.status_code != 303
    assert cli.main(["gebruiker", "deactiveer", "bestaat-niet"]) == 2


def test_cli_token_maak_met_geldigheid(client, gebruikers, cli_db, capsys, clock):
    assert cli.main(["token", "maak", "pl", "--dagen", "1"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    # the CLI uses the system clock; the app's FixedClock is in 2026: the token is valid then
    assert client.get(INBOX, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_beheerpagina_trekt_in_en_deactiveert(client, gebruikers, factory, clock):
    token = inloggen(client, "beheer")
    r = client.get("/beheer/gebruikers")
    assert r.status_code == 200 and "intake2" in r.text and "rijswijk" not in r.text  # own gemeente only
    with factory() as s:
        extra = maak_token(session=s, clock=clock, gebruiker=s.get(Gebruiker, gebruikers["pl"][0].id))
        s.commit()
    tid = _token_id(factory, "pl")
    assert client.post(f"/beheer/tokens/{tid}/intrekken", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert client.get(INBOX, headers=auth(gebruikers, "pl")).status_code == 401
    assert client.get(INBOX, headers={"Authorization": f"Bearer {extra}"}).status_code == 200
    g_id = gebruikers["intake"][0].id
    assert client.post(f"/beheer/gebruikers/{g_id}/deactiveer", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert client.get(INBOX, headers=auth(gebruikers, "intake")).status_code == 401
    andere = gebruikers["rijswijk"][0].id
    assert client.post(f"/beheer/gebruikers/{andere}/deactiveer", data={"csrf_token": token}).status_code == 404


def test_beheerpagina_alleen_voor_beheer(client, gebruikers):
    inloggen(client, "intake")
    assert client.get("/beheer/gebruikers").status_code == 403
