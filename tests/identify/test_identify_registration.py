from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsguard.identify.registration import parse_rdap, parse_whois
from rightsguard.sandbox import world
from rightsguard.sandbox.rdap import domain_reply
from rightsguard.sandbox.whois import cnnic_reply, thick_reply, thin_reply

REAL_STYLE_RDAP: dict[str, Any] = {
    "objectClassName": "domain",
    "ldhName": "EXAMPLE-SHOP.COM",
    "status": ["client transfer prohibited"],
    "events": [
        {"eventAction": "registration", "eventDate": "2023-01-15T12:00:00Z"},
        {"eventAction": "expiration", "eventDate": "2027-01-15T12:00:00Z"},
    ],
    "nameservers": [{"objectClassName": "nameserver", "ldhName": "NS1.EXAMPLE.NET"}],
    "entities": [
        {
            "objectClassName": "entity",
            "roles": ["Registrar"],
            "publicIds": [{"type": "IANA Registrar ID", "identifier": "1068"}],
            "vcardArray": [
                "vcard",
                [["version", {}, "text", "4.0"], ["fn", {}, "text", "Some Registrar"]],
            ],
            "entities": [
                {
                    "objectClassName": "entity",
                    "roles": ["Abuse"],
                    "vcardArray": [
                        "vcard",
                        [
                            ["version", {}, "text", "4.0"],
                            ["email", {}, "text", "abuse@registrar.example"],
                            ["tel", {"type": "voice"}, "uri", "tel:+1.5555550100"],
                        ],
                    ],
                }
            ],
        },
        {
            "objectClassName": "entity",
            "roles": ["registrant"],
            "vcardArray": [
                "vcard",
                [
                    ["version", {}, "text", "4.0"],
                    ["fn", {}, "text", "REDACTED FOR PRIVACY"],
                    ["org", {}, "text", "Privacy service provided by Withheld for Privacy ehf"],
                    ["adr", {}, "text", ["", "", "", "", "Capital Region", "", "IS"]],
                ],
            ],
        },
    ],
    "redacted": [{"name": {"type": "Registrant Name"}, "method": "removal"}],
}


def test_real_style_rdap() -> None:
    reg = parse_rdap(REAL_STYLE_RDAP)
    assert reg.name == "example-shop.com"
    assert reg.registrar == "Some Registrar" and reg.registrar_iana_id == "1068"
    assert reg.abuse_email == "abuse@registrar.example"
    assert reg.abuse_phone == "+1.5555550100"
    assert reg.privacy and "Registrant Name" in reg.redacted
    assert reg.registrant_name == ""  # redacted, not a name
    assert "Withheld for Privacy" in reg.registrant_org  # a proxy can be noticed
    assert reg.registrant_country == "IS"
    assert reg.created == date(2023, 1, 15) and reg.expires == date(2027, 1, 15)
    assert reg.name_servers == ("ns1.example.net",)


def test_sandbox_registrar_reply_is_redacted() -> None:
    rec = world.DOMAIN_RECORDS[world.STORE_HOST]
    reg = parse_rdap(domain_reply(rec, "http://x/", registrar=True))
    assert reg.privacy and reg.redacted
    assert reg.registrant_org == world.PRIVACY_PROXY
    assert reg.registrant_email == ""
    assert reg.registrar_iana_id == rec.registrar.iana_id
    assert reg.abuse_email == rec.registrar.abuse_email


def test_cnnic_whois() -> None:
    rec = world.DOMAIN_RECORDS[world.OUTLET_HOST]
    reg = parse_whois(cnnic_reply(rec))
    assert reg.registrant_org == world.OPERATOR.name_zh
    assert reg.registrant_email == world.OPERATOR_EMAIL
    assert reg.registrar == "云途数码域名注册服务有限公司"
    assert reg.created == rec.registered and reg.expires == rec.expires
    assert reg.name_servers == world.OPERATOR_NAME_SERVERS
    assert not reg.privacy


def test_thin_and_thick_whois() -> None:
    rec = world.DOMAIN_RECORDS[world.STORE_HOST]
    thin = parse_whois(thin_reply(rec, world.SANDBOX_WHOIS_REGISTRAR_HOST))
    assert thin.referral == world.SANDBOX_WHOIS_REGISTRAR_HOST
    assert thin.registrar_iana_id == "4321"
    thick = parse_whois(thick_reply(rec))
    assert thick.privacy and thick.registrant_name == ""
    assert thick.registrant_email == ""
    assert parse_whois("No matching record.\r\n").extra == {"no_match": True}


def test_ip_network_rdap_owner_and_abuse() -> None:
    data = {
        "objectClassName": "ip network",
        "startAddress": "203.0.113.0",
        "endAddress": "203.0.113.255",
        "name": "EXAMPLE-NET",
        "country": "CN",
        "entities": [
            {
                "roles": ["REGISTRANT"],
                "vcardArray": ["vcard", [["fn", {}, "text", "Host Co"]]],
                "entities": [
                    {
                        "roles": ["abuse"],
                        "vcardArray": ["vcard", [["email", {}, "text", "abuse@host.example"]]],
                    }
                ],
            }
        ],
    }
    reg = parse_rdap(data)
    assert (reg.object, reg.owner, reg.abuse_email) == ("ip", "Host Co", "abuse@host.example")
    assert reg.network == "203.0.113.0 - 203.0.113.255"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(
            st.sampled_from(
                [
                    "objectClassName",
                    "entities",
                    "roles",
                    "vcardArray",
                    "events",
                    "eventAction",
                    "eventDate",
                    "nameservers",
                    "ldhName",
                    "status",
                    "redacted",
                    "name",
                    "publicIds",
                    "links",
                    "remarks",
                    "startAutnum",
                ]
            )
            | st.text(max_size=8),
            inner,
            max_size=6,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_rdap_parser_never_crashes(data: Any) -> None:
    parse_rdap(data)
    if isinstance(data, dict):
        parse_rdap({"entities": [data], "objectClassName": "domain"})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "Registrant",
                    "Registrar",
                    "Creation Date",
                    "Name Server",
                    "Domain Status",
                    "refer",
                    "Registration Time",
                    "x",
                ]
            ),
            st.text(max_size=30),
        ),
        max_size=20,
    )
)
def test_whois_parser_never_crashes(pairs: list[tuple[str, str]]) -> None:
    text = "\r\n".join(f"{k}: {v}" for k, v in pairs)
    parse_whois(text)
    parse_whois(text.encode("utf-8", "surrogatepass"))


@given(st.text(max_size=400))
def test_whois_text_never_crashes(text: str) -> None:
    parse_whois(text)
