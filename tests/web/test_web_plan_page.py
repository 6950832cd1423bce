"""The case page's plan (#20): measures already sent move to a "done" list, each clock
shows its days left (red within 7 days), and a limitation period ending soon gets a
banner. The dates are the test's own (the clock is moved), never the real one."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import UTC, datetime

from webkit import RIGHT, Web

from clockkit import moved_clock
from rightsguard.domain.enums import ActionType
from rightsguard.domain.rights import make_right_draft
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.store import open_store
from rightsguard.store.models import ActionRow

OPENED = "2026-03-02T09:00:00+00:00"
#: the limitation period (three years from when the target was seen) ends in 5 days
LATE = "2029-02-25T09:00:00+00:00"


def _case(web: Web, *, sent: bool) -> int:
    _case.made += 1  # type: ignore[attr-defined]
    with moved_clock(OPENED), closing(open_store(web.ws)) as st:
        number = f"4123{_case.made:04d}"  # type: ignore[attr-defined]
        right = st.rights.add(make_right_draft(**RIGHT, registration_number=number))
        case = st.cases.new("plan page", right_ids=(right.id,))
        row = parse_target_row(
            {"url": "https://mall.gouwu-tianxia.cn/item/5.html", "control": "third_party"}
        )
        target = st.targets.add(row, case.id)
        if sent:
            with st.transaction() as session:
                data = {"kind": "notice.civil_code", "title": "notice", "lang": "zh-CN"}
                notice = ActionType.PROVIDER_NOTICE
                action = st.actions.create(session, case.id, notice, [target.id], data)
                stored = session.get(ActionRow, action.id)
                assert stored is not None
                stored.status = "sent"
                stored.sent_at = datetime(2026, 3, 3, 9, tzinfo=UTC)
        return case.id


_case.made = 0  # type: ignore[attr-defined]


def _plan(web: Web, case_id: int, when: str, lang: str = "en") -> str:
    with moved_clock(when):
        page = web.client("analyst").get(f"/cases/{case_id}", params={"lang": lang})
    assert page.status_code == 200, page.text
    found = re.search(r'<section id="plan">.*?</section>', page.text, re.S)
    assert found, page.text
    return found.group(0)


def _table(html: str, table_id: str) -> str:
    found = re.search(rf'<table id="{table_id}">.*?</table>', html, re.S)
    return found.group(0) if found else ""


def test_a_sent_measure_is_done_not_recommended_again(web: Web) -> None:
    fresh = _plan(web, _case(web, sent=False), "2026-03-10T09:00:00+00:00")
    assert "provider_notice" in _table(fresh, "plan-actions")
    assert _table(fresh, "plan-done") == ""
    plan = _plan(web, _case(web, sent=True), "2026-03-10T09:00:00+00:00")
    assert "provider_notice" not in _table(plan, "plan-actions")
    done = _table(plan, "plan-done")
    assert "provider_notice" in done and "2026-03-03" in done


def test_clocks_show_days_left_red_within_a_week_and_a_limitation_banner(web: Web) -> None:
    case_id = _case(web, sent=False)
    calm = _plan(web, case_id, "2026-03-10T09:00:00+00:00")
    assert 'id="limitation-banner"' not in calm
    assert re.search(r'class="days"[^>]*>\s*1088\b', calm)
    late = _plan(web, case_id, LATE)
    limitation = re.search(r'<tr id="clock-suit.limitation"[^>]*>.*?</tr>', late, re.S)
    assert limitation and 'class="days urgent"' in limitation.group(0)
    assert re.search(r'class="days urgent"[^>]*>\s*5\b', limitation.group(0))
    banner = re.search(r'id="limitation-banner"[^>]*>(.*?)</p>', late, re.S)
    assert banner and "2029-03-02" in banner.group(1) and "5" in banner.group(1)
    chinese = _plan(web, case_id, LATE, "zh-CN")
    assert re.search(r'id="limitation-banner"[^>]*>[^<]*诉讼时效', chinese)
