"""A loopback WVGGZ_BASIS_URL stops the app outside ontwikkeling; ontwikkeling keeps the default."""

from __future__ import annotations

import pytest

from api.main import create_app
from tests.factories import TEST_SLEUTEL
from wvggz.basis_url import LokaleBasisUrl, controleer_basis_url, is_lokaal
from wvggz.config import Settings
from wvggz.scheduler import run_blocking

LOKAAL = ("http://127.0.0.1:8000", "http://localhost", "https://LOCALHOST./x", "http://[::1]:8000",
          "http://127.1.2.3", "http://0.0.0.0:8000", "http://app.localhost", "", "niet-een-url")
EXTERN = ("https://wvggz.denhaag.nl", "https://10.0.0.5", "http://192.168.1.10:8000", "https://[2001:db8::1]")


@pytest.mark.parametrize("url", LOKAAL)
def test_lokale_adressen_herkend(url):
    assert is_lokaal(url)


@pytest.mark.parametrize("url", EXTERN)
def test_bereikbare_adressen_toegestaan(url):
    assert not is_lokaal(url)
    controleer_basis_url(Settings(basis_url=url, secret_key=TEST_SLEUTEL))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]/"])
def test_start_geweigerd_met_lokale_basis_url(url, tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key=TEST_SLEUTEL, basis_url=url)
    with pytest.raises(LokaleBasisUrl, match="WVGGZ_BASIS_URL .* wijst naar deze machine"):
        create_app(settings)
    assert run_blocking(settings) == 2  # the scheduler refuses before it starts anything


def test_ontwikkeling_houdt_de_standaard(monkeypatch):
    monkeypatch.delenv("WVGGZ_BASIS_URL", raising=False)
    settings = Settings(omgeving="ontwikkeling")
    assert settings.basis_url == "http://127.0.0.1:8000"
    controleer_basis_url(settings)  # no error
    with pytest.raises(LokaleBasisUrl):
        controleer_basis_url(Settings(omgeving="productie"))


def test_cli_serve_weigert_met_nederlandse_melding(monkeypatch, capsys):
    from wvggz import cli
    from wvggz.config import get_settings

    monkeypatch.setenv("WVGGZ_SECRET_KEY", TEST_SLEUTEL)
    monkeypatch.setenv("WVGGZ_BASIS_URL", "http://localhost:8000")
    monkeypatch.setenv("WVGGZ_OMGEVING", "productie")
    get_settings.cache_clear()
    try:
        assert cli._serve(type("A", (), {"host": "127.0.0.1", "port": 1, "workers": 1})()) == 2
    finally:
        get_settings.cache_clear()
    assert "Fout: WVGGZ_BASIS_URL (http://localhost:8000) wijst naar deze machine" in capsys.readouterr().err
