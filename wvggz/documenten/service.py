"""Use cases of documents: list, issue (generate), correct, receive (upload) and download.

Every call checks permission and gemeente scope through the case-kind registry (`zaken.py`), writes
its `toegang` rows, and a change writes a `historie` row; sending goes through the outbox.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from notifications.outbox import plaats
from wvggz.audit.service import log_toegang, schrijf_historie
from wvggz.clock import TZ, Clock
from wvggz.config import Settings
from wvggz.documenten import bestanden, render
from wvggz.documenten.models import GEGENEREERD, INKOMEND, Document
from wvggz.documenten.opslag import Opslag
from wvggz.documenten.soorten import SOORTEN, Documentsoort, soorten_voor
from wvggz.documenten.zaken import Zaaksoort, zaaksoort
from wvggz.errors import ConflictError, MissingField, NotFound
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import mag

BIJLAGE = "bijlage"


@dataclass(frozen=True)
class Download:
    bestandsnaam: str
    mime: str
    inhoud: bytes


def documenten_van(session: Session, zaak_type: str, zaak_id: int) -> list[Document]:
    stmt = select(Document).where(Document.zaak_type == zaak_type, Document.zaak_id == zaak_id)
    return list(session.exec(stmt.order_by(Document.id)))


def _kort(d: Document, vervangen: set[int]) -> dict[str, Any]:
    return {"id": d.id, "herkomst": d.herkomst, "soort": d.soort, "titel": d.titel, "bestandsnaam": d.bestandsnaam,
            "mime": d.mime, "grootte": d.grootte, "sha256": d.sha256, "sjabloon_versie": d.sjabloon_versie,
            "zaak_status": d.zaak_status, "vervangt_id": d.vervangt_id, "vervangen": d.id in vervangen,
            "reden": d.reden, "gemaakt_op": d.gemaakt_op, "gemaakt_door": d.gemaakt_door}


def overzicht(session: Session, actor: Gebruiker, z: Zaaksoort, zaak: Any) -> dict[str, Any]:
    """Return the documents of a loaded case and the kinds that can be issued now (no access logging:
    the caller has loaded and logged the case)."""
    docs = documenten_van(session, z.zaak_type, zaak.id)
    vervangen = {d.vervangt_id for d in docs if d.vervangt_id}
    huidig = {d.soort: d.id for d in docs if d.herkomst == GEGENEREERD and d.id not in vervangen}
    soorten = [{"naam": s.naam, "titel": s.titel, "bezwaar": s.bezwaar(zaak), "huidig_id": huidig.get(s.naam)}
               for s in soorten_voor(z.zaak_type)]
    return {"pad": z.pad, "zaak_id": zaak.id, "mag_wijzigen": mag(actor, z.wijzig),
            "documenten": [_kort(d, vervangen) for d in docs], "soorten": soorten}


def lijst(*, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int) -> dict[str, Any]:
    """Return the documents of one case; logs the read."""
    z = zaaksoort(pad)
    zaak = z.laad(session, actor, zaak_id)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=z.zaak_type, zaak_id=zaak.id,
                persoon_ids=z.personen(zaak), doel="documenten")
    uit = overzicht(session, actor, z, zaak)
    session.commit()
    return uit


def _soort(z: Zaaksoort, naam: str) -> Documentsoort:
    s = SOORTEN.get(naam)
    if s is None or s.zaak_type != z.zaak_type:
        keuzes = ", ".join(x.naam for x in soorten_voor(z.zaak_type)) or "geen"
        raise MissingField("soort", f"Onbekende documentsoort voor een {z.naam}; kies uit: {keuzes}.")
    return s


def _volgend_nummer(docs: list[Document], soort: str) -> int:
    return 1 + sum(1 for d in docs if d.soort == soort and d.herkomst == GEGENEREERD)


def genereer(
    *, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int, soort: str, settings: Settings,
    vervangt_id: int | None = None, reden: str | None = None, verzenden: bool = False,
) -> Document:
    """Issue a document of kind `soort` from the case as it is now; fixed from then on.

    A second one of the same kind is only a correction: `vervangt_id` names the current one and
    `reden` says why. Returns the stored document (committed)."""
    z = zaaksoort(pad)
    zaak = z.laad(session, actor, zaak_id, schrijven=True)
    s = _soort(z, soort)
    bezwaar = s.bezwaar(zaak)
    if bezwaar:
        raise MissingField("soort", bezwaar)
    docs = documenten_van(session, z.zaak_type, zaak.id)
    vervangen = {d.vervangt_id for d in docs if d.vervangt_id}
    huidig = [d for d in docs if d.soort == s.naam and d.herkomst == GEGENEREERD and d.id not in vervangen]
    if vervangt_id is None and huidig:
        raise ConflictError(f"Er is al een {s.titel.lower()} uitgegeven (document {huidig[-1].id}); "
                            "een uitgegeven document wordt niet opnieuw gemaakt: maak een correctie.")
    if vervangt_id is not None:
        if not huidig or huidig[-1].id != vervangt_id:
            raise MissingField("vervangt_id", "Alleen het geldende document van deze soort kan worden gecorrigeerd.")
        if not (reden or "").strip():
            raise MissingField("reden", "Geef de reden van de correctie.")
    now = clock.now()
    context = s.context(session, zaak, settings) | {
        "titel": s.titel, "referentie": zaak.referentie, "gemeente": zaak.gemeente,
        "datum_uitgifte": now.astimezone(TZ).strftime("%d-%m-%Y")}
    inhoud = render.pdf(render.html(s, context))
    nummer = _volgend_nummer(docs, s.naam)
    doc = Document(
        zaak_type=z.zaak_type, zaak_id=zaak.id, herkomst=GEGENEREERD, soort=s.naam, titel=s.titel,
        bestandsnaam=f"{s.naam}_{zaak.referentie}_v{nummer}.pdf", mime="application/pdf", grootte=len(inhoud),
        sha256=hashlib.sha256(inhoud).hexdigest(), inhoud=inhoud, volgnummer=nummer, sjabloon_versie=s.versie,
        zaak_status=zaak.status, vervangt_id=vervangt_id, reden=(reden or "").strip() or None, gemaakt_op=now,
        gemaakt_door_id=actor.id, gemaakt_door=actor.naam,
    )
    session.add(doc)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ConflictError("Tegelijk is een ander document gemaakt; laad de zaak opnieuw.") from None
    actie = "document_gecorrigeerd" if vervangt_id else "document_uitgegeven"
    schrijf_historie(session, clock, actor, zaak_type=z.zaak_type, zaak_id=zaak.id, actie=actie, van=zaak.status,
                     naar=zaak.status, reden=f"{s.titel} (document {doc.id}, sha256 {doc.sha256[:12]}…)"
                     + (f"; vervangt document {vervangt_id}: {doc.reden}" if vervangt_id else ""))
    log_toegang(session, clock, actor, handeling="schrijf", zaak_type=z.zaak_type, zaak_id=zaak.id,
                persoon_ids=z.personen(zaak), doel="document_uitgeven")
    if verzenden:
        plaats(session, soort="document_verzenden", kanaal="inbox", ontvanger_rol=actor.rol,
               gegevens={"referentie": zaak.referentie, "omschrijving": s.titel, "ontvanger": s.ontvanger,
                         "pad": f"{z.paginapad(zaak.id)}#documenten"},
               dedup_sleutel=f"document:{doc.id}:verzenden", now=now, zaak_type=z.zaak_type, zaak_id=zaak.id,
               gebruiker_id=actor.id)
    session.commit()
    return doc


def ontvang(
    *, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int, bestandsnaam: str | None,
    inhoud: bytes, settings: Settings, titel: str | None = None,
) -> Document:
    """Keep an incoming file with the case. Checks come first: a refused file leaves nothing behind."""
    z = zaaksoort(pad)
    zaak = z.laad(session, actor, zaak_id, schrijven=True)
    naam, type_ = bestanden.controleer(bestandsnaam, inhoud, settings.upload_max_bytes)
    titel = (titel or "").strip()[:200] or naam[:200]
    opslag = Opslag(settings.documenten_map)
    sleutel = opslag.schrijf(inhoud)
    try:
        doc = Document(
            zaak_type=z.zaak_type, zaak_id=zaak.id, herkomst=INKOMEND, soort=BIJLAGE, titel=titel,
            bestandsnaam=naam, mime=type_.mime, grootte=len(inhoud), sha256=hashlib.sha256(inhoud).hexdigest(),
            opslag_sleutel=sleutel, zaak_status=zaak.status, gemaakt_op=clock.now(), gemaakt_door_id=actor.id,
            gemaakt_door=actor.naam,
        )
        session.add(doc)
        session.flush()
        schrijf_historie(session, clock, actor, zaak_type=z.zaak_type, zaak_id=zaak.id, actie="document_ontvangen",
                         van=zaak.status, naar=zaak.status,
                         reden=f"{type_.naam}, {len(inhoud)} bytes (document {doc.id}, sha256 {doc.sha256[:12]}…)")
        log_toegang(session, clock, actor, handeling="schrijf", zaak_type=z.zaak_type, zaak_id=zaak.id,
                    persoon_ids=z.personen(zaak), doel="document_ontvangen")
        session.commit()
    except BaseException:
        session.rollback()
        opslag.verwijder(sleutel)
        raise
    return doc


def download(*, session: Session, clock: Clock, actor: Gebruiker, pad: str, zaak_id: int, document_id: int,
             settings: Settings) -> Download:
    """Return the bytes of one document of the case; logs the read."""
    z = zaaksoort(pad)
    zaak = z.laad(session, actor, zaak_id)
    doc = session.get(Document, document_id)
    if doc is None or doc.zaak_type != z.zaak_type or doc.zaak_id != zaak.id:
        raise NotFound(f"Document {document_id} hoort niet bij deze {z.naam}.")
    if doc.herkomst == GEGENEREERD:
        inhoud = doc.inhoud or b""
    else:
        inhoud = Opslag(settings.documenten_map).lees(doc.opslag_sleutel or "", doc.sha256)
    log_toegang(session, clock, actor, handeling="lees", zaak_type=z.zaak_type, zaak_id=zaak.id,
                persoon_ids=z.personen(zaak), doel=f"document_download:{doc.id}")
    session.commit()
    return Download(doc.bestandsnaam, doc.mime, inhoud)


def blok(*, session: Session, actor: Gebruiker, pad: str, zaak_id: int) -> dict[str, Any]:
    """Return the document block of a case page (the page itself has loaded and logged the case)."""
    z = zaaksoort(pad)
    return overzicht(session, actor, z, z.laad(session, actor, zaak_id))
