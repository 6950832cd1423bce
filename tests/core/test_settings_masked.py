"""Secrets in settings never reach a page: ``settings.masked``."""

from __future__ import annotations

import pytest

from rightsguard.settings import masked


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("smtp://mailer:s3cret@mail.example:587", "smtp://mailer:••••@mail.example:587"),
        ("redis://:s3cret@127.0.0.1:6379/0", "redis://:••••@127.0.0.1:6379/0"),
        ("smtp://u:p@ss@mail.example/", "smtp://u:••••@mail.example/"),
        (
            "postgresql://rg@db.example/rg?password=s3cret&sslmode=require",
            "postgresql://rg@db.example/rg?password=••••&sslmode=require",
        ),
        ("https://tsa.example/ts?access_token=abc#x", "https://tsa.example/ts?access_token=••••#x"),
        ("amqp://guest@broker.example//", "amqp://guest@broker.example//"),
        ("https://rdap.example/@handle", "https://rdap.example/@handle"),
        ("/usr/bin/chromium", "/usr/bin/chromium"),
    ],
)
def test_passwords_in_urls_are_hidden(value: str, shown: str) -> None:
    assert masked("smtp_url", value) == shown
    assert "s3cret" not in masked("broker_url", value)


def test_secret_settings_and_urls_inside_lists_and_maps() -> None:
    assert masked("tsa_password", "hunter2") == "••••" and masked("tsa_password", "") == ""
    assert masked("api_token", "t") == "••••"
    shown = masked("rdap_servers", {"cn": "https://u:pw@rdap.example/?key=k1"})
    assert "pw" not in shown and "k1" not in shown and "rdap.example" in shown
    assert masked("dns_resolvers", ["1.1.1.1", "dns://a:b@x"]) == "[1.1.1.1, dns://a:••••@x]"
