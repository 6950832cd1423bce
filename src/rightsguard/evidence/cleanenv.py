"""The clean-environment record of a capture run (取证环境清洁性检查).

Chinese notarial practice asks, before a web page is preserved, that the machine be
shown clean: which resolver answered the names, that the hosts file was not pointing
names elsewhere, that no proxy stood between the machine and the site, and that the
clock was right. :func:`clean_environment` records those facts once per run, for the
attestation of every capture in it; :func:`clock_offset` measures the clock against
the time-stamp authority (the TSA's time minus this machine's, at the midpoint of the
request). :func:`summary` is the one-line form for the evidence index and verify.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from rightsguard.evidence.capture_package import dns_method
from rightsguard.evidence.errors import TimestampInvalid, TimestampUnavailable
from rightsguard.evidence.netguard import Resolver, StaticResolver, SystemResolver
from rightsguard.evidence.timestamp import TsaClient

HOSTS_FILE = Path("/etc/hosts")
RESOLV_CONF = Path("/etc/resolv.conf")
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")

#: How each mode's traffic reached the site (the capture's own proxy is not a third party).
TRAFFIC = {
    "browser": "Chromium → RightsGuard's recording proxy (warcprox) on 127.0.0.1 → the site; "
    "no other proxy (environment proxy variables are not used)",
    "http": "direct from RightsGuard to the site; no proxy (environment proxy variables "
    "are not used)",
}


def clean_environment(
    resolver: Resolver, mode: str, tsa: TsaClient | None, *, hosts_file: Path = HOSTS_FILE
) -> dict[str, Any]:
    """Resolver, hosts file, proxy settings and clock, as found at the start of a run."""
    return {
        "checked_at": datetime.now(UTC).isoformat(),
        "resolver": describe_resolver(resolver),
        "hosts_file": hosts_file_facts(hosts_file),
        "proxy": {
            "environment": proxy_variables(),
            "capture_traffic": TRAFFIC.get(mode, mode),
        },
        "clock": clock_offset(tsa),
    }


def describe_resolver(resolver: Resolver) -> dict[str, Any]:
    system = resolver.fallback if isinstance(resolver, StaticResolver) else resolver
    out: dict[str, Any] = {"method": dns_method()}
    if isinstance(resolver, StaticResolver):
        out["static_map"] = sorted(resolver.hosts)
    if isinstance(system, SystemResolver):
        out["nameservers"] = system.nameservers or system_nameservers()
        out["nameservers_from"] = "settings" if system.nameservers else str(RESOLV_CONF)
    else:
        out["resolver"] = type(system).__name__
    return out


def system_nameservers() -> list[str]:
    try:
        lines = RESOLV_CONF.read_text("utf-8", "replace").splitlines()
    except OSError:
        return []
    return [p[1] for p in (line.split() for line in lines) if len(p) > 1 and p[0] == "nameserver"]


def hosts_file_facts(path: Path) -> dict[str, Any]:
    """The hosts file's SHA-256 and its entries (comments dropped)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {"path": str(path), "error": exc.strerror or str(exc)}
    entries = [
        " ".join(line.split("#", 1)[0].split())
        for line in data.decode("utf-8", "replace").splitlines()
    ]
    return {
        "path": str(path),
        "sha256": hashlib.sha256(data).hexdigest(),
        "entries": [e for e in entries if e],
    }


def proxy_variables() -> dict[str, str]:
    """The proxy variables set in this process's environment, passwords masked."""
    found = {}
    for name in PROXY_VARIABLES:
        for key in (name, name.lower()):
            value = os.environ.get(key)
            if value:
                found[key] = _masked(value)
    return found


def _masked(value: str) -> str:
    parts = urlsplit(value)
    if parts.password is None:
        return value
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def clock_offset(tsa: TsaClient | None) -> dict[str, Any]:
    """The TSA's time minus this machine's, from one time-stamp request."""
    if tsa is None:
        return {"measured": False, "reason": "no time-stamp authority configured (tsa_url)"}
    before, t0 = datetime.now(UTC), time.monotonic()
    try:
        token = tsa.stamp(b"rightsguard clock check " + secrets.token_bytes(16))
    except (TimestampUnavailable, TimestampInvalid) as exc:
        return {"measured": False, "tsa_url": tsa.url, "reason": exc.message}
    trip = time.monotonic() - t0
    local = before + timedelta(seconds=trip / 2)
    tsa_time = token.gen_time if token.gen_time.tzinfo else token.gen_time.replace(tzinfo=UTC)
    return {
        "measured": True,
        "tsa_url": tsa.url,
        "local_time": local.isoformat(),
        "tsa_time": tsa_time.isoformat(),
        "offset_seconds": round((tsa_time - local).total_seconds(), 3),
        "round_trip_seconds": round(trip, 3),
    }


def summary(clean: dict[str, Any] | None) -> tuple[str, str]:
    """The record in one line, (zh-CN, en); empty when there is none."""
    if not clean:
        return "", ""
    resolver = clean.get("resolver") or {}
    servers = ", ".join(resolver.get("nameservers") or []) or "—"
    hosts = clean.get("hosts_file") or {}
    digest = (hosts.get("sha256") or "")[:16] or "—"
    proxies = ", ".join(sorted((clean.get("proxy") or {}).get("environment") or {}))
    clock = clean.get("clock") or {}
    if clock.get("measured"):
        offset = f"{clock['offset_seconds']:+.1f} s"
        zh_clock, en_clock = f"与时间戳机构时差 {offset}", f"clock offset to the TSA {offset}"
    else:
        zh_clock, en_clock = "未测时钟偏差", "clock offset not measured"
    zh = (
        f"解析服务器 {servers}；hosts 文件 SHA-256 {digest}…；"
        f"代理环境变量 {proxies or '无'}；{zh_clock}"
    )
    en = (
        f"resolvers {servers}; hosts file SHA-256 {digest}…; "
        f"proxy variables {proxies or 'none'}; {en_clock}"
    )
    return zh, en
