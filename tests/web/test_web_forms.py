"""The draft form refuses what would go wrong silently (#20): an address that is not
one, and no target ticked (never "all targets")."""

from __future__ import annotations

import re
from contextlib import closing

import pytest
from webkit import Web

from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store


@pytest.fixture(scope="module")
def world(web: Web) -> dict[str, int]:
    with closing(open_store(web.ws)) as st:
        case = st.cases.new("forms")
        row = parse_target_row({"url": "https://mall.gouwu-tianxia.cn/item/77.html"})
        return {"case": case.id, "listing": st.targets.add(row, case.id).id}


def _actions(web: Web) -> int:
    with closing(open_store(web.ws)) as st:
        return len(st.actions.list())


def _error(html: str) -> str:
    found = re.search(r'id="draft-error">([^<]*)<', html)
    assert found, html
    return found.group(1)


def _draft(web: Web, world: dict[str, int], lang: str, **form: object) -> str:
    c = web.client("liaison")
    answer = c.post(
        f"/cases/{world['case']}/draft",
        params={"lang": lang},
        data={"kind": "notice.ecommerce", "lang": "zh-CN", "csrf": web.csrf(c), **form},
    )
    assert answer.status_code == 400, answer.text
    return _error(answer.text)


def test_a_recipient_address_that_is_not_one_is_refused(web: Web, world: dict[str, int]) -> None:
    before = _actions(web)
    error = _draft(
        web,
        world,
        "en",
        to_name="Mall",
        to_email="ipr@gouwu tianxia.cn",
        target_ids=[world["listing"]],
    )
    assert error.startswith("to_email: ") and "not an e-mail address" in error
    assert _actions(web) == before


@pytest.mark.parametrize(
    ("lang", "words"), [("zh-CN", "请至少勾选一个侵权目标"), ("en", "Tick at least one target")]
)
def test_no_target_ticked_is_refused_not_all_targets(
    web: Web, world: dict[str, int], lang: str, words: str
) -> None:
    before = _actions(web)
    error = _draft(web, world, lang, to_name="Mall", to_email="ipr@gouwu-tianxia.cn")
    assert words in error
    assert _actions(web) == before


def test_the_document_language_defaults_to_the_recipients(web: Web, world: dict[str, int]) -> None:
    page = web.client("liaison").get(f"/cases/{world['case']}/draft", params={"lang": "en"})
    chosen = re.search(r'<select name="lang">.*?</select>', page.text, re.S)
    assert chosen, page.text
    # the English interface does not choose English: the recipient's language is the default
    assert re.search(r'<option value="" selected>The recipient', chosen.group(0))
    assert 'value="en" selected' not in chosen.group(0)
