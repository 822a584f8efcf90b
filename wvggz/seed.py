"""Demo data for `make run`: users of every role and meldingen in every state, through the services."""

from __future__ import annotations

import sys
from datetime import timedelta

from sqlmodel import Session, func, select, update

from wvggz.clock import FixedClock, SystemClock
from wvggz.config import Settings
from wvggz.db import SessionFactory, is_postgres, make_engine, session_factory
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.service import maak_gebruiker, maak_token
from wvggz.meldingen import service as meldingen
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.zaken import pijplijn

GEBRUIKERS = [  # (gebruikersnaam, naam, rol, wachtwoord)
    ("intake", "Ilse Intake", "intake", "demo-intake-2026"),
    ("intake2", "Ivo Intake", "intake", "demo-intake-2026"),
    ("projectleider", "Petra Projectleider", "projectleider", "demo-projectleider-2026"),
    ("ovp", "Omar OVP", "ovp", "demo-ovp-2026"),
    ("burgemeester", "Backoffice Burgemeester", "burgemeester", "demo-burgemeester-2026"),
    ("beheer", "Bram Beheer", "beheer", "demo-beheer-2026"),
    ("fg", "Femke Functionaris", "fg", "demo-fg-2026-privacy"),
]

BETROKKENEN = [("Jan", "de Vries", "1971-03-02"), ("Fatima", "El Amrani", "1988-11-19"),
               ("Kees", "Bakker", "1955-06-30"), ("Anna", "Jansen", "1990-01-15"),
               ("Mohamed", "Yilmaz", "1979-09-09"), ("Sanne", "Visser", "2001-04-27"),
               ("Piet", "Smit", "1963-12-24"), ("Lotte", "Mulder", "1995-08-05"),
               ("Ahmed", "Bouzid", "1984-02-29"), ("Eva", "de Graaf", "1949-05-05")]

# (dagen geleden ontvangen, acties in volgorde) -> one melding per final state
SCENARIO = [
    (1, []),
    (9, [("start_onderzoek", {})]),
    (13, [("start_onderzoek", {}), ("vraag_wijkteam_advies", {"wijkteam_contact": "Wijkteam Escamp"})]),
    (20, [("start_onderzoek", {})]),  # overdue
    (12, [("start_onderzoek", {}), ("vraag_wijkteam_advies", {"wijkteam_contact": "Wijkteam Centrum"}),
          ("registreer_wijkteam_advies", {"advies": "Zorgen bevestigd; vrijwillige zorg geweigerd."}),
          ("dien_aanvraag_in", {"gesprek_met_betrokkene": True})]),
    (10, [("start_onderzoek", {}),
          ("besluit_geen_aanvraag", {"reden_code": "vrijwillige_zorg", "reden": "FACT-team betrokken.",
                                      "medische_expertise": "SPV wijkteam Laak",
                                      "gesprek_met_betrokkene": True})]),
    (3, [("stuur_door", {"gemeente": "Rijswijk"})]),
    (2, [("verwijs_door", {"verwezen_naar": "veilig_thuis", "reden": "Huiselijk geweld, geen ggz-vraag."})]),
    (30, [("start_onderzoek", {}), ("besluit_geen_aanvraag", {"reden_code": "al_in_zorg", "reden": "In zorg.",
                                                              "medische_expertise": "SPV wijkteam Segbroek",
                                                              "reden_geen_gesprek": "Weigerde contact."}),
          ("sluit_af", {"reden_niet_geinformeerd": "Melder is geen naaste (art. 5:2)."})]),
    (1, [("voeg_samen", {})]),  # a second melding about the person of the second scenario
]


def seed_als_leeg(settings: Settings, *, forceer: bool = False) -> int:
    """Load demo data when there are no users yet; print the demo logins. Returns an exit code.

    The demo users have published passwords: only in ontwikkeling, and never on PostgreSQL (where the
    real data lives) unless forced. Exit code 3 when refused."""
    if not settings.ontwikkeling:
        print("GEWEIGERD: demodata (gebruikers met gepubliceerde wachtwoorden) alleen met "
              "WVGGZ_OMGEVING=ontwikkeling. Er is niets geladen.", file=sys.stderr)
        return 3
    engine = make_engine(settings.database_url)
    if is_postgres(engine) and not forceer:
        print("GEWEIGERD: geen demodata in een PostgreSQL-database zonder --forceer. Er is niets geladen.",
              file=sys.stderr)
        return 3
    factory = session_factory(engine)
    with factory() as session:
        if session.exec(select(func.count()).select_from(Gebruiker)).one() and not forceer:
            print("Database bevat al gegevens; geen demodata geladen.")
            return 0
        gebruikers = _gebruikers(session, settings)
        _meldingen(session, settings, gebruikers)
        _triages(session, settings, gebruikers)
        _crisismaatregelen(session, settings, gebruikers)
        _berichten(session, gebruikers)
    _stil_beginnen(factory, settings, gebruikers["projectleider"])
    print("LET OP: demodata geladen; de demogebruikers hebben gepubliceerde wachtwoorden (alleen ontwikkeling).")
    print("Demogebruikers (gebruikersnaam / wachtwoord / rol):")
    for naam, _, rol, wachtwoord in GEBRUIKERS:
        print(f"  {naam:14} {wachtwoord:26} {rol}")
    return 0


def _gebruikers(session: Session, settings: Settings) -> dict[str, Gebruiker]:
    clock = SystemClock()
    uit = {}
    for naam, volledig, rol, wachtwoord in GEBRUIKERS:
        uit[naam] = maak_gebruiker(session=session, clock=clock, gebruikersnaam=naam, naam=volledig, rol=rol,
                                   wachtwoord=wachtwoord, gemeente=settings.gemeente)
        maak_token(session=session, clock=clock, gebruiker=uit[naam])
    session.commit()
    return uit


def _meldingen(session: Session, settings: Settings, gebruikers: dict[str, Gebruiker]) -> None:
    nu = SystemClock().now()
    intake = gebruikers["intake"]
    gemaakt = []
    for i, (dagen, acties) in enumerate(SCENARIO):
        voornaam, achternaam, geboren = BETROKKENEN[i % len(BETROKKENEN)]
        clock = FixedClock(nu - timedelta(days=dagen, hours=2))
        betrokkene = {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": geboren,
                      "woonplaats": "Den Haag", "postcode": "2511 AB"}
        if acties and acties[0][0] == "voeg_samen":
            betrokkene = {"persoon_id": gemaakt[1].betrokkene_id}
        data = MeldingCreate.model_validate({
            "ontvangen_op": clock.now().isoformat(), "kanaal": "telefoon" if i % 2 else "email",
            "melder": {"voornaam": "Melder", "achternaam": f"Demo {i + 1}", "relatie": "ouder" if i % 3 else "buur",
                       "email": f"melder{i + 1}@example.org", "telefoon": "0701234567"},
            "betrokkene": betrokkene,
            "zorgen": "Buren maken zich zorgen: verward gedrag, vervuilde woning, slaapt niet.",
        })
        melding = meldingen.registreer(session=session, clock=clock, actor=intake, data=data, settings=settings)
        gemaakt.append(melding)
        for naam, velden in acties:
            clock.advance(hours=3)
            if naam == "start_onderzoek":
                velden = {"behandelaar_id": intake.id}
            if naam == "voeg_samen":
                velden = {"samenvoegen_met": gemaakt[1].id}
            pijplijn.voer_actie_uit(session=session, clock=clock, actor=intake, soort=MELDING_ZAAK,
                                    zaak_id=melding.id, actie=naam, versie=melding.versie, velden=velden,
                                    settings=settings)


def _triages(session: Session, settings: Settings, gebruikers: dict[str, Gebruiker]) -> None:
    """OVP demo: people present in every step and a few who left (see wvggz.triage.demo)."""
    from wvggz.triage.demo import laad

    laad(session, settings, gebruikers["ovp"], SystemClock().now())


def _crisismaatregelen(session: Session, settings: Settings, gebruikers: dict[str, Gebruiker]) -> None:
    """Crisismaatregelen awaiting a decision, taken, continued (with a beroep) and lapsed (see its demo)."""
    from wvggz.crisismaatregelen.demo import laad

    laad(session, settings, gebruikers["burgemeester"], gebruikers["ovp"], SystemClock().now())


def _berichten(session: Session, gebruikers: dict[str, Gebruiker]) -> None:
    """The projectleider gets escalations by e-mail too; one receipt to a broken address shows on
    /beheer/berichten after the first relay pass (an invalid address fails at once, with the reason)."""
    from notifications.outbox import plaats
    from wvggz.berichten.service import zet_voorkeur, zet_werkmail

    clock = SystemClock()
    leider = gebruikers["projectleider"]
    zet_werkmail(session=session, clock=clock, actor=leider, adres="projectleider@denhaag.example")
    zet_voorkeur(session=session, clock=clock, actor=leider, soort="escalatie", kanaal="beide")
    plaats(session, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder",
           gegevens={"referentie": "M-DEMO-000000", "ontvangen_op": clock.now().strftime("%d-%m-%Y"),
                     "gemeente": leider.gemeente},
           dedup_sleutel="demo:ongeldig-adres", now=clock.now(), adres="melder-zonder-domein")
    session.commit()


def _stil_beginnen(factory: SessionFactory, settings: Settings, leider: Gebruiker) -> None:
    """Start quiet: the backdated demo cases have rungs that are already due. Sweep them now (only the
    highest due rung per case fires), acknowledge them as the projectleider with the reason in the history,
    and mark the demo's inbox messages read, so the first screen is not a pile of late signals."""
    from notifications.outbox import Bericht
    from wvggz.escalaties import queries, service
    from wvggz.escalaties.sweep import voer_uit

    clock = SystemClock()
    voer_uit(session_factory=factory, clock=clock, settings=settings)
    with factory() as session:
        actor = session.get(Gebruiker, leider.id)
        paren = [(e["id"], e["versie"]) for e in queries.lijst(session, actor, limiet=10_000)]
        if paren:
            service.bevestig_meerdere(session=session, clock=clock, actor=actor, escalaties=paren,
                                      toelichting="Demodata: bij het laden bevestigd.")
        session.exec(update(Bericht).where(Bericht.kanaal == "inbox", Bericht.gelezen_op.is_(None))
                     .values(gelezen_op=clock.now()))
        session.commit()
