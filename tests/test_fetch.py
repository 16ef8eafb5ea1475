"""URL fetching: private addresses refused (also behind redirects), size cap, timeouts, HTTP errors named."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from newsparallax.errors import FetchError
from newsparallax.fetch import MAX_REDIRECTS, check_url, fetch
from newsparallax.settings import DEFAULT

PAGE = (
    "<html><head><title>Dock strike ends</title><meta property='og:site_name' content='Port Gazette'></head>"
    "<body><article><h1>Dock strike ends</h1><p>Dock workers at the port of Velde returned to work on Monday after "
    "a four-day strike over night-shift pay ended with a deal, the union said.</p><p>The agreement raises night "
    "pay by 6 percent and adds a rest day each month, according to the port authority.</p></article></body></html>"
)
DNS = {"news.example": ["93.184.216.34"], "intranet.example": ["10.0.0.7"], "mixed.example": ["93.184.216.34", "::1"]}


def fake_dns(host: str) -> list[str]:
    if host not in DNS:
        raise OSError("Name or service not known")
    return DNS[host]


def serve(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/admin",
        "http://localhost.localdomain.invalid/",  # unresolvable
        "http://[::1]:8080/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://intranet.example/page",
        "http://mixed.example/page",
        "http://0.0.0.0/",
    ],
)
def test_private_loopback_and_unresolvable_hosts_are_refused(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        check_url(url, DEFAULT, fake_dns)
    assert caught.value.source == url


def test_other_schemes_are_refused() -> None:
    for url in ("file:///etc/passwd", "ftp://news.example/a"):
        with pytest.raises(FetchError, match="only http and https"):
            check_url(url, DEFAULT, fake_dns)


def test_allow_private_lets_loopback_through() -> None:
    check_url("http://127.0.0.1:8000/a", DEFAULT.replace(allow_private=True), fake_dns)


def test_fetches_a_public_page() -> None:
    transport = serve(lambda request: httpx.Response(200, html=PAGE))
    fetched = fetch("https://news.example/strike", DEFAULT, transport=transport, resolver=fake_dns)
    assert fetched.content_type == "text/html" and b"Dock workers" in fetched.body


def test_redirect_to_a_private_address_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        raise AssertionError("the private address must never be requested")

    with pytest.raises(FetchError, match="private"):
        fetch("https://news.example/strike", DEFAULT, transport=serve(handler), resolver=fake_dns)


def test_relative_redirects_are_followed_and_capped() -> None:
    hops: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        hops.append(request.url.path)
        if request.url.path == "/final":
            return httpx.Response(200, html=PAGE)
        return httpx.Response(301, headers={"Location": "/final"})

    assert fetch("https://news.example/start", DEFAULT, transport=serve(handler), resolver=fake_dns).url.endswith(
        "/final"
    )
    assert hops == ["/start", "/final"]
    loop = serve(lambda request: httpx.Response(302, headers={"Location": "/again"}))
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        fetch("https://news.example/start", DEFAULT, transport=loop, resolver=fake_dns)


def test_size_cap_applies_with_and_without_content_length() -> None:
    small = DEFAULT.replace(fetch_max_bytes=1000)
    declared = serve(lambda request: httpx.Response(200, html="x" * 5000))
    with pytest.raises(FetchError, match="limit"):
        fetch("https://news.example/big", small, transport=declared, resolver=fake_dns)

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/html"}, content=iter([b"x" * 600] * 5))

    with pytest.raises(FetchError, match="limit"):
        fetch("https://news.example/big", small, transport=serve(streamed), resolver=fake_dns)


def test_http_errors_timeouts_and_content_types_are_named() -> None:
    cases: list[tuple[Callable[[httpx.Request], httpx.Response], str]] = [
        (lambda r: httpx.Response(404), "HTTP 404"),
        (lambda r: httpx.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}), "content type"),
    ]
    for handler, message in cases:
        with pytest.raises(FetchError, match=message):
            fetch("https://news.example/a", DEFAULT, transport=serve(handler), resolver=fake_dns)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="timed out"):
        fetch("https://news.example/a", DEFAULT, transport=serve(slow), resolver=fake_dns)


def test_url_input_becomes_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsparallax import fetch as fetch_module
    from newsparallax.readers import read_many

    transport = serve(lambda request: httpx.Response(200, html=PAGE))
    real = fetch_module.fetch
    monkeypatch.setattr(
        fetch_module, "fetch", lambda url, settings: real(url, settings, transport=transport, resolver=fake_dns)
    )
    articles, issues = read_many(["https://news.example/strike", "http://127.0.0.1/x"])
    assert [a.source for a in articles] == ["Port Gazette"] and articles[0].url == "https://news.example/strike"
    assert issues[0].input == "http://127.0.0.1/x" and "private" in issues[0].reason
