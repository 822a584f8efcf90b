"""The floor of the HTTP benchmark (bench_http.py): a minimal ASGI app, served by the same `wvggz.serve.start`
(uvicorn, same workers, same TCP_NODELAY socket, same JSON access log), that writes per request the rows an
intake writes, with plain SQL through the same driver (sqlite3 / psycopg), and answers a small JSON.

POST /intake: BEGIN (IMMEDIATE on SQLite); 2 persons, case, term, history, 2 access rows, outbox; COMMIT.
POST /actie/{id}: BEGIN; UPDATE case (versie check), history, access row; COMMIT.
The database comes from WVGGZ_VLOER_URL (a SQLAlchemy URL); tables `vloer_*` are created when missing."""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime, timedelta

import anyio

TABELLEN = (
    "CREATE TABLE IF NOT EXISTS vloer_persoon (id {pk}, gemeente VARCHAR(80) NOT NULL, voornaam VARCHAR(80),"
    " achternaam VARCHAR(120) NOT NULL, geboortedatum DATE, woonplaats VARCHAR(80), email VARCHAR(200),"
    " aangemaakt_op TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS vloer_zaak (id {pk}, gemeente VARCHAR(80) NOT NULL, status VARCHAR(40) NOT NULL,"
    " versie INTEGER NOT NULL, ontvangen_op TIMESTAMP NOT NULL, kanaal VARCHAR(20) NOT NULL,"
    " melder_id INTEGER NOT NULL REFERENCES vloer_persoon(id), betrokkene_id INTEGER NOT NULL REFERENCES"
    " vloer_persoon(id), zorgen TEXT NOT NULL, uiterlijk_besluit_op TIMESTAMP NOT NULL)",
    "CREATE TABLE IF NOT EXISTS vloer_termijn (id {pk}, zaak_type VARCHAR(20) NOT NULL, zaak_id INTEGER NOT NULL,"
    " soort VARCHAR(40) NOT NULL, start TIMESTAMP NOT NULL, eindmoment TIMESTAMP NOT NULL,"
    " status VARCHAR(20) NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_vloer_termijn_zaak ON vloer_termijn (zaak_type, zaak_id)",
    "CREATE TABLE IF NOT EXISTS vloer_historie (id {pk}, zaak_type VARCHAR(20) NOT NULL, zaak_id INTEGER NOT NULL,"
    " op TIMESTAMP NOT NULL, door INTEGER, actie VARCHAR(60) NOT NULL, van_status VARCHAR(40),"
    " naar_status VARCHAR(40) NOT NULL, reden TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_vloer_historie_zaak ON vloer_historie (zaak_type, zaak_id)",
    "CREATE TABLE IF NOT EXISTS vloer_toegang (id {pk}, op TIMESTAMP NOT NULL, gebruiker_id INTEGER,"
    " handeling VARCHAR(20) NOT NULL, zaak_type VARCHAR(20), zaak_id INTEGER, persoon_id INTEGER,"
    " doel VARCHAR(80))",
    "CREATE TABLE IF NOT EXISTS vloer_bericht (id {pk}, soort VARCHAR(40) NOT NULL, zaak_type VARCHAR(20),"
    " zaak_id INTEGER, gegevens TEXT NOT NULL, dedup_sleutel VARCHAR(120) NOT NULL UNIQUE,"
    " status VARCHAR(20) NOT NULL, aangemaakt_op TIMESTAMP NOT NULL)",
)


class Vloer:
    """One connection per worker thread (the threadpool FastAPI's sync routes run in)."""

    def __init__(self, url: str) -> None:
        self.pg = url.startswith("postgresql")
        self.url = url.replace("+psycopg", "") if self.pg else url.split("///", 1)[1]
        self.ph = "%s" if self.pg else "?"
        self.lokaal = threading.local()
        con = self._verbind()
        pk = "SERIAL PRIMARY KEY" if self.pg else "INTEGER PRIMARY KEY AUTOINCREMENT"
        self._begin(con)
        for sql in TABELLEN:
            con.cursor().execute(sql.format(pk=pk))
        con.commit() if self.pg else con.execute("COMMIT")

    def _verbind(self):  # noqa: ANN202
        if self.pg:
            import psycopg

            return psycopg.connect(self.url)
        import sqlite3

        con = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False, timeout=30)
        for pragma in ("journal_mode=WAL", "busy_timeout=30000", "foreign_keys=ON", "synchronous=NORMAL"):
            con.execute(f"PRAGMA {pragma}")
        return con

    def con(self):  # noqa: ANN201
        if not hasattr(self.lokaal, "con"):
            self.lokaal.con = self._verbind()
        return self.lokaal.con

    def _begin(self, con) -> None:  # noqa: ANN001
        if not self.pg:
            con.execute("BEGIN IMMEDIATE")

    def _id(self, cur, sql: str, args: tuple) -> int:  # noqa: ANN001
        cur.execute(sql.replace("?", self.ph) + " RETURNING id", args)
        return cur.fetchone()[0]

    def intake(self, body: dict) -> dict:
        con, nu = self.con(), datetime.now(UTC).replace(tzinfo=None)
        cur = con.cursor()
        self._begin(con)
        try:
            ids = []
            for p in (body["melder"], body["betrokkene"]):
                ids.append(self._id(cur, "INSERT INTO vloer_persoon (gemeente, voornaam, achternaam, geboortedatum,"
                                    " woonplaats, email, aangemaakt_op) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    ("Den Haag", p.get("voornaam"), p["achternaam"], p.get("geboortedatum"),
                                     p.get("woonplaats"), p.get("email"), nu)))
            eind = nu + timedelta(days=14)
            zaak = self._id(cur, "INSERT INTO vloer_zaak (gemeente, status, versie, ontvangen_op, kanaal, melder_id,"
                            " betrokkene_id, zorgen, uiterlijk_besluit_op) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            ("Den Haag", "ontvangen", 1, nu, body["kanaal"], ids[0], ids[1], body["zorgen"], eind))
            q = self.ph
            cur.execute(f"INSERT INTO vloer_termijn (zaak_type, zaak_id, soort, start, eindmoment, status) VALUES"
                        f" ({q}, {q}, {q}, {q}, {q}, {q})", ("melding", zaak, "melding_beslissing", nu, eind, "open"))
            cur.execute(f"INSERT INTO vloer_historie (zaak_type, zaak_id, op, door, actie, van_status, naar_status,"
                        f" reden) VALUES ({q}, {q}, {q}, {q}, {q}, {q}, {q}, {q})",
                        ("melding", zaak, nu, 1, "geregistreerd", None, "ontvangen", "kanaal telefoon"))
            cur.executemany(f"INSERT INTO vloer_toegang (op, gebruiker_id, handeling, zaak_type, zaak_id, persoon_id,"
                            f" doel) VALUES ({q}, {q}, {q}, {q}, {q}, {q}, {q})",
                            [(nu, 1, "schrijf", "melding", zaak, p, "registratie") for p in ids])
            cur.execute(f"INSERT INTO vloer_bericht (soort, zaak_type, zaak_id, gegevens, dedup_sleutel, status,"
                        f" aangemaakt_op) VALUES ({q}, {q}, {q}, {q}, {q}, {q}, {q})",
                        ("ontvangstbevestiging", "melding", zaak, json.dumps({"referentie": zaak}),
                         f"melding:{zaak}:ontvangstbevestiging", "wachtend", nu))
            con.commit() if self.pg else con.execute("COMMIT")
        except BaseException:
            con.rollback() if self.pg else con.execute("ROLLBACK")
            raise
        return {"id": zaak, "status": "ontvangen", "versie": 1, "uiterlijk_besluit_op": eind.isoformat()}

    def actie(self, zaak: int, body: dict) -> dict | None:
        con, nu, q = self.con(), datetime.now(UTC).replace(tzinfo=None), self.ph
        cur = con.cursor()
        self._begin(con)
        try:
            cur.execute(f"UPDATE vloer_zaak SET status = {q}, versie = versie + 1 WHERE id = {q} AND versie = {q}",
                        ("in_onderzoek", zaak, body["versie"]))
            if cur.rowcount != 1:
                con.rollback() if self.pg else con.execute("ROLLBACK")
                return None
            cur.execute(f"INSERT INTO vloer_historie (zaak_type, zaak_id, op, door, actie, van_status, naar_status)"
                        f" VALUES ({q}, {q}, {q}, {q}, {q}, {q}, {q})",
                        ("melding", zaak, nu, 1, "start_onderzoek", "ontvangen", "in_onderzoek"))
            cur.execute(f"INSERT INTO vloer_toegang (op, gebruiker_id, handeling, zaak_type, zaak_id, persoon_id, doel)"
                        f" VALUES ({q}, {q}, {q}, {q}, {q}, {q}, {q})",
                        (nu, 1, "schrijf", "melding", zaak, None, "start_onderzoek"))
            con.commit() if self.pg else con.execute("COMMIT")
        except BaseException:
            con.rollback() if self.pg else con.execute("ROLLBACK")
            raise
        return {"id": zaak, "status": "in_onderzoek", "versie": body["versie"] + 1}


def maak_app():  # noqa: ANN201
    """The ASGI app (uvicorn factory)."""
    vloer = Vloer(os.environ["WVGGZ_VLOER_URL"])

    async def app(scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            return
        delen, meer = [], True
        while meer:
            bericht = await receive()
            delen.append(bericht.get("body", b""))
            meer = bericht.get("more_body", False)
        body = json.loads(b"".join(delen) or b"{}")
        pad = scope["path"]
        if pad == "/intake":
            antwoord, status = await anyio.to_thread.run_sync(vloer.intake, body), 201
        elif pad.startswith("/actie/"):
            antwoord = await anyio.to_thread.run_sync(vloer.actie, int(pad.rsplit("/", 1)[1]), body)
            status = 200 if antwoord else 409
        else:
            antwoord, status = {"detail": "onbekend"}, 404
        tekst = json.dumps(antwoord).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(tekst)).encode())]})
        await send({"type": "http.response.body", "body": tekst})

    return app
