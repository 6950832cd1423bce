"""Benchmark: import 100,000 target rows from CSV into SQLite and PostgreSQL.

Prints rows/s and peak memory (RSS of a fresh process per run) for RightsGuard's
importer, at two sizes to show memory is flat in the row count, and a baseline
measured in the same run: the same CSV read with ``csv.reader`` and inserted
with plain ``sqlite3.executemany`` into a bare table (no validation, no
normalisation, no events). Target: >= 20,000 rows/s on SQLite.

    python bench/import.py [--rows 100000] [--pg postgresql+psycopg://postgres@127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TARGET_ROWS_PER_S = 20_000


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    kinds = ["url", "listing", "domain", "shop"]
    controls = ["infringer", "third_party", "unknown"]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["url", "kind", "control", "platform", "title"])
        for i in range(rows):
            host = f"shop{rng.randrange(rows // 4 + 1)}.example{rng.randrange(50)}.cn"
            w.writerow(
                [
                    f"HTTPS://{host.upper() if i % 7 == 0 else host}:443/item/{i}?ref=x#top",
                    kinds[i % 4],
                    controls[i % 3],
                    "购物天下" if i % 2 else "",
                    f"极光 耳机 {i}",
                ]
            )


def child(db_url: str, csv_path: str) -> None:
    from rightsguard.store import Store
    from rightsguard.store.migrate import upgrade
    from rightsguard.store.target_import import import_targets

    upgrade(db_url)
    store = Store(db_url, "bench")
    case = store.cases.new("bench")
    start = time.perf_counter()
    report = import_targets(store, Path(csv_path), case_id=case.id)
    elapsed = time.perf_counter() - start
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "rows": report.rows,
                "created": report.created,
                "seconds": elapsed,
                "peak_rss_mib": rss_kib / 1024,
            }
        )
    )


def run_child(db_url: str, csv_path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", db_url, str(csv_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def baseline(csv_path: Path, db_path: Path) -> float:
    conn = sqlite3.connect(db_path)
    conn.execute("create table t (url text, kind text, control text, platform text, title text)")
    start = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        conn.executemany("insert into t values (?,?,?,?,?)", reader)
    conn.commit()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def pg_database(admin_url: str) -> tuple[str, str] | None:
    import sqlalchemy as sa

    try:
        admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
        name = f"rg_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:
        print(f"PostgreSQL not available ({exc.__class__.__name__}); skipping it")
        return None
    return name, sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg(admin_url: str, name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="size for the memory check")
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "RIGHTSGUARD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--child", nargs=2, metavar=("DB_URL", "CSV"))
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        big, small = tmp / "big.csv", tmp / "small.csv"
        write_csv(big, args.rows)
        write_csv(small, args.small)
        base_s = baseline(big, tmp / "baseline.db")
        base_rate = args.rows / base_s
        print(f"baseline  csv.reader + sqlite3.executemany: {base_rate:,.0f} rows/s")
        results = {}
        for label, path, rows in (("small", small, args.small), ("big", big, args.rows)):
            r = run_child(f"sqlite:///{tmp}/{label}.db", path)
            results[label] = r
            print(
                f"sqlite    {rows:>7,} rows: {rows / r['seconds']:,.0f} rows/s, "
                f"peak RSS {r['peak_rss_mib']:.0f} MiB"
            )
        rate = args.rows / results["big"]["seconds"]
        flat = results["big"]["peak_rss_mib"] / results["small"]["peak_rss_mib"]
        verdict = "MET" if rate >= TARGET_ROWS_PER_S else "MISSED"
        print(
            f"sqlite    ratio to baseline: {rate / base_rate:.2f}; "
            f"target {TARGET_ROWS_PER_S:,} rows/s: {verdict}"
        )
        print(
            f"memory    peak RSS {args.rows:,} rows / {args.small:,} rows: {flat:.2f} "
            f"({'flat' if flat < 1.3 else 'GROWS'})"
        )
        pg = pg_database(args.pg)
        if pg:
            name, url = pg
            try:
                r = run_child(url, big)
                print(
                    f"postgres  {args.rows:>7,} rows: {args.rows / r['seconds']:,.0f} rows/s, "
                    f"peak RSS {r['peak_rss_mib']:.0f} MiB"
                )
            finally:
                drop_pg(args.pg, name)


if __name__ == "__main__":
    main()
