"""The app served by a real uvicorn on a free local port against a temp SQLite file, and Debian's
Chromium driven by Playwright. Screenshots go to tests/browser/screenshots/ (kept by CI)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from api.main import create_app
from tests.factories import BROWSER_WACHTWOORD, TEST_SLEUTEL
from tests.factories.browser import vrije_poort
from tests.factories.database import verse_database
from wvggz.clock import TZ, FixedClock
from wvggz.config import Settings
from wvggz.crisismaatregelen import service as cm_service
from wvggz.crisismaatregelen.schemas import CrisismaatregelCreate
from wvggz.crisismaatregelen.soort import CRISISMAATREGEL_ZAAK
from wvggz.db import make_engine, session_factory
from wvggz.escalaties.sweep import sweep
from wvggz.gebruikers.service import maak_gebruiker
from wvggz.meldingen import service
from wvggz.meldingen.schemas import MeldingCreate
from wvggz.meldingen.soort import MELDING_ZAAK
from wvggz.triage import demo as triage_demo
from wvggz.zaken import pijplijn

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
NU = datetime(2026, 4, 13, 9, 0, tzinfo=TZ)  # Monday; 14 days later is Koningsdag
WACHTWOORD = BROWSER_WACHTWOORD
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
NAMEN = [("Jan", "de Vries"), ("Fatima", "El Amrani"), ("Kees", "Bakker"), ("Anna", "Jansen"), ("Mohamed", "Yilmaz"),
         ("Sanne", "Visser"), ("Piet", "Smit"), ("Lotte", "Mulder"), ("Ahmed", "Bouzid"), ("Eva", "de Graaf")]


def chromium_pad() -> str | None:
    return os.environ.get("WVGGZ_CHROMIUM") or shutil.which("chromium")



def _body(i: int, ontvangen: datetime, relatie: str = "ouder") -> MeldingCreate:
    voornaam, achternaam = NAMEN[i % len(NAMEN)]
    return MeldingCreate.model_validate({
        "ontvangen_op": ontvangen.isoformat(), "kanaal": ("telefoon", "email", "politie")[i % 3],
        "melder": {"voornaam": "Melder", "achternaam": f"Demo {i}", "relatie": relatie,
                   "email": f"melder{i}@example.org"},
        "betrokkene": {"voornaam": voornaam, "achternaam": f"{achternaam} {i}", "geboortedatum": f"19{60 + i % 40}-0{1 + i % 9}-1{i % 10}",
                       "woonplaats": "Den Haag"},
        "zorgen": "Buren maken zich zorgen: verward gedrag, vervuilde woning.",
    })


def _besloten(factory, settings, actor, i: int, ontvangen: datetime, dagen: float, afsluiten: bool = True) -> None:
    """Register a melding received at `ontvangen` and decide it `dagen` later (through the services)."""
    klok = FixedClock(ontvangen)
    with factory() as s:
        m = service.registreer(session=s, clock=klok, actor=actor, data=_body(i, ontvangen), settings=settings)
        klok.advance(hours=2)
        m = pijplijn.voer_actie_uit(session=s, clock=klok, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id, actie="start_onderzoek",
                                   versie=m.versie, velden={"behandelaar_id": actor.id}, settings=settings)
        klok.set(ontvangen + timedelta(days=dagen))
        m = pijplijn.voer_actie_uit(session=s, clock=klok, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id, actie="besluit_geen_aanvraag",
                                   versie=m.versie, settings=settings,
                                   velden={"reden_code": "vrijwillige_zorg", "reden": "FACT betrokken",
                                           "medische_expertise": "SPV wijkteam", "gesprek_met_betrokkene": "ja"})
        if afsluiten:
            klok.advance(days=1)
            pijplijn.voer_actie_uit(session=s, clock=klok, actor=actor, soort=MELDING_ZAAK, zaak_id=m.id, actie="sluit_af",
                                   versie=m.versie, velden={"melder_geinformeerd": "ja"}, settings=settings)


def _crisismaatregel(factory, settings, bm) -> None:
    """One crisismaatregel taken this morning (its clocks and appeal window run), via the services."""
    klok = FixedClock(NU - timedelta(hours=3))
    data = CrisismaatregelCreate.model_validate({
        "betrokkene": {"voornaam": "Kees", "achternaam": "Bakker", "geboortedatum": "1955-06-30"},
        "aangevraagd_door": "crisisdienst", "gemeente_verblijf": "Den Haag", "locatie": "OVP"})
    with factory() as s:
        cm = cm_service.start(session=s, clock=klok, actor=bm, data=data, settings=settings)
        for actie, velden in (("registreer_medische_verklaring", {"psychiater": "Dr. A. Jansen",
                                                                  "psychiater_onafhankelijk": "ja"}),
                              ("registreer_horen", {"gehoord": "nee", "reden_niet_gehoord": "Wilde niet"}),
                              ("neem_maatregel", {"zorgvormen": "opname", "motivering_minder_ingrijpend": "Weigert",
                                                  "bekendmaking_op": (NU - timedelta(minutes=90)).isoformat()})):
            klok.advance(minutes=30)
            cm = pijplijn.voer_actie_uit(session=s, clock=klok, actor=bm, soort=CRISISMAATREGEL_ZAAK, zaak_id=cm.id, actie=actie,
                                           versie=cm.versie, velden=velden, settings=settings)


def vul_demo(factory, settings, gebruikers) -> None:
    """Eleven months of decided meldingen (some late) and an open queue with overdue and near terms."""
    intake, intake2 = gebruikers["intake"], gebruikers["intake2"]
    i = 0
    for maanden_terug in range(11, 0, -1):
        for j in range(3 + maanden_terug % 3):
            ontvangen = NU - timedelta(days=30 * maanden_terug + 3 * j, hours=1)
            _besloten(factory, settings, intake if j % 2 else intake2, i, ontvangen, (8, 12, 13, 17, 21)[(i + j) % 5],
                      afsluiten=maanden_terug > 1)
            i += 1
    for dagen, behandelaar in ((20, intake2), (16, None), (12, intake), (11, None), (6, intake2), (1, None)):
        ontvangen = NU - timedelta(days=dagen, hours=3)
        klok = FixedClock(ontvangen)
        with factory() as s:
            m = service.registreer(session=s, clock=klok, actor=intake, data=_body(i, ontvangen, "buur"),
                                   settings=settings)
            if behandelaar is not None:
                pijplijn.voer_actie_uit(session=s, clock=klok, actor=intake, soort=MELDING_ZAAK, zaak_id=m.id, actie="start_onderzoek",
                                       versie=m.versie, velden={"behandelaar_id": behandelaar.id}, settings=settings)
        i += 1
    _crisismaatregel(factory, settings, gebruikers["bm"])
    with factory() as s:  # four people present at the OVP (the board), none yet with a melding or measure
        triage_demo.laad(s, settings, gebruikers["ovp"], NU, triage_demo.SCENARIO[:4])
    sweep(session_factory=factory, clock=FixedClock(NU), settings=settings)  # the overdue one escalates


class Server:
    """A uvicorn server in a background thread."""

    def __init__(self, app, port: int) -> None:  # noqa: ANN001
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn startte niet")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """Return (base url, users by name, clock) of a running app with demo data."""
    with verse_database(tmp_path_factory.mktemp("browser") / "browser.db") as url:
        pad = tmp_path_factory.getbasetemp()
        settings = Settings(database_url=url, gemeente="Den Haag", secret_key=TEST_SLEUTEL, https=False,
                            smtp_tls=False, documenten_map=pad / "browser-documenten")
        engine = make_engine(settings.database_url)
        SQLModel.metadata.create_all(engine)
        factory = session_factory(engine)
        klok = FixedClock(NU)
        gebruikers = {}
        with factory() as s:
            for naam, volledig, rol in [("intake", "Ilse Intake", "intake"), ("intake2", "Ivo Intake", "intake"),
                                        ("pl", "Petra Projectleider", "projectleider"),
                                        ("bm", "Bart Burgemeester", "burgemeester"), ("ovp", "Olga OVP", "ovp"),
                                        ("beheer", "Bea Beheer", "beheer"),
                                        ("fg", "Frank Gegevensbescherming", "fg")]:
                gebruikers[naam] = maak_gebruiker(session=s, clock=klok, gebruikersnaam=naam, rol=rol,
                                                  wachtwoord=WACHTWOORD, gemeente="Den Haag", naam=volledig)
            s.commit()
        vul_demo(factory, settings, gebruikers)
        app = create_app(settings, session_factory_=factory, clock=klok)
        with Server(app, vrije_poort()) as server:
            yield server.url, gebruikers, klok
        engine.dispose()


@pytest.fixture(scope="module")
def browser():
    pad = chromium_pad()
    if not pad:
        if os.environ.get("CI"):
            pytest.fail("CI moet Chromium installeren (zie .ci/run)")
        pytest.skip("geen Chromium gevonden (zet WVGGZ_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pad, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def schermafdruk():
    """Return a function that saves a full-page screenshot of `page` as screenshots/<naam>.png."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def maak(page, naam: str) -> Path:  # noqa: ANN001
        pad = SCREENSHOTS / f"{naam}.png"
        page.screenshot(path=str(pad), full_page=True)
        return pad

    return maak
