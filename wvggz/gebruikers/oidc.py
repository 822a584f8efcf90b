"""OpenID Connect login (authorisation code flow with PKCE) against the gemeente's identity provider.

The ID token is checked here with the injected clock: signature (provider JWKS), issuer, audience
(our client id), expiry, nonce. Role and gemeente come from configurable claims; a user without a
valid role claim is refused. Accounts are matched on issuer + subject and created on first login;
role and gemeente follow the claims at every login.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlmodel import Session, select

from wvggz.audit.service import schrijf_historie
from wvggz.clock import Clock
from wvggz.config import Settings
from wvggz.gebruikers.models import Gebruiker
from wvggz.gebruikers.rechten import bekende_rol

LEEWAY_SECONDEN = 60


class OidcFout(Exception):
    """Login through the provider failed; the message is safe to show (Dutch, no token contents)."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks: dict[str, Any]


def provider(settings: Settings) -> Provider:
    """Read the provider's discovery document and keys."""
    basis = settings.oidc_issuer.rstrip("/")
    with httpx.Client(timeout=10) as http:
        conf = http.get(f"{basis}/.well-known/openid-configuration").raise_for_status().json()
        jwks = http.get(conf["jwks_uri"]).raise_for_status().json()
    return Provider(conf["issuer"], conf["authorization_endpoint"], conf["token_endpoint"], jwks)


def begin(settings: Settings, prov: Provider) -> tuple[str, dict[str, str]]:
    """Return the provider URL to send the browser to and the values to keep in the session."""
    staat = {"state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24),
             "verifier": secrets.token_urlsafe(48)}
    query = urlencode({
        "response_type": "code", "client_id": settings.oidc_client_id, "redirect_uri": settings.oidc_terug,
        "scope": settings.oidc_scope, "state": staat["state"], "nonce": staat["nonce"],
        "code_challenge": create_s256_code_challenge(staat["verifier"]), "code_challenge_method": "S256",
    })
    return f"{prov.authorization_endpoint}?{query}", staat


def wissel_code(settings: Settings, prov: Provider, code: str, verifier: str) -> str:
    """Exchange the code (with the PKCE verifier) for tokens; return the ID token."""
    with OAuth2Client(settings.oidc_client_id, settings.oidc_client_secret, timeout=10,
                      token_endpoint_auth_method="client_secret_basic") as client:
        try:
            token = client.fetch_token(prov.token_endpoint, code=code, redirect_uri=settings.oidc_terug,
                                       code_verifier=verifier)
        except Exception as exc:  # noqa: BLE001 - any provider error means: no login
            raise OidcFout("De identiteitsprovider weigerde de inlogcode.") from exc
    if "id_token" not in token:
        raise OidcFout("De identiteitsprovider gaf geen ID-token.")
    return token["id_token"]


def controleer_id_token(id_token: str, *, jwks: dict[str, Any], issuer: str, client_id: str, nonce: str,
                        clock: Clock) -> dict[str, Any]:
    """Return the claims of a valid ID token; raise OidcFout on a bad signature, issuer, audience,
    expiry or nonce."""
    try:
        token = jwt.decode(id_token, KeySet.import_key_set(jwks))
        jwt.JWTClaimsRegistry(
            now=int(clock.now().timestamp()), leeway=LEEWAY_SECONDEN,
            iss={"essential": True, "value": issuer}, aud={"essential": True, "value": client_id},
            exp={"essential": True}, sub={"essential": True}, nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError) as exc:
        raise OidcFout(f"Het ID-token is ongeldig ({type(exc).__name__}).") from None
    return token.claims


def _eerste(waarde: Any) -> str | None:
    if isinstance(waarde, list):
        waarde = waarde[0] if waarde else None
    return waarde if isinstance(waarde, str) and waarde.strip() else None


def gebruiker_uit_claims(session: Session, clock: Clock, settings: Settings, claims: dict[str, Any]) -> Gebruiker:
    """Find or create the user for issuer + subject; role and gemeente from the claims. Commits."""
    rol = _eerste(claims.get(settings.oidc_rol_claim))
    if not bekende_rol(rol):
        raise OidcFout("Uw account bij de identiteitsprovider heeft geen (geldige) rol voor deze toepassing. "
                       "Vraag uw beheerder om een rol.")
    gemeente = _eerste(claims.get(settings.oidc_gemeente_claim))
    if gemeente is None:
        raise OidcFout("Uw account bij de identiteitsprovider heeft geen gemeente voor deze toepassing.")
    extern_id = f"{claims['iss']}|{claims['sub']}"
    gebruiker = session.exec(select(Gebruiker).where(Gebruiker.extern_id == extern_id)).first()
    if gebruiker is None:
        gebruiker = Gebruiker(
            gebruikersnaam=f"oidc-{hashlib.sha256(extern_id.encode()).hexdigest()[:16]}",
            naam=(_eerste(claims.get("name")) or _eerste(claims.get("preferred_username")) or "Gebruiker")[:120],
            rol=rol, gemeente=gemeente[:80], wachtwoord_hash="!oidc", extern_id=extern_id,
            aangemaakt_op=clock.now())  # "!oidc" is no argon2 hash: a password login can never match
        session.add(gebruiker)
        session.flush()
        schrijf_historie(session, clock, None, zaak_type="gebruiker", zaak_id=gebruiker.id,
                         actie="aangemaakt_via_oidc", van=None, naar=rol)
    elif not gebruiker.actief:
        raise OidcFout("Dit account is gedeactiveerd.")
    elif any(getattr(gebruiker, k) != v for k, v in {"rol": rol, "gemeente": gemeente[:80]}.items()):
        schrijf_historie(session, clock, None, zaak_type="gebruiker", zaak_id=gebruiker.id,
                         actie="rol_uit_oidc", van=f"{gebruiker.rol}/{gebruiker.gemeente}", naar=f"{rol}/{gemeente}")
        gebruiker.rol, gebruiker.gemeente = rol, gemeente[:80]
    session.commit()
    return gebruiker
