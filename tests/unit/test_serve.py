"""`wvggz serve --workers N` listens on a socket with TCP_NODELAY that accepted connections inherit."""

from __future__ import annotations

import gc
import socket

from wvggz.cli import parser
from wvggz.serve import luistersocket


def test_geaccepteerde_verbinding_heeft_tcp_nodelay():
    sock = luistersocket("127.0.0.1", 0)
    try:
        klant = socket.create_connection(sock.getsockname())
        verbinding, _ = sock.accept()
        assert verbinding.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        verbinding.close()
        klant.close()
    finally:
        sock.close()


def test_serve_kent_workers():
    assert parser().parse_args(["serve", "--workers", "2"]).workers == 2
    assert parser().parse_args(["serve"]).workers == 1


def test_draden_begrenst_de_threadpool_als_de_worker_start():
    import anyio
    from anyio import to_thread

    from api.main import Draden

    gezien = []

    async def app(scope, _receive, _send) -> None:  # noqa: ANN001
        gezien.append(scope["type"])

    async def start() -> tuple[int, int]:
        voor = to_thread.current_default_thread_limiter().total_tokens
        await Draden(app, n=3)({"type": "lifespan"}, None, None)
        return voor, to_thread.current_default_thread_limiter().total_tokens

    assert anyio.run(start) == (40, 3)
    assert gezien == ["lifespan"]  # the app still gets its lifespan


def test_serverapp_heeft_draden_uit_de_instellingen(monkeypatch, tmp_path):
    from api.main import Draden, create_server_app
    from tests.factories import TEST_SLEUTEL
    from wvggz.config import get_settings

    monkeypatch.setenv("WVGGZ_SECRET_KEY", TEST_SLEUTEL)
    monkeypatch.setenv("WVGGZ_DATABASE_URL", f"sqlite:///{tmp_path}/d.db")
    monkeypatch.setenv("WVGGZ_DRADEN_PER_WERKER", "5")
    get_settings.cache_clear()
    try:
        app = create_server_app()
    finally:
        get_settings.cache_clear()
        gc.unfreeze()  # create_server_app froze the test process's objects
    [draden] = [m for m in app.user_middleware if m.cls is Draden]
    assert draden.kwargs == {"n": 5}
