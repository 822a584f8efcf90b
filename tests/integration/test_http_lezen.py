"""The HTTP path reads without SQLite's write lock (ADR 0018): a GET reads in deferred transactions and writes
its access rows in one short writer; a POST answers from a read after its commit; the token lookup is one
indexed read; a write inside a read transaction fails loudly. Every read of a person's record is still logged."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlmodel import func, select

from tests.factories import auth, melding_body
from wvggz.audit.models import Toegang
from wvggz.db import LeesFout, lees, leessessie, schrijf
from wvggz.gebruikers.models import Gebruiker

SCHRIJVEND = ("INSERT", "UPDATE", "DELETE")


def _transacties(regels: list[str]) -> list[list[str]]:
    """Split the statements at each BEGIN: one list per transaction, its BEGIN first."""
    uit: list[list[str]] = []
    for regel in regels:
        if regel.startswith("BEGIN"):
            uit.append([regel])
        elif uit:
            uit[-1].append(regel)
    return uit


def _schrijft(t: list[str]) -> bool:
    return any(r.lstrip().upper().startswith(SCHRIJVEND) for r in t[1:])


def _toegang(factory) -> int:  # noqa: ANN001
    with factory() as s:
        return s.exec(select(func.count()).select_from(Toegang)).one()


@pytest.fixture
def melding_id(client, gebruikers) -> int:
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    client.get(f"/api/v1/meldingen/{r.json()['id']}", headers=auth(gebruikers, "intake"))  # token bookkeeping done
    return r.json()["id"]


@pytest.mark.sqlite_only  # SQLite's BEGIN kinds
def test_get_leest_zonder_schrijfslot_en_logt_in_een_korte_schrijver(client, gebruikers, factory, teller,
                                                                     melding_id):
    voor = _toegang(factory)
    teller.clear()
    r = client.get(f"/api/v1/meldingen/{melding_id}", headers=auth(gebruikers, "intake"))
    assert r.status_code == 200
    transacties = _transacties(teller)
    schrijvers = [t for t in transacties if _schrijft(t)]
    assert len(schrijvers) == 1 and schrijvers[0][0] == "BEGIN IMMEDIATE"
    geschreven = [r for r in schrijvers[0][1:] if r.lstrip().upper().startswith(SCHRIJVEND)]
    assert any(r.startswith("INSERT INTO toegang") for r in geschreven)
    assert all("toegang" in r or "audit_keten" in r for r in geschreven)  # the access rows and their chain only
    lezers = [t for t in transacties if not _schrijft(t)]
    assert lezers and all(t[0] == "BEGIN" for t in lezers)  # token, case and detail: no write lock
    assert not any("FROM historie" in r or "FROM termijn" in r for r in schrijvers[0])  # the detail is read outside
    assert _toegang(factory) == voor + 2  # melder and betrokkene: the read is logged per person


@pytest.mark.sqlite_only  # SQLite's BEGIN kinds
def test_post_antwoordt_uit_een_lezing_na_de_commit(client, gebruikers, teller, melding_id):
    g = gebruikers["intake"][0]
    teller.clear()
    r = client.post(f"/api/v1/meldingen/{melding_id}/acties/start_onderzoek",
                    json={"versie": 1, "behandelaar_id": g.id}, headers=auth(gebruikers, "intake"))
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "in_onderzoek" and r.json()["versie"] == 2
    transacties = _transacties(teller)
    schrijvers = [i for i, t in enumerate(transacties) if _schrijft(t)]
    assert len(schrijvers) == 1 and transacties[schrijvers[0]][0] == "BEGIN IMMEDIATE"
    na = transacties[schrijvers[0] + 1:]
    assert na and all(t[0] == "BEGIN" and not _schrijft(t) for t in na)  # the answer: a read after the commit
    assert any("FROM historie" in r for t in na for r in t)
    assert not any("FROM historie" in r for r in transacties[schrijvers[0]])  # not re-read under the lock


def test_token_opzoeken_is_een_geindexeerde_lezing(client, gebruikers, teller, melding_id):
    teller.clear()
    r = client.get(f"/api/v1/meldingen/{melding_id}", headers=auth(gebruikers, "intake"))
    assert r.status_code == 200
    token = [r for r in teller if "api_token" in r]
    assert len(token) == 1 and token[0].lstrip().upper().startswith("SELECT")  # no laatst_gebruikt within a minute
    assert "JOIN gebruiker" in token[0]


def test_elke_lezing_van_een_dossier_blijft_gelogd(client, gebruikers, factory, melding_id):
    voor = _toegang(factory)
    for _ in range(3):
        assert client.get(f"/api/v1/meldingen/{melding_id}", headers=auth(gebruikers, "intake")).status_code == 200
    assert _toegang(factory) == voor + 6
    with factory() as s:
        rijen = s.exec(select(Toegang).order_by(Toegang.id.desc()).limit(6)).all()
    assert {(t.handeling, t.zaak_id, t.doel) for t in rijen} == {("lees", melding_id, "inzien")}


def test_schrijven_in_een_leestransactie_faalt_luid(factory, gebruikers):
    with factory() as s:
        lees(s)
        s.exec(select(Gebruiker)).first()
        s.add(Gebruiker(gebruikersnaam="x", naam="X", rol="intake", gemeente="Den Haag", wachtwoord_hash="-"))
        with pytest.raises(LeesFout):
            s.flush()
        s.rollback()
    with factory() as s:
        lees(s)
        with pytest.raises(LeesFout):
            s.execute(insert(Toegang).values(op=None, handeling="lees", zaak_type="melding", doel="x"))
        s.rollback()


def test_leessessie_opent_een_schrijver_alleen_via_schrijf(factory, gebruikers):
    with factory() as s:
        leessessie(s)
        s.exec(select(Gebruiker)).first()
        with pytest.raises(LeesFout):  # a plain write in a GET's session is refused
            s.execute(insert(Toegang).values(op=None, handeling="lees", zaak_type="melding", doel="x"))
        s.rollback()
        schrijf(s)  # the writer (BEGIN IMMEDIATE on SQLite): writes are allowed
        g = s.exec(select(Gebruiker).where(Gebruiker.gebruikersnaam == "pl")).one()
        g.naam = "Ander"
        s.commit()
        s.exec(select(Gebruiker)).first()  # the next transaction reads again
        assert s.connection().get_execution_options().get("wvggz_lezen")
        s.rollback()
    with factory() as s:
        assert s.exec(select(Gebruiker.naam).where(Gebruiker.gebruikersnaam == "pl")).one() == "Ander"


def test_registratie_antwoordt_uit_wat_ze_schreef(client, gebruikers, teller):
    teller.clear()
    r = client.post("/api/v1/meldingen", json=melding_body(), headers=auth(gebruikers, "intake"))
    assert r.status_code == 201, r.text
    tabellen = ("persoon", "termijn", "historie", "bericht")
    terug = [s for s in teller if s.lstrip().upper().startswith("SELECT") and any(f"FROM {t}" in s for t in tabellen)]
    assert len(terug) <= 1  # only the history (written with Core, chained) is read back
    if any(s.strip() == "BEGIN IMMEDIATE" for s in teller):  # SQLite: that read comes after the commit, as a read
        schrijver = max(i for i, s in enumerate(teller) if s.strip() == "BEGIN IMMEDIATE")
        na = next(i for i in range(schrijver, len(teller)) if teller[i].strip() == "BEGIN")
        assert not any(f"FROM {t}" in s for s in teller[schrijver:na] for t in tabellen)  # nothing under the lock
    getoond = client.get(f"/api/v1/meldingen/{r.json()['id']}", headers=auth(gebruikers, "intake")).json()
    for veld in ("termijnen", "historie", "berichten", "melder", "betrokkene", "status", "versie"):
        assert r.json()[veld] == getoond[veld], veld  # the same answer as reading it back
