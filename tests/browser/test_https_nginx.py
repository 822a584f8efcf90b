"""Production shape in CI: nginx from the distribution terminates TLS (self-signed certificate) in front of two
uvicorn workers, with the site file from deploy/nginx. The browser logs in through https; the session cookie
is Secure, HSTS is sent, and the client address the app logs is nginx's, never one the client made up."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.factories.browser import vrije_poort
from tests.factories.database import verse_database

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def _nginx() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def _site(map_: Path, web_poort: int, https_poort: int, cert: Path, key: Path) -> str:
    """deploy/nginx/wvggz.conf with local ports, paths and without the port-80 redirect."""
    site = (ROOT / "deploy/nginx/wvggz.conf").read_text()
    site = re.sub(r"server \{\n    listen 80;.*?\n\}\n", "", site, flags=re.S)
    proxy = map_ / "wvggz_proxy.conf"
    proxy.write_text((ROOT / "deploy/nginx/wvggz_proxy.conf").read_text())
    return (site.replace("127.0.0.1:8001", f"127.0.0.1:{web_poort}")
            .replace("listen 443 ssl", f"listen 127.0.0.1:{https_poort} ssl")
            .replace("/etc/ssl/wvggz/fullchain.pem", str(cert)).replace("/etc/ssl/wvggz/privkey.pem", str(key))
            .replace("/var/log/nginx/wvggz.access.log", str(map_ / "access.log"))
            .replace("/etc/nginx/wvggz_proxy.conf", str(proxy)))


def _wacht(url: str, **kw) -> None:  # noqa: ANN003
    for _ in range(200):
        try:
            httpx.get(url, timeout=1, **kw)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} kwam niet op")


@pytest.fixture(scope="module")
def https(tmp_path_factory):
    nginx = _nginx()
    if not nginx:
        if os.environ.get("CI"):
            pytest.fail("CI moet nginx installeren (zie .ci/run)")
        pytest.skip("geen nginx")
    map_ = tmp_path_factory.mktemp("https")
    with verse_database(map_ / "wvggz.db") as url:
        env = os.environ | {"WVGGZ_DATABASE_URL": url, "WVGGZ_HTTPS": "true", "WVGGZ_OMGEVING": "productie",
                            "WVGGZ_SECRET_KEY": "https-smoke-" + "x" * 40, "WVGGZ_BASIS_URL": "https://wvggz.test.example"}
        wvggz = [sys.executable, "-m", "wvggz.cli"]
        subprocess.run([*wvggz, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
        # demo users only in development mode (the server below runs as production: strong key, https)
        subprocess.run([*wvggz, "seed", "--forceer"], env=env | {"WVGGZ_OMGEVING": "ontwikkeling"}, cwd=ROOT, check=True,
                       capture_output=True)
        cert, key = map_ / "cert.pem", map_ / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                        str(cert), "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
        web_poort, https_poort = vrije_poort(), vrije_poort()
        weblog = (map_ / "web.log").open("w")
        web = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:create_server_app", "--factory", "--host",
                                "127.0.0.1", "--port", str(web_poort), "--workers", "2", "--proxy-headers",
                                "--forwarded-allow-ips", "127.0.0.1"], env=env, cwd=ROOT, stdout=weblog,
                               stderr=subprocess.STDOUT)
        gebruiker = "user root;\n" if os.geteuid() == 0 else ""
        (map_ / "nginx.conf").write_text(
            f"{gebruiker}worker_processes 1;\npid {map_}/nginx.pid;\nerror_log {map_}/error.log;\n"
            f"events {{}}\nhttp {{\n  client_body_temp_path {map_}/body;\n  proxy_temp_path {map_}/proxy;\n"
            f"  access_log off;\n{_site(map_, web_poort, https_poort, cert, key)}\n}}\n")
        proxy = subprocess.Popen([nginx, "-p", str(map_), "-c", str(map_ / "nginx.conf"), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wacht(f"http://127.0.0.1:{web_poort}/health")
            _wacht(f"https://127.0.0.1:{https_poort}/health", verify=False)
            yield f"https://127.0.0.1:{https_poort}", map_
        finally:
            proxy.terminate()
            web.terminate()
            proxy.wait(10)
            web.wait(20)
            weblog.close()


def test_inloggen_via_https_met_secure_cookie_en_hsts(https, browser):
    url, map_ = https
    ctx = browser.new_context(ignore_https_errors=True, locale="nl-NL")
    page = ctx.new_page()
    antwoord = page.goto(f"{url}/login")
    assert antwoord.status == 200
    assert antwoord.headers["strict-transport-security"].startswith("max-age=31536000")
    page.get_by_label("Gebruikersnaam").fill("intake")
    page.get_by_label("Wachtwoord").fill("demo-intake-2026")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(re.compile(r"/werkvoorraad"))
    assert page.url.startswith("https://")  # the redirect kept the scheme nginx passed on
    [sessie] = [c for c in ctx.cookies() if c["name"] == "wvggz_sessie"]
    assert sessie["secure"] is True and sessie["httpOnly"] is True
    ctx.close()


def test_clientadres_komt_van_nginx_niet_van_de_client(https):
    url, map_ = https
    r = httpx.get(f"{url}/health", headers={"X-Forwarded-For": "203.0.113.9"}, verify=False)
    assert r.status_code == 200
    time.sleep(0.5)
    weblog = (map_ / "web.log").read_text()
    regels = [r for r in weblog.splitlines() if '"GET /health' in r]
    assert regels and all("203.0.113.9" not in r for r in regels)
    assert any("127.0.0.1" in r for r in regels)
    toegang = (map_ / "access.log").read_text()
    assert "GET /health" in toegang and toegang.splitlines()[-1].startswith("127.0.0.1 ")
