"""Parties: the list, the party page's link graph (escaped labels), merge and split
by permission with a reason, and the parties API."""

from __future__ import annotations

import re

import pytest
from webkit import Web

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.models import PartyRow
from rightsguard.store.parties import PartyDraft, PartyRepo
from rightsguard.web.party_graph import party_graph

HOSTILE_VALUE = '<script>alert("x")</script>@evil.cn'


@pytest.fixture(scope="module")
def parties(web: Web) -> dict[str, int]:
    st = open_store(web.ws)
    try:
        t = [
            st.targets.add(parse_target_row({"url": f"https://shop{i}.example.cn/"})).id
            for i in range(4)
        ]
        link = {
            "type": "link",
            "kind": "email",
            "value": HOSTILE_VALUE,
            "strength": "strong",
            "targets": t[:3],
            "text": "same registrant e-mail on three sites",
        }
        weak = {
            "type": "link",
            "kind": "ip",
            "value": "203.0.113.7",
            "strength": "weak",
            "targets": t[1:3],
            "text": "shared hosting address",
        }
        assignment = PartyRepo(st).apply(
            [
                PartyDraft(targets=tuple(t[:3]), label="Chenxi Trading", links=(link, weak)),
                PartyDraft(targets=(t[3],), label="Lone seller"),
            ]
        )
    finally:
        st.close()
    return {"big": assignment[t[0]], "small": assignment[t[3]], "t0": t[0], "t2": t[2]}


def test_graph_layout_is_deterministic_and_labels_the_edges() -> None:
    links = [
        {"kind": "ip", "value": "1.2.3.4", "strength": "weak", "targets": [2, 3], "text": "ip"},
        {"kind": "email", "value": "a@b.cn", "strength": "strong", "targets": [1, 2], "text": "m"},
    ]
    graph = party_graph({3: "https://c/", 1: "https://a/", 2: "https://b/"}, links)
    assert graph == party_graph({1: "https://a/", 2: "https://b/", 3: "https://c/"}, links[::-1])
    labels = [n.label for n in graph.nodes]
    assert labels[:3] == ["#1 https://a/", "#2 https://b/", "#3 https://c/"]
    assert labels[3:] == ["email: a@b.cn", "ip: 1.2.3.4"]
    assert sorted(e.label for e in graph.edges) == ["email · strong"] * 2 + ["ip · weak"] * 2
    assert party_graph({}, links).edges == ()


def test_party_page_draws_the_graph_with_escaped_labels(web: Web, parties: dict[str, int]) -> None:
    c = web.client("liaison")
    listing = c.get("/parties")
    assert listing.status_code == 200 and "Chenxi Trading" in listing.text
    page = c.get(f"/parties/{parties['big']}")
    assert page.status_code == 200
    svg = page.text[page.text.index("<svg") : page.text.index("</svg>")]
    assert len(re.findall(r'<g class="node target">', svg)) == 3
    assert len(re.findall(r'<g class="node observable">', svg)) == 2
    assert svg.count("<line ") == 5  # three e-mail edges, two address edges
    assert "email · strong" in svg and "ip · weak" in svg and "shared hosting address" in svg
    assert "<script>" not in page.text and "&lt;script&gt;" in page.text
    assert 'id="merge-form"' not in page.text  # liaison may not edit parties
    assert c.get("/parties/99999").status_code == 404


def test_merge_and_split_need_party_edit_csrf_and_a_reason(
    web: Web, parties: dict[str, int]
) -> None:
    big, small = parties["big"], parties["small"]
    liaison = web.client("liaison")
    form = {"other": str(small), "reason": "same bank account"}
    assert (
        liaison.post(f"/parties/{big}/merge", data={**form, "csrf": web.csrf(liaison)}).status_code
        == 403
    )
    analyst = web.client("analyst")
    assert analyst.post(f"/parties/{big}/merge", data=form).status_code == 403  # no CSRF
    csrf = web.csrf(analyst)
    no_reason = analyst.post(f"/parties/{big}/merge", data={"other": small, "csrf": csrf})
    assert no_reason.status_code == 422
    merged = analyst.post(f"/parties/{big}/merge", data={**form, "csrf": csrf})
    assert merged.status_code == 303
    page = analyst.get(f"/parties/{big}").text
    assert "same bank account" in page and 'id="split-form"' in page
    split = analyst.post(
        f"/parties/{big}/split",
        data={
            "targets": [str(parties["t2"])],
            "reason": "different seller",
            "label": "Split off",
            "csrf": csrf,
        },
    )
    assert split.status_code == 303
    new_id = int(split.headers["location"].split("/parties/")[1].split("?")[0])
    st = open_store(web.ws)
    try:
        assert st.targets.get(parties["t2"]).party_id == new_id
        assert st.parties.get(new_id).label == "Split off"
    finally:
        st.close()
    refused = analyst.post(f"/parties/{big}/split", data={"reason": "x", "csrf": csrf})
    assert refused.status_code == 400


def test_api_parties(web: Web, parties: dict[str, int]) -> None:
    c = web.client("counsel")
    page = c.get("/api/v1/parties", params={"limit": 500}).json()
    by_id = {p["id"]: p for p in page["items"]}
    assert by_id[parties["big"]]["label"] == "Chenxi Trading"
    assert by_id[parties["big"]]["target_count"] >= 2
    detail = c.get(f"/api/v1/parties/{parties['big']}").json()
    assert {link["kind"] for link in detail["links"]} == {"email", "ip"}
    assert parties["t0"] in detail["target_ids"]
    assert c.get("/api/v1/parties/123456").status_code == 404
    assert c.get("/api/v1/parties", params={"limit": 1000}).status_code == 422


def test_a_party_is_verified_from_its_page(web: Web, parties: dict[str, int]) -> None:
    small = parties["small"]
    st = open_store(web.ws)
    try:
        with st.transaction() as session:
            row = session.get(PartyRow, small)
            assert row is not None
            row.identity_known = row.address_known = True
    finally:
        st.close()
    analyst = web.client("analyst")
    assert 'id="verify-form"' in analyst.get(f"/parties/{small}").text
    csrf = web.csrf(analyst)
    blank = analyst.post(f"/parties/{small}/verify", data={"source": "", "csrf": csrf})
    assert blank.status_code == 422
    done = analyst.post(
        f"/parties/{small}/verify", data={"source": "国家企业信用信息公示系统", "csrf": csrf}
    )
    assert done.status_code == 303
    page = analyst.get(f"/parties/{small}").text
    assert 'id="verify-form"' not in page and '<dd id="party-verified">✓</dd>' in page
    st = open_store(web.ws)
    try:
        assert PartyRepo(st).detail(small).verified
    finally:
        st.close()
