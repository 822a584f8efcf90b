"""Pages of documents per case: the document page, issue and upload forms (POST, 303), downloads.

A refused upload or issue shows the document page again with a Dutch message (422); nothing is stored."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from api.deps import ClockDep, SessionDep, SettingsDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.routes.documenten import bijlage
from api.security import check_csrf
from wvggz.documenten import service
from wvggz.documenten.zaken import ZAAKSOORTEN, zaaksoort
from wvggz.errors import ConflictError, MissingField
from wvggz.gebruikers.models import Gebruiker

Id = Annotated[int, Path(ge=1, le=2**62)]


def _pagina(request: Request, session, user, soort: str, zaak_id: int, fout: dict | None = None,  # noqa: ANN001
            status: int = 200) -> HTMLResponse:
    z = zaaksoort(soort)
    blok = service.blok(session=session, actor=user, pad=soort, zaak_id=zaak_id)
    zaak = z.laad(session, user, zaak_id)
    return pagina(request, "documenten.html", {"documenten": blok, "docfout": fout, "referentie": zaak.referentie,
                                               "terug": z.paginapad(zaak_id)}, status)


def _router(soort: str, lees: str, wijzig: str) -> APIRouter:
    """The document pages of one case kind under /{soort}/{zaak_id}/documenten, each with its permission."""
    router = APIRouter(include_in_schema=False)
    Lezer = Annotated[Gebruiker, Depends(pagina_recht(lees))]  # noqa: N806
    Wijziger = Annotated[Gebruiker, Depends(pagina_recht(wijzig))]  # noqa: N806

    @router.get(f"/{soort}/{{zaak_id}}/documenten", response_class=HTMLResponse)
    def toon(request: Request, zaak_id: Id, user: Lezer, session: SessionDep,
             clock: ClockDep) -> HTMLResponse:
        service.lijst(session=session, clock=clock, actor=user, pad=soort, zaak_id=zaak_id)  # logs the read
        return _pagina(request, session, user, soort, zaak_id)

    @router.post(f"/{soort}/{{zaak_id}}/documenten/genereer", response_class=HTMLResponse)
    async def genereer(request: Request, zaak_id: Id, user: Wijziger, session: SessionDep,
                       clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
        form = await request.form()
        check_csrf(request, _tekst(form.get("csrf_token")))
        vervangt = _tekst(form.get("vervangt_id"))
        try:
            doc = service.genereer(
                session=session, clock=clock, actor=user, pad=soort, zaak_id=zaak_id,
                soort=(_tekst(form.get("soort")) or "")[:60], settings=settings,
                vervangt_id=int(vervangt) if vervangt and vervangt.isdigit() and len(vervangt) < 18 else None,
                reden=(_tekst(form.get("reden")) or "")[:2000] or None, verzenden=bool(form.get("verzenden")))
        except (MissingField, ConflictError) as exc:
            return _pagina(request, session, user, soort, zaak_id, {"veld": exc.veld, "bericht": exc.message}, 422)
        request.session["statusbericht"] = f"{doc.titel} is uitgegeven (document {doc.id})."
        return RedirectResponse(f"{zaaksoort(soort).paginapad(zaak_id)}#documenten", status_code=303)

    @router.post(f"/{soort}/{{zaak_id}}/documenten/upload", response_class=HTMLResponse)
    async def upload(request: Request, zaak_id: Id, user: Wijziger, session: SessionDep,
                     clock: ClockDep, settings: SettingsDep):  # noqa: ANN201
        form = await request.form()
        check_csrf(request, _tekst(form.get("csrf_token")))
        bestand = form.get("bestand")
        try:
            if not isinstance(bestand, UploadFile):
                raise MissingField("bestand", "Kies een bestand.")
            inhoud = await bestand.read(settings.upload_max_bytes + 1)
            doc = service.ontvang(session=session, clock=clock, actor=user, pad=soort, zaak_id=zaak_id,
                                  bestandsnaam=bestand.filename, inhoud=inhoud, settings=settings,
                                  titel=_tekst(form.get("titel")))
        except MissingField as exc:
            return _pagina(request, session, user, soort, zaak_id, {"veld": exc.veld, "bericht": exc.message}, 422)
        request.session["statusbericht"] = f"Het stuk is bij de zaak bewaard (document {doc.id})."
        return RedirectResponse(f"{zaaksoort(soort).paginapad(zaak_id)}#documenten", status_code=303)

    @router.get(f"/{soort}/{{zaak_id}}/documenten/{{document_id}}")
    def download(zaak_id: Id, document_id: Id, user: Lezer, session: SessionDep,
                 clock: ClockDep, settings: SettingsDep) -> Response:
        return bijlage(service.download(session=session, clock=clock, actor=user, pad=soort, zaak_id=zaak_id,
                                        document_id=document_id, settings=settings))

    return router


ROUTERS = [_router(z.pad, z.lees, z.wijzig) for z in ZAAKSOORTEN.values()]


def _tekst(waarde: object) -> str | None:
    return waarde.strip() if isinstance(waarde, str) else None
