"""Pages of notes per case: the note page (GET) and adding a note from the block on each case page (POST, 303).

An empty or too long note shows the note page again with a Dutch message (422); nothing is stored."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import ClockDep, SessionDep
from api.pages.deps import pagina_recht
from api.pages.render import pagina
from api.security import check_csrf
from wvggz.errors import MissingField
from wvggz.gebruikers.models import Gebruiker
from wvggz.notities import service

Id = Annotated[int, Path(ge=1, le=2**62)]


def _router(pad: str) -> APIRouter:
    """The note pages of one case kind under /{pad}/{zaak_id}/notities, each with its permission."""
    soort = service.soort_van(pad)
    router = APIRouter(include_in_schema=False)
    Lezer = Annotated[Gebruiker, Depends(pagina_recht(soort.lees_recht))]  # noqa: N806
    Wijziger = Annotated[Gebruiker, Depends(pagina_recht(soort.wijzig_recht))]  # noqa: N806

    def _pagina(request: Request, blok: dict, fout: dict | None = None, tekst: str = "",
                status: int = 200) -> HTMLResponse:
        return pagina(request, "notities.html", {"notities": blok, "notitiefout": fout, "notitietekst": tekst,
                                                 "titel": soort.titel, "terug": f"/{pad}/{blok['zaak_id']}"},
                      status)

    @router.get(f"/{pad}/{{zaak_id}}/notities", response_class=HTMLResponse)
    def toon(request: Request, zaak_id: Id, user: Lezer, session: SessionDep, clock: ClockDep) -> HTMLResponse:
        return _pagina(request, service.lijst(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id))

    @router.post(f"/{pad}/{{zaak_id}}/notities", response_class=HTMLResponse)
    async def voeg_toe(request: Request, zaak_id: Id, user: Wijziger, session: SessionDep,
                       clock: ClockDep):  # noqa: ANN201
        form = await request.form()
        csrf, tekst = form.get("csrf_token"), form.get("tekst")
        check_csrf(request, csrf if isinstance(csrf, str) else None)
        try:
            service.voeg_toe(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id, tekst=tekst)
        except MissingField as exc:
            blok = service.lijst(session=session, clock=clock, actor=user, pad=pad, zaak_id=zaak_id)
            ruw = tekst if isinstance(tekst, str) else ""
            return _pagina(request, blok, {"veld": exc.veld, "bericht": exc.message}, ruw[:service.MAX_TEKST], 422)
        request.session["statusbericht"] = "De notitie is toegevoegd."
        return RedirectResponse(f"/{pad}/{zaak_id}#notities", status_code=303)

    return router


ROUTERS = [_router(pad) for pad in service.PADEN]
