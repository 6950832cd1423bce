"""A small hand-built portfolio whose every dashboard figure is known in advance.

Three cases (two open), eight targets, one provider, eleven actions (eight sent),
five deadlines, five captures and the events that mark removals, replies and
repeats, all dated relative to ``now``. The expected figures are in ``EXPECTED``
comments beside the tests that use them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rightsguard.store.db import make_engine
from rightsguard.store.models import (
    ActionRow,
    CaptureRow,
    CaseRow,
    CaseTargetRow,
    DeadlineRow,
    EventRow,
    ProviderRow,
    TargetRow,
    utcnow,
)


@dataclass(frozen=True)
class World:
    cases: dict[str, int]
    targets: dict[str, int]
    actions: dict[str, int]
    now: datetime


def build_world(url: str, now: datetime | None = None) -> World:
    now = now or utcnow()
    day = timedelta(days=1)
    engine = make_engine(url)
    try:
        with Session(engine) as s, s.begin():
            cases = {
                "c1": CaseRow(title="极光耳机 仿冒店铺", status="open", assignee="analyst"),
                "c2": CaseRow(title="Aurorix look-alikes", status="open"),
                "c3": CaseRow(title="Closed <case> & co", status="closed"),
            }
            s.add_all(cases.values())
            statuses = {
                "t1": "removed",
                "t2": "actioned",
                "t3": "reappeared",
                "t4": "confirmed",
                "t5": "persisting",
                "t6": "suspected",
                "t7": "removed",
                "t8": "actioned",
            }
            targets = {
                k: TargetRow(
                    url=f"https://shop-{k}.test/item",
                    original_url=f"https://shop-{k}.test/item",
                    host=f"shop-{k}.test",
                    kind="listing",
                    status=v,
                )
                for k, v in statuses.items()
            }
            s.add_all(targets.values())
            provider = ProviderRow(key="taobao", name="淘宝", kind="platform", channels={})
            s.add(provider)
            s.flush()
            for case_key, keys in (("c1", "t1 t2 t3 t4"), ("c2", "t5 t6 t7"), ("c3", "t8")):
                for k in keys.split():
                    s.add(CaseTargetRow(case_id=cases[case_key].id, target_id=targets[k].id))

            def action(
                case_key: str,
                type_: str,
                status: str,
                sent_days_ago: float | None,
                channel: str | None,
                recipient: dict[str, Any],
                target_keys: str = "",
                provider_id: int | None = None,
            ) -> ActionRow:
                kind = "cease_and_desist" if type_ == "cease_and_desist" else "notice.civil_code"
                row = ActionRow(
                    case_id=cases[case_key].id,
                    type=type_,
                    status=status,
                    target_ids=[targets[k].id for k in target_keys.split()],
                    provider_id=provider_id,
                    data={
                        "kind": kind,
                        "recipient": recipient,
                        "dispatch": {"channel": channel, "state": "sent"} if channel else None,
                    },
                    created_at=now - 60 * day,
                    sent_at=now - sent_days_ago * day if sent_days_ago is not None else None,
                )
                s.add(row)
                return row

            pn, cd = "provider_notice", "cease_and_desist"
            actions = {
                "a1": action(
                    "c1", pn, "removed", 10, "smtp", {"name": "淘宝知识产权"}, "t1", provider.id
                ),
                "a2": action("c1", pn, "no_response", 20, "webform", {"name": "JD IPR"}, "t2"),
                "a3": action("c2", pn, "closed", 30, "smtp", {"email": "abuse@Host.example"}, "t7"),
                "a4": action("c1", cd, "acknowledged", 40, "smtp", {"name": "店主"}, "t3"),
                "a5": action("c2", cd, "removed", 30, "post", {"name": "Seller"}, "t5"),
                "a6": action("c2", cd, "no_response", 30, "smtp", {"name": "Seller 2"}, "t6"),
                "a7": action("c1", cd, "sent", 3, "smtp", {"name": "Seller 3"}, "t4"),
                "a8": action("c3", cd, "closed", 50, "webform", {"name": "Seller 4"}, "t8"),
                "a9": action("c1", pn, "draft", None, None, {"name": "x"}),
                "a10": action("c1", pn, "approved", None, None, {"name": "y"}),
                "a11": action("c3", pn, "draft", None, None, {"name": "z"}),
            }
            s.flush()

            case_of = {row.id: row.case_id for row in actions.values()}

            def event(
                verb: str,
                entity: str,
                entity_id: int,
                at: datetime,
                after: dict[str, Any] | None = None,
            ) -> None:
                s.add(
                    EventRow(
                        at=at,
                        actor="test",
                        verb=verb,
                        entity=entity,
                        entity_id=entity_id,
                        case_id=case_of.get(entity_id) if entity == "action" else None,
                        after=after,
                    )
                )

            a = actions
            # a1: a recheck found t1 gone two days after sending.
            event("action.outcome", "action", a["a1"].id, now - 8 * day, {"status": "removed"})
            # a3: removed half a day after sending, later closed.
            event("action.recorded", "action", a["a3"].id, now - 29.5 * day, {"status": "removed"})
            event("action.recorded", "action", a["a3"].id, now - 20 * day, {"status": "closed"})
            # a4: the infringer replied by e-mail.
            event(
                "action.reply_received",
                "action",
                a["a4"].id,
                now - 38 * day,
                {"status": "acknowledged"},
            )
            # a5: removal recorded by hand ten days after the letter went by post.
            event("action.recorded", "action", a["a5"].id, now - 20 * day, {"status": "removed"})
            # a6: nothing came back.
            event(
                "action.recorded", "action", a["a6"].id, now - 10 * day, {"status": "no_response"}
            )
            # a8: the letter was rejected, then the action closed.
            event("action.recorded", "action", a["a8"].id, now - 45 * day, {"status": "rejected"})
            event("action.recorded", "action", a["a8"].id, now - 40 * day, {"status": "closed"})
            # Repeats: t3 and t7 came back after removal; t4 is a known party's new site.
            t = targets
            event(
                "target.repeat_infringement",
                "target",
                t["t3"].id,
                now - 5 * day,
                {"url": t["t3"].url},
            )
            event(
                "target.repeat_infringement",
                "target",
                t["t7"].id,
                now - 5 * day,
                {"url": t["t7"].url},
            )
            event(
                "target.repeat_infringement",
                "target",
                t["t4"].id,
                now - 4 * day,
                {"party_id": 1, "earlier_targets": [t["t1"].id], "links": []},
            )
            # An unrelated flood of events that must not count.
            for i in range(30):
                event(
                    "target.status_changed",
                    "target",
                    t["t2"].id,
                    now - i * day,
                    {"status": "removed"},
                )

            for case_key, due, done in (
                ("c1", 3, False),
                ("c1", -2, False),
                ("c2", 20, False),
                ("c1", 1, True),
                ("c3", 2, False),
            ):
                s.add(
                    DeadlineRow(
                        case_id=cases[case_key].id,
                        label=f"follow-up {case_key} {due:+d}d",
                        due=now + due * day,
                        rule_id="R-TEST",
                        done=done,
                    )
                )
            for target_key, weeks_ago, status in (
                ("t1", 0, "complete"),
                ("t5", 0, "awaiting_timestamp"),
                ("t2", 3, "complete"),
                ("t1", 0, "failed"),
                ("t6", 13, "partial"),
            ):
                started = now - timedelta(weeks=weeks_ago)
                s.add(
                    CaptureRow(
                        target_id=targets[target_key].id,
                        status=status,
                        mode="http",
                        started_at=started,
                    )
                )
            s.flush()
            return World(
                cases={k: v.id for k, v in cases.items()},
                targets={k: v.id for k, v in targets.items()},
                actions={k: v.id for k, v in actions.items()},
                now=now,
            )
    finally:
        engine.dispose()
