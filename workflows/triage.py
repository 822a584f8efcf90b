"""OVP triage (opvang verwarde personen, domain §8): screenings, outcome, departure."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from workflows.engine import Actie, Veld, Voorwaarde, maak_workflow
from workflows.velden import Probleem, aanwezig, niet_voor


class TriageStatus(StrEnum):
    BINNENGEBRACHT = "binnengebracht"
    SOMATISCHE_SCREENING = "somatische_screening"
    PSYCHIATRISCHE_SCREENING = "psychiatrische_screening"
    UITKOMST_VASTGELEGD = "uitkomst_vastgelegd"
    VERTROKKEN = "vertrokken"


S = TriageStatus

# Maintained outcome list (domain §8.2): code -> Dutch label. Codes are stored; never rename one.
UITKOMSTEN: dict[str, str] = {
    "naar_huis_zonder_vervolg": "Naar huis zonder vervolg",
    "naar_huis_met_vervolg": "Naar huis met vervolg (huisarts, wijkteam of FACT)",
    "vrijwillige_opname_ggz": "Vrijwillige opname ggz",
    "beoordeling_crisisdienst": "Beoordeling door de ggz-crisisdienst",
    "verslavingszorg": "Verslavingszorg (detox)",
    "somatisch_ziekenhuis": "Somatisch ziekenhuis (SEH)",
    "maatschappelijke_opvang": "Maatschappelijke opvang",
    "wzd_route": "Wzd-route (dementie of verstandelijke beperking)",
    "tvz_voor_crisismaatregel": "Tijdelijke verplichte zorg voorafgaand aan een crisismaatregel",
    "crisismaatregel": "Crisismaatregel (verplichte opname)",
    "politiecel": "Politiecel (verdachte van een strafbaar feit)",
    "zorg_geweigerd_vrijgelaten": "Zorg geweigerd, vrijgelaten",
    "onttrokken": "Onttrokken",
    "overig": "Overig",
}
VERVOLG = ("huisarts", "wijkteam", "fact")
VLAGGEN = ("intoxicatie", "letsel", "agressie", "suicidaliteit", "somatisch_acuut", "verwardheid")

ZONDER_SCREENING = Voorwaarde(
    "reden_zonder_screening",
    "reden_zonder_screening",
    "Leg vast waarom de uitkomst zonder volledige screening wordt vastgelegd",
    lambda c: aanwezig(c.get("reden_zonder_screening")),
)

# Outcomes after which the burgemeester is asked for a crisismaatregel (warm hand-over from the OVP).
CM_UITKOMSTEN = frozenset({"tvz_voor_crisismaatregel", "crisismaatregel"})

# Side actions: they never change the status; these conditions read stored facts of the triage.
PERSOON_ONBEKEND = Voorwaarde(
    "persoon_onbekend", "persoon", "Er is al een persoon gekoppeld", lambda c: c["persoon_gekoppeld"] is False,
    toestand=True,
)
NOG_GEEN_MELDING = Voorwaarde(
    "nog_geen_melding",
    "actie",
    "Vanuit deze triage is al een zorgmelding gedaan",
    lambda c: c["melding_gemaakt"] is False,
    toestand=True,
)
UITKOMST_CRISISMAATREGEL = Voorwaarde(
    "uitkomst_crisismaatregel",
    "actie",
    "Alleen bij de uitkomst crisismaatregel of tijdelijke verplichte zorg",
    lambda c: c["vastgelegde_uitkomst"] in CM_UITKOMSTEN,
    toestand=True,
)
NOG_GEEN_CRISISMAATREGEL = Voorwaarde(
    "nog_geen_crisismaatregel",
    "actie",
    "Vanuit deze triage is al een crisismaatregel aangevraagd",
    lambda c: c["crisismaatregel_gestart"] is False,
    toestand=True,
)
AANWEZIG = [S.BINNENGEBRACHT, S.SOMATISCHE_SCREENING, S.PSYCHIATRISCHE_SCREENING, S.UITKOMST_VASTGELEGD]


def _zijstap(trigger: str, bronnen: list[TriageStatus], voorwaarden: list[Voorwaarde]) -> list[dict]:
    """Rows of a side action: a self-loop in each of `bronnen`, under `voorwaarden`."""
    return [{"trigger": trigger, "source": s, "dest": s, "conditions": voorwaarden} for s in bronnen]


OVERGANGEN: list[dict] = [
    {
        "trigger": "registreer_somatische_screening",
        "source": S.BINNENGEBRACHT,
        "dest": S.SOMATISCHE_SCREENING,
    },
    {
        "trigger": "registreer_psychiatrische_screening",
        "source": S.SOMATISCHE_SCREENING,
        "dest": S.PSYCHIATRISCHE_SCREENING,
    },
    {"trigger": "leg_uitkomst_vast", "source": S.PSYCHIATRISCHE_SCREENING, "dest": S.UITKOMST_VASTGELEGD},
    # Skipping a screening (e.g. betrokkene absconded or went straight to the SEH) needs a reason.
    {
        "trigger": "leg_uitkomst_vast",
        "source": [S.BINNENGEBRACHT, S.SOMATISCHE_SCREENING],
        "dest": S.UITKOMST_VASTGELEGD,
        "conditions": [ZONDER_SCREENING],
    },
    {"trigger": "vertrek", "source": S.UITKOMST_VASTGELEGD, "dest": S.VERTROKKEN},
    # Side actions (no status change): link the person once known, amend arrival facts while present,
    # and the warm hand-over to the Wvggz-meldpunt or the burgemeester (domain §8.3).
    *_zijstap("koppel_persoon", list(S), [PERSOON_ONBEKEND]),
    *_zijstap("wijzig_aankomst", AANWEZIG, []),
    *_zijstap("maak_melding", [S.UITKOMST_VASTGELEGD, S.VERTROKKEN], [NOG_GEEN_MELDING]),
    *_zijstap("start_crisismaatregel", [S.UITKOMST_VASTGELEGD], [UITKOMST_CRISISMAATREGEL, NOG_GEEN_CRISISMAATREGEL]),
]


def _screening(naam: str, label: str) -> Actie:
    return Actie(
        naam,
        label,
        (
            Veld("door", "Gescreend door", "tekst"),
            Veld("bevindingen", "Bevindingen (kort)", "tekst"),
            Veld("vlaggen", "Signalen", "lijst", verplicht=False, keuzes=VLAGGEN),
        ),
    )


ACTIES = (
    _screening("registreer_somatische_screening", "Registreer somatische screening"),
    _screening("registreer_psychiatrische_screening", "Registreer psychiatrische screening"),
    Actie(
        "leg_uitkomst_vast",
        "Leg uitkomst vast",
        (
            Veld("uitkomst", "Uitkomst", "keuze", keuzes=tuple(UITKOMSTEN)),
            Veld("vervolg", "Vervolg bij", "keuze", verplicht=False, keuzes=VERVOLG),
            Veld("toelichting", "Toelichting", "tekst", verplicht=False),
            Veld("reden_zonder_screening", "Reden uitkomst zonder screening", "tekst", verplicht=False),
            Veld("melding_wvggz", "Melding gedaan bij het Wvggz-meldpunt", "bool", verplicht=False),
        ),
    ),
    Actie("vertrek", "Registreer vertrek", (Veld("vertrokken_op", "Vertrokken op", "datumtijd"),)),
    # The side actions' fields (a person, nested) are validated by the service's input schemas.
    Actie("koppel_persoon", "Koppel persoon"),
    Actie("wijzig_aankomst", "Wijzig aankomstgegevens"),
    Actie("maak_melding", "Maak zorgmelding (Wvggz-meldpunt)"),
    Actie("start_crisismaatregel", "Start crisismaatregel"),
)

ZIJSTAPPEN = frozenset({"koppel_persoon", "wijzig_aankomst", "maak_melding", "start_crisismaatregel"})

ZAAKGEGEVENS: dict[str, tuple[Veld, ...]] = {
    "leg_uitkomst_vast": (
        Veld("verdacht_van_strafbaar_feit", "Verdacht van een strafbaar feit", "bool", verplicht=False),
    ),
    "vertrek": (Veld("aangekomen_op", "Binnengebracht op", "datumtijd"),),
}


def _uitkomst(c: Mapping[str, Any]) -> list[Probleem]:
    uitkomst = c["uitkomst"]
    if uitkomst == "naar_huis_met_vervolg" and not aanwezig(c.get("vervolg")):
        return [("vervolg", "Kies het vervolg: huisarts, wijkteam of FACT")]
    if uitkomst == "politiecel" and c.get("verdacht_van_strafbaar_feit") is not True:
        # A police cell only for a suspect of a criminal offence (domain §4.4).
        return [("uitkomst", "Een politiecel mag alleen bij verdenking van een strafbaar feit")]
    if uitkomst == "overig" and not aanwezig(c.get("toelichting")):
        return [("toelichting", "Licht de uitkomst 'overig' toe")]
    return []


REGELS = {
    "leg_uitkomst_vast": _uitkomst,
    "vertrek": lambda c: niet_voor(c, "vertrokken_op", "aangekomen_op", "Het vertrek ligt vóór de aankomst"),
}

TRIAGE = maak_workflow(
    naam="triage",
    statussen=TriageStatus,
    begin=S.BINNENGEBRACHT,
    overgangen=OVERGANGEN,
    acties=ACTIES,
    eindstatussen=(S.VERTROKKEN,),
    regels=REGELS,
    zaakgegevens=ZAAKGEGEVENS,
)
