"""Fetch an article URL safely: a timeout, a size cap, and no private or loopback addresses.

A pasted URL is untrusted input. Without the address check, ``parallax compare http://169.254.169.254/…`` (or a
public page that redirects there) would let anyone who can submit a URL read services inside the network the
tool runs in. Every hop of a redirect chain is checked, because the check on the first URL alone is trivially
bypassed by a redirect. httpx follows redirects itself only without such a hook, so they are followed here.

What this does not stop: a hostname that resolves to a public address when checked and a private one when
connected (DNS rebinding). Pinning the connection to the checked address needs a custom transport; until then
run a server that fetches URLs for others behind an egress firewall.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from newsparallax import __version__
from newsparallax.errors import FetchError
from newsparallax.settings import DEFAULT, Settings

if TYPE_CHECKING:
    import httpx

Resolver = Callable[[str], Sequence[str]]

MAX_REDIRECTS = 5
USER_AGENT = f"parallax/{__version__} (+https://github.com/parallax-news/parallax)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/json", "application/x-ndjson")


@dataclass(frozen=True)
class Fetched:
    """The body of a fetched URL, with the URL it finally came from (after redirects)."""

    url: str
    content_type: str
    body: bytes


def resolve(host: str) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, settings: Settings = DEFAULT, resolver: Resolver = resolve) -> None:
    """Raise :class:`FetchError` unless ``url`` is http(s) and (unless allowed) every address it has is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs can be fetched, not {parts.scheme or 'a bare path'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(url, "the URL has no host name")
    if settings.allow_private:
        return
    try:
        addresses = [host] if _is_ip(host) else list(resolver(host))
    except OSError as exc:
        raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from exc
    if not addresses:
        raise FetchError(url, f"host {host!r} has no address")
    private = [a for a in addresses if not _is_public(a)]
    if private:
        raise FetchError(
            url,
            f"refusing to fetch {host!r}: it resolves to a private, loopback or reserved address ({private[0]}); "
            "pass --allow-private to fetch it anyway",
        )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def fetch(
    url: str,
    settings: Settings = DEFAULT,
    *,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver = resolve,
) -> Fetched:
    """GET ``url`` following at most :data:`MAX_REDIRECTS` redirects, each checked by :func:`check_url`.

    ``transport`` and ``resolver`` exist for tests (``httpx.MockTransport``, a fake DNS).
    """
    import httpx

    current = url
    with httpx.Client(
        timeout=settings.fetch_timeout,
        follow_redirects=False,
        transport=transport,
        headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)},
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(current, settings, resolver)
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(url, f"HTTP {response.status_code} redirect without a Location header")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
                    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    if content_type and content_type not in ACCEPTED_TYPES:
                        raise FetchError(url, f"unsupported content type {content_type!r} (expected an HTML page)")
                    body = _read_capped(response, url, settings.fetch_max_bytes)
                    return Fetched(str(response.url), content_type or "text/html", body)
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out after {settings.fetch_timeout:g} s") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"request failed ({type(exc).__name__}: {exc})") from exc
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def _read_capped(response: httpx.Response, url: str, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"response is {int(declared):,} bytes, over the {limit:,}-byte limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:  # the header can lie or be missing: count what actually arrives
            raise FetchError(url, f"response is over the {limit:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)
