"""Network backends by name: ``internet`` built in, others registered by their packages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rightsguard.net.errors import UnknownNetwork
from rightsguard.net.network import Network, internet

NetworkFactory = Callable[[Any], Network]

_BACKENDS: dict[str, NetworkFactory] = {"internet": internet}


def register_network(name: str, factory: NetworkFactory) -> None:
    """Make ``factory(settings) -> Network`` the backend called ``name``."""
    _BACKENDS[name] = factory


def network_names() -> tuple[str, ...]:
    return tuple(sorted(_BACKENDS))


def network_for(settings: Any, name: str | None = None) -> Network:
    """The network ``name`` (default: the setting ``network``) built for ``settings``."""
    chosen = name or settings.network
    factory = _BACKENDS.get(chosen)
    if factory is None:
        raise UnknownNetwork(
            f"setting network: {chosen!r} is not a known network "
            f"(known: {', '.join(network_names())})"
        )
    return factory(settings)
