"""The template rules: every kind of message, who it is for, what its snapshot must hold and may show.

A template may only print the fields its kind lists here; `tests/unit/test_templates.py` checks every
template against this table and renders each with poisoned sample data. Fields that would identify a
person or say something about health (names, BSN, date of birth, address, the concerns, advice,
diagnosis) are never listed, so they can never appear in a message. Staff kinds print their details
only in the in-app inbox; by e-mail they carry the case reference and a link (`pad`), not the content.
"""

from __future__ import annotations

from dataclasses import dataclass

EXTERN, MEDEWERKER = "extern", "medewerker"
# Added by the renderer to every kind's context: where links point to, and the channel.
CONTEXT = frozenset({"basis_url", "kanaal"})


@dataclass(frozen=True)
class Soort:
    """One kind of message. `alleen_naaste`: only a naaste-melder may receive it (Wvggz art. 5:2 lid 5).
    `groep`: staff choose one channel for the whole group (e.g. every reminder to notify a party)."""

    naam: str
    doelgroep: str
    onderwerp: str  # Jinja source of the subject line
    verplicht: frozenset[str]
    optioneel: frozenset[str] = frozenset()
    alleen_naaste: bool = False
    groep: str | None = None

    @property
    def velden(self) -> frozenset[str]:
        """Every field the templates of this kind may use."""
        return self.verplicht | self.optioneel | CONTEXT

    @property
    def voorkeur(self) -> str:
        """The key a staff member's channel choice is stored under."""
        return self.groep or self.naam


CM_PARTIJEN = {  # partij (as wvggz.crisismaatregelen.plichten names it) -> how a text names them
    "betrokkene": "de betrokkene",
    "advocaat": "de advocaat",
    "geneesheer_directeur": "de geneesheer-directeur",
    "inspectie": "de Inspectie Gezondheidszorg en Jeugd",
    "ovj": "de officier van justitie",
    "vertegenwoordiger": "de vertegenwoordiger",
    "pvp": "de patiëntenvertrouwenspersoon",
    "rvr": "de Raad voor Rechtsbijstand",
}

_MELDER = frozenset({"referentie", "ontvangen_op", "gemeente"})
_CM = frozenset({"referentie", "gemeente", "genomen_op"})
_PAD = frozenset({"pad"})
# What staff snapshots may carry (escalation rungs, the digest, crisismaatregel duties): references,
# term codes and moments, never a person.
_STAF = frozenset({
    "referentie", "zaak_type", "termijn", "termijn_omschrijving", "grondslag", "trede", "omschrijving",
    "ontvanger", "einddatum", "eindmoment", "gepland_op", "te_laat", "datum", "aantal", "items",
    "crisismaatregel_id", "beroep_id", "taak_id", "partij", "uiterlijk_op", "besloten_op", "geldig_tot",
    "dagen_verlopen",
})
_REF = "{% if referentie is gevuld %} {{ referentie }}{% endif %}"


def _staf(naam: str, onderwerp: str, groep: str | None = None) -> Soort:
    return Soort(naam, MEDEWERKER, onderwerp, _PAD, _STAF, groep=groep)


_LIJST = [
    Soort("ontvangstbevestiging", EXTERN, "Ontvangstbevestiging van uw melding {{ referentie }}", _MELDER),
    Soort("doorzending", EXTERN, "Uw melding {{ referentie }} is doorgestuurd",
          _MELDER | {"naar_gemeente"}),
    Soort("uitkomst_naaste", EXTERN, "Uitkomst van uw melding {{ referentie }}", _MELDER | {"aanvraag"},
          alleen_naaste=True),
    Soort("ovj_uitkomst_naaste", EXTERN, "Besluit van de officier van justitie over melding {{ referentie }}",
          _MELDER | {"verzoekschrift"}, alleen_naaste=True),
    Soort("naaste_route", EXTERN, "Uw melding {{ referentie }}: uw eigen route naar de officier van justitie",
          _MELDER, optioneel=frozenset({"einddatum"}), alleen_naaste=True),
    *[Soort(f"cm_mededeling_{p}", EXTERN, "Mededeling crisismaatregel {{ referentie }}", _CM,
            optioneel=frozenset({"geldig_tot", "beroep_tot"})) for p in CM_PARTIJEN],
    _staf("herinnering", f"Herinnering termijn{_REF}"),
    _staf("waarschuwing", f"Waarschuwing termijn{_REF}"),
    _staf("alert", f"ALERT termijn{_REF}"),
    _staf("escalatie", f"Escalatie termijn{_REF}"),
    _staf("dagoverzicht", "Dagoverzicht termijnen{% if datum is gevuld %} {{ datum }}{% endif %}"),
    _staf("cm_genomen", f"Crisismaatregel genomen{_REF}"),
    *[_staf(f"cm_kennisgeving_{p}", f"Kennisgeving aan {CM_PARTIJEN[p]}{_REF}", groep="cm_kennisgeving")
      for p in CM_PARTIJEN],
    _staf("cm_vervallen", f"Crisismaatregel vervallen{_REF}"),
    _staf("beroep_termijn_verstreken", f"Beroepstermijn verstreken{_REF}"),
    _staf("document_verzenden", f"Document klaar om te verzenden{_REF}"),
]
SOORTEN: dict[str, Soort] = {s.naam: s for s in _LIJST}

# Other spellings callers may use for the same kind.
ALIASSEN = {
    **{f"escalatie_{t}": t for t in ("herinnering", "waarschuwing", "alert", "escalatie")},
    "cm_mededeling_officier_van_justitie": "cm_mededeling_ovj",
    "cm_mededeling_raad_voor_rechtsbijstand": "cm_mededeling_rvr",
    "cm_mededeling_patientenvertrouwenspersoon": "cm_mededeling_pvp",
}


class OnbekendeSoort(LookupError):
    pass


def soort(naam: str) -> Soort:
    """Return the kind for `naam` (aliases allowed); raises OnbekendeSoort."""
    gevonden = SOORTEN.get(ALIASSEN.get(naam, naam))
    if gevonden is None:
        raise OnbekendeSoort(f"Geen sjabloon voor soort {naam!r}.")
    return gevonden


def voorkeur_sleutel(naam: str) -> str:
    """Return the preference key of a kind (its group, or itself; unknown kinds stay as they are)."""
    try:
        return soort(naam).voorkeur
    except OnbekendeSoort:
        return naam


def medewerker_voorkeuren() -> list[str]:
    """Return the keys staff choose a channel for, in table order (kinds, or their group)."""
    return list(dict.fromkeys(s.voorkeur for s in _LIJST if s.doelgroep == MEDEWERKER))
