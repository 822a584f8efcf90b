"""Crisismaatregel (Wvggz hoofdstuk 7): from the request to the mayor until it lapses or ends.

Notifications (advocaat within 24 h, copies, PVP, appeal information) and the 18/12-hour and
3-day clocks are side effects and termijnen in the service, not statuses. Datetimes in the
context are aware; `now` comes from the caller's clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from workflows.engine import Actie, Veld, Voorwaarde, maak_workflow
from workflows.velden import Probleem, aanwezig, een_van, niet_voor


class CrisismaatregelStatus(StrEnum):
    AANGEVRAAGD = "aangevraagd"
    BEOORDELING = "beoordeling"
    GENOMEN = "genomen"
    AFGEWEZEN = "afgewezen"
    VOORTZETTING_VERZOCHT = "voortzetting_verzocht"
    VOORTGEZET = "voortgezet"
    ZM_VERZOCHT = "zm_verzocht"
    VERVALLEN = "vervallen"
    BEEINDIGD = "beeindigd"


S = CrisismaatregelStatus
VOORBEREIDING = [S.AANGEVRAAGD, S.BEOORDELING]

# Forms of verplichte zorg (art. 3:2), all available under a CM, also ambulant.
ZORGVORMEN = (
    "vocht_voeding_medicatie",
    "medische_controles",
    "medicatie",
    "beperking_bewegingsvrijheid",
    "insluiting",
    "toezicht",
    "onderzoek_kleding_lichaam",
    "onderzoek_woonruimte",
    "controle_middelen",
    "beperking_eigen_leven",
    "beperking_communicatie",
    "beperking_bezoek",
    "opname",
    "ambulant",
)

GELDIGHEID_VERSTREKEN = Voorwaarde(
    "geldigheid_verstreken",
    "geldig_tot",
    "De geldigheid is nog niet verstreken",
    lambda c: c["now"] >= c["geldig_tot"],
)
TVZ_NIET_GESTART = Voorwaarde(
    "tvz_niet_gestart",
    "tvz_start",
    "Tijdelijke verplichte zorg is al gestart; de termijn van 18 uur begint niet opnieuw",
    lambda c: not aanwezig(c.get("tvz_gestart_op")),
)

ONDERZOEK_NIET_VASTGELEGD = Voorwaarde(
    "onderzoek_niet_vastgelegd",
    "onderzoek_op",
    "Het psychiatrisch onderzoek is al vastgelegd; de termijn van 12 uur begint niet opnieuw (art. 7:3)",
    lambda c: not aanwezig(c.get("onderzoek_vastgelegd_op")),
)

OVERGANGEN: list[dict] = [
    # Art. 7:3: tijdelijke verplichte zorg while the CM is prepared; starts the 18-hour cap, once.
    {
        "trigger": "start_tvz",
        "source": S.AANGEVRAAGD,
        "dest": S.AANGEVRAAGD,
        "conditions": [TVZ_NIET_GESTART],
    },
    {
        "trigger": "start_tvz",
        "source": S.BEOORDELING,
        "dest": S.BEOORDELING,
        "conditions": [TVZ_NIET_GESTART],
    },
    # Art. 7:3: the psychiatrist's examination starts the 12-hour cap (self-loop, no status change).
    {
        "trigger": "registreer_psychiatrisch_onderzoek",
        "source": S.AANGEVRAAGD,
        "dest": S.AANGEVRAAGD,
        "conditions": [ONDERZOEK_NIET_VASTGELEGD],
    },
    {
        "trigger": "registreer_psychiatrisch_onderzoek",
        "source": S.BEOORDELING,
        "dest": S.BEOORDELING,
        "conditions": [ONDERZOEK_NIET_VASTGELEGD],
    },
    # Art. 7:1: medische verklaring by a psychiatrist independent of the treatment.
    {"trigger": "registreer_medische_verklaring", "source": S.AANGEVRAAGD, "dest": S.BEOORDELING},
    # Art. 7:1 lid 3: hoorplicht; not heard only with a reason stated in the decision.
    {"trigger": "registreer_horen", "source": S.BEOORDELING, "dest": S.BEOORDELING},
    {"trigger": "neem_maatregel", "source": S.BEOORDELING, "dest": S.GENOMEN},
    {"trigger": "wijs_af", "source": VOORBEREIDING, "dest": S.AFGEWEZEN},
    # Art. 7:7: the OvJ's request keeps the CM alive until the court decides (no laat_vervallen here).
    {"trigger": "registreer_voortzettingsverzoek", "source": S.GENOMEN, "dest": S.VOORTZETTING_VERZOCHT},
    # Art. 7:8 lid 3: the court decides within 3 days (Atw applies, HR 2023:1279).
    {"trigger": "verleen_voortzetting", "source": S.VOORTZETTING_VERZOCHT, "dest": S.VOORTGEZET},
    {"trigger": "weiger_voortzetting", "source": S.VOORTZETTING_VERZOCHT, "dest": S.BEEINDIGD},
    # Art. 7:10/7:11: a ZM request filed before the voortzetting expires extends it (max 6 weeks).
    {"trigger": "registreer_zm_verzoek", "source": S.VOORTGEZET, "dest": S.ZM_VERZOCHT},
    # Scheduler only: art. 7:7 (3 days), 7:8 (the court did not decide within its 3 days), 7:9 (3 weeks),
    # 6:2 (3 weeks after the ZM request).
    {
        "trigger": "laat_vervallen",
        "source": [S.GENOMEN, S.VOORTZETTING_VERZOCHT, S.VOORTGEZET, S.ZM_VERZOCHT],
        "dest": S.VERVALLEN,
        "conditions": [GELDIGHEID_VERSTREKEN],
    },
    {
        "trigger": "beeindig",
        "source": [S.GENOMEN, S.VOORTZETTING_VERZOCHT, S.VOORTGEZET, S.ZM_VERZOCHT],
        "dest": S.BEEINDIGD,
    },
]

_REDEN = Veld("reden", "Reden", "tekst")
_BESLIST_OP = Veld("beslist_op", "Beslissing rechter op", "datumtijd")

ACTIES = (
    Actie(
        "start_tvz",
        "Start tijdelijke verplichte zorg",
        (Veld("tvz_start", "Start tijdelijke verplichte zorg", "datumtijd"),),
    ),
    Actie(
        "registreer_psychiatrisch_onderzoek",
        "Registreer psychiatrisch onderzoek",
        (Veld("onderzoek_op", "Onderzoek door psychiater op", "datumtijd"),),
    ),
    Actie(
        "registreer_medische_verklaring",
        "Registreer medische verklaring",
        (
            Veld("psychiater", "Psychiater", "tekst"),
            Veld("psychiater_onafhankelijk", "Psychiater is niet betrokken bij de behandeling", "bool"),
        ),
    ),
    Actie(
        "registreer_horen",
        "Registreer horen van betrokkene",
        (
            Veld("gehoord", "Betrokkene gehoord", "bool"),
            Veld("reden_niet_gehoord", "Reden niet gehoord", "tekst", verplicht=False),
            Veld("gehoord_door", "Gehoord door", "tekst", verplicht=False),
        ),
    ),
    Actie(
        "neem_maatregel",
        "Neem crisismaatregel",
        (
            Veld("zorgvormen", "Vormen van verplichte zorg", "lijst", keuzes=ZORGVORMEN),
            Veld("motivering_minder_ingrijpend", "Waarom minder ingrijpende zorg niet volstaat", "tekst"),
            Veld("gemeente_verblijf", "Gemeente waar betrokkene verblijft", "tekst"),
            Veld("besluit_door_rol", "Besluit genomen door", "keuze", keuzes=("burgemeester",)),
            Veld("besloten_op", "Besloten op", "datumtijd"),
            Veld("bekendmaking_op", "Bekendgemaakt op", "datumtijd"),
        ),
    ),
    Actie("wijs_af", "Wijs aanvraag af", (_REDEN,)),
    Actie(
        "registreer_voortzettingsverzoek",
        "Registreer verzoek tot voortzetting",
        (Veld("verzoek_ontvangen_op", "Verzoek ontvangen door de rechtbank op", "datumtijd"),),
    ),
    Actie("verleen_voortzetting", "Registreer: voortzetting verleend", (_BESLIST_OP,)),
    Actie("weiger_voortzetting", "Registreer: voortzetting geweigerd", (_BESLIST_OP,)),
    Actie(
        "registreer_zm_verzoek",
        "Registreer verzoek zorgmachtiging",
        (Veld("zm_verzoek_op", "Verzoek zorgmachtiging ingediend op", "datumtijd"),),
    ),
    Actie("laat_vervallen", "Laat vervallen (geldigheid verstreken)", systeem=True),
    Actie("beeindig", "Beëindig crisismaatregel", (_REDEN,)),
)

_GEHOORD = (
    Veld("gehoord", "Betrokkene gehoord", "bool", verplicht=False),
    Veld("reden_niet_gehoord", "Reden niet gehoord", "tekst", verplicht=False),
)
_VERZOEK_OP = Veld("verzoek_ontvangen_op", "Verzoek ontvangen op", "datumtijd")
_GELDIG_TOT = Veld("geldig_tot", "Geldig tot", "datumtijd")

ZAAKGEGEVENS: dict[str, tuple[Veld, ...]] = {
    "registreer_psychiatrisch_onderzoek": (
        Veld("onderzoek_vastgelegd_op", "Psychiatrisch onderzoek vastgelegd op", "datumtijd", verplicht=False),
    ),
    "start_tvz": (
        Veld("tvz_gestart_op", "Tijdelijke verplichte zorg gestart op", "datumtijd", verplicht=False),
    ),
    "neem_maatregel": (
        Veld("psychiater", "Medische verklaring (psychiater)", "tekst"),
        *_GEHOORD,
        Veld("eigen_gemeente", "Gemeente van de burgemeester", "tekst"),
    ),
    "registreer_voortzettingsverzoek": (Veld("besloten_op", "Crisismaatregel besloten op", "datumtijd"),),
    "verleen_voortzetting": (_VERZOEK_OP,),
    "weiger_voortzetting": (_VERZOEK_OP,),
    "registreer_zm_verzoek": (_GELDIG_TOT,),
    "laat_vervallen": (Veld("now", "Huidig tijdstip", "datumtijd"), _GELDIG_TOT),
}


def _medische_verklaring(c: Mapping[str, Any]) -> list[Probleem]:
    if c["psychiater_onafhankelijk"]:
        return []
    return [("psychiater_onafhankelijk", "De psychiater moet onafhankelijk zijn van de behandeling")]


def _horen(c: Mapping[str, Any]) -> list[Probleem]:
    """Art. 7:1 lid 3: the reason for not hearing betrokkene must be recorded (HR 2020:1806)."""
    return een_van(c, "gehoord", "reden_niet_gehoord", "Leg vast waarom betrokkene niet is gehoord")


def _neem_maatregel(c: Mapping[str, Any]) -> list[Probleem]:
    problemen = _horen(c)
    if c["gemeente_verblijf"].strip().casefold() != c["eigen_gemeente"].strip().casefold():
        # Competent is the mayor where betrokkene is now (ECLI:NL:PHR:2025:1357).
        problemen.append(("gemeente_verblijf", "Alleen de burgemeester van de verblijfsgemeente is bevoegd"))
    problemen += niet_voor(c, "bekendmaking_op", "besloten_op", "De bekendmaking ligt vóór het besluit")
    return problemen


REGELS = {
    "registreer_medische_verklaring": _medische_verklaring,
    "registreer_horen": _horen,
    "neem_maatregel": _neem_maatregel,
    "registreer_voortzettingsverzoek": lambda c: niet_voor(
        c, "verzoek_ontvangen_op", "besloten_op", "Het verzoek ligt vóór het besluit tot de crisismaatregel"
    ),
    "verleen_voortzetting": lambda c: niet_voor(
        c, "beslist_op", "verzoek_ontvangen_op", "De beslissing van de rechter ligt vóór het verzoek"
    ),
    "weiger_voortzetting": lambda c: niet_voor(
        c, "beslist_op", "verzoek_ontvangen_op", "De beslissing van de rechter ligt vóór het verzoek"
    ),
    "registreer_zm_verzoek": lambda c: (
        []
        if c["zm_verzoek_op"] <= c["geldig_tot"]
        else [("zm_verzoek_op", "De machtiging tot voortzetting was al verlopen (art. 7:11)")]
    ),
}

CRISISMAATREGEL = maak_workflow(
    naam="crisismaatregel",
    statussen=CrisismaatregelStatus,
    begin=S.AANGEVRAAGD,
    overgangen=OVERGANGEN,
    acties=ACTIES,
    eindstatussen=(S.AFGEWEZEN, S.VERVALLEN, S.BEEINDIGD),
    regels=REGELS,
    zaakgegevens=ZAAKGEGEVENS,
)
