"""The rules table: every legal term of the Wvggz path as data, with its escalation ladder.

A jurist can confirm or correct a row (length, unit, start event, Atw, article, certainty) without
touching the arithmetic in ``bereken.py``. Certainty marks follow docs/wvggz-domain.md §0:
T = statutory text seen, S = secondary source, U = unverified, I = inference/design choice.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

ANKERS = frozenset({"start", "eind"})
ONTVANGERS = frozenset({"behandelaar", "projectleider", "wijkteam", "burgemeester"})
ZEKERHEDEN = frozenset({"T", "S", "U", "I"})
ACHT_UUR = time(8, 0)


class Eenheid(StrEnum):
    UREN = "uren"
    DAGEN = "dagen"
    WERKDAGEN = "werkdagen"
    WEKEN = "weken"


@dataclass(frozen=True)
class Trede:
    """One rung of an escalation ladder: when (relative to start or end) and to whom."""

    code: str
    anker: str
    dagen: int = 0
    werkdagen: int = 0
    fractie: float | None = None
    tijd: time | None = None
    ontvanger: str = "behandelaar"
    herhaal_in_digest: bool = False
    omschrijving: str = ""

    def __post_init__(self) -> None:
        if self.anker not in ANKERS:
            raise ValueError(f"Onbekend anker {self.anker!r}: kies 'start' of 'eind'")
        if self.ontvanger not in ONTVANGERS:
            raise ValueError(f"Onbekende ontvanger {self.ontvanger!r}")


@dataclass(frozen=True)
class Regel:
    """One legal term. ``toon_atw_variant``: Atw not applied, but the Atw date is explained too.
    ``begrensd_door``: the code of a term of the same case whose end this term never outlives."""

    code: str
    omschrijving: str
    lengte: int
    eenheid: Eenheid
    start: str
    atw: bool
    grondslag: str
    zekerheid: str
    startdag_telt_niet: bool = True
    opmerking: str = ""
    ladder: tuple[Trede, ...] = ()
    toon_atw_variant: bool = False
    begrensd_door: str | None = None

    def __post_init__(self) -> None:
        if self.zekerheid not in ZEKERHEDEN:
            raise ValueError(f"Onbekende zekerheid {self.zekerheid!r}")
        if self.lengte < 1:
            raise ValueError(f"Termijn {self.code!r}: lengte moet minstens 1 zijn")
        if self.atw and self.eenheid in (Eenheid.UREN, Eenheid.WERKDAGEN):
            raise ValueError(f"Termijn {self.code!r}: de Atw geldt niet voor {self.eenheid}")


def _uurladder(wat: str) -> tuple[Trede, ...]:
    """Return the burgemeester ladder of an hour term: warning at 3/4, alert at the end."""
    return (
        Trede("waarschuwing", "start", fractie=0.75, ontvanger="burgemeester",
              omschrijving=f"Waarschuwing: driekwart van de termijn voor {wat} is verstreken"),
        Trede("alert", "start", fractie=1.0, ontvanger="burgemeester",
              omschrijving=f"Termijn voor {wat} is verstreken"),
    )


def _dagladder(wat: str) -> tuple[Trede, ...]:
    """Return the burgemeester ladder of a short day term: warning on the last day, alert at its end."""
    return (
        Trede("waarschuwing", "eind", tijd=ACHT_UUR, ontvanger="burgemeester",
              omschrijving=f"Vandaag verstrijkt de termijn voor {wat}"),
        Trede("alert", "eind", ontvanger="burgemeester",
              omschrijving=f"Termijn voor {wat} is verstreken"),
    )


def _beslisladder() -> tuple[Trede, ...]:
    """Return the ladder of the court's 3 days (art. 7:8): the back office hears it the day before, on the
    last day and when the measure has ended for want of a decision."""
    wat = "de beslissing van de rechter op de voortzetting"
    return (
        Trede("waarschuwing", "eind", dagen=-1, tijd=ACHT_UUR, ontvanger="burgemeester",
              omschrijving=f"Morgen verstrijkt de termijn voor {wat}; zonder beslissing eindigt de "
                           "crisismaatregel"),
        Trede("escalatie", "eind", tijd=ACHT_UUR, ontvanger="burgemeester",
              omschrijving=f"Vandaag verstrijkt de termijn voor {wat}; vraag de rechtbank naar de beslissing"),
        Trede("alert", "eind", ontvanger="burgemeester",
              omschrijving=f"Termijn voor {wat} is verstreken: de crisismaatregel is geëindigd"),
    )


def _alert(wat: str) -> tuple[Trede, ...]:
    """Return a ladder with only the burgemeester alert at the end of the term."""
    return (Trede("alert", "eind", ontvanger="burgemeester", omschrijving=f"Termijn voor {wat} is verstreken"),)


_MELDING_LADDER = (
    Trede("herinnering", "start", dagen=7, tijd=ACHT_UUR, ontvanger="behandelaar",
          omschrijving="Herinnering: dag 7 van 14 van het verkennend onderzoek"),
    Trede("waarschuwing", "eind", werkdagen=-2, tijd=ACHT_UUR, ontvanger="projectleider",
          omschrijving="Waarschuwing: nog twee werkdagen tot de termijn van 14 dagen verstrijkt"),
    Trede("alert", "eind", tijd=ACHT_UUR, ontvanger="projectleider",
          omschrijving="Vandaag verstrijkt de termijn van 14 dagen (art. 5:2)"),
    Trede("escalatie", "eind", ontvanger="projectleider", herhaal_in_digest=True,
          omschrijving="Termijn van 14 dagen verstreken zonder beslissing over een aanvraag"),
)

_WIJKTEAM_LADDER = (
    Trede("herinnering", "eind", ontvanger="wijkteam",
          omschrijving="Herinnering: het advies van het ggz-wijkteam is verlopen"),
    Trede("escalatie", "eind", werkdagen=1, tijd=ACHT_UUR, ontvanger="behandelaar",
          omschrijving="Advies van het ggz-wijkteam is een werkdag over de termijn"),
)

_ART7 = "Wvggz art. 7 (exact artikel [U])"

_RIJEN = (
    Regel("melding_beslissing", "Verkennend onderzoek afronden en beslissen over een aanvraag bij de OvJ",
          14, Eenheid.DAGEN, "ontvangst van de melding door het college (die dag telt niet mee)",
          True, "Wvggz art. 5:2", "S",
          opmerking="14 dagen [S]; exacte wettekst en toepasselijkheid Atw [U/I]. Na afloop zonder "
                    "beslissing: wijs een naaste-melder op de eigen route naar de OvJ (art. 5:2 lid 5).",
          ladder=_MELDING_LADDER),
    Regel("wijkteam_advies", "Advies van het ggz-wijkteam", 5, Eenheid.WERKDAGEN,
          "verzoek om advies aan het ggz-wijkteam", False, "lokaal beleid", "I",
          opmerking="Geen wettelijke termijn: lokaal beleid, lengte instelbaar. Werkdagen volgens de "
                    "Atw-kalender (geen zaterdag, zondag of feestdag).",
          ladder=_WIJKTEAM_LADDER),
    Regel("tvz_totaal", "Tijdelijke verplichte zorg voorafgaand aan een crisismaatregel: maximale duur",
          18, Eenheid.UREN, "aanvang van de tijdelijke verplichte zorg", False, "Wvggz art. 7:3", "S",
          opmerking="Uren: de Atw geldt niet. Daarna geen grondslag meer zonder crisismaatregel [I].",
          ladder=_uurladder("tijdelijke verplichte zorg")),
    Regel("tvz_na_onderzoek", "Tijdelijke verplichte zorg: maximale duur na het psychiatrisch onderzoek",
          12, Eenheid.UREN, "onderzoek door de onafhankelijke psychiater", False, "Wvggz art. 7:3", "S",
          opmerking="Uren: de Atw geldt niet.", ladder=_uurladder("tijdelijke verplichte zorg na onderzoek")),
    Regel("cm_advocaat", "Advocaat regelen (melding aan de Raad voor Rechtsbijstand)", 24, Eenheid.UREN,
          "het nemen (ondertekenen) van de crisismaatregel", False, _ART7, "S",
          opmerking="Overschrijding: crisismaatregel blijft rechtmatig, schadevergoeding mogelijk "
                    "(HR 20-11-2020, ECLI:NL:HR:2020:1806/1807).",
          ladder=_uurladder("het regelen van een advocaat")),
    Regel("cm_tenuitvoerlegging", "Tenuitvoerlegging van de crisismaatregel", 24, Eenheid.UREN,
          "het nemen (afgifte) van de crisismaatregel", False, _ART7, "S",
          opmerking="Gevolg van overschrijding [U].", ladder=_uurladder("tenuitvoerlegging")),
    Regel("cm_geldigheid", "Geldigheidsduur van de crisismaatregel", 3, Eenheid.DAGEN,
          "het nemen van de crisismaatregel (die dag telt niet mee)", False, "Wvggz art. 7:7", "S",
          opmerking="Onzeker of de dag van afgifte meetelt en of de Atw geldt (één bron noemt werkdagen). "
                    "Conservatieve lezing: kalenderdagen zonder Atw; de toelichting noemt ook de Atw-datum.",
          ladder=_dagladder("de geldigheid van de crisismaatregel"), toon_atw_variant=True),
    Regel("voortzetting_verzoek", "Verzoek van de OvJ om een machtiging tot voortzetting", 1, Eenheid.DAGEN,
          "ontvangst van de crisismaatregel door de OvJ", True, "Wvggz art. 7:7", "U",
          opmerking="Werklezing 'uiterlijk de dag na ontvangst' [U]. Te laat: voortzetting wordt ingekort "
                    "(Rb Noord-Nederland 29-05-2020, ECLI:NL:RBNNE:2020:4830). Nooit later dan het einde van "
                    "de crisismaatregel (cm_geldigheid): daarna is er niets meer voort te zetten (art. 7:7) "
                    "[I, docs/adr/0007-ovj-termijn-begrensd.md].",
          ladder=_dagladder("het verzoek tot voortzetting"), begrensd_door="cm_geldigheid"),
    Regel("voortzetting_beslissing", "Beslissing van de rechter op het verzoek tot voortzetting", 3,
          Eenheid.DAGEN, "ontvangst van het verzoek door de rechtbank (die dag telt niet mee)", True,
          "Wvggz art. 7:8 lid 3 (HR 22-09-2023, ECLI:NL:HR:2023:1279)", "S",
          opmerking="De HR past Atw art. 2 toe: een verzoek op vrijdag mag op dinsdag worden beslist. Geen "
                    "tijdige beslissing: de crisismaatregel eindigt (art. 7:8) [I: gevolg niet letterlijk "
                    "gezien]; een later geregistreerde verlening wordt geweigerd.",
          ladder=_beslisladder()),
    Regel("voortzetting_geldigheid", "Geldigheidsduur van de machtiging tot voortzetting", 3, Eenheid.WEKEN,
          "dagtekening van de beslissing van de rechter", False, "Wvggz art. 7:9", "S",
          opmerking="Loopt door tot de beslissing op een tijdig verzoek om zorgmachtiging (art. 7:10, "
                    "7:11), ten hoogste 6 weken (HR 22-01-2021, ECLI:NL:HR:2021:107).",
          ladder=_alert("de machtiging tot voortzetting")),
    Regel("zm_beslissing", "Beslissing op het verzoek om een zorgmachtiging tijdens de voortzetting", 3,
          Eenheid.WEKEN, "ontvangst van het verzoek om een zorgmachtiging (die dag telt niet mee)", False,
          "Wvggz art. 6:2 lid 1 sub b, 7:10, 7:11 (HR 22-01-2021, ECLI:NL:HR:2021:107)", "S",
          opmerking="De voortzetting loopt door tot de beslissing, ten hoogste 3 weken (totaal ten hoogste 6 "
                    "weken). Conservatieve lezing: kalenderweken zonder Atw; de toelichting noemt de Atw-datum.",
          ladder=_dagladder("de beslissing op de zorgmachtiging"), toon_atw_variant=True),
    Regel("beroep_termijn", "Beroep tegen de crisismaatregel", 3, Eenheid.WEKEN,
          "bekendmaking van de crisismaatregel", True, "Wvggz art. 7:6", "U",
          opmerking="Lengte, startmoment en wie beroep kan instellen nog te bevestigen [U].",
          ladder=_alert("beroep tegen de crisismaatregel")),
)

REGELS: dict[str, Regel] = {regel.code: regel for regel in _RIJEN}


def met_instellingen(*, wijkteam_advies_werkdagen: int = 5) -> dict[str, Regel]:
    """Return a copy of REGELS with the configurable local term lengths filled in."""
    if wijkteam_advies_werkdagen < 1:
        raise ValueError("wijkteam_advies_werkdagen moet minstens 1 zijn")
    regels = dict(REGELS)
    regels["wijkteam_advies"] = dataclasses.replace(REGELS["wijkteam_advies"], lengte=wijkteam_advies_werkdagen)
    return regels
