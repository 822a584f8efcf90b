"""Start the web app under uvicorn with N worker processes on one listening socket with TCP_NODELAY
(accepted connections inherit it on Linux): small responses are not held back by Nagle's algorithm."""

from __future__ import annotations

import socket

APP = "api.main:create_server_app"


def luistersocket(host: str, port: int) -> socket.socket:
    """Return a bound, listening TCP socket with SO_REUSEADDR and TCP_NODELAY, inheritable by workers."""
    familie = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=familie, backlog=2048)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.set_inheritable(True)
    return sock


def start(host: str, port: int, workers: int = 1, app: str = APP) -> None:
    """Serve the app factory `app` on host:port with `workers` processes (1: in this process); the HTTP
    benchmark serves its floor app through here too, so both run on the same server setup."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(app, factory=True, host=host, port=port, workers=workers, log_level="info",
                            log_config=None)  # keep the JSON handler of wvggz.logging
    sock = luistersocket(host, port)
    if workers > 1:
        Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
