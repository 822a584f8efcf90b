"""OpenAPI pages served from vendored swagger-ui (no CDN): /docs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
SWAGGER = "5.35.0"  # npm swagger-ui-dist, files in api/static/vendor/ with its licence


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url, title=f"{request.app.title} · API",
        swagger_js_url=f"/static/vendor/swagger-ui-bundle-{SWAGGER}.js",
        swagger_css_url=f"/static/vendor/swagger-ui-{SWAGGER}.css", swagger_favicon_url="data:,",
    )
