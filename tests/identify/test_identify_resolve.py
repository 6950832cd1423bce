from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rightsguard.domain.enums import ObservableKind as K
from rightsguard.domain.enums import PartyRole
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.identify.resolve import describe, resolve
from rightsguard.identify.service import Identifier, identify_targets, resolve_parties
from rightsguard.sandbox import Sandbox, world
from rightsguard.store import Store
from rightsguard.store.migrate import upgrade
from rightsguard.store.observables import ObservableRepo
from rightsguard.store.parties import PartyRepo
from rightsguard.store.providers import ProviderRepo


def test_strong_links_merge_weak_never() -> None:
    rows = [
        (1, K.EMAIL, "a@x.cn", None),
        (2, K.EMAIL, "a@x.cn", None),
        (3, K.IP, "10.0.0.1", None),
        (4, K.IP, "10.0.0.1", None),
        (3, K.REGISTRAR, "R", None),
        (4, K.REGISTRAR, "R", None),
        (5, K.USCC, "U", {"owner": "platform"}),
        (6, K.USCC, "U", {"owner": "platform"}),
        (7, K.REGISTRANT, "Privacy Co", {"privacy": True}),
        (8, K.REGISTRANT, "Privacy Co", {"privacy": True}),
    ]
    clusters = resolve((t, k.value, v, d) for t, k, v, d in rows)
    groups = sorted(c.targets for c in clusters)
    assert groups == [(1, 2), (3,), (4,), (5,), (6,), (7,), (8,)]
    merged = next(c for c in clusters if c.targets == (1, 2))
    assert merged.links[0].text == "same e-mail a@x.cn"
    three = next(c for c in clusters if c.targets == (3,))
    assert {link.kind for link in three.weak_links} == {"ip", "registrar"}


def test_two_medium_kinds_merge_one_does_not() -> None:
    rows = [
        (1, "company_name", "甲公司", None),
        (2, "company_name", "甲公司", None),
        (2, "postal_address", "某路1号", None),
        (3, "postal_address", "某路1号", None),
        (3, "favicon_hash", "42", None),
        (2, "favicon_hash", "42", None),
    ]
    groups = sorted(c.targets for c in resolve(rows))
    assert groups == [(1,), (2, 3)]


def test_decisions_are_constraints() -> None:
    rows = [
        (1, "phone", "+861", None),
        (2, "phone", "+861", None),
        (3, "messenger_handle", "qq:1", None),
    ]
    assert sorted(c.targets for c in resolve(rows, cannot_link=[([1], [2])])) == [(1,), (2,), (3,)]
    assert sorted(c.targets for c in resolve(rows, must_link=[[1, 3]])) == [(1, 2, 3)]


def test_describe() -> None:
    assert describe(K.ANALYTICS_ID, f"baidu_tongji:{world.BAIDU_TONGJI_ID}").startswith(
        "same Baidu Tongji ID 8dbef910"
    )
    assert describe(K.SHOP_ID, "gouwu-tianxia:shop:8812345") == "same gouwu-tianxia shop 8812345"


# --- with a store -----------------------------------------------------------------------


def _add(store: Store, url: str) -> int:
    return store.targets.add(parse_target_row({"url": url})).id


def test_party_ids_stable_and_decisions_stick(store: Store) -> None:
    a, b, c = (_add(store, f"http://site{i}.example/") for i in range(3))
    obs = ObservableRepo(store)
    obs.replace_for_target(a, [(K.EMAIL, "op@x.cn", "page", {})])
    obs.replace_for_target(b, [(K.EMAIL, "op@x.cn", "page", {})])
    obs.replace_for_target(c, [(K.PHONE, "+8610", "page", {})])
    from rightsguard.identify.providers import Directory

    directory = Directory.load()
    _, first = resolve_parties(store, directory)
    assert first[a] == first[b] != first[c]
    _, again = resolve_parties(store, directory)
    assert again == first  # stable ids
    parties = PartyRepo(store)
    party = parties.get(first[a])
    assert party.role is PartyRole.PRIMARY_INFRINGER and "same e-mail op@x.cn" in party.links
    new = parties.split(first[a], [b], reason="different people")
    _, after_split = resolve_parties(store, directory)
    assert after_split[b] == new.id and after_split[a] == first[a]
    parties.merge(first[a], first[c], reason="same person")
    _, after_merge = resolve_parties(store, directory)
    assert after_merge[c] == after_merge[a] == first[a] and after_merge[b] == new.id
    assert parties.detail(first[c]).merged_into == first[a]
    parties.set_role(new.id, PartyRole.SUPPLIER)
    resolve_parties(store, directory)
    assert parties.get(new.id).role is PartyRole.SUPPLIER
    verbs = {e.verb for e in store.events.list()}
    assert {
        "party.created",
        "party.split",
        "party.merged",
        "party.role_changed",
        "observables.recorded",
    } <= verbs


def test_observables_replace_and_stream(store: Store) -> None:
    t = _add(store, "http://one.example/")
    repo = ObservableRepo(store)
    assert (
        repo.replace_for_target(
            t,
            [
                (K.EMAIL, "a@b.cn", "page", {"x": 1}),
                (K.EMAIL, "a@b.cn", "page", {"x": 2}),
                (K.IP, "127.0.0.1", "dns", {}),
            ],
        )
        == 2
    )
    assert repo.replace_for_target(t, [(K.PHONE, "+861", "page", {})], sources=["page"]) == 1
    assert sorted(o.kind.value for o in repo.list(target_id=t)) == ["ip", "phone"]
    assert len(list(repo.rows(batch=1))) == 2
    assert repo.for_targets([t])[t][0].target_id == t


def test_provider_repo_upsert(store: Store) -> None:
    from rightsguard.domain.enums import ProviderKind

    repo = ProviderRepo(store)
    repo.upsert([("p1", "P One", ProviderKind.HOST, {"email": "a@b"})])
    repo.upsert([("p1", "P One", ProviderKind.HOST, {"email": "c@d"})])
    assert repo.get("p1").channels == {"email": "c@d"}
    assert [p.key for p in repo.list(ProviderKind.HOST)] == ["p1"]


# --- the sandbox world end to end ----------------------------------------------------------


@pytest.fixture()
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'rg.db'}"
    upgrade(url)
    st = Store(url, "tester")
    yield st
    st.close()


def test_three_lookalikes_are_one_party_marketplace_apart(
    sb: Sandbox,
    client,
    identifier: Identifier,
    sqlite_store: Store,  # type: ignore[no-untyped-def]
) -> None:
    rows = client.get(sb.url(world.MALL_HOST, "/search.json?q=aurorix")).json()
    for row in rows:
        sqlite_store.targets.add(parse_target_row(row))
    targets = sqlite_store.targets.list()
    report = identify_targets(sqlite_store, targets, identifier, concurrency=8)
    assert not any(f.errors for f in report.findings.values())
    by_host: dict[str, set[int]] = {}
    for t in targets:
        by_host.setdefault(t.host, set()).add(report.assignment[t.id])
    operator = by_host[world.OUTLET_HOST]
    assert by_host[world.STORE_HOST] == by_host[world.GUANWANG_HOST] == operator
    (party_id,) = operator
    parties = PartyRepo(sqlite_store)
    party = parties.get(party_id)
    assert party.role is PartyRole.PRIMARY_INFRINGER
    assert party.label == world.OPERATOR.name_zh
    assert party.identity_known and party.address_known
    for expected in (
        "same Baidu Tongji ID",
        "same e-mail kefu@chenxi-youpin.cn",
        "same public-security filing 44030502009876",
        "same WeChat ID",
        "same phone number +8675526917788",
        "same gouwu-tianxia shop 8812345",
    ):
        assert any(link.startswith(expected) for link in party.links), expected
    assert any(link.startswith("weak: same IP address 127.0.80.11") for link in party.links)
    # the operator's own mall shop and its listings join it; the other seller does not
    mall = {
        t.url.rsplit("/", 1)[-1]: report.assignment[t.id]
        for t in targets
        if t.host == world.MALL_HOST
    }
    assert mall["8812345.html"] == mall["600123451.html"] == party_id
    assert mall["600123454.html"] != party_id
    # the marketplace is a third party, a provider, never merged
    third = [p for p in parties.list() if p.role is PartyRole.INTERMEDIARY]
    assert [p.label for p in third] == ["Gouwu Tianxia Mall (sandbox)"]
    assert parties.detail(third[0].id).target_ids == ()
    assert ProviderRepo(sqlite_store).get("gouwu-tianxia").channels["email"] == world.MALL_IPR_EMAIL
    # observables carry provenance: raw replies kept as evidence
    reg = [
        o
        for o in ObservableRepo(sqlite_store).list(target_id=targets[0].id)
        if o.kind is K.REGISTRANT
    ]
    assert reg and reg[0].source == "whois" and len(reg[0].detail["evidence_sha256"]) == 64
    # findings name the providers; a second run keeps every party id
    found = report.findings[targets[0].id]
    assert found.recommendations[0].provider_key == "ca-guangdong"
    again = identify_targets(sqlite_store, targets, identifier, concurrency=4)
    assert again.assignment == report.assignment
