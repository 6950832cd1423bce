"""The one protocol every sandbox server follows.

A service is built from the sandbox's :class:`SandboxConfig` before anything
starts, so the sandbox can collect every made-up host name (for the TLS
certificate and the resolver rules) first. Then ``start(ctx)`` binds and
serves in background threads, ``endpoints()`` tells where, ``stop()`` frees
everything. To add a server (RDAP, WHOIS, DNS, TSA, SMTP…): write a module
with a factory ``make_service(config) -> Service`` and add it to
``registry.SERVICES``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from rightsguard.sandbox.tls import TlsMaterial


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One listening socket: ``scheme`` is the protocol spoken (http, https, whois…)."""

    scheme: str
    host: str
    port: int

    @property
    def address(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class SandboxConfig:
    """What a service factory is given: the bind address, ports by name, the state dir."""

    host: str
    state_dir: Path
    ports: Mapping[str, int] = field(default_factory=dict)

    def port(self, name: str, default: int = 0) -> int:
        return self.ports.get(name, default)


@dataclass(frozen=True, slots=True)
class SandboxContext:
    """What ``start`` is given once all host names are known."""

    config: SandboxConfig
    tls: TlsMaterial


@runtime_checkable
class Service(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def hostnames(self) -> tuple[str, ...]:
        """Made-up host names this service answers for; the first endpoint is theirs."""
        ...

    @property
    def portless(self) -> Mapping[str, str]:
        """Host names whose URLs carry no port, with the scheme they are reached by.

        Chromium then maps the name to that scheme's port (e.g. an analytics script
        referenced as ``https://hm.baidu.com/hm.js?…``); may be empty.
        """
        ...

    def start(self, ctx: SandboxContext) -> None: ...

    def stop(self) -> None: ...

    def endpoints(self) -> dict[str, Endpoint]: ...


ServiceFactory = Callable[[SandboxConfig], Service]
