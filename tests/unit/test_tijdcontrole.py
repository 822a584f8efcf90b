"""The one time-plausibility module: future beyond clock skew, too far back, before a bound, naive input."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from wvggz.clock import TZ
from wvggz.config import Settings
from wvggz.errors import MissingField
from wvggz.tijdcontrole import controleer, geboortedatum, niet_voor, plausibel

NU = datetime(2026, 4, 13, 10, 0, tzinfo=UTC)
INST = Settings(klokafwijking_minuten=10)


def fout(fn, *args, **kw) -> MissingField:  # noqa: ANN001, ANN003
    with pytest.raises(MissingField) as exc:
        fn(*args, **kw)
    return exc.value


def test_binnen_de_klokafwijking_mag_en_erbuiten_niet():
    assert plausibel("op", NU + timedelta(minutes=10), NU, INST) == NU + timedelta(minutes=10)
    e = fout(plausibel, "op", NU + timedelta(minutes=10, seconds=1), NU, INST, wat="Het vertrekmoment")
    assert (e.veld, e.message) == ("op", "Het vertrekmoment ligt in de toekomst.")


def test_te_ver_terug_met_eigen_grens_en_tekst():
    assert plausibel("op", NU - timedelta(days=366), NU, INST) == NU - timedelta(days=366)
    e = fout(plausibel, "op", NU - timedelta(days=366, seconds=1), NU, INST)
    assert e.message == "Dit tijdstip ligt meer dan een jaar terug."
    e = fout(plausibel, "aangekomen_op", NU - timedelta(days=8), NU, INST, wat="Het aankomstmoment",
             terug=timedelta(days=7), hoe_ver="meer dan 7 dagen")
    assert (e.veld, e.message) == ("aangekomen_op", "Het aankomstmoment ligt meer dan 7 dagen terug.")


def test_naief_moment_is_amsterdamse_tijd():
    # 12:05 in Amsterdam (summer time) is 10:05 UTC: within the skew, not 2 hours in the future.
    assert plausibel("op", datetime(2026, 4, 13, 12, 5), NU, INST) == datetime(2026, 4, 13, 12, 5, tzinfo=TZ)
    assert fout(plausibel, "op", datetime(2026, 4, 13, 12, 11), NU, INST).veld == "op"


def test_controleer_zet_alleen_momenten_om_naar_utc():
    uit = controleer({"besloten_op": datetime(2026, 4, 13, 11, 0, tzinfo=TZ), "reden": "x"}, NU, INST)
    assert uit == {"besloten_op": datetime(2026, 4, 13, 9, 0, tzinfo=UTC), "reden": "x"}
    assert uit["besloten_op"].tzinfo is UTC
    assert fout(controleer, {"reden": "x", "besloten_op": NU + timedelta(hours=1)}, NU, INST).veld == "besloten_op"


def test_niet_voor():
    niet_voor("ingesteld_op", NU, None, "x")
    niet_voor("ingesteld_op", NU, NU, "x")
    e = fout(niet_voor, "ingesteld_op", NU - timedelta(seconds=1), NU, "Het beroep ligt vóór het besluit.")
    assert (e.veld, e.message) == ("ingesteld_op", "Het beroep ligt vóór het besluit.")


def test_geboortedatum_telt_met_de_lokale_datum():
    # 23:30 UTC on 13 April is already 14 April in Amsterdam: a birth date of 14 April is not in the future.
    laat = datetime(2026, 4, 13, 23, 30, tzinfo=UTC)
    geboortedatum("geboortedatum", date(2026, 4, 14), laat)
    geboortedatum("geboortedatum", date(1900, 1, 1), laat)
    assert fout(geboortedatum, "b.geboortedatum", date(2026, 4, 15), laat).message == "Geboortedatum ligt in de toekomst."
    e = fout(geboortedatum, "b.geboortedatum", date(1899, 12, 31), laat)
    assert (e.veld, e.message) == ("b.geboortedatum", "Geboortedatum ligt voor 1900.")
