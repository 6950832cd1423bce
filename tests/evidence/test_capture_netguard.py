"""The SSRF rule and the resolvers, without a network."""

from __future__ import annotations

import pytest

from rightsguard.evidence.errors import CaptureRefused
from rightsguard.evidence.netguard import (
    Guard,
    NetworkPolicy,
    StaticResolver,
    SystemResolver,
    forbidden_reason,
)
from rightsguard.evidence.proxyserver import warcprox_meta_problem


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback address"),
        ("127.0.0.5", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.1.1", "a private address"),
        ("172.16.0.9", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("169.254.1.1", "a link-local address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("fe80::1", "a link-local address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("0.0.0.0", "a private address"),
        ("100.64.0.1", "not a public address"),
    ],
)
def test_forbidden_addresses(address: str, why: str) -> None:
    assert forbidden_reason(address) == why


@pytest.mark.parametrize("address", ["1.1.1.1", "93.184.216.34", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert forbidden_reason(address) is None


def test_policy_refuses_private_unless_allowed() -> None:
    resolver = StaticResolver({"shop.example-trap.cn": "127.0.0.5", "public.example": "1.1.1.1"})
    strict = Guard(resolver, NetworkPolicy(allow_private=False))
    with pytest.raises(CaptureRefused, match="loopback"):
        strict.resolve("shop.example-trap.cn")
    with pytest.raises(CaptureRefused, match="cloud metadata"):
        strict.resolve("169.254.169.254")
    assert strict.resolve("public.example").addresses == ("1.1.1.1",)
    lax = Guard(resolver, NetworkPolicy(allow_private=True))
    assert lax.resolve("shop.example-trap.cn").addresses == ("127.0.0.5",)


def test_static_resolver_maps_ports_and_falls_back() -> None:
    resolver = StaticResolver(
        {"hm.baidu.com": "127.0.0.5"}, {"hm.baidu.com": {443: 18443}}, fallback=SystemResolver()
    )
    guard = Guard(resolver, NetworkPolicy(allow_private=True))
    assert guard.connect_target("hm.baidu.com", 443) == ("127.0.0.5", 18443)
    literal = resolver.resolve("10.0.0.1")
    assert literal.method == "literal" and literal.a == ("10.0.0.1",)


def test_proxy_resolver_refuses_at_connect_time(tmp_path: pytest.TempPathFactory) -> None:
    """The recording proxy's getaddrinfo maps made-up names and refuses private answers."""
    import subprocess
    import sys

    code = (
        "import socket, json\n"
        "from rightsguard.evidence.proxyserver import install_resolver\n"
        "install_resolver({'hosts': {'shop.example-trap.cn': '127.0.0.5',"
        " 'public.example-trap.cn': '8.8.8.8'}, 'ports': {}, 'allow_private': False})\n"
        "print(socket.getaddrinfo('public.example-trap.cn', 80)[0][4][0])\n"
        "for name in ('shop.example-trap.cn', '127.0.0.1', '169.254.169.254'):\n"
        "    try:\n"
        "        socket.getaddrinfo(name, 80)\n"
        "        print('allowed', name)\n"
        "    except socket.gaierror as exc:\n"
        "        print('refused', name, exc.args[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "8.8.8.8"
    refusals = [line for line in lines if line.startswith("REFUSED")]
    assert len(refusals) == 3
    assert any("refused shop.example-trap.cn" in line and "loopback" in line for line in lines)
    assert any("refused 169.254.169.254" in line and "cloud metadata" in line for line in lines)
    assert not any(line.startswith("allowed") for line in lines)


@pytest.mark.parametrize(
    ("raw", "refused"),
    [
        (None, False),
        ('{"warc-prefix": "rg-' + "0" * 32 + '"}', False),
        ('{"warc-prefix": "page-chosen"}', True),
        ('{"warc-prefix": "rg-' + "0" * 32 + '", "blocks": [{"domain": "x.cn"}]}', True),
        ('{"accept": ["capture-metadata"]}', True),
        ('{"warc-prefix": ["rg-x"]}', True),
        ("[]", True),
        ("not json", True),
    ],
)
def test_the_proxy_accepts_only_the_warcprox_meta_it_assigns(
    raw: str | None, refused: bool
) -> None:
    assert (warcprox_meta_problem(raw) is not None) is refused
