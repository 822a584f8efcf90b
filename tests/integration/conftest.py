"""Fixtures of the integration tests: a real SMTP server (aiosmtpd on a free local port) and a counter of the
SQL statements an action runs (SQLAlchemy events)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.factories.smtp import SmtpOntvanger


@pytest.fixture
def smtp():
    server = SmtpOntvanger()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_settings(settings, smtp):
    return settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": smtp.port,
                                       "basis_url": "https://wvggz.denhaag.example"})


@pytest.fixture
def teller(engine):
    regels: list[str] = []

    def tel(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN002
        regels.append(statement)

    event.listen(engine, "before_cursor_execute", tel)
    yield regels
    event.remove(engine, "before_cursor_execute", tel)
