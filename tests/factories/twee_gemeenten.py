"""Two gemeenten with real cases, for the role x operation matrix: per gemeente one user per role and one
person with a melding, a triage, a crisismaatregel out of that triage (decided, so its beroep runs) and a
running term of the melding. Everything goes through the JSON API, as the users themselves would."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from tests.factories import WACHTWOORD, auth, melding_body
from tests.factories.crisismaatregel import BESLUIT
from tests.factories.triage import aankomst
from wvggz.crisismaatregelen.models import Beroep
from wvggz.gebruikers.models import Rol
from wvggz.gebruikers.service import maak_gebruiker, maak_token

GEMEENTEN = {"dh": "Den Haag", "rw": "Rijswijk"}


@dataclass
class Gemeente:
    naam: str
    ids: dict[str, int] = field(default_factory=dict)  # path parameter -> id of a real case of this gemeente


def gebruikers(factory, clock) -> dict[str, tuple]:  # noqa: ANN001
    """Return {"dh-intake": (Gebruiker, token), ...}: every role in both gemeenten."""
    uit = {}
    with factory() as s:
        for kort, gemeente in GEMEENTEN.items():
            for rol in Rol:
                naam = f"{kort}-{rol.value}"
                g = maak_gebruiker(session=s, clock=clock, gebruikersnaam=naam, rol=rol.value,
                                   wachtwoord=WACHTWOORD, gemeente=gemeente, naam=naam)
                uit[naam] = (g, maak_token(session=s, clock=clock, gebruiker=g))
        s.commit()
    return uit


def _ok(r, status: int = 200) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    return r.json()


def zaken(client, users: dict, factory, kort: str) -> Gemeente:  # noqa: ANN001
    """Create the cases of gemeente `kort` ("dh" or "rw") and return their ids by path parameter."""
    g = Gemeente(GEMEENTEN[kort])
    h = {rol: auth(users, f"{kort}-{rol}") for rol in ("intake", "ovp", "burgemeester")}
    triage = _ok(client.post("/api/v1/triages", json=aankomst(), headers=h["ovp"]), 201)
    persoon_id = triage["persoon"]["id"]
    melding = _ok(client.post("/api/v1/meldingen", headers=h["intake"], json=melding_body(
        betrokkene={"persoon_id": persoon_id}, melder=melding_body()["melder"] | {"woonplaats": g.naam})), 201)
    cm = _ok(client.post("/api/v1/crisismaatregelen", headers=h["ovp"], json={
        "betrokkene": {"persoon_id": persoon_id}, "aangevraagd_door": "crisisdienst", "gemeente_verblijf": g.naam,
        "locatie": "OVP", "triage_id": triage["id"]}), 201)
    pad = f"/api/v1/crisismaatregelen/{cm['id']}/acties/"
    cm = _ok(client.post(pad + "registreer_medische_verklaring", headers=h["burgemeester"], json={
        "versie": cm["versie"], "psychiater": "Dr. A. Jansen", "psychiater_onafhankelijk": True}))
    cm = _ok(client.post(pad + "registreer_horen", headers=h["burgemeester"], json={
        "versie": cm["versie"], "gehoord": False, "reden_niet_gehoord": "Wilde niet gehoord worden"}))
    cm = _ok(client.post(pad + "neem_maatregel", headers=h["burgemeester"], json={"versie": cm["versie"], **BESLUIT}))
    with factory() as s:
        beroep_id = s.exec(select(Beroep.id).where(Beroep.crisismaatregel_id == cm["id"])).one()
    termijn = next(t for t in melding["termijnen"] if t["status"] == "lopend")
    g.ids = {"melding_id": melding["id"], "triage_id": triage["id"], "crisismaatregel_id": cm["id"],
             "beroep_id": beroep_id, "persoon_id": persoon_id, "termijn_id": termijn["id"]}
    return g
