"""Business checks live in the services, so the JSON API and the pages answer alike: a likely duplicate
person needs a choice, and another gemeente's persoon_id, melding_id or triage_id answers exactly as one
that does not exist (same status, same message) and changes nothing. Two gemeenten: Den Haag and Rijswijk."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from sqlmodel import func, select

from tests.factories import auth, melding_body
from tests.factories.paginas import formulier, inloggen
from tests.factories.triage import maak as maak_triage
from wvggz.crisismaatregelen.models import Crisismaatregel
from wvggz.gebruikers.service import maak_gebruiker, maak_token
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.triage.models import Triage

GEEN = 999_999  # an id that exists nowhere
VRIES = {"voornaam": "Jan", "achternaam": "de Vries", "geboortedatum": "1971-03-02"}
CM = {"aangevraagd_door": "crisisdienst", "gemeente_verblijf": "Rijswijk", "locatie": "thuis"}


def tellingen(factory) -> tuple[int, int, int, int]:
    with factory() as s:
        return tuple(s.exec(select(func.count()).select_from(m)).one() for m in (Persoon, Melding, Crisismaatregel,
                                                                                   Triage))


def api(client, gebruikers, wie, pad, body) -> tuple[int, str, dict]:
    r = client.post(pad, json=body, headers=auth(gebruikers, wie))
    fout = r.json()["detail"][0] if r.status_code >= 400 else {}
    return r.status_code, fout.get("msg", ""), fout


def pagina(client, token, pad, data, veld) -> tuple[int, str]:
    """Post a form; return the status and the message shown at `veld` (empty when none)."""
    r = client.post(pad, data={"csrf_token": token, **data}, follow_redirects=False)
    veld_id = veld.replace(".", "-").replace("_", "-")
    gevonden = re.search(rf'id="{veld_id}-fout"[^>]*>([^<]*)<', r.text)
    return r.status_code, htmllib.unescape(gevonden.group(1)).strip() if gevonden else ""


@pytest.fixture
def den_haag(client, gebruikers) -> dict:
    """Den Haag's cases: a melding about Jan de Vries and a triage at its OVP."""
    r = client.post("/api/v1/meldingen", json=melding_body(betrokkene=VRIES), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    return {"melding": r.json(), "triage": maak_triage(client, gebruikers)}


def test_dubbele_persoon_vraagt_een_keuze_bij_beide_deuren(client, gebruikers, factory, den_haag):
    bestaand = den_haag["melding"]["betrokkene"]["id"]
    voor = tellingen(factory)
    status, msg, fout = api(client, gebruikers, "intake", "/api/v1/meldingen", melding_body(betrokkene=VRIES))
    assert (status, fout["loc"], fout["kandidaten"]) == (422, ["body", "betrokkene", "persoon_id"], [bestaand])
    assert "achternaam en geboortedatum" in msg and "nieuwe_persoon_bevestigd" in msg
    token = inloggen(client, "intake")
    velden = formulier(**{"betrokkene.achternaam": "de Vries", "betrokkene.geboortedatum": "1971-03-02"})
    r = client.post("/meldingen/nieuw", data={"csrf_token": token, **velden})
    assert r.status_code == status and htmllib.escape(msg, quote=False) in r.text
    assert f'value="{bestaand}"' in r.text  # the page offers the candidate to choose
    assert tellingen(factory) == voor  # neither door stored a second de Vries

    # choosing the candidate, or confirming a new person, goes through at both doors
    kies = melding_body(betrokkene={"persoon_id": bestaand})
    assert api(client, gebruikers, "intake", "/api/v1/meldingen", kies)[0] == 201
    r = client.post("/meldingen/nieuw", data={"csrf_token": token, **velden, "betrokkene.persoon_id": "nieuw"},
                    follow_redirects=False)
    assert r.status_code == 303
    nieuw = melding_body(betrokkene=VRIES | {"nieuwe_persoon_bevestigd": True})
    assert api(client, gebruikers, "intake", "/api/v1/meldingen", nieuw)[0] == 201
    assert tellingen(factory)[:2] == (voor[0] + 5, voor[1] + 3)  # two new de Vries, three melders


def test_dubbelcontrole_kijkt_alleen_in_de_eigen_gemeente(client, gebruikers, factory, den_haag):
    status, _, _ = api(client, gebruikers, "rijswijk", "/api/v1/meldingen", melding_body(betrokkene=VRIES))
    assert status == 201  # Den Haag's de Vries is neither a candidate nor revealed to Rijswijk
    with factory() as s:
        assert sorted(s.exec(select(Persoon.gemeente).where(Persoon.achternaam == "de Vries")).all()) == [
            "Den Haag", "Rijswijk"]


def test_persoon_id_van_een_andere_gemeente_bestaat_niet(client, gebruikers, factory, den_haag):
    vreemd = den_haag["melding"]["betrokkene"]["id"]
    voor = tellingen(factory)
    uitkomsten = {}
    token = inloggen(client, "rijswijk")
    for naam, pid in (("vreemd", vreemd), ("geen", GEEN)):
        body = melding_body(betrokkene={"persoon_id": pid})
        a = api(client, gebruikers, "rijswijk", "/api/v1/meldingen", body)[:2]
        p = pagina(client, token, "/meldingen/nieuw", formulier(**{"betrokkene.persoon_id": str(pid)}),
                   "betrokkene.persoon_id")
        uitkomsten[naam] = (a, p)
    assert uitkomsten["vreemd"] == uitkomsten["geen"]
    assert uitkomsten["vreemd"][0] == (422, "Deze persoon bestaat niet.") == uitkomsten["vreemd"][1]
    cm = CM | {"betrokkene": {"persoon_id": vreemd}}
    assert api(client, gebruikers, "rijswijk", "/api/v1/crisismaatregelen", cm)[:2] == (
        422, "Deze persoon bestaat niet.")
    assert tellingen(factory) == voor


def test_melding_id_van_een_andere_gemeente_bestaat_niet(client, gebruikers, factory, den_haag):
    voor = tellingen(factory)
    token = inloggen(client, "rijswijk")
    uitkomsten = {}
    for naam, mid in (("vreemd", den_haag["melding"]["id"]), ("geen", GEEN)):
        a = api(client, gebruikers, "rijswijk", "/api/v1/crisismaatregelen", CM | {"melding_id": mid})[:2]
        p = pagina(client, token, "/crisismaatregelen/nieuw", CM | {"melding_id": str(mid)}, "melding_id")
        uitkomsten[naam] = (a, p)
    assert uitkomsten["vreemd"] == uitkomsten["geen"]
    assert uitkomsten["vreemd"][0] == (422, "Deze melding bestaat niet.") == uitkomsten["vreemd"][1]
    assert tellingen(factory) == voor


def test_triage_id_van_een_andere_gemeente_bestaat_niet(client, gebruikers, factory, den_haag):
    voor = tellingen(factory)
    token = inloggen(client, "rijswijk")
    uitkomsten = {}
    body = CM | {"betrokkene": {"achternaam": "Smit"}}
    for naam, tid in (("vreemd", den_haag["triage"]["id"]), ("geen", GEEN)):
        a = api(client, gebruikers, "rijswijk", "/api/v1/crisismaatregelen", body | {"triage_id": tid})[:2]
        p = pagina(client, token, "/crisismaatregelen/nieuw",
                   CM | {"betrokkene.achternaam": "Smit", "triage_id": str(tid)}, "triage_id")
        uitkomsten[naam] = (a, p)
    assert uitkomsten["vreemd"] == uitkomsten["geen"]
    assert uitkomsten["vreemd"][0] == (422, "Deze triage bestaat niet.") == uitkomsten["vreemd"][1]
    assert tellingen(factory) == voor


@pytest.fixture
def ovp_rijswijk(factory, clock) -> tuple:
    with factory() as s:
        g = maak_gebruiker(session=s, clock=clock, gebruikersnaam="ovp-rijswijk", rol="ovp",
                           wachtwoord="geheim-wachtwoord", gemeente="Rijswijk", naam="Ovp Rijswijk")
        uit = (g, maak_token(session=s, clock=clock, gebruiker=g))
        s.commit()
    return uit


def test_triage_met_persoon_van_een_andere_gemeente(client, gebruikers, factory, den_haag, ovp_rijswijk):
    gebruikers["ovp-rijswijk"] = ovp_rijswijk
    vreemd = den_haag["melding"]["betrokkene"]["id"]
    aankomst = {"gebracht_door": "politie", "verdacht_van_strafbaar_feit": False}
    uit = [api(client, gebruikers, "ovp-rijswijk", "/api/v1/triages", aankomst | {"persoon": {"persoon_id": pid}})
           for pid in (vreemd, GEEN)]
    assert [u[:2] for u in uit] == [(422, "Deze persoon bestaat niet.")] * 2
    t = api(client, gebruikers, "ovp-rijswijk", "/api/v1/triages", aankomst)
    assert t[0] == 201
    [t] = [r for r in client.get("/api/v1/triages", headers=auth(gebruikers, "ovp-rijswijk")).json()["items"]]
    detail = client.get(f"/api/v1/triages/{t['id']}", headers=auth(gebruikers, "ovp-rijswijk")).json()
    koppel = [api(client, gebruikers, "ovp-rijswijk", f"/api/v1/triages/{t['id']}/acties/koppel_persoon",
                  {"versie": detail["versie"], "persoon": {"persoon_id": pid}})[:2] for pid in (vreemd, GEEN)]
    assert koppel == [(422, "Deze persoon bestaat niet.")] * 2


def test_zoeken_toont_alleen_personen_van_de_eigen_gemeente(client, gebruikers, den_haag, ovp_rijswijk):
    api(client, gebruikers, "rijswijk", "/api/v1/meldingen",
        melding_body(betrokkene={"achternaam": "de Vries", "voornaam": "Rijswijkse", "geboortedatum": "1990-01-01"}))
    token = inloggen(client, "rijswijk")
    html = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, knop="zoek", zoek_naam="de vr")).text
    assert "Rijswijkse de Vries" in html and "Jan de Vries" not in html
    token = inloggen(client, "intake")
    html = client.post("/meldingen/nieuw", data=formulier(csrf_token=token, knop="zoek", zoek_naam="de vr")).text
    assert "Jan de Vries" in html and "Rijswijkse" not in html
    # the OVP form of Rijswijk
    client.cookies.clear()
    r = client.post("/login", data={"gebruikersnaam": "ovp-rijswijk", "wachtwoord": "geheim-wachtwoord",
                                    "csrf_token": inloggen_token(client)}, follow_redirects=False)
    assert r.status_code == 303
    token = inloggen_token(client, "/ovp")
    html = client.post("/ovp/aankomst", data={"csrf_token": token, "knop": "zoek",
                                              "persoon.achternaam": "de vr"}).text
    assert "Rijswijkse de Vries" in html and "Jan de Vries" not in html


def inloggen_token(client, pad="/login") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(pad).text).group(1)


def test_melding_vanuit_triage_van_een_andere_gemeente(factory, clock, gebruikers, settings, den_haag):
    from wvggz.errors import MissingField
    from wvggz.meldingen import service
    from wvggz.meldingen.schemas import MeldingCreate

    data = MeldingCreate.model_validate(melding_body(betrokkene={"achternaam": "Smit"}))
    fouten = []
    for tid in (den_haag["triage"]["id"], GEEN):
        with factory() as s, pytest.raises(MissingField) as exc:
            service.registreer(session=s, clock=clock, actor=s.merge(gebruikers["rijswijk"][0]), data=data,
                               settings=settings, triage_id=tid)
        fouten.append((exc.value.veld, exc.value.message))
    assert fouten == [("triage_id", "Deze triage bestaat niet.")] * 2


def test_werkvoorraad_zoeken_via_de_api_blijft_in_de_eigen_gemeente(client, gebruikers, den_haag):
    r = client.post("/api/v1/meldingen/zoeken", json={"zoek": "de vries"}, headers=auth(gebruikers, "rijswijk"))
    assert r.status_code == 200 and r.json()["items"] == []
    r = client.post("/api/v1/meldingen/zoeken", json={"zoek": "de vries"}, headers=auth(gebruikers, "intake"))
    assert [i["id"] for i in r.json()["items"]] == [den_haag["melding"]["id"]]
