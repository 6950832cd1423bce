"""Errors of the network choice, placed in the project's tree (``domain.errors``).

SettingError
└── UnknownNetwork        the setting ``network`` names no registered backend
OperationalError
└── NetworkUnavailable    the backend is known but cannot serve now (e.g. no sandbox runs)
"""

from __future__ import annotations

from rightsguard.domain.errors import OperationalError, SettingError


class UnknownNetwork(SettingError):
    code = "unknown_network"


class NetworkUnavailable(OperationalError):
    code = "network_unavailable"
