"""Benchmark: entity resolution at scale, and identify throughput against the sandbox.

    .venv/bin/python bench/resolve.py                 # both parts
    .venv/bin/python bench/resolve.py --resolve-only
    .venv/bin/python bench/resolve.py --identify-only --targets 300 --concurrency 50

Resolution: 1,000,000 synthetic observables over 200,000 targets (5 per target),
measured at 250k, 500k and 1M observables, each size in a fresh process so the peak
RSS is its own. Operators run 1-8 targets sharing strong identifiers (e-mail,
analytics ID, phone, ICP); shared-hosting IPs and registrars add weak links across
operators (which must not merge); marketplace furniture (owner=platform) appears on
every listing. Identify: real lookups (page, RDAP/WHOIS, DNS, RIR RDAP, TLS) against
a loopback sandbox, cache disabled, ``concurrency`` targets at once.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PER_TARGET = 5


def synthetic(
    n_observables: int, seed: int = 7
) -> Iterator[tuple[int, str, str, dict[str, Any] | None]]:
    rng = random.Random(seed)
    n_targets = n_observables // PER_TARGET
    target = 0
    operator = 0
    platform = {"owner": "platform"}
    while target < n_targets:
        size = min(rng.choice((1, 1, 1, 2, 3, 5, 8)), n_targets - target)
        email, tongji = f"op{operator}@mail{operator % 997}.cn", f"baidu_tongji:{operator:032x}"
        phone, icp = f"+86755{operator:08d}", f"粤ICP备{10000000 + operator}号"
        for i in range(size):
            t = target + i
            # 5 observables per target: two strong shared, one weak, one unique, one platform
            yield t, "email" if i % 2 else "analytics_id", email if i % 2 else tongji, None
            yield t, "phone" if i % 3 else "icp_number", phone if i % 3 else icp, None
            yield t, "ip", f"10.{(t // 50) % 250}.{t % 250}.1", None  # shared hosting: weak
            yield t, "favicon_hash", str(rng.getrandbits(31)), None
            yield t, "uscc", "91330110MA27Y3UB10", platform  # marketplace footer
        target += size
        operator += 1


def run_one(n: int) -> dict[str, Any]:
    from rightsguard.identify.resolve import resolve

    start = time.perf_counter()
    clusters = resolve(synthetic(n))
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    biggest = max(len(c.targets) for c in clusters)
    return {
        "observables": n,
        "targets": n // PER_TARGET,
        "parties": len(clusters),
        "largest_party": biggest,
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(peak_mb),
    }


def bench_resolve() -> list[dict[str, Any]]:
    rows = []
    for n in (250_000, 500_000, 1_000_000):
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        ).stdout
        row = json.loads(out)
        rows.append(row)
        print(
            f"resolve {row['observables']:>9,} observables / {row['targets']:>7,} targets: "
            f"{row['seconds']:6.2f} s, peak RSS {row['peak_rss_mb']:5d} MB, "
            f"{row['parties']:,} parties (largest {row['largest_party']})",
            flush=True,
        )
    return rows


def bench_identify(n_targets: int, concurrency: int) -> dict[str, Any]:
    from rightsguard.identify.lookup import LookupConfig, Registrations
    from rightsguard.identify.netio import Evidence, TtlCache
    from rightsguard.identify.providers import Directory
    from rightsguard.identify.service import Identifier, identify_targets
    from rightsguard.net.nameservers import resolver_from
    from rightsguard.sandbox import Sandbox, world
    from rightsguard.sandbox.rdap import identify_settings
    from rightsguard.store import Store
    from rightsguard.store.migrate import upgrade

    tmp = Path(tempfile.mkdtemp(prefix="rg-bench-"))
    paths = [
        "/",
        "/about.html",
        "/products.html",
        *(f"/product/{p.sku}.html" for p in world.COUNTERFEIT_PRODUCTS),
    ]
    with Sandbox(state_dir=tmp / "sandbox") as sb:
        import httpx

        limits = httpx.Limits(
            max_connections=concurrency * 2, max_keepalive_connections=concurrency
        )
        client = httpx.Client(
            transport=sb.map().httpx_transport(limits=limits), trust_env=False, timeout=20
        )
        s = identify_settings(sb.endpoints())
        config = LookupConfig(
            rdap_servers=s["rdap_servers"],
            whois_servers=s["whois_servers"],
            use_iana_whois=False,
            cache=TtlCache(None),
            evidence=Evidence(tmp / "evidence"),
        )
        https = sb.endpoints()["sites.https"].port
        names = set(sb.hostnames)
        ident = Identifier(
            client,
            Registrations(client, config),
            resolver_from(s["dns_resolvers"]),
            Directory.load(sandbox=True),
            tls_address=lambda h: (sb.host, https) if h in names else None,
            tls_context=sb.ssl_context(),
        )
        hosts = list(world.INFRINGER_HOSTS)
        urls = [
            sb.url(hosts[i % 3], paths[i // 3 % len(paths)]) + f"?n={i}" for i in range(n_targets)
        ]
        from concurrent.futures import ThreadPoolExecutor

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            found = list(pool.map(ident.investigate, urls))
        lookups = time.perf_counter() - start
        errors = sum(1 for f in found if f.errors)
        url = f"sqlite:///{tmp / 'rg.db'}"
        upgrade(url)
        store = Store(url, "bench")
        from rightsguard.domain.target_rows import parse_target_row

        targets = [store.targets.add(parse_target_row({"url": u})) for u in urls]
        start = time.perf_counter()
        report = identify_targets(store, targets, ident, concurrency=concurrency)
        full = time.perf_counter() - start
        store.close()
        client.close()
    result = {
        "targets": n_targets,
        "concurrency": concurrency,
        "investigate_targets_per_s": round(n_targets / lookups, 1),
        "identify_with_store_targets_per_s": round(n_targets / full, 1),
        "errors": errors,
        "parties": len(set(report.assignment.values())),
    }
    print(
        f"identify {n_targets} targets at concurrency {concurrency}: "
        f"{result['investigate_targets_per_s']} targets/s (lookups only), "
        f"{result['identify_with_store_targets_per_s']} targets/s (with SQLite store and "
        f"resolution); {errors} with errors; {result['parties']} parties",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", type=int)
    parser.add_argument("--resolve-only", action="store_true")
    parser.add_argument("--identify-only", action="store_true")
    parser.add_argument("--targets", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    if not args.identify_only:
        bench_resolve()
    if not args.resolve_only:
        bench_identify(args.targets, args.concurrency)


if __name__ == "__main__":
    main()
