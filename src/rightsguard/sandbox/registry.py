"""The services a sandbox starts, in order. Add a server here: one line."""

from __future__ import annotations

from rightsguard.sandbox import dns, hostile, rdap, sites, smtp, tsa, whois
from rightsguard.sandbox.service import ServiceFactory

SERVICES: tuple[ServiceFactory, ...] = (
    sites.make_service,
    tsa.make_service,
    smtp.make_service,
    hostile.make_service,
    rdap.make_service,
    whois.make_service,
    dns.make_service,
    # one line per server
)
