"""The `wvggz` command: serve, scheduler, dev, migrate, seed, termijn, kalender, gebruiker, token, sweep, relay,
audit, bewaartermijn, cijfers, backup, herstel."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from wvggz.config import get_settings


def _serve(args: argparse.Namespace) -> int:
    from wvggz.basis_url import LokaleBasisUrl, controleer_basis_url
    from wvggz.logging import configure
    from wvggz.sleutel import ZwakkeSleutel, geheime_sleutel

    try:
        geheime_sleutel(get_settings())
        controleer_basis_url(get_settings())
    except (ZwakkeSleutel, LokaleBasisUrl) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    configure(get_settings().log_level)
    from wvggz.serve import start

    start(args.host, args.port, workers=max(1, getattr(args, "workers", 1)))
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from wvggz.migreer import migreer

    settings = get_settings()
    migreer(settings.migratie_database_url or settings.database_url)
    print("Database bijgewerkt.")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from wvggz.seed import seed_als_leeg

    return seed_als_leeg(get_settings(), forceer=args.forceer)


def _termijn(args: argparse.Namespace) -> int:
    from wvggz.errors import MissingField
    from wvggz.termijnen.service import bereken_voor_api

    try:
        uitkomst = bereken_voor_api(args.code, args.start)
    except MissingField as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    print(json.dumps(uitkomst, ensure_ascii=False, indent=2))
    if uitkomst.get("waarschuwing"):
        print(f"Waarschuwing: {uitkomst['waarschuwing']}", file=sys.stderr)
    return 0


def _kalender(args: argparse.Namespace) -> int:
    """Print the Atw holidays of one year with their source; warn when no decree is known for it."""
    from wvggz.termijnen.service import kalender_regels

    try:
        regels, waarschuwing = kalender_regels(args.jaar)
    except ValueError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    for regel in regels:
        print(regel)
    if waarschuwing:
        print(f"Waarschuwing: {waarschuwing}", file=sys.stderr)
    return 0


def _gebruiker(args: argparse.Namespace) -> int:
    if args.gebruiker_opdracht != "maak":
        return _account(args)
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
            token = maak_token(session=session, clock=SystemClock(), gebruiker=gebruiker,
                               geldig_dagen=settings.token_geldig_dagen)
    except DomainError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
    print(f"Gebruiker {args.naam} ({args.rol}) aangemaakt.")
    if not args.wachtwoord:
        print(f"Wachtwoord: {wachtwoord}")
    print(token)
    return 0


def _account(args: argparse.Namespace) -> int:
    """gebruiker deactiveer|activeer|intrekken|deblokkeer NAAM and token maak|lijst|intrekken."""
    from wvggz.clock import SystemClock
    from wvggz.db import make_engine, session_factory, transaction
    from wvggz.errors import DomainError
    from wvggz.gebruikers import beheer
    from wvggz.gebruikers.service import maak_token

    settings = get_settings()
    clock = SystemClock()
    opdracht = args.gebruiker_opdracht if args.opdracht == "gebruiker" else f"token_{args.token_opdracht}"
    try:
        with transaction(session_factory(make_engine(settings.database_url))) as session:
            if opdracht == "token_intrekken":
                beheer.trek_token_in(session, clock, None, args.token_id)
                print(f"Token {args.token_id} ingetrokken.")
                return 0
            if opdracht == "token_lijst":
                print(json.dumps(beheer.overzicht(session, clock), ensure_ascii=False, indent=2, default=str))
                return 0
            gebruiker = beheer.zoek(session, args.naam)
            if opdracht == "token_maak":
                token = maak_token(session=session, clock=clock, gebruiker=gebruiker,
                                   geldig_dagen=args.dagen or settings.token_geldig_dagen)
                print(token)
            elif opdracht == "intrekken":
                aantal = beheer.trek_tokens_in(session, clock, None, gebruiker)
                print(f"{args.naam}: {aantal} token(s) ingetrokken, sessies beëindigd.")
            elif opdracht == "deactiveer":
                beheer.deactiveer(session, clock, None, gebruiker)
                print(f"{args.naam} gedeactiveerd: tokens ingetrokken, sessies beëindigd.")
            elif opdracht == "activeer":
                beheer.activeer(session, clock, None, gebruiker)
                print(f"{args.naam} weer actief (maak zo nodig een nieuw token).")
            elif opdracht == "deblokkeer":
                beheer.deblokkeer(session, clock, None, gebruiker)
                print(f"{args.naam}: blokkade opgeheven.")
    except DomainError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 2
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


def _audit(_args: argparse.Namespace) -> int:
    """Verify the hash chains of historie and toegang; exit 1 naming the first broken row of each chain."""
    from wvggz.audit.keten import controleer
    from wvggz.db import make_engine, session_factory

    with session_factory(make_engine(get_settings().database_url))() as session:
        uitslag = controleer(session)
    for breuk in uitslag.breuken:
        print(f"GEBROKEN: {breuk}", file=sys.stderr)
    print(f"{uitslag.gecontroleerd} rijen gecontroleerd; " + ("keten in orde." if uitslag.in_orde else
                                                             f"{len(uitslag.breuken)} keten(s) gebroken."))
    return 0 if uitslag.in_orde else 1


def _bewaartermijn(args: argparse.Namespace) -> int:
    """List (--proef) or carry out what passed its retention term; prints one line per record."""
    from wvggz.bewaartermijn.service import voer_uit_nu

    uitslag = voer_uit_nu(get_settings(), proef=args.proef)
    for regel in uitslag:
        print(json.dumps(regel, ensure_ascii=False, default=str))
    print(("Zou gaan: " if args.proef else "Verwerkt: ") + f"{len(uitslag)}", file=sys.stderr)
    return 0


def _cijfers(_args: argparse.Namespace) -> int:
    """Rebuild the dashboard's monthly figures from the meldingen (one transaction); prints the row count."""
    from wvggz.cijfers.service import herbereken
    from wvggz.db import make_engine

    with make_engine(get_settings().database_url).begin() as conn:
        print(f"Maandcijfers herberekend: {herbereken(conn)} besluiten geteld.")
    return 0


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
    sub.choices["serve"].add_argument("--workers", type=int, default=1, help="aantal werkprocessen")
    sub.add_parser("scheduler", help="de scheduler als eigen proces")
    sub.add_parser("migrate", help="database migreren")
    s = sub.add_parser("seed", help="demogegevens laden als de database leeg is")
    s.add_argument("--forceer", action="store_true")
    s = sub.add_parser("termijn", help="een termijn berekenen en toelichten")
    s.add_argument("code")
    s.add_argument("start")
    s = sub.add_parser("kalender", help="de feestdagen van de Atw in een jaar, met hun bron")
    s.add_argument("jaar", type=int)
    s = sub.add_parser("gebruiker", help="gebruikers beheren")
    gsub = s.add_subparsers(dest="gebruiker_opdracht", required=True)
    m = gsub.add_parser("maak", help="gebruiker aanmaken; laatste regel is een API-token")
    m.add_argument("naam")
    m.add_argument("--rol", required=True)
    m.add_argument("--wachtwoord")
    m.add_argument("--gemeente")
    for naam, hulp in (("deactiveer", "gebruiker deactiveren: tokens ingetrokken, sessies beëindigd"),
                       ("activeer", "gedeactiveerde gebruiker weer toelaten"),
                       ("intrekken", "alle tokens en sessies van een gebruiker intrekken"),
                       ("deblokkeer", "blokkade na mislukte inlogpogingen opheffen")):
        gsub.add_parser(naam, help=hulp).add_argument("naam")
    s = sub.add_parser("token", help="API-tokens beheren")
    tsub = s.add_subparsers(dest="token_opdracht", required=True)
    m = tsub.add_parser("maak", help="nieuw token voor een gebruiker (laatste regel)")
    m.add_argument("naam")
    m.add_argument("--dagen", type=int, help="geldigheid in dagen (standaard WVGGZ_TOKEN_GELDIG_DAGEN)")
    tsub.add_parser("lijst", help="gebruikers en hun tokens (zonder geheimen)")
    tsub.add_parser("intrekken", help="één token intrekken").add_argument("token_id", type=int)
    sub.add_parser("sweep", help="nu één sweep van de termijnen draaien")
    sub.add_parser("relay", help="nu één ronde berichten versturen (outbox)")
    s = sub.add_parser("audit", help="logketen (historie, toegang) controleren")
    s.add_argument("audit_opdracht", choices=["controleer"])
    s = sub.add_parser("bewaartermijn", help="verlopen bewaartermijnen anonimiseren (--proef: alleen tonen)")
    s.add_argument("--proef", action="store_true")
    s = sub.add_parser("cijfers", help="maandcijfers van het dashboard opnieuw berekenen uit de meldingen")
    s.add_argument("cijfers_opdracht", choices=["herbereken"])
    s = sub.add_parser("backup", help="consistente backup terwijl de applicatie draait")
    s.add_argument("pad")
    s = sub.add_parser("herstel", help="een backup terugzetten (web en scheduler eerst stoppen)")
    s.add_argument("pad")
    s.add_argument("--forceer", action="store_true")
    return p


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "serve": _serve, "dev": _dev, "scheduler": _scheduler, "migrate": _migrate, "seed": _seed,
    "termijn": _termijn, "kalender": _kalender, "gebruiker": _gebruiker, "token": _account, "sweep": _sweep,
    "relay": _relay, "audit": _audit, "bewaartermijn": _bewaartermijn, "cijfers": _cijfers, "backup": _backup, "herstel": _herstel,
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return COMMANDS[args.opdracht](args)


if __name__ == "__main__":
    sys.exit(main())
