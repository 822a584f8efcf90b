"""JSON API of documents per case: list, generate (issue), upload and download.

`/api/v1/{kind}/{id}/documenten` for kind meldingen, crisismaatregelen, beroepen and triages: one set of routes per
kind, so that each route declares its own permission (the kind's read or write permission) for the matrix."""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.deps import ClockDep, SessionDep, SettingsDep, recht
from api.routes.common import fouten
from wvggz.documenten import service
from wvggz.documenten.zaken import ZAAKSOORTEN
from wvggz.gebruikers.models import Gebruiker

Id = Annotated[int, Path(ge=1, le=2**62)]


class DocumentUit(BaseModel):
    id: int
    herkomst: str
    soort: str
    titel: str
    bestandsnaam: str
    mime: str
    grootte: int
    sha256: str
    sjabloon_versie: str | None
    zaak_status: str
    vervangt_id: int | None
    vervangen: bool
    reden: str | None
    gemaakt_op: Any
    gemaakt_door: str


class Documentsoort(BaseModel):
    naam: str
    titel: str
    bezwaar: str | None
    huidig_id: int | None


class DocumentLijst(BaseModel):
    pad: str
    zaak_id: int
    mag_wijzigen: bool
    documenten: list[DocumentUit]
    soorten: list[Documentsoort]


class GenereerIn(BaseModel):
    soort: str = Field(max_length=60, description="Documentsoort, bv. beschikking_crisismaatregel")
    vervangt_id: int | None = Field(default=None, ge=1, le=2**62, description="Correctie van dit document")
    reden: str | None = Field(default=None, max_length=2000)
    verzenden: bool = False


def _uit(d: Any) -> dict[str, Any]:
    return {k: getattr(d, k) for k in DocumentUit.model_fields if k != "vervangen"} | {"vervangen": False}


async def lees_begrensd(bestand: UploadFile, max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes: enough to refuse a file that is too large without holding it all."""
    return await bestand.read(max_bytes + 1)


def bijlage(download: service.Download) -> Response:
    """The download response: always an attachment, the name encoded (RFC 6266), never sniffed."""
    ascii_naam = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_"
                         for c in download.bestandsnaam)
    kop = f"attachment; filename=\"{ascii_naam}\"; filename*=UTF-8''{quote(download.bestandsnaam, safe='')}"
    return Response(download.inhoud, media_type=download.mime, headers={"Content-Disposition": kop})


_TYPES = ("application/pdf", "image/png", "image/jpeg", "text/plain",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _router(pad: str, lees: str, wijzig: str) -> APIRouter:
    """The document routes of one case kind under /api/v1/{pad}/{zaak_id}/documenten."""
    router = APIRouter(prefix=f"/api/v1/{pad}", tags=["documenten"])
    Lezer = Annotated[Gebruiker, Depends(recht(lees))]  # noqa: N806
    Wijziger = Annotated[Gebruiker, Depends(recht(wijzig))]  # noqa: N806

    @router.get("/{zaak_id}/documenten", response_model=DocumentLijst, responses=fouten(403, 404))
    def lijst(zaak_id: Id, session: SessionDep, clock: ClockDep, user: Lezer) -> dict[str, Any]:
        """The documents of one case and the kinds that can be issued now."""
        return service.lijst(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id)

    @router.post("/{zaak_id}/documenten", status_code=201, response_model=DocumentUit,
                 responses=fouten(403, 404, 409))
    def genereer(zaak_id: Id, body: GenereerIn, session: SessionDep, clock: ClockDep, user: Wijziger,
                 settings: SettingsDep) -> dict[str, Any]:
        """Issue a document from the case as it is now. Issued means fixed: a second one of the same kind is a
        correction (`vervangt_id` of the current one and a `reden`); otherwise 409."""
        doc = service.genereer(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id, soort=body.soort,
                               settings=settings, vervangt_id=body.vervangt_id, reden=body.reden,
                               verzenden=body.verzenden)
        return _uit(doc)

    @router.post("/{zaak_id}/documenten/upload", status_code=201, response_model=DocumentUit,
                 responses=fouten(403, 404))
    async def upload(zaak_id: Id, session: SessionDep, clock: ClockDep, user: Wijziger,
                     settings: SettingsDep, bestand: Annotated[UploadFile, File()],
                     titel: Annotated[str | None, Form(max_length=200)] = None) -> dict[str, Any]:
        """Keep an incoming file with the case (PDF, PNG, JPEG, DOCX, plain text; size limit configurable)."""
        inhoud = await lees_begrensd(bestand, settings.upload_max_bytes)
        doc = service.ontvang(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id,
                              bestandsnaam=bestand.filename, inhoud=inhoud, settings=settings, titel=titel)
        return _uit(doc)

    @router.get("/{zaak_id}/documenten/{document_id}", responses=fouten(403, 404) | {
        200: {"content": {t: {} for t in _TYPES}, "description": "Het document, als bijlage"}})
    def download(zaak_id: Id, document_id: Id, session: SessionDep, clock: ClockDep, user: Lezer,
                 settings: SettingsDep) -> Response:
        """Download one document of the case (logged as a read)."""
        return bijlage(service.download(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id,
                                        document_id=document_id, settings=settings))

    return router


ROUTERS = [_router(z.pad, z.lees, z.wijzig) for z in ZAAKSOORTEN.values()]
