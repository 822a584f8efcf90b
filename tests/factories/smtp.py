"""A real SMTP receiver on a free port, and a queue of outbox rows to relay."""

from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from notifications.outbox import plaats


def vrije_poort() -> int:
    """Bind port 0 to get a free port (Controller(port=0) does not work, stack-notes §6)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpOntvanger:
    """A real SMTP server for tests: rejects *@weiger.example (550), defers *@later.example once (451)."""

    def __init__(self, *, login: tuple[str, str] | None = None) -> None:
        self.port = vrije_poort()
        self.login = login
        self.ontvangen: list[tuple[list[str], EmailMessage]] = []
        self._lock = threading.Lock()
        self._uitgesteld: set[str] = set()
        self.controller: Controller | None = None

    def start(self) -> None:
        extra = {"authenticator": self._controleer, "auth_required": True, "auth_require_tls": False} \
            if self.login else {}
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **extra)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201
        if address.endswith("@weiger.example"):
            return "550 5.1.1 Onbekende ontvanger"
        if address.endswith("@later.example") and address not in self._uitgesteld:
            self._uitgesteld.add(address)
            return "451 4.3.0 Probeer het later opnieuw"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        bericht = message_from_bytes(envelope.content, policy=default)
        with self._lock:
            self.ontvangen.append((list(envelope.rcpt_tos), bericht))
        return "250 Bericht aangenomen"

    def _controleer(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and \
            (auth_data.login.decode(), auth_data.password.decode()) == self.login
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for _, m in self.ontvangen]


def wachtrij(factory, clock, aantal: int, adres=lambda i: f"melder{i}@example.org") -> list[int]:
    with factory() as s:
        rijen = [plaats(s, soort="ontvangstbevestiging", kanaal="email", ontvanger_rol="melder",
                        gegevens={"referentie": f"M-2026-{i:06d}", "ontvangen_op": "13-04-2026",
                                  "gemeente": "Den Haag"},
                        dedup_sleutel=f"test:{i}", now=clock.now(), adres=adres(i)) for i in range(aantal)]
        s.commit()
        return [r.id for r in rijen]
