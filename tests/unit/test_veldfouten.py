"""The one helper from pydantic errors to Dutch field messages."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, EmailStr, field_validator

from wvggz.veldfouten import eerste, tekst, veldfouten


class Adres(BaseModel):
    postcode: str

    @field_validator("postcode")
    @classmethod
    def _vorm(cls, v: str) -> str:
        if not v[:4].isdigit():
            raise ValueError("Postcode moet de vorm '1234 AB' hebben.")
        return v


class Formulier(BaseModel):
    model_config = ConfigDict(extra="forbid")
    naam: str
    geboren: date | None = None
    email: EmailStr | None = None
    adres: Adres | None = None


def fouten(**body) -> dict[str, str]:  # noqa: ANN003
    with pytest.raises(Exception) as exc:  # noqa: PT011
        Formulier.model_validate(body)
    return veldfouten(exc.value)


def test_per_veld_een_nederlandse_tekst_ook_genest():
    assert fouten(geboren="gisteren", email="geen-adres", adres={"postcode": "AB 1234"}) == {
        "naam": "Dit veld is verplicht.", "geboren": "Geen geldige datum.", "email": "Geen geldig e-mailadres.",
        "adres.postcode": "Postcode moet de vorm '1234 AB' hebben.",
    }


def test_onbekend_type_krijgt_de_standaardtekst_of_die_van_pydantic():
    fout = {"type": "iets_nieuws", "loc": ("x",), "msg": "Something odd"}
    assert tekst(fout) == "Ongeldige waarde."
    assert tekst(fout, standaard=None) == "Something odd"
    assert tekst({"type": "extra_forbidden", "loc": ("x",), "msg": "Extra inputs"}, None) == "Onbekend veld."


def test_eerste_fout_als_missingfield():
    with pytest.raises(Exception) as exc:  # noqa: PT011
        Formulier.model_validate({"naam": "a", "onbekend": 1})
    fout = eerste(exc.value)
    assert (fout.veld, fout.message) == ("onbekend", "Onbekend veld.")
