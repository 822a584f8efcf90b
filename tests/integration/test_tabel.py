"""The table models' base class (wvggz/tabel.py) behaves exactly like SQLModel: every check builds and changes the
same rows once with `Tabel.__setattr__` and once with SQLModel's own, and compares what each left behind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select
from sqlmodel import SQLModel

import wvggz.models  # noqa: F401
from wvggz import tabel
from wvggz.db import make_engine, session_factory
from wvggz.meldingen.models import Melding
from wvggz.personen.models import Persoon
from wvggz.tabel import Tabel, bouwplan, kolommen
from wvggz.termijnen.models import Termijn

NU = datetime(2026, 4, 13, 9, 0, tzinfo=UTC)


def _persoon(**extra) -> Persoon:
    return Persoon(gemeente="Den Haag", achternaam="Jansen", voornaam="Piet", aangemaakt_op=NU, **extra)


def _melding(melder_id: int, betrokkene_id: int) -> Melding:
    return Melding(gemeente="Den Haag", ontvangen_op=NU, kanaal="telefoon", melder_id=melder_id,
                   melder_relatie="buur", betrokkene_id=betrokkene_id, zorgen="Verward gedrag", acuut=True)


def _staat(obj) -> dict:  # noqa: ANN001
    """Everything observable of an object: values, fields set, dumps, ORM attribute history."""
    st = inspect(obj)
    return {
        "dict": {k: v for k, v in obj.__dict__.items() if k != "_sa_instance_state"},
        "fields_set": set(obj.model_fields_set),
        "dump": obj.model_dump(),
        "dump_gezet": obj.model_dump(exclude_unset=True),
        "geschiedenis": {a.key: (list(a.history.added), list(a.history.deleted)) for a in st.attrs
                         if a.history.has_changes()},
        "gewijzigd": st.modified,
    }


def _scenario(session) -> list[dict]:  # noqa: ANN001
    """Build, insert, change, flush and commit a person, a melding and a term; snapshot after each step."""
    uit = []
    melder, betrokkene = _persoon(email="a@example.org"), _persoon(geboortedatum=None)
    uit.append(_staat(melder))
    session.add_all([melder, betrokkene])
    session.flush()
    melding = _melding(melder.id, betrokkene.id)
    uit.append(_staat(melding))
    session.add(melding)
    session.commit()
    uit += [_staat(melding), {"versie": melding.versie}]
    melding.status, melding.behandelaar_id = "in_onderzoek", None  # behandelaar None: unchanged value
    melding.zorgen = "Verward gedrag, overlast"
    uit.append(_staat(melding))
    uit.append({"dirty": melding in session.dirty, "gewijzigd": session.is_modified(melding)})
    session.commit()
    uit += [_staat(melding), {"versie": melding.versie}]
    termijn = Termijn(soort="melding_beslissing", zaak_type="melding", zaak_id=melding.id, start=NU, eindmoment=NU,
                      grondslag="art. 5:2", zekerheid="V", toelichting="t")
    termijn.volgende_trede_op = NU
    uit.append(_staat(termijn))
    session.add(termijn)
    session.commit()
    termijn.status = "gesloten"
    session.commit()
    uit += [_staat(termijn), {"versie": termijn.versie}]
    session.expunge_all()
    opgeslagen = session.exec(select(Melding).where(Melding.id == melding.id)).scalar_one()
    uit.append(_staat(opgeslagen))
    opgeslagen.open = False
    uit.append(_staat(opgeslagen))
    session.rollback()
    uit.append({"na_rollback": opgeslagen.open})
    return [{k: v for k, v in s.items() if k not in ("id",)} for s in uit]


def _draai(pad, monkeypatch, snel: bool) -> list[dict]:  # noqa: ANN001
    """The scenario on a fresh SQLite database, with the fast assignment or with SQLModel's own."""
    with monkeypatch.context() as m:
        if not snel:
            m.setattr(Tabel, "__setattr__", SQLModel.__setattr__)
            m.setattr(tabel, "SNEL_BOUWEN", False)  # SQLModel's own construction as well
        engine = make_engine(f"sqlite:///{pad}")
        SQLModel.metadata.create_all(engine)
        try:
            with session_factory(engine)() as s:
                return _scenario(s)
        finally:
            engine.dispose()


def test_zelfde_gedrag_als_sqlmodel(tmp_path, monkeypatch):
    snel = _draai(tmp_path / "snel.db", monkeypatch, True)
    referentie = _draai(tmp_path / "sqlmodel.db", monkeypatch, False)
    assert snel == referentie
    assert snel[3] == {"versie": 1} and snel[7] == {"versie": 2}  # the version column counts every UPDATE
    assert snel[5] == {"dirty": True, "gewijzigd": True}
    assert snel[-1] == {"na_rollback": True}


def test_de_snelle_weg_wordt_genomen(monkeypatch):
    """The fast path really runs for a column (SQLModel's own is not called) and not for other names."""
    aanroepen: list[str] = []
    origineel = SQLModel.__setattr__

    def teller(self, name, value):  # noqa: ANN001
        aanroepen.append(name)
        origineel(self, name, value)

    monkeypatch.setattr(SQLModel, "__setattr__", teller)
    melding = _melding(1, 2)
    melding.status = "in_onderzoek"
    assert "status" not in aanroepen and "zorgen" not in aanroepen
    assert "status" in kolommen(Melding) and "referentie" not in kolommen(Melding)
    with pytest.raises(AttributeError):
        melding.referentie = "M-1"  # a property without setter: SQLModel's path, its own error


def test_elke_tabel_van_wvggz_erft_van_tabel():
    """Every table model of wvggz uses the base class; the outbox (notifications/, a lower layer that may not
    import wvggz) keeps SQLModel's own assignment."""
    modellen = {m.class_ for m in SQLModel._sa_registry.mappers}
    zonder = sorted(m.__name__ for m in modellen if not issubclass(m, Tabel) and m.__module__.startswith("wvggz"))
    assert zonder == []
    assert len([m for m in modellen if issubclass(m, Tabel)]) >= 20


def test_snel_bouwen_geeft_hetzelfde_object(monkeypatch):
    """Every table model of wvggz, built with only its required fields and with a few given ones, leaves the same
    values, fields_set, dumps, history and modified flag as SQLModel's own construction."""
    from datetime import date

    from sqlalchemy.orm import configure_mappers

    configure_mappers()
    voorbeeld = {int: 7, str: "x", bool: True, datetime: NU, date: NU.date(), float: 1.5}
    modellen = sorted((m.class_ for m in SQLModel._sa_registry.mappers if issubclass(m.class_, Tabel)),
                      key=lambda c: c.__name__)
    snel = [c for c in modellen if bouwplan(c) is not None]
    assert len(snel) >= 20
    for cls in snel:
        gegeven = {}
        for naam, veld in cls.model_fields.items():
            soort = veld.annotation if veld.annotation in voorbeeld else next(
                (a for a in getattr(veld.annotation, "__args__", ()) if a in voorbeeld), None)
            if soort is not None and (veld.is_required() or len(gegeven) % 2 == 0):
                gegeven[naam] = voorbeeld[soort]
        eigen = _staat(cls(**gegeven))
        with monkeypatch.context() as m:
            m.setattr(tabel, "SNEL_BOUWEN", False)
            m.setattr(Tabel, "__setattr__", SQLModel.__setattr__)
            referentie = _staat(cls(**gegeven))
        assert eigen == referentie, cls.__name__
