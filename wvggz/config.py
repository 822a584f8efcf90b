"""Settings from environment variables with the prefix WVGGZ_."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WVGGZ_", extra="ignore")

    database_url: str = f"sqlite:///{ROOT / 'var' / 'wvggz.db'}"
    gemeente: str = "Den Haag"
    secret_key: str = "dev-only-change-me"
    session_https_only: bool = False
    session_max_age: int = 8 * 3600
    wijkteam_advies_werkdagen: int = 5
    extra_feestdagen: list[date] = Field(default_factory=list)
    bsn_opslaan: bool = False
    klokafwijking_minuten: int = 10
    ovp_verblijf_waarschuwing_uren: int = 12
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_tls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    mail_afzender: str = "wvggz-meldpunt@denhaag.example"
    basis_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests build their own Settings)."""
    return Settings()
