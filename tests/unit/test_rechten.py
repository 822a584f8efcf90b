"""The permission table itself: complete, and the helpers read it the way pages and services expect."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from wvggz.errors import Forbidden
from wvggz.gebruikers.models import Rol
from wvggz.gebruikers.rechten import RECHTEN, ROLNAAM, bekende_rol, mag, rollen, rolnaam, vereis
from wvggz.termijnen.regels import ONTVANGERS


def test_elke_rij_noemt_alleen_bestaande_rollen():
    for recht, wie in RECHTEN.items():
        assert recht.count(".") == 1 and wie <= frozenset(Rol), recht


def test_elke_ontvanger_van_de_termijnladder_heeft_een_signaalrecht():
    """The sweep sends an unassigned case's signal to whoever holds signaal.<ontvanger>: exactly one role,
    because the message names it."""
    for ontvanger in ONTVANGERS:
        assert len(RECHTEN[f"signaal.{ontvanger}"]) == 1, ontvanger


def test_mag_en_vereis():
    ovp, onbekend = SimpleNamespace(rol="ovp"), SimpleNamespace(rol="wethouder")
    assert mag(ovp, "triage.wijzig") and not mag(ovp, "melding.lees")
    assert not mag(onbekend, "bericht.inbox")  # an unknown role holds nothing, even what every role holds
    with pytest.raises(Forbidden, match=r"Uw rol \(ovp\) mag dit niet \(melding.lees\)"):
        vereis(ovp, "melding.lees")
    with pytest.raises(KeyError):
        mag(ovp, "bestaat.niet")  # a typo in a permission name fails loudly, not as a silent 'no'


def test_rollen_rolnaam_en_bekende_rol():
    assert rollen("melding.lees") == ["intake", "projectleider"]  # in the order of Rol
    assert rollen("termijn.bereken") == [r.value for r in Rol]
    assert set(ROLNAAM) == set(Rol) and rolnaam("ovp") == "OVP" and rolnaam("anders") == "anders"
    assert bekende_rol("beheer") and not bekende_rol("Beheer") and not bekende_rol("")
