"""Dutch labels for the codes stored by the engine: the one place pages, forms and diagrams take them from.

`label(code)` knows statuses, reasons, forms of care, outcomes, term kinds, ladder rungs, channels and
relations; an unknown code falls back to its words without underscores (never a bare snake_case word).
"""

from __future__ import annotations

import re

from notifications.soorten import CM_PARTIJEN
from workflows.beroep import BEROEP
from workflows.crisismaatregel import CRISISMAATREGEL
from workflows.melding import MELDING
from workflows.triage import TRIAGE, UITKOMSTEN

# Certainty of a term's legal basis (wvggz/termijnen/regels.py).
ZEKERHEID = {
    "T": "wettekst gecontroleerd",
    "S": "uit een secundaire bron",
    "U": "nog niet geverifieerd",
    "I": "afgeleid (ontwerpkeuze)",
}

# Action names (history rows, timelines): the workflows' own Dutch labels.
ACTIES: dict[str, str] = {naam: a.label for wf in (MELDING, CRISISMAATREGEL, BEROEP, TRIAGE)
                          for naam, a in wf.acties.items()}

LABELS: dict[str, str] = {
    **ACTIES,
    # Melding statuses
    "ontvangen": "ontvangen", "in_onderzoek": "in onderzoek", "aanvraag_ingediend": "aanvraag ingediend",
    "geen_aanvraag": "geen aanvraag", "doorgestuurd": "doorgestuurd", "doorverwezen": "doorverwezen",
    "samengevoegd": "samengevoegd", "afgesloten": "afgesloten",
    # Crisismaatregel statuses
    "aangevraagd": "aangevraagd", "beoordeling": "in beoordeling", "genomen": "genomen", "afgewezen": "afgewezen",
    "voortzetting_verzocht": "voortzetting verzocht", "voortgezet": "voortgezet",
    "zm_verzocht": "zorgmachtiging verzocht", "vervallen": "vervallen", "beeindigd": "beëindigd",
    # Beroep statuses and claim outcomes
    "termijn_loopt": "beroepstermijn loopt", "ingesteld": "beroep ingesteld", "uitspraak_gegrond": "gegrond verklaard",
    "uitspraak_ongegrond": "ongegrond verklaard", "termijn_verstreken": "beroepstermijn verstreken",
    "aanhangig": "aanhangig", "toegekend": "toegekend", "deels_toegekend": "deels toegekend",
    # Triage statuses
    "binnengebracht": "binnengebracht", "somatische_screening": "somatische screening",
    "psychiatrische_screening": "psychiatrische screening", "uitkomst_vastgelegd": "uitkomst vastgelegd",
    "vertrokken": "vertrokken",
    # Reasons for no aanvraag; referrals; OvJ decisions
    "vrijwillige_zorg": "Vrijwillige zorg is mogelijk", "geen_ernstig_nadeel": "Geen ernstig nadeel",
    "geen_psychische_stoornis": "Geen psychische stoornis", "al_in_zorg": "Al in zorg", "overig": "Overig",
    "crisisdienst": "ggz-crisisdienst", "meldpunt_niet_acuut": "Meldpunt niet-acuut", "veilig_thuis": "Veilig Thuis",
    "cjg": "Centrum voor Jeugd en Gezin", "wzd": "Wzd (dementie of verstandelijke beperking)",
    "verzoekschrift": "verzoekschrift ingediend", "geen_verzoekschrift": "geen verzoekschrift",
    # Forms of care (art. 3:2 Wvggz)
    "vocht_voeding_medicatie": "toedienen van vocht, voeding en medicatie", "medische_controles": "medische controles",
    "medicatie": "medicatie", "beperking_bewegingsvrijheid": "beperken van de bewegingsvrijheid",
    "insluiting": "insluiten", "toezicht": "uitoefenen van toezicht",
    "onderzoek_kleding_lichaam": "onderzoek aan kleding of lichaam", "onderzoek_woonruimte": "onderzoek van de woonruimte",
    "controle_middelen": "controleren op middelen", "beperking_eigen_leven": "beperken van de vrijheid het eigen leven in te richten",
    "beperking_communicatie": "beperken van communicatiemiddelen", "beperking_bezoek": "beperken van bezoek",
    "opname": "opnemen in een accommodatie", "ambulant": "ambulante zorg",
    # Term kinds (wvggz/termijnen/regels.py)
    "melding_beslissing": "beslissing op de melding", "wijkteam_advies": "advies wijkteam",
    "tvz_totaal": "tijdelijke verplichte zorg", "tvz_na_onderzoek": "tijdelijke verplichte zorg na onderzoek",
    "cm_advocaat": "advocaat regelen", "cm_tenuitvoerlegging": "tenuitvoerlegging crisismaatregel",
    "cm_geldigheid": "geldigheid crisismaatregel", "voortzetting_verzoek": "verzoek voortzetting (OvJ)",
    "voortzetting_beslissing": "beslissing rechter op voortzetting",
    "voortzetting_geldigheid": "geldigheid machtiging tot voortzetting",
    "zm_beslissing": "beslissing op de zorgmachtiging", "beroep_termijn": "beroepstermijn",
    # Ladder rungs
    "herinnering": "herinnering", "waarschuwing": "waarschuwing", "alert": "alarm", "escalatie": "escalatie",
    # Channels, relations, who asked or brought
    "telefoon": "telefoon", "email": "e-mail", "webformulier": "webformulier", "balie": "balie", "brief": "brief",
    "politie": "politie", "ovp": "OVP", "partner": "partner", "ouder": "ouder", "kind": "kind",
    "broer_zus": "broer of zus", "grootouder": "grootouder", "kleinkind": "kleinkind",
    "vertegenwoordiger": "vertegenwoordiger", "familie_overig": "ander familielid", "buur": "buur",
    "zorgverlener": "zorgverlener", "woningcorporatie": "woningcorporatie",
    "psychiater": "psychiater", "huisarts": "huisarts", "ambulance": "ambulance", "zelf": "zelf gekomen",
    "anders": "anders",
    # Kinds of message in the inbox (notifications/soorten.py)
    "dagoverzicht": "dagoverzicht", "cm_genomen": "crisismaatregel genomen",
    "cm_kennisgeving": "kennisgevingen crisismaatregel", "cm_vervallen": "crisismaatregel vervallen",
    **{f"cm_kennisgeving_{p}": f"kennisgeving aan {wie}" for p, wie in CM_PARTIJEN.items()},
    **{f"cm_mededeling_{p}": f"mededeling aan {wie}" for p, wie in CM_PARTIJEN.items()},
    "beroep_termijn_verstreken": "beroepstermijn verstreken", "document_verzenden": "document klaar om te verzenden",
    # Risk flags at the OVP
    "intoxicatie": "intoxicatie", "letsel": "letsel", "agressie": "agressie", "suicidaliteit": "suïcidaliteit",
    "somatisch_acuut": "somatisch acuut", "verwardheid": "verwardheid",
    # Triage outcomes and follow-up
    **{k: v[0].lower() + v[1:] for k, v in UITKOMSTEN.items()},
    "wijkteam": "wijkteam", "fact": "FACT",
}


def label(code: object) -> str:
    """Return the Dutch label of a stored code ('' for None; unknown codes without underscores)."""
    if code is None:
        return ""
    tekst = str(code)
    return LABELS.get(tekst, tekst.replace("_", " "))


_CODE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def codes(tekst: str | None) -> str:
    """Return a stored text with every known snake_case code in it replaced by its label."""
    return _CODE.sub(lambda m: LABELS.get(m.group(0), m.group(0)), tekst or "")


def zonder_herhaling(tekst: str | None, code: str | None) -> str:
    """Return `tekst` without a leading 'Herinnering: ' when the rung `code` is already shown beside it."""
    tekst = codes(tekst)
    voor = f"{label(code)}: "
    return tekst[len(voor):] if code and tekst.lower().startswith(voor.lower()) else tekst


def zekerheid(code: str | None) -> str:
    """Return the certainty mark with its meaning, e.g. 'S: uit een secundaire bron'."""
    if not code:
        return ""
    return f"{code}: {ZEKERHEID.get(code, 'onbekend')}"


def euro(centen: int | None) -> str:
    """Return an amount in eurocent as euro the Dutch way: 1234567 -> '€ 12.345,67' ('' for None)."""
    if centen is None:
        return ""
    teken = "-" if centen < 0 else ""
    euros, cent = divmod(abs(int(centen)), 100)
    return f"{teken}€ {euros:,}".replace(",", ".") + f",{cent:02d}"
