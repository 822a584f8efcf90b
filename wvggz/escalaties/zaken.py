"""What the sweep needs to know about the case of a term, whatever its type: reference, gemeente, link,
behandelaar; and who receives a rung's message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, SQLModel, select

from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import met_recht, rollen

# Page URL of each case type (house convention); the message carries the path, never the content.
PADEN = {"melding": "/meldingen/{id}", "crisismaatregel": "/crisismaatregelen/{id}",
         "beroep": "/beroepen/{id}", "triage": "/triages/{id}"}


@dataclass(frozen=True)
class ZaakInfo:
    referentie: str
    gemeente: str
    pad: str
    behandelaar_id: int | None


_MODELLEN: dict[str, type[SQLModel]] = {}  # found once per case type (the sweep asks per term)


def _model_voor(zaak_type: str) -> type[SQLModel] | None:
    """Return the table class whose table is named `zaak_type` (melding, crisismaatregel, ...)."""
    if zaak_type in _MODELLEN:
        return _MODELLEN[zaak_type]
    for mapper in SQLModel._sa_registry.mappers:
        if getattr(mapper.local_table, "name", None) == zaak_type:
            _MODELLEN[zaak_type] = mapper.class_
            return mapper.class_
    return None


def zaakinfo(session: Session, zaak_type: str, zaak_id: int, standaard_gemeente: str) -> ZaakInfo:
    """Return the case's reference, gemeente, link path and behandelaar (defaults where the case type
    has no such field, or the case row is missing)."""
    model = _model_voor(zaak_type)
    rij: Any = session.get(model, zaak_id) if model is not None else None
    return ZaakInfo(
        referentie=str(getattr(rij, "referentie", None) or f"{zaak_type}-{zaak_id}"),
        gemeente=getattr(rij, "gemeente", None) or standaard_gemeente,
        pad=PADEN.get(zaak_type, "/").format(id=zaak_id),
        behandelaar_id=getattr(rij, "behandelaar_id", None),
    )


def laad_zaken(session: Session, zaken: Iterable[tuple[str, int]]) -> list[Any]:
    """Load the case rows of a batch in one query per case type; returns them (hold on to the list: the
    session's identity map keeps them only while referenced, and zaakinfo then finds them there)."""
    per_type: dict[str, set[int]] = {}
    for zaak_type, zaak_id in zaken:
        per_type.setdefault(zaak_type, set()).add(zaak_id)
    geladen: list[Any] = []
    for zaak_type, ids in per_type.items():
        model: Any = _model_voor(zaak_type)
        if model is not None:
            geladen += session.exec(select(model).where(model.id.in_(sorted(ids)))).all()
    return geladen


@dataclass
class Ontvangers:
    """Active users by id, cached for one sweep batch, and per (permission, gemeente), cached for one sweep
    run (`per_rol`, shared by its batches). `behandelaars`: the behandelaar ids of the batch's cases, read
    together in one query when the first of them is needed."""

    session: Session
    behandelaars: set[int] = field(default_factory=set)
    per_rol: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _per_id: dict[int, Gebruiker | None] = field(default_factory=dict)

    def gebruiker(self, gebruiker_id: int) -> Gebruiker | None:
        """Return the user (held for the batch); the first miss loads every behandelaar of the batch."""
        if gebruiker_id not in self._per_id:
            ids = sorted(self.behandelaars - self._per_id.keys() | {gebruiker_id})
            rijen = {g.id: g for g in self.session.exec(select(Gebruiker).where(Gebruiker.id.in_(ids)))}
            self._per_id.update({i: rijen.get(i) for i in ids})
        return self._per_id[gebruiker_id]

    def houders(self, recht: str, gemeente: str) -> list[int]:
        """Return the ids of the active users whose role grants `recht` in `gemeente` (case-insensitive)."""
        sleutel = (recht, gemeente.casefold())
        if sleutel not in self.per_rol:
            rijen = self.session.exec(select(Gebruiker.id, Gebruiker.gemeente).where(
                met_recht(recht), Gebruiker.actief.is_(True)).order_by(Gebruiker.id)).all()
            self.per_rol[sleutel] = [i for i, g in rijen if g.casefold() == sleutel[1]]
        return self.per_rol[sleutel]

    def voor(self, ontvanger: str, info: ZaakInfo) -> tuple[str, list[int | None]]:
        """Return (recipient role, user ids) of a rung: the case's behandelaar when it has one, else every
        active user in the case's gemeente whose role holds `signaal.<ontvanger>` (the intake queue for an
        unassigned case); [None] when there is nobody, so the message stays visible as undeliverable."""
        if ontvanger in ("behandelaar", "wijkteam") and info.behandelaar_id is not None:
            behandelaar = self.gebruiker(info.behandelaar_id)
            if behandelaar is not None and behandelaar.actief:
                return "behandelaar", [behandelaar.id]
        recht = f"signaal.{ontvanger}"
        return "/".join(rollen(recht)), list(self.houders(recht, info.gemeente)) or [None]
