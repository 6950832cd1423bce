"""E-mail to the team through the sandbox's SMTP server: each person's daily digest
holds what their role waits for, in their language; a deadline is reminded at most
once a day, however often the digest and the reminders run (CLI and job alike)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsguard.cli.main import app
from rightsguard.domain.enums import ActionType, ObservableKind, TargetStatus
from rightsguard.domain.target_rows import parse_target_row
from rightsguard.jobs.core import JobContext
from rightsguard.jobs.tasks import notify_digest
from rightsguard.sandbox import smtp
from rightsguard.sandbox.core import Sandbox
from rightsguard.sandbox.smtp import SmtpService
from rightsguard.services.notify import notify
from rightsguard.store import Store
from rightsguard.store.deadlines import ClockDue
from rightsguard.store.users import add_user
from rightsguard.workspace import Workspace, init_workspace

DAY = date(2031, 3, 3)


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SmtpService, Path]]:
    with Sandbox(state_dir=tmp_path_factory.mktemp("sb"), services=[smtp.make_service]) as box:
        service = box.service("smtp")
        assert isinstance(service, SmtpService)
        yield service, box.ca_cert_path


def team(
    root: Path, server: SmtpService, ca: Path, db_url: str = ""
) -> tuple[Workspace, Store, dict[str, int]]:
    ep = server.endpoints()["smtp"]
    ws = init_workspace(
        root,
        {
            "database_url": db_url,
            "smtp_url": f"smtp://{smtp.USER}:{smtp.PASSWORD}@{ep.host}:{ep.port}?starttls=true",
            "smtp_from": "legal@aurorix.com",
            "smtp_ca_file": str(ca),
            "smtp_timeout_seconds": 5,
            "language": "zh-CN",
        },
    )
    st = Store(ws.database_url, "tester")
    tag = root.parent.name[-6:]
    add_user(
        st,
        "counsel",
        "counsel",
        "pw-counsel-123",
        "Chen Lu",
        email=f"c-{tag}@aurorix.com",
        language="en",
    )
    add_user(st, "liaison", "liaison", "pw-liaison-123", "王芳", email=f"l-{tag}@aurorix.com")
    add_user(st, "analyst", "analyst", "pw-analyst-123", "No Mail")  # no address: no mail
    case = st.cases.new("极光 仿冒店铺", assignee="liaison")
    other = st.cases.new("someone else's", assignee="counsel")
    ready = st.targets.add(parse_target_row({"url": "https://fake-jiguang.example.cn/"}), case.id)
    st.targets.set_status(ready.id, TargetStatus.CONFIRMED, reason="seen")
    st.observables.replace_for_target(ready.id, [(ObservableKind.IP, "203.0.113.9", "dns", {})])
    named = st.targets.add(parse_target_row({"url": "https://named.example.cn/"}), case.id)
    st.targets.set_status(named.id, TargetStatus.CONFIRMED, reason="seen")
    st.observables.replace_for_target(named.id, [(ObservableKind.IP, "203.0.113.8", "dns", {})])
    with st.transaction() as session:
        notice = st.actions.create(
            session,
            case.id,
            ActionType.PROVIDER_NOTICE,
            [named.id],
            {"title": "通知 to the host", "lang": "zh-CN"},
        ).id
        letter = st.actions.create(
            session, case.id, ActionType.CEASE_AND_DESIST, [], {"title": "Letter to the seller"}
        ).id
    st.deadlines.sync_clocks(
        case.id, [ClockDue("答复期限 reply due", DAY + timedelta(days=2), "r.reply", "")]
    )
    st.deadlines.sync_clocks(
        other.id, [ClockDue("not liaison's", DAY + timedelta(days=1), "r.other", "")]
    )
    return ws, st, {"ready": ready.id, "named": named.id, "notice": notice, "letter": letter}


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def test_each_person_gets_their_items_in_their_language_once_a_day(
    tmp_path: Path, db_url: str, mail: tuple[SmtpService, Path]
) -> None:
    server, ca = mail
    ws, st, ids = team(tmp_path / "ws", server, ca, db_url)
    tag = tmp_path.name[-6:]
    counsel_to, liaison_to = f"c-{tag}@aurorix.com", f"l-{tag}@aurorix.com"
    try:
        report = notify(ws, st, today=DAY, base_url="http://wb.test")
        assert sorted(m.username for m in report.sent) == ["counsel", "liaison"]
        (to_counsel,) = [r.message for r in server.to(counsel_to)]
        (to_liaison,) = [r.message for r in server.to(liaison_to)]

        english = body(to_counsel)
        assert "RightsGuard daily digest" in str(to_counsel["Subject"])
        assert "drafts awaiting approval (2)" in english  # the notice and the letter
        assert (
            "Letter to the seller" in english
            and f"http://wb.test/actions/{ids['letter']}" in english
        )
        assert "targets ready for liaison" not in english  # not counsel's to do
        assert "not liaison's" in english  # the deadline of counsel's own case

        chinese = body(to_liaison)
        assert "每日待办" in str(to_liaison["Subject"]) and "您好，王芳" in chinese
        assert "通知 to the host" in chinese and "Letter to the seller" not in chinese
        assert f"http://wb.test/targets/{ids['ready']}" in chinese  # ready: identified, unnamed
        assert f"/targets/{ids['named']}" not in chinese  # already in the notice
        assert "答复期限 reply due" in chinese and "not liaison's" not in chinese

        # again the same day: nothing new goes out, by digest or by reminder
        assert notify(ws, st, today=DAY).sent == []
        assert notify(ws, st, today=DAY, reminders_only=True).sent == []
        assert len(server.to(liaison_to)) == 1 and len(server.to(counsel_to)) == 1

        # the next day: the reminders send each person their deadlines, once
        later = notify(ws, st, today=DAY + timedelta(days=1), reminders_only=True)
        assert sorted(m.username for m in later.sent) == ["counsel", "liaison"]
        reminder = server.to(liaison_to)[-1].message
        assert "期限提醒" in str(reminder["Subject"])
        assert "答复期限 reply due" in body(reminder) and "通知 to the host" not in body(reminder)
        assert notify(ws, st, today=DAY + timedelta(days=1), reminders_only=True).sent == []
        assert len(server.to(liaison_to)) == 2
    finally:
        st.close()


def test_the_cli_and_the_job_send_the_digest_once(
    tmp_path: Path, mail: tuple[SmtpService, Path]
) -> None:
    server, ca = mail
    ws, st, _ = team(tmp_path / "ws", server, ca)
    tag = tmp_path.name[-6:]
    try:
        runner = CliRunner()
        day = DAY.isoformat()
        out = runner.invoke(
            app,
            ["--workspace", str(ws.root), "notify", "digest", "--today", day, "--user", "liaison"],
        )
        assert out.exit_code == 0, out.output
        assert "liaison" in out.stdout and len(server.to(f"l-{tag}@aurorix.com")) == 1
        assert server.to(f"c-{tag}@aurorix.com") == []  # only the user named
        job = notify_digest(JobContext(ws, st, 1, 1), today=day)
        assert job["sent"] == ["counsel"]  # liaison already has today's
        later = (DAY + timedelta(days=1)).isoformat()
        listed = runner.invoke(
            app, ["--workspace", str(ws.root), "notify", "reminders", "--today", later, "--json"]
        )
        assert listed.exit_code == 0, listed.output
        sent = json.loads(listed.stdout)["sent"]
        assert sorted((m["username"], m["lang"], m["counts"]["due"]) for m in sent) == [
            ("counsel", "en", 1),
            ("liaison", "zh-CN", 1),
        ]
        bad = runner.invoke(
            app, ["--workspace", str(ws.root), "notify", "digest", "--today", "3 March"]
        )
        assert bad.exit_code != 0 and "--today" in bad.stderr
    finally:
        st.close()


def test_a_user_address_or_language_that_is_not_one_is_refused(tmp_path: Path) -> None:
    from rightsguard.domain.errors import InvalidValue
    from rightsguard.store.users import get_user, update_user

    ws = init_workspace(tmp_path / "ws")
    st = Store(ws.database_url, "tester")
    try:
        with pytest.raises(InvalidValue, match="email"):
            add_user(st, "bob", "analyst", "pw-analyst-123", email="bob at example")
        with pytest.raises(InvalidValue, match="language"):
            add_user(st, "bob", "analyst", "pw-analyst-123", language="fr")
        add_user(st, "bob", "analyst", "pw-analyst-123")  # nothing half-written before
        update_user(st, "bob", email="bob@example.com", language="en")
        assert (get_user(st, "bob").email, get_user(st, "bob").language) == (
            "bob@example.com",
            "en",
        )
        with pytest.raises(InvalidValue, match="email"):
            update_user(st, "bob", email="<bob@example.com>")
        assert get_user(st, "bob").email == "bob@example.com"
    finally:
        st.close()


def test_the_schedule_queues_the_digest_only_with_a_mail_server(
    tmp_path: Path, mail: tuple[SmtpService, Path]
) -> None:
    from sqlalchemy import select

    from rightsguard.store.models import JobRow

    server, ca = mail
    runner = CliRunner()
    for root, with_mail in ((tmp_path / "plain", False), (tmp_path / "mail", True)):
        if with_mail:
            ws, st, _ = team(root, server, ca)
            st.close()
        else:
            ws = init_workspace(root)
        out = runner.invoke(app, ["--workspace", str(ws.root), "schedule"])
        assert out.exit_code == 0, out.output
        st = Store(ws.database_url, "tester")
        try:
            with st.transaction() as session:
                names = set(session.scalars(select(JobRow.name)))
        finally:
            st.close()
        assert ("notify.digest" in names) is with_mail, names
