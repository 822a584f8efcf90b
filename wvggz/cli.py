"""The `wvggz` command: serve, scheduler, dev, migrate, seed, termijn, gebruiker, sweep, relay, backup, herstel."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from wvggz.config import get_settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from wvggz.logging import configure

    configure(get_settings().log_level)
    uvicorn.run("api.main:create_app", factory=True, host=args.host, port=args.port, log_level="info",
                log_config=None)  # keep the JSON handler of wvggz.logging
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from wvggz.migreer import migreer

    migreer(get_settings().database_url)
    print("Database bijgewerkt.")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from wvggz.seed import seed_als_leeg

    return seed_als_leeg(get_settings(), forceer=args.forceer)


def _termijn(args: argparse.Namespace) -> int:
    from wvggz.errors import MissingField
    from wvggz.termijnen.service import bereken_voor_api

    try:
        print(json.dumps(bereken_voor_api(args.code, args.start), ensure_ascii=False, indent=2))
    except MissingField as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    return 0


def _gebruiker(args: argparse.Namespace) -> int:
    import secrets

    from wvggz.clock import SystemClock
    from wvggz.db import make_engine, session_factory, transaction
    from wvggz.errors import DomainError
    from wvggz.gebruikers.service import maak_gebruiker, maak_token

    settings = get_settings()
    wachtwoord = args.wachtwoord or secrets.token_urlsafe(12)
    try:
        with transaction(session_factory(make_engine(settings.database_url))) as session:
            gebruiker = maak_gebruiker(session=session, clock=SystemClock(), gebruikersnaam=args.naam,
                                       rol=args.rol, wachtwoord=wachtwoord, gemeente=args.gemeente or settings.gemeente)
            token = maak_token(session=session, clock=SystemClock(), gebruiker=gebruiker)
    except DomainError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    print(f"Gebruiker {args.naam} ({args.rol}) aangemaakt.")
    if not args.wachtwoord:
        print(f"Wachtwoord: {wachtwoord}")
    print(token)
    return 0


def _scheduler(_args: argparse.Namespace) -> int:
    from wvggz.scheduler import run_blocking

    return run_blocking(get_settings())


def _dev(args: argparse.Namespace) -> int:
    from wvggz.scheduler import start_background

    scheduler = start_background(get_settings())
    try:
        return _serve(args)
    finally:
        scheduler.shutdown(wait=False)


def _sweep(_args: argparse.Namespace) -> int:
    """Print what fired as JSON (case, termijn, trede, te_laat); failed terms go to stderr, exit code 1."""
    from wvggz.jobs import sweep_nu
    from wvggz.logging import configure

    configure(get_settings().log_level)
    uitslag = sweep_nu(get_settings())
    print(json.dumps(uitslag.gevuurd, ensure_ascii=False, indent=2, default=str))
    if uitslag.mislukt:
        print(f"Mislukt (zie log; de volgende sweep probeert opnieuw): termijnen {uitslag.mislukt}", file=sys.stderr)
        return 1
    return 0


def _relay(_args: argparse.Namespace) -> int:
    """Run one relay pass now; print the counts as JSON. Exit code 1 when a channel was down."""
    from wvggz.berichten.relay import relay_nu
    from wvggz.logging import configure

    configure(get_settings().log_level)
    uitslag = relay_nu(get_settings())
    print(json.dumps(uitslag, ensure_ascii=False, indent=2))
    return 1 if uitslag["kanalen_plat"] else 0


def _backup(args: argparse.Namespace) -> int:
    """Write a consistent backup of the configured database to PAD (SQLite online backup / pg_dump)."""
    from wvggz.backup import BackupFout, maak_backup

    try:
        print(f"Backup geschreven: {maak_backup(get_settings().database_url, args.pad)}")
    except BackupFout as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    return 0


def _herstel(args: argparse.Namespace) -> int:
    """Restore backup PAD into the configured database (stop web and scheduler first)."""
    from wvggz.backup import BackupFout, herstel

    try:
        herstel(get_settings().database_url, args.pad, forceer=args.forceer)
    except BackupFout as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    print("Backup teruggezet.")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="wvggz", description="Wvggz-meldingen: beheeropdrachten")
    sub = p.add_subparsers(dest="opdracht", required=True)
    for naam in ("serve", "dev"):
        s = sub.add_parser(naam, help="webapp starten" + (" met scheduler" if naam == "dev" else ""))
        s.add_argument("--host", default="127.0.0.1")
        s.add_argument("--port", type=int, default=8000)
    sub.add_parser("scheduler", help="de scheduler als eigen proces")
    sub.add_parser("migrate", help="database migreren")
    s = sub.add_parser("seed", help="demogegevens laden als de database leeg is")
    s.add_argument("--forceer", action="store_true")
    s = sub.add_parser("termijn", help="een termijn berekenen en toelichten")
    s.add_argument("code")
    s.add_argument("start")
    s = sub.add_parser("gebruiker", help="gebruikers beheren")
    gsub = s.add_subparsers(dest="gebruiker_opdracht", required=True)
    m = gsub.add_parser("maak", help="gebruiker aanmaken; laatste regel is een API-token")
    m.add_argument("naam")
    m.add_argument("--rol", required=True)
    m.add_argument("--wachtwoord")
    m.add_argument("--gemeente")
    sub.add_parser("sweep", help="nu één sweep van de termijnen draaien")
    sub.add_parser("relay", help="nu één ronde berichten versturen (outbox)")
    s = sub.add_parser("backup", help="consistente backup terwijl de applicatie draait")
    s.add_argument("pad")
    s = sub.add_parser("herstel", help="een backup terugzetten (web en scheduler eerst stoppen)")
    s.add_argument("pad")
    s.add_argument("--forceer", action="store_true")
    return p


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "serve": _serve, "dev": _dev, "scheduler": _scheduler, "migrate": _migrate, "seed": _seed,
    "termijn": _termijn, "gebruiker": _gebruiker, "sweep": _sweep,
    "relay": _relay, "backup": _backup, "herstel": _herstel,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return COMMANDS[args.opdracht](args)


if __name__ == "__main__":
    sys.exit(main())
