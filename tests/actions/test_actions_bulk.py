"""Bulk notices: fewest notices per provider, within its URL limit and language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rightsguard.actions.bulk import ProviderInfo, plan_bulk_notices, providers_for_targets
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.identify.providers import Directory
from rightsguard.store import Store

MALL = ProviderInfo("mall", "Mall", "platform", "ipr@mall.cn", ("zh-CN",), 20, "CN")
HOST = ProviderInfo("host", "US Host", "host", "abuse@host.example", ("en",), 5, "US")
EUCDN = ProviderInfo("cdn", "EU CDN", "cdn", "abuse@cdn.example", ("en", "de"), 100, "DE")


def test_batches_respect_limits_and_languages() -> None:
    assignments = {i: MALL for i in range(1, 46)} | {i: HOST for i in range(46, 58)}
    assignments[99] = EUCDN
    batches = plan_bulk_notices(assignments, preferred_lang="zh-CN")
    mall = [b for b in batches if b.provider.key == "mall"]
    host = [b for b in batches if b.provider.key == "host"]
    assert [len(b.target_ids) for b in mall] == [20, 20, 5]
    assert [len(b.target_ids) for b in host] == [5, 5, 2]
    assert {b.lang for b in mall} == {"zh-CN"} and {b.lang for b in host} == {"en"}
    assert MALL.document == "notice.ecommerce" and HOST.document == "notice.dmca"
    assert EUCDN.document == "notice.dsa"
    # a DMCA notice only where a copyright is claimed: a trademark case gets the general one
    assert HOST.document_for(copyright_claimed=False) == "notice.civil_code"
    trademark_only = plan_bulk_notices(assignments, copyright_claimed=False)
    assert {b.document for b in trademark_only if b.provider is HOST} == {"notice.civil_code"}
    assert {b.document for b in batches if b.provider is HOST} == {"notice.dmca"}


@given(st.dictionaries(st.integers(1, 10_000), st.sampled_from([MALL, HOST, EUCDN]), max_size=300))
def test_every_target_once_and_fewest_notices(assignments: dict[int, ProviderInfo]) -> None:
    batches = plan_bulk_notices(assignments)
    seen = [t for b in batches for t in b.target_ids]
    assert sorted(seen) == sorted(assignments)
    for provider in (MALL, HOST, EUCDN):
        n = sum(1 for p in assignments.values() if p is provider)
        count = sum(1 for b in batches if b.provider is provider)
        assert count == -(-n // provider.max_urls)  # ceiling: the fewest possible
        assert all(
            len(b.target_ids) <= provider.max_urls for b in batches if b.provider is provider
        )


def test_platform_listings_go_to_the_platform(store: Store) -> None:
    case = store.cases.new("bulk")
    ids = []
    for n in range(3):
        t = store.targets.add(
            parse_target_row(
                {"url": f"http://mall.gouwu-tianxia.cn/item/{1000 + n}.html", "kind": "listing"}
            ),
            case.id,
        )
        ids.append(t.id)
    lone = store.targets.add(parse_target_row({"url": "nowhere.example"}), case.id)
    found, missing = providers_for_targets(store, Directory.load(sandbox=True), [*ids, lone.id])
    assert {p.key for p in found.values()} == {"gouwu-tianxia"}
    assert found[ids[0]].max_urls == 20 and found[ids[0]].email == "ipr@gouwu-tianxia.cn"
    assert missing == [(lone.id, "no platform or host known: run rightsguard identify")]
