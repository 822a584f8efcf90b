"""Melding en verkennend onderzoek (Wvggz hoofdstuk 5), from receipt to closure.

Context keys the service takes from the case (not from the form) are listed per action in
`ZAAKGEGEVENS`. The 14-day term of art. 5:2 is a termijn row, not a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from workflows.engine import Actie, Veld, Voorwaarde, maak_workflow
from workflows.velden import Probleem, aanwezig, een_van


class MeldingStatus(StrEnum):
    ONTVANGEN = "ontvangen"
    IN_ONDERZOEK = "in_onderzoek"
    AANVRAAG_INGEDIEND = "aanvraag_ingediend"
    GEEN_AANVRAAG = "geen_aanvraag"
    DOORGESTUURD = "doorgestuurd"
    DOORVERWEZEN = "doorverwezen"
    SAMENGEVOEGD = "samengevoegd"
    AFGESLOTEN = "afgesloten"


S = MeldingStatus
OPEN = [S.ONTVANGEN, S.IN_ONDERZOEK]

REDENEN_GEEN_AANVRAAG = (
    "vrijwillige_zorg",
    "geen_ernstig_nadeel",
    "geen_psychische_stoornis",
    "al_in_zorg",
    "overig",
)
VERWIJZINGEN = ("crisisdienst", "meldpunt_niet_acuut", "veilig_thuis", "cjg", "wzd", "overig")
OVJ_BESLUITEN = ("verzoekschrift", "geen_verzoekschrift")

# Stored by the service as reden_niet_geinformeerd when the melder is no naaste (see sluit_af).
REDEN_GEEN_NAASTE = "Melder is geen naaste (art. 5:2 lid 5): de uitkomst wordt niet gedeeld."

ADVIESVRAAG_OPEN = Voorwaarde(
    "adviesvraag_open",
    "advies",
    "Er is geen adviesvraag uitgezet",
    lambda c: c.get("wijkteam_advies_open") is True,
)
GEEN_ADVIESVRAAG_OPEN = Voorwaarde(
    "geen_adviesvraag_open",
    "wijkteam_contact",
    "Er loopt al een adviesvraag aan het wijkteam",
    lambda c: not c.get("wijkteam_advies_open"),
)

OVERGANGEN: list[dict] = [
    {"trigger": "start_onderzoek", "source": S.ONTVANGEN, "dest": S.IN_ONDERZOEK},
    # One open question to the sociaal wijkteam at a time; registering the answer closes it.
    {
        "trigger": "vraag_wijkteam_advies",
        "source": S.IN_ONDERZOEK,
        "dest": S.IN_ONDERZOEK,
        "conditions": [GEEN_ADVIESVRAAG_OPEN],
    },
    {
        "trigger": "registreer_wijkteam_advies",
        "source": S.IN_ONDERZOEK,
        "dest": S.IN_ONDERZOEK,
        "conditions": [ADVIESVRAAG_OPEN],
    },
    # Art. 5:2 lid 3 / 5:3: aanvraag to the OvJ; VO by a ggz-competent professional (VNG handreiking).
    {"trigger": "dien_aanvraag_in", "source": S.IN_ONDERZOEK, "dest": S.AANVRAAG_INGEDIEND},
    {"trigger": "besluit_geen_aanvraag", "source": S.IN_ONDERZOEK, "dest": S.GEEN_AANVRAAG},
    # Art. 5:2 lid 1 competence; Awb 2:3: forward to the competent gemeente and tell the melder.
    {"trigger": "stuur_door", "source": OPEN, "dest": S.DOORGESTUURD},
    # Not a Wvggz case (acute -> crisisdienst, Veilig Thuis, CJG, Wzd ...).
    {"trigger": "verwijs_door", "source": OPEN, "dest": S.DOORVERWEZEN},
    # Duplicate melding on the same betrokkene: continues in the other open melding.
    {"trigger": "voeg_samen", "source": OPEN, "dest": S.SAMENGEVOEGD},
    # Art. 5:16 lid 2: the OvJ's decision is passed on to a naaste-melder; may be corrected.
    {"trigger": "registreer_ovj_besluit", "source": S.AANVRAAG_INGEDIEND, "dest": S.AANVRAAG_INGEDIEND},
    # Art. 5:2 lid 3/4: only a naaste-melder hears the outcome before the case is closed.
    {"trigger": "sluit_af", "source": [S.AANVRAAG_INGEDIEND, S.GEEN_AANVRAAG], "dest": S.AFGESLOTEN},
]

_EXPERTISE = Veld("medische_expertise", "Ggz-deskundige die het verkennend onderzoek deed", "tekst")
_GESPREK = (
    Veld("gesprek_met_betrokkene", "Met betrokkene gesproken", "bool", verplicht=False),
    Veld("reden_geen_gesprek", "Reden geen gesprek met betrokkene", "tekst", verplicht=False),
)
_REDEN = Veld("reden", "Reden", "tekst")

ACTIES = (
    Actie("start_onderzoek", "Start verkennend onderzoek", (Veld("behandelaar_id", "Behandelaar", "int"),)),
    Actie(
        "vraag_wijkteam_advies",
        "Vraag advies aan wijkteam",
        (Veld("wijkteam_contact", "Contactpersoon wijkteam", "tekst"),),
    ),
    Actie(
        "registreer_wijkteam_advies",
        "Registreer advies wijkteam",
        (Veld("advies", "Advies van het wijkteam", "tekst"),),
    ),
    Actie("dien_aanvraag_in", "Dien aanvraag in bij de OvJ", (_EXPERTISE, *_GESPREK)),
    Actie(
        "besluit_geen_aanvraag",
        "Besluit: geen aanvraag",
        (
            Veld("reden_code", "Reden geen aanvraag", "keuze", keuzes=REDENEN_GEEN_AANVRAAG),
            _REDEN,
            _EXPERTISE,
            *_GESPREK,
        ),
    ),
    Actie(
        "stuur_door",
        "Stuur door naar andere gemeente",
        (Veld("gemeente", "Bevoegde gemeente", "tekst"),),
        onomkeerbaar=True,
    ),
    Actie(
        "verwijs_door",
        "Verwijs door",
        (
            Veld("verwezen_naar", "Verwezen naar", "keuze", keuzes=VERWIJZINGEN),
            _REDEN,
        ),
        onomkeerbaar=True,
    ),
    Actie(
        "voeg_samen",
        "Voeg samen met andere melding",
        (Veld("samenvoegen_met", "Samenvoegen met melding", "int"),),
        onomkeerbaar=True,
    ),
    Actie(
        "registreer_ovj_besluit",
        "Registreer besluit OvJ",
        (Veld("ovj_besluit", "Besluit OvJ", "keuze", keuzes=OVJ_BESLUITEN),),
    ),
    Actie(
        "sluit_af",
        "Sluit melding af",
        (
            Veld("melder_geinformeerd", "Melder over de uitkomst geïnformeerd", "bool", verplicht=False),
            Veld("reden_niet_geinformeerd", "Reden melder niet geïnformeerd", "tekst", verplicht=False),
            Veld("reden_zonder_ovj_besluit", "Reden om af te sluiten vóór het besluit van de OvJ", "tekst",
                 verplicht=False),
        ),
        onomkeerbaar=True,
    ),
)

ZAAKGEGEVENS: dict[str, tuple[Veld, ...]] = {
    "vraag_wijkteam_advies": (Veld("wijkteam_advies_open", "Adviesvraag loopt", "bool", verplicht=False),),
    "registreer_wijkteam_advies": (
        Veld("wijkteam_advies_open", "Adviesvraag loopt", "bool", verplicht=False),
    ),
    "stuur_door": (Veld("eigen_gemeente", "Eigen gemeente", "tekst"),),
    "voeg_samen": (
        Veld("kandidaten_samenvoegen", "Open meldingen over dezelfde betrokkene", "lijst", verplicht=False),
    ),
    "sluit_af": (
        Veld("melder_is_naaste", "Melder is naaste (art. 5:2 lid 5)", "bool"),
        Veld("aanvraag_ingediend", "Aanvraag bij de OvJ ingediend", "bool", verplicht=False),
        Veld("ovj_besluit_vastgelegd", "Besluit OvJ vastgelegd", "bool", verplicht=False),
    ),
}


def _start_onderzoek(c: Mapping[str, Any]) -> list[Probleem]:
    return [] if c["behandelaar_id"] > 0 else [("behandelaar_id", "Kies een bestaande behandelaar")]


def _gesprek(c: Mapping[str, Any]) -> list[Probleem]:
    """VNG handreiking: betrokkene is spoken with during the VO, or the file says why not."""
    return een_van(
        c,
        "gesprek_met_betrokkene",
        "reden_geen_gesprek",
        "Leg vast dat met betrokkene is gesproken, of waarom niet",
    )


def _stuur_door(c: Mapping[str, Any]) -> list[Probleem]:
    if c["gemeente"].strip().casefold() == c["eigen_gemeente"].strip().casefold():
        return [("gemeente", "Dit is de eigen gemeente: stuur alleen door naar een andere gemeente")]
    return []


def _voeg_samen(c: Mapping[str, Any]) -> list[Probleem]:
    if c["samenvoegen_met"] in (c.get("kandidaten_samenvoegen") or ()):
        return []
    return [("samenvoegen_met", "Kies een andere open melding over dezelfde betrokkene")]


def _sluit_af(c: Mapping[str, Any]) -> list[Probleem]:
    """Art. 5:2: a naaste-melder hears the outcome (or the file says why not); any other melder
    may not hear it, so `melder_geinformeerd` must not be true and the reason defaults to
    REDEN_GEEN_NAASTE. After an aanvraag, close only once the OvJ's decision is recorded (art. 5:16
    lid 2: a naaste hears it), or with a stated reason."""
    if (c.get("aanvraag_ingediend") and not c.get("ovj_besluit_vastgelegd")
            and not aanwezig(c.get("reden_zonder_ovj_besluit"))):
        return [("reden_zonder_ovj_besluit", "Het besluit van de OvJ is nog niet vastgelegd: registreer het eerst "
                 "(art. 5:16 lid 2), of leg vast waarom de melding nu al wordt afgesloten")]
    if c["melder_is_naaste"]:
        return een_van(
            c,
            "melder_geinformeerd",
            "reden_niet_geinformeerd",
            "Informeer de melder (naaste) over de uitkomst, of leg vast waarom niet",
        )
    if c.get("melder_geinformeerd") is True:
        return [("melder_geinformeerd", "De melder is geen naaste: de uitkomst mag niet gedeeld worden")]
    return []


REGELS = {
    "start_onderzoek": _start_onderzoek,
    "dien_aanvraag_in": _gesprek,
    "besluit_geen_aanvraag": _gesprek,
    "stuur_door": _stuur_door,
    "voeg_samen": _voeg_samen,
    "sluit_af": _sluit_af,
}

MELDING = maak_workflow(
    naam="melding",
    statussen=MeldingStatus,
    begin=S.ONTVANGEN,
    overgangen=OVERGANGEN,
    acties=ACTIES,
    eindstatussen=(S.DOORGESTUURD, S.DOORVERWEZEN, S.SAMENGEVOEGD, S.AFGESLOTEN),
    regels=REGELS,
    zaakgegevens=ZAAKGEGEVENS,
)
