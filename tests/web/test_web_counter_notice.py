"""The action page's record form asks for the day the provider received the counter
notice (the DMCA clock's start, 17 USC 512(g)(2)(C)) and the day it reached us."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
from webkit import Web

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "actions"))

from test_case_facts import _case, _sent_dmca_notice

from rightsguard.store import open_store
from rightsguard.store.actions import ActionRepo


def test_record_form_takes_the_counter_notice_dates(web: Web) -> None:
    store = open_store(web.ws)
    try:
        notice = _sent_dmca_notice(store, _case(store))
    finally:
        store.close()
    counsel = web.client("counsel")
    en = counsel.get(f"/actions/{notice}", params={"lang": "en"}).text
    assert "Day the provider received the counter notice" in en
    assert 'name="counter_notice_received_by_host_on"' in en
    zh = counsel.get(f"/actions/{notice}", params={"lang": "zh-CN"}).text
    assert "服务商收到反通知的日期" in zh and "反通知或不侵权声明到达我方的日期" in zh
    token = re.search(r'name="csrf" value="([^"]+)"', en)
    assert token

    def record(host: str, ours: str) -> httpx.Response:
        return counsel.post(
            f"/actions/{notice}/record",
            data={
                "csrf": token.group(1),
                "outcome": "counter_noticed",
                "counter_notice_received_by_host_on": host,
                "counter_notice_on": ours,
            },
        )

    bad = record("2026-11-19", "2026-11-18")
    assert bad.status_code == 400 and "counter-notice-received-by-host-on" in bad.text
    done = record("2026-11-16", "2026-11-18")
    assert done.status_code == 303, done.text
    store = open_store(web.ws)
    try:
        _, data = ActionRepo(store).get(notice)
    finally:
        store.close()
    assert data["counter_notice_received_by_host_on"] == "2026-11-16"
    assert data["counter_notice_on"] == "2026-11-18"
