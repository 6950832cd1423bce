"""Benchmark: 10,000 infringing URLs across 50 providers, grouped into notices,
rendered (HTML, e-mail text, DOCX), approved and sent to the sandbox's SMTP
server. Prints notices/s and URLs/s for each stage, and PDF pages/s separately.
Target: the whole run, without PDF, in under 60 s.

    python bench/notices.py [--urls 10000] [--providers 50] [--limit 20]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from rightsguard.actions import dispatch, drafting, gating
from rightsguard.actions.bulk import ProviderInfo, plan_bulk_notices
from rightsguard.actions.render import environment, html_to_pdf, render_html
from rightsguard.domain.rights import make_right_draft
from rightsguard.sandbox import smtp
from rightsguard.store import Store
from rightsguard.store.models import CaptureRow
from rightsguard.store.profiles import update_profile
from rightsguard.store.target_import import import_targets
from rightsguard.workspace import init_workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=10_000)
    parser.add_argument("--providers", type=int, default=50)
    parser.add_argument("--limit", type=int, default=20, help="URLs per notice")
    parser.add_argument("--pdf-samples", type=int, default=10)
    args = parser.parse_args()
    from rightsguard.sandbox import process

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        # The mail server runs in its own process, as a real one would.
        process.up("127.0.0.5", 0, 0, tmp / "sb")
        sandbox = process.running_map(tmp / "sb")
        ep = sandbox.endpoints()["smtp.smtp"]
        ws = init_workspace(
            tmp / "ws",
            {
                "smtp_url": f"smtp://{smtp.USER}:{smtp.PASSWORD}@{ep.host}:{ep.port}?starttls=true",
                "smtp_from": "legal@aurorix.com",
                "smtp_ca_file": str(sandbox.ca_cert_path),
            },
        )
        store = Store(ws.database_url, "bench")
        right = store.rights.add(
            make_right_draft(
                kind="trademark",
                name="极光",
                jurisdiction="CN",
                owner="极光智能科技有限公司",
                registration_number="41234568",
                classes=[9],
            )
        )
        case = store.cases.new("bench", right_ids=(right.id,))
        update_profile(
            store,
            "holder",
            {
                "name": "极光智能科技有限公司",
                "address": "杭州市",
                "email": "legal@aurorix.com",
                "signatory": "王律师",
            },
        )
        feed = tmp / "urls.csv"
        with feed.open("w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["url", "kind", "control", "platform"])
            for i in range(args.urls):
                w.writerow(
                    [
                        f"http://mall{i % args.providers}.example.cn/item/{i}.html",
                        "listing",
                        "third_party",
                        f"mall{i % args.providers}",
                    ]
                )
        import_targets(store, feed, case_id=case.id)
        now = datetime.now(UTC)
        targets = store.targets.list(case_id=case.id)
        with store.transaction() as session:  # each listing preserved, as capture would do
            session.add_all(
                CaptureRow(
                    target_id=t.id,
                    status="complete",
                    mode="http",
                    started_at=now,
                    finished_at=now,
                    artefacts=[{"role": "wacz", "sha256": f"{t.id:064x}"}],
                )
                for t in targets
            )
        providers = [
            ProviderInfo(
                f"mall{p}",
                f"Mall {p}",
                "platform",
                f"ipr@mall{p}.example.cn",
                ("zh-CN",),
                args.limit,
                "CN",
            )
            for p in range(args.providers)
        ]

        start = time.perf_counter()
        assignments = {t.id: providers[int(t.platform[4:])] for t in targets}  # type: ignore[index]
        batches = plan_bulk_notices(assignments)
        grouped = time.perf_counter() - start

        cache = gating.FactsCache()  # the case's facts parsed once for every gate check
        start = time.perf_counter()
        drafted = [
            drafting.draft(
                ws,
                store,
                case_id=case.id,
                kind_id=b.provider.document,
                lang=b.lang,
                recipient=gating.Recipient(b.provider.name, None, b.provider.email, "provider"),
                target_ids=list(b.target_ids),
                role="liaison",
                with_pdf=False,
                cache=cache,
            )[0].id
            for b in batches
        ]
        rendered = time.perf_counter() - start

        from rightsguard.actions.mail import SmtpConfig, SmtpSession

        config = SmtpConfig.from_settings(
            ws.settings.smtp_url, ws.settings.smtp_from, ws.settings.smtp_ca_file, 30.0, ws.root
        )
        start = time.perf_counter()
        with SmtpSession(config) as session:  # one connection for the whole run
            for action_id in drafted:
                drafting.approve(store, action_id, role="liaison")
                dispatch.send(ws, store, action_id, role="liaison", cache=cache, session=session)
        sent = time.perf_counter() - start
        received = len(list((tmp / "sb" / "smtp" / "inbox").glob("*.eml")))
        n, urls = len(batches), len(targets)
        total = grouped + rendered + sent
        print(f"group     {n} notices for {urls:,} URLs in {grouped:.2f} s")
        print(
            f"render    HTML + e-mail text + DOCX, stored and ledgered: {n / rendered:,.1f} "
            f"notices/s, {urls / rendered:,.0f} URLs/s ({rendered:.1f} s)"
        )
        print(
            f"send      approve + gates + SMTP (STARTTLS, AUTH): {n / sent:,.1f} notices/s, "
            f"{urls / sent:,.0f} URLs/s ({sent:.1f} s); server received {received}"
        )
        verdict = "MET" if total < 60 else "MISSED"
        print(f"total     {total:.1f} s without PDF (target < 60 s: {verdict})")
        env = environment()
        sample = batches[0]
        ctx_action = store.actions.get(drafted[0])[1]
        html = render_html(
            env,
            sample.provider.document,
            sample.lang,
            {
                "title": ctx_action["title"],
                "case": {"id": case.id, "title": "bench"},
                "holder": {
                    "name": "极光",
                    "address": "杭州",
                    "email": "a@b",
                    "phone": None,
                    "uscc": None,
                    "signatory": "王",
                    "agent": None,
                    "country": "CN",
                },
                "recipient": {"name": "Mall", "address": None, "email": "x@y", "role": "provider"},
                "rights": [],
                "targets": [
                    {"url": t.url, "kind": "listing", "title": None, "platform": None}
                    for t in targets[: args.limit]
                ],
                "evidence": [],
                "facts": {},
                "statements": {},
                "today": "2026-11-28",
                "reply_days": 7,
                "deadline": "2026-12-05",
            },
        )
        import io

        import pypdf

        start = time.perf_counter()
        pages = 0
        for _ in range(args.pdf_samples):
            pages += len(pypdf.PdfReader(io.BytesIO(html_to_pdf(html))).pages)
        pdf_s = time.perf_counter() - start
        print(
            f"pdf       {pages / pdf_s:,.1f} pages/s ({args.pdf_samples} notices of "
            f"{args.limit} URLs, WeasyPrint)"
        )
        store.close()
        process.down(tmp / "sb")


if __name__ == "__main__":
    main()
