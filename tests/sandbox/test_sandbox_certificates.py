"""Kept sandbox certificates are reused only while valid now: material made under a
clock moved ahead (a test run with RIGHTSGUARD_TEST_NOW, a machine whose clock
jumped) is remade instead of failing every TLS handshake and time-stamp check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from cryptography import x509

from rightsguard.sandbox import tls, tsa

FUTURE = dt.datetime(2031, 6, 15, tzinfo=dt.UTC)


def _cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_tls_material_from_the_future_is_remade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as future:
        future.setattr(tls, "VALID_FROM", FUTURE)
        future.setattr(tls, "_now", lambda: FUTURE)
        made = tls.ensure_tls(tmp_path, ["shop.test"], "127.0.0.1")
        assert _cert(made.ca_cert_path).not_valid_before_utc == FUTURE
    now = dt.datetime.now(dt.UTC)
    again = tls.ensure_tls(tmp_path, ["shop.test"], "127.0.0.1")
    assert _cert(again.ca_cert_path).not_valid_before_utc <= now
    assert _cert(again.cert_path).not_valid_before_utc <= now
    kept = again.ca_cert_path.read_bytes()
    assert tls.ensure_tls(tmp_path, ["shop.test"], "127.0.0.1").ca_cert_path.read_bytes() == kept


def test_tsa_material_from_the_future_is_remade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as future, time_machine.travel(FUTURE, tick=True):
        future.setattr(tsa, "VALID_FROM", FUTURE)
        tsa.make_tsa_material(tmp_path)
    assert _cert(tmp_path / "tsa.pem").not_valid_before_utc == FUTURE
    tsa.make_tsa_material(tmp_path)
    assert _cert(tmp_path / "tsa.pem").not_valid_before_utc <= dt.datetime.now(dt.UTC)
    kept = (tmp_path / "tsa.pem").read_bytes()
    tsa.make_tsa_material(tmp_path)
    assert (tmp_path / "tsa.pem").read_bytes() == kept
