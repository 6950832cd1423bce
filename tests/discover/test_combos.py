"""Combination candidates: the brand with shop, place, product and year words, ranked."""

from __future__ import annotations

import pytest

from rightsguard.discover.combos import FUZZER, combos, plural, words_for
from rightsguard.discover.model import parse_seed, to_ascii
from rightsguard.domain.errors import InvalidValue

PANDORA = [parse_seed("pandora.net")]


def names(ranked: list) -> list[str]:
    return [r.candidate.domain for r in ranked]


def test_ranked_by_prior_and_a_budget_takes_the_likeliest_first() -> None:
    big = combos(PANDORA, year=2030, budget=3000, classes=(14,))
    priors = [r.prior for r in big]
    assert priors == sorted(priors, reverse=True)
    assert len(big) == 3000
    small = combos(PANDORA, year=2030, budget=40, classes=(14,))
    assert names(small) == names(big)[:40]


def test_a_real_pattern_brand_plus_a_shop_word_under_shop_comes_within_a_small_budget() -> None:
    # skechersclearance.shop and skechersfactoryoutlet.shop: Forum decision FA2306002049100
    # (bench/data/disputed_domains.csv).
    found = names(combos([parse_seed("skechers.com")], year=2023, budget=2000, classes=(25,)))
    assert "skechersoutlet.shop" in found[:100]
    assert "skechersclearance.shop" in found
    assert "skechersfactory.store" in found


def test_each_name_once_valid_never_the_seed_and_marked_combo() -> None:
    ranked = combos(PANDORA, year=2030, budget=2000, classes=(14,))
    found = names(ranked)
    assert len(found) == len(set(found))
    assert "pandora.net" not in found
    assert all(to_ascii(n) == n for n in found)
    assert {r.candidate.fuzzer for r in ranked} == {FUZZER}
    assert {r.candidate.seed for r in ranked} == {"pandora.net"}


def test_hyphens_and_position_weigh_less_than_the_plain_brand_first() -> None:
    found = names(combos(PANDORA, year=2030, budget=2000))
    plain, hyphen, before = (
        found.index("pandoraoutlet.com"),
        found.index("pandora-outlet.com"),
        found.index("outletpandora.com"),
    )
    assert plain < hyphen
    assert plain < before
    assert "outlet-pandora.com" in found


def test_the_seeds_own_suffix_weighs_like_com() -> None:
    found = names(combos(PANDORA, year=2030, budget=200))
    assert found[:3] == ["pandora.com", "pandoraoutlet.com", "pandoraoutlet.net"]
    assert found.index("pandoraoutlet.net") < found.index("pandoraoutlet.shop")
    other = names(combos([parse_seed("pandora.fr")], year=2030, budget=200))
    assert "pandoraoutlet.fr" in other[:3]
    assert other.index("pandoraoutlet.fr") < other.index("pandoraoutlet.shop")


def test_plurals_of_products_and_shop_words() -> None:
    assert [plural(w) for w in ("bag", "watch", "dress", "accessory", "toy")] == [
        "bags",
        "watches",
        "dresses",
        "accessories",
        "toys",
    ]
    found = set(names(combos(PANDORA, year=2030, budget=3000, classes=(14,))))
    assert {"pandorabracelets.com", "pandorabracelet.com", "pandorastores.com"} <= found
    assert "pandorajewelries.com" not in found  # jewelry has no plural


def test_years_come_from_the_given_year_never_the_clock() -> None:
    found = set(names(combos(PANDORA, year=2041, budget=20000)))
    assert {"pandora2041.com", "pandora2042.com", "pandora2040.com", "pandora2039.com"} <= found
    assert not any(str(y) in n for n in found for y in (2024, 2025, 2026, 2043))


def test_nice_classes_bring_their_product_words() -> None:
    bags = set(names(combos(PANDORA, year=2030, budget=1500, classes=(18,))))
    none = set(names(combos(PANDORA, year=2030, budget=1500)))
    assert "pandorabags.com" in bags
    assert "pandorabags.com" not in none
    assert "pandorabracelet.com" not in bags


def test_the_rights_own_vocabulary_is_tried_first_among_products() -> None:
    without = set(names(combos(PANDORA, year=2030, budget=100)))
    with_own = names(combos(PANDORA, year=2030, budget=100, vocabulary=["Berlock", "moments"]))
    assert "pandoraberlock.com" not in without
    assert "pandoraberlock.com" in with_own[:10]
    assert "pandoramoments.com" in with_own
    with pytest.raises(InvalidValue, match="vocabulary"):
        combos(PANDORA, year=2030, budget=10, vocabulary=["bad word!"])


def test_places_countries_codes_cities_and_two_words_combined() -> None:
    found = set(names(combos(PANDORA, year=2030, budget=20000, classes=(14,))))
    assert {"pandorauk.com", "pandoradeutschland.com", "pandora-dubai.com"} <= found
    assert "pandora-store-outlet.com" in found  # real: CAC-UDRP-103884
    assert "pandorabraceletsuk.com" in found  # real: CAC-UDRP-103880


def test_a_multi_word_mark_is_also_tried_hyphenated_and_a_han_mark_in_pinyin() -> None:
    lv = [parse_seed("louisvuitton.com")]
    found = set(names(combos(lv, year=2030, budget=5000, marks=["Louis Vuitton"])))
    assert "louis-vuitton-outlet.com" in found
    han = set(names(combos([parse_seed("极光.cn")], year=2030, budget=500)))
    assert "jiguangoutlet.com" in han
    assert "jiguangoutlet.cn" in han


def test_a_budget_below_one_is_refused() -> None:
    with pytest.raises(InvalidValue, match="budget"):
        combos(PANDORA, year=2030, budget=0)


def test_words_keep_each_text_once_at_its_best_weight() -> None:
    words = words_for(year=2030, classes=(35,), vocabulary=["shop"])
    shop = [w for w in words if w.text == "shop"]
    assert len(shop) == 1 and shop[0].kind == "own"
