"""Demo data for the OVP board: people present in every step (one past the stay warning, one under
tijdelijke verplichte zorg) and a few who left, all through the services. Called by wvggz.seed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from wvggz.clock import FixedClock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.triage import service
from wvggz.triage.schemas import TriageCreate
from wvggz.triage.soort import TRIAGE_ZAAK
from wvggz.zaken import pijplijn

SCREENING = {"door": "SPV OVP", "bevindingen": "Alcohol op, geen letsel; oriëntatie wisselend",
             "vlaggen": ["intoxicatie"]}
PSYCH = {"door": "Psychiater dienst", "bevindingen": "Psychotisch beeld, wisselend contact", "vlaggen": ["verwardheid"]}

# (hours ago, arrival, [(minutes after arrival, action, fields)])
SCENARIO: list[tuple[float, dict[str, Any], list[tuple[int, str, dict[str, Any]]]]] = [
    (0.5, {"gebracht_door": "politie", "e33_nummer": "2026112801", "signalement": "Man, ca. 35, grijze hoodie"}, []),
    (2, {"gebracht_door": "politie", "e33_nummer": "2026112802", "persoon": {"voornaam": "Ruben", "achternaam": "Dekker"}},
     [(20, "registreer_somatische_screening", SCREENING)]),
    (5, {"gebracht_door": "ambulance", "persoon": {"voornaam": "Noor", "achternaam": "Hendriks"}},
     [(15, "registreer_somatische_screening", SCREENING), (70, "registreer_psychiatrische_screening", PSYCH)]),
    (14, {"gebracht_door": "politie", "e33_nummer": "2026112780", "persoon": {"achternaam": "Kok", "voornaam": "Daan"}},
     [(30, "registreer_somatische_screening", SCREENING), (90, "registreer_psychiatrische_screening", PSYCH),
      (150, "leg_uitkomst_vast", {"uitkomst": "vrijwillige_opname_ggz", "toelichting": "Wacht op bed"})]),
    (3, {"gebracht_door": "politie", "e33_nummer": "2026112803", "persoon": {"voornaam": "Iris", "achternaam": "Peters"}},
     [(10, "registreer_somatische_screening", SCREENING), (30, "registreer_psychiatrische_screening", PSYCH),
      (40, "leg_uitkomst_vast", {"uitkomst": "tvz_voor_crisismaatregel", "toelichting": "Gevaar voor zichzelf"}),
      (45, "start_crisismaatregel", {"tvz_start": "@40"})]),
    (30, {"gebracht_door": "zelf", "persoon": {"voornaam": "Tom", "achternaam": "de Wit"}},
     [(20, "registreer_somatische_screening", SCREENING), (60, "registreer_psychiatrische_screening", PSYCH),
      (90, "leg_uitkomst_vast", {"uitkomst": "naar_huis_met_vervolg", "vervolg": "wijkteam"}),
      (100, "maak_melding", {"zorgen": "Vaker binnengebracht, vereenzaamd; zorgen over woonsituatie."}),
      (120, "vertrek", {"vertrokken_op": "@120"})]),
    (50, {"gebracht_door": "politie", "e33_nummer": "2026112700", "persoon": {"achternaam": "Bos", "voornaam": "Lars"}},
     [(25, "registreer_somatische_screening", SCREENING), (80, "registreer_psychiatrische_screening", PSYCH),
      (95, "leg_uitkomst_vast", {"uitkomst": "zorg_geweigerd_vrijgelaten"}), (100, "vertrek", {"vertrokken_op": "@100"})]),
    (72, {"gebracht_door": "politie", "e33_nummer": "2026112650", "verdacht_van_strafbaar_feit": True,
          "persoon": {"achternaam": "Meijer", "voornaam": "Rik"}},
     [(15, "registreer_somatische_screening", SCREENING), (45, "registreer_psychiatrische_screening", PSYCH),
      (60, "leg_uitkomst_vast", {"uitkomst": "politiecel"}), (65, "vertrek", {"vertrokken_op": "@65"})]),
    (96, {"gebracht_door": "anders", "gebracht_door_toelichting": "Stadstoezicht", "signalement": "Vrouw, ca. 50"},
     [(10, "leg_uitkomst_vast", {"uitkomst": "onttrokken", "reden_zonder_screening": "Weggelopen bij aankomst"}),
      (11, "vertrek", {"vertrokken_op": "@10"})]),
]


def _velden(velden: dict[str, Any], aankomst: datetime) -> dict[str, Any]:
    """Replace '@N' by the instant N minutes after arrival."""
    return {k: (aankomst + timedelta(minutes=int(v[1:]))).isoformat() if isinstance(v, str) and v.startswith("@")
            else v for k, v in velden.items()}


def laad(session: Session, settings: Settings, ovp: Gebruiker, nu: datetime, scenario: list | None = None) -> int:
    """Log the demo triages (default SCENARIO) relative to `nu`; returns how many."""
    scenario = SCENARIO if scenario is None else scenario
    for uren, aankomst, stappen in scenario:
        klok = FixedClock(nu - timedelta(hours=uren))
        begin = klok.now()
        triage = service.registreer(session=session, clock=klok, actor=ovp, settings=settings,
                                    data=TriageCreate.model_validate(aankomst))
        for minuten, actie, velden in stappen:
            klok.set(begin + timedelta(minutes=minuten))
            triage = pijplijn.voer_actie_uit(session=session, clock=klok, actor=ovp, soort=TRIAGE_ZAAK,
                                             zaak_id=triage.id, actie=actie, versie=triage.versie,
                                             velden=_velden(velden, begin), settings=settings)
    return len(scenario)
