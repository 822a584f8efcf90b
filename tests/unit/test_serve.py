"""`wvggz serve --workers N` listens on a socket with TCP_NODELAY that accepted connections inherit."""

from __future__ import annotations

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
