"""Beroep against a crisismaatregel (art. 7:6): a parallel track next to the measure.

The appeal never suspends the crisismaatregel: the CM is immediately enforceable and its own
workflow runs on regardless of this one. Damages (art. 10:12) are claimed from the gemeente, not
the mayor (HR 2020:1806/1808).
"""

from __future__ import annotations

from enum import StrEnum

from workflows.engine import Actie, Veld, Voorwaarde, maak_workflow
from workflows.velden import niet_voor


class BeroepStatus(StrEnum):
    TERMIJN_LOOPT = "termijn_loopt"
    INGESTELD = "ingesteld"
    UITSPRAAK_GEGROND = "uitspraak_gegrond"
    UITSPRAAK_ONGEGROND = "uitspraak_ongegrond"
    TERMIJN_VERSTREKEN = "termijn_verstreken"


S = BeroepStatus
UITSPRAKEN = ("gegrond", "ongegrond")
SCHADECLAIM_UITKOMSTEN = ("aanhangig", "toegekend", "deels_toegekend", "afgewezen")

GEGROND = Voorwaarde("gegrond", "uitkomst", "Kies gegrond of ongegrond", lambda c: c["uitkomst"] == "gegrond")
ONGEGROND = Voorwaarde(
    "ongegrond", "uitkomst", "Kies gegrond of ongegrond", lambda c: c["uitkomst"] == "ongegrond"
)
TERMIJN_VERSTREKEN = Voorwaarde(
    "termijn_verstreken",
    "termijn_eind",
    "De beroepstermijn loopt nog",
    lambda c: c["now"] >= c["termijn_eind"],
)

OVERGANGEN: list[dict] = [
    {"trigger": "stel_in", "source": S.TERMIJN_LOOPT, "dest": S.INGESTELD},
    # An appeal filed on time but registered after the sweep, or filed late: recorded with its filing date
    # and marked te laat when it was; whether a late one is excusable is for the court (Awb 6:11 [U]).
    {"trigger": "stel_in", "source": S.TERMIJN_VERSTREKEN, "dest": S.INGESTELD},
    # One trigger, two rows: the court's uitkomst in the context chooses the destination.
    {"trigger": "doe_uitspraak", "source": S.INGESTELD, "dest": S.UITSPRAAK_GEGROND, "conditions": [GEGROND]},
    {
        "trigger": "doe_uitspraak",
        "source": S.INGESTELD,
        "dest": S.UITSPRAAK_ONGEGROND,
        "conditions": [ONGEGROND],
    },
    # Scheduler only: the 3-week term of art. 7:6 ended without an appeal.
    {
        "trigger": "laat_verstrijken",
        "source": S.TERMIJN_LOOPT,
        "dest": S.TERMIJN_VERSTREKEN,
        "conditions": [TERMIJN_VERSTREKEN],
    },
    # Art. 10:12: damages request against the gemeente, during and after the appeal (self-loops).
    {"trigger": "registreer_schadeclaim", "source": S.INGESTELD, "dest": S.INGESTELD},
    {"trigger": "registreer_schadeclaim", "source": S.UITSPRAAK_GEGROND, "dest": S.UITSPRAAK_GEGROND},
    {"trigger": "registreer_schadeclaim", "source": S.UITSPRAAK_ONGEGROND, "dest": S.UITSPRAAK_ONGEGROND},
]

ACTIES = (
    Actie(
        "stel_in",
        "Registreer ingesteld beroep",
        (
            Veld("ingesteld_op", "Beroep ingesteld op (datum van indienen)", "datumtijd"),
            Veld("reden_te_laat", "Opgegeven reden voor te late indiening", "tekst", verplicht=False),
        ),
    ),
    Actie(
        "doe_uitspraak",
        "Registreer uitspraak",
        (
            Veld("uitkomst", "Uitspraak", "keuze", keuzes=UITSPRAKEN),
            Veld("uitspraak_op", "Uitspraak gedaan op", "datumtijd"),
        ),
    ),
    Actie("laat_verstrijken", "Laat beroepstermijn verstrijken", systeem=True),
    Actie(
        "registreer_schadeclaim",
        "Registreer schadeverzoek",
        (
            Veld("bedrag", "Bedrag in eurocent", "int"),
            Veld(
                "uitkomst", "Uitkomst schadeverzoek", "keuze", verplicht=False, keuzes=SCHADECLAIM_UITKOMSTEN
            ),
        ),
    ),
)

ZAAKGEGEVENS: dict[str, tuple[Veld, ...]] = {
    "doe_uitspraak": (Veld("ingesteld_op", "Beroep ingesteld op", "datumtijd"),),
    "laat_verstrijken": (
        Veld("now", "Huidig tijdstip", "datumtijd"),
        Veld("termijn_eind", "Einde beroepstermijn", "datumtijd"),
    ),
}

REGELS = {
    "doe_uitspraak": lambda c: niet_voor(
        c, "uitspraak_op", "ingesteld_op", "De uitspraak ligt vóór het beroep"
    ),
    "registreer_schadeclaim": lambda c: (
        [] if c["bedrag"] >= 0 else [("bedrag", "Het bedrag kan niet negatief zijn")]
    ),
}

BEROEP = maak_workflow(
    naam="beroep",
    statussen=BeroepStatus,
    begin=S.TERMIJN_LOOPT,
    overgangen=OVERGANGEN,
    acties=ACTIES,
    eindstatussen=(S.UITSPRAAK_GEGROND, S.UITSPRAAK_ONGEGROND),
    regels=REGELS,
    zaakgegevens=ZAAKGEGEVENS,
)
