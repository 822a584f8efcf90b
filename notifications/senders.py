"""Senders, one per channel: e-mail over SMTP, the in-app inbox, and the log (development).

A sender raises PermanenteFout when retrying cannot help (bad address, 5xx), TijdelijkeFout when it
can (4xx), and VerbindingsFout when the channel itself is down (the relay then stops using it for the
rest of the pass). It never writes to the database: the relay records the outcome.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime
from typing import Protocol

from email_validator import EmailNotValidError, validate_email

from notifications.outbox import Bericht, maak_message_id
from notifications.render import Inhoud

log = logging.getLogger("notifications.senders")
CRLF = compat32.clone(linesep="\r\n")  # SMTP lines end in CRLF; smtplib leaves bytes as they are


class PermanenteFout(Exception):
    """Retrying cannot help: the message is failed at once, with this reason."""


class TijdelijkeFout(Exception):
    """Worth another attempt later (exponential backoff)."""


class VerbindingsFout(TijdelijkeFout):
    """The channel is unreachable: later messages of this pass are not tried."""


@dataclass(frozen=True)
class Aflevering:
    """What a successful delivery leaves behind on the message row."""

    message_id: str | None = None
    inhoud: str | None = None


class Sender(Protocol):
    def verstuur(self, bericht: Bericht, inhoud: Inhoud, now: datetime) -> Aflevering: ...

    def sluit(self) -> None: ...


@dataclass(frozen=True)
class SmtpInstellingen:
    host: str
    port: int
    afzender: str
    starttls: bool = False
    ssl: bool = False  # implicit TLS (port 465)
    gebruiker: str | None = None
    wachtwoord: str | None = None
    timeout: float = 10.0  # per socket read
    deadline: float = 60.0  # per message, connecting included: a server that trickles bytes is cut off


def controleer_adres(adres: str | None) -> str:
    """Return the address in ASCII form (IDN domains as punycode); PermanenteFout when missing or invalid."""
    if not adres:
        raise PermanenteFout("Geen e-mailadres bij dit bericht.")
    try:
        return validate_email(adres, check_deliverability=False, allow_smtputf8=False).ascii_email
    except EmailNotValidError as exc:
        raise PermanenteFout(f"Ongeldig e-mailadres: {exc}") from None


def maak_email(bericht: Bericht, inhoud: Inhoud, afzender: str, adres: str, now: datetime) -> MIMEMultipart:
    """Return the e-mail (plain text plus HTML) with a Message-ID that is stable per dedup key.

    The compat32 MIME classes build a message about four times faster than EmailMessage (benchmark)."""
    msg = MIMEMultipart("alternative")
    msg["From"] = afzender
    msg["To"] = adres
    msg["Subject"] = inhoud.onderwerp if inhoud.onderwerp.isascii() else Header(inhoud.onderwerp, "utf-8")
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = maak_message_id(bericht.dedup_sleutel, afzender)
    msg["Auto-Submitted"] = "auto-generated"
    msg["Content-Language"] = "nl"
    msg.attach(MIMEText(inhoud.tekst, "plain", "utf-8"))
    msg.attach(MIMEText(inhoud.html, "html", "utf-8"))
    return msg


class SmtpSender:
    """Sends e-mail over one SMTP connection, opened on first use and reopened after a failure."""

    def __init__(self, instellingen: SmtpInstellingen) -> None:
        self.inst = instellingen
        self._smtp: smtplib.SMTP | None = None
        self._smtp_bezig: smtplib.SMTP | None = None  # the connection in use, also while it is being opened

    def verstuur(self, bericht: Bericht, inhoud: Inhoud, now: datetime) -> Aflevering:
        adres = controleer_adres(bericht.ontvanger_adres)
        msg = maak_email(bericht, inhoud, self.inst.afzender, adres, now)
        wachter = threading.Timer(self.inst.deadline, self._breek_af)
        wachter.daemon = True
        wachter.start()
        try:
            self._verbinding().sendmail(self.inst.afzender, [adres], msg.as_bytes(policy=CRLF))
        except smtplib.SMTPRecipientsRefused as exc:
            code, tekst = next(iter(exc.recipients.values()), (0, b""))
            raise _naar_code(code, f"ontvanger geweigerd: {code} {_tekst(tekst)}") from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
            raise _naar_code(exc.smtp_code, f"server weigert: {exc.smtp_code} {_tekst(exc.smtp_error)}") from None
        except (smtplib.SMTPException, OSError) as exc:
            self.sluit()
            raise VerbindingsFout(f"SMTP-server {self.inst.host}:{self.inst.port} onbereikbaar: "
                                  f"{type(exc).__name__}: {exc}") from None
        finally:
            wachter.cancel()
        return Aflevering(message_id=msg["Message-ID"])

    def _breek_af(self) -> None:
        """The message's deadline passed: shut the socket so the blocked read ends (VerbindingsFout)."""
        smtp = self._smtp_bezig
        sock = getattr(smtp, "sock", None)
        if sock is not None:
            log.warning("SMTP-server %s:%s: deadline van %.0f s per bericht verstreken; verbinding verbroken",
                        self.inst.host, self.inst.port, self.inst.deadline)
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _verbinding(self) -> smtplib.SMTP:
        if self._smtp is None:
            i = self.inst
            if i.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(timeout=i.timeout, context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(timeout=i.timeout)
            smtp._host = i.host  # TLS server name (set by the constructor only when it connects itself)
            self._smtp_bezig = smtp  # reachable for the deadline while connecting
            smtp.connect(i.host, i.port)
            if not i.ssl:
                if i.starttls:
                    smtp.starttls(context=ssl.create_default_context())
            if i.gebruiker:
                smtp.login(i.gebruiker, i.wachtwoord or "")
            self._smtp = smtp
        return self._smtp

    def sluit(self) -> None:
        """Close the connection (QUIT when it still answers)."""
        smtp, self._smtp = self._smtp, None
        bezig, self._smtp_bezig = self._smtp_bezig, None
        if bezig is not None and bezig is not smtp:
            bezig.close()  # a connection that never finished opening
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _naar_code(code: int, reden: str) -> Exception:
    return PermanenteFout(reden) if 500 <= code < 600 else TijdelijkeFout(reden)


def _tekst(waarde: bytes | str) -> str:
    return (waarde.decode(errors="replace") if isinstance(waarde, bytes) else str(waarde))[:200]


class InboxSender:
    """The in-app inbox: the message row itself is the inbox entry of its staff member."""

    def verstuur(self, bericht: Bericht, inhoud: Inhoud, now: datetime) -> Aflevering:
        if bericht.ontvanger_gebruiker_id is None:
            raise PermanenteFout("Inboxbericht zonder ontvanger (ontvanger_gebruiker_id ontbreekt).")
        return Aflevering(inhoud=inhoud.tekst)

    def sluit(self) -> None:
        return None


class LogSender:
    """Development: writes the rendered message to the log instead of sending it."""

    def verstuur(self, bericht: Bericht, inhoud: Inhoud, now: datetime) -> Aflevering:
        log.info("bericht %s (%s) aan %s: %s\n%s", bericht.id, bericht.soort, bericht.ontvanger_rol,
                 inhoud.onderwerp, inhoud.tekst)
        return Aflevering(inhoud=inhoud.tekst)

    def sluit(self) -> None:
        return None
