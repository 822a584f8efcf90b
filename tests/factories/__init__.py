"""Test builders shared by the test modules (no tests here): request bodies, headers, and per case kind
the steps that bring a case to a state (`tests.factories.triage`, `.crisismaatregel`, `.paginas`, ...).

Test modules import builders from here only, never from each other (tests/unit/test_factories.py)."""

from __future__ import annotations

TEST_SLEUTEL = "test-sleutel-0123456789-abcdefghijklmnopqrstuvwxyz"  # strong enough for create_app
WACHTWOORD = "geheim-wachtwoord"  # the password of every user in the `gebruikers` fixture
BROWSER_WACHTWOORD = "browser-wachtwoord-2026"  # the password of the users of the browser tests


def auth(gebruikers: dict, naam: str) -> dict[str, str]:
    """The bearer header of user `naam` of the `gebruikers` fixture."""
    return {"Authorization": f"Bearer {gebruikers[naam][1]}"}


def melding_body(**over) -> dict:
    """A valid melding request; its betrokkene is confirmed as a new person, so each call makes one."""
    body = {
        "kanaal": "telefoon",
        "melder": {"voornaam": "Marja", "achternaam": "Pieters", "relatie": "ouder",
                   "email": "marja@example.org", "telefoon": "070 353 56 50"},
        "betrokkene": {"voornaam": "Jan", "achternaam": "de Vries", "geboortedatum": "1971-03-02",
                       "postcode": "2511ab", "woonplaats": "Den Haag", "nieuwe_persoon_bevestigd": True},
        "zorgen": "Verward gedrag, slaapt niet, vervuilde woning.",
    }
    body.update(over)
    return body


def vernieuw_tokens(factory, clock, gebruikers: dict) -> None:  # noqa: ANN001
    """Give every fixture user a fresh API token from the clock's now (tokens expire after 90 days: a test that
    moves the clock months ahead needs new ones)."""
    from wvggz.gebruikers.service import maak_token

    with factory() as s:
        for naam, (g, _oud) in list(gebruikers.items()):
            gebruikers[naam] = (g, maak_token(session=s, clock=clock, gebruiker=s.merge(g)))
        s.commit()
