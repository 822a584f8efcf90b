"""Fixtures of the integration tests that talk to a real SMTP server (aiosmtpd on a free local port)."""

from __future__ import annotations

import pytest

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
