"""Domain discovery against dnstwist: candidates, DNS speed, registered look-alikes found.

Both tools query the same local NSD (rrl-ratelimit 0, A/AAAA/MX records put
directly in the zones, every TLD the candidates use served so that nothing is
REFUSED) on 127.0.0.153:53, since dnstwist cannot query another port.

1. Candidates: for each seed, the share of dnstwist's candidates per fuzzer
   that our fuzzer of the same name also makes (target 100%), and how many
   candidates we add beyond all of dnstwist's, by our fuzzer.
2. Speed: candidates checked per second (NS first; A, AAAA, MX when the name
   exists), dnstwist's own scanner threads against ours, in the same run; and
   ours again on exactly dnstwist's names. Target: at least 3 x dnstwist.
   Each scan runs ``--repeat`` times, interleaved, and the fastest run counts
   (the machine is shared; the best run is the least disturbed).
3. Found: the zone holds look-alikes from both candidate sets (and names that
   are no look-alike); each tool's share of those it could find.

Run: ``.venv/bin/python bench/discover.py [--threads N] [--concurrency N]``
(root for NSD on port 53; needs ``nsd`` and the dev tool ``dnstwist``).
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import dnstwist  # type: ignore[import-untyped]
import idna

from rightsguard.discover import check_domains, generate, parse_seed
from rightsguard.discover.generate import SHARED_FUZZERS, generate_one
from rightsguard.discover.model import Candidate
from rightsguard.discover.nsd import LocalNsd
from rightsguard.discover.words import dictionary_words, tld_list

SEEDS = ("nike.com", "huawei.com", "aurorix.com", "极光.cn")
HOST = "127.0.0.153"
SAMPLE_PER_SEED = 12


def dnstwist_fuzz(seed: str) -> tuple[dnstwist.Fuzzer, dict[str, set[str]]]:
    fuzz = dnstwist.Fuzzer(seed, dictionary=dictionary_words(), tld_dictionary=list(tld_list()))
    fuzz.generate()
    by_fuzzer: dict[str, set[str]] = defaultdict(set)
    for perm in fuzz.domains:
        if perm["fuzzer"] != "*original":
            by_fuzzer[perm["fuzzer"]].add(perm["domain"])
    return fuzz, by_fuzzer


def dnstwist_scan(fuzz: dnstwist.Fuzzer, threads: int) -> tuple[float, set[str], int]:
    """dnstwist's own scanner threads, as its command line runs them."""
    jobs: queue.Queue[object] = queue.Queue()
    domains = [d for d in fuzz.domains if d["fuzzer"] != "*original"]
    for task in domains:
        jobs.put(task)
    workers = []
    start = time.perf_counter()
    for _ in range(threads):
        worker = dnstwist.Scanner(jobs)
        worker.option_extdns = True
        worker.nameservers = [HOST]
        worker.start()
        workers.append(worker)
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    found = {d["domain"] for d in domains if d.is_registered()}
    return elapsed, found, len(domains)


def ours_scan(cands: list[Candidate], concurrency: int) -> tuple[float, set[str]]:
    start = time.perf_counter()
    results = check_domains(cands, resolvers=[HOST], concurrency=concurrency)
    elapsed = time.perf_counter() - start
    errors = [r for r in results if r.error]
    if errors:
        print(f"  ! {len(errors)} DNS errors, e.g. {errors[0].candidate.domain}: {errors[0].error}")
    return elapsed, {r.candidate.domain for r in results if r.registered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=dnstwist.THREAD_COUNT_DEFAULT)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs per scan; the best counts")
    args = parser.parse_args()
    rng = random.Random(8)

    print(
        f"dnstwist {dnstwist.__version__}, {args.threads} threads; "
        f"ours: c-ares, concurrency {args.concurrency}"
    )
    print("\n== 1. candidates ==")
    plan = {}
    for seed_text in SEEDS:
        seed = parse_seed(seed_text)
        fuzz, theirs = dnstwist_fuzz(seed_text)
        t0 = time.perf_counter()
        ours = generate([seed])
        gen_time = time.perf_counter() - t0
        ours_set = {c.domain for c in ours}
        theirs_all = set().union(*theirs.values())
        print(
            f"\n{seed_text}: dnstwist {len(theirs_all)} candidates, ours {len(ours_set)} "
            f"(generated in {gen_time:.2f} s)"
        )
        for name in sorted(theirs):
            same = set(generate_one(seed, name)) if name in SHARED_FUZZERS else set()
            share = len(theirs[name] & same) / len(theirs[name])
            anywhere = len(theirs[name] & ours_set) / len(theirs[name])
            print(
                f"  {name:14} dnstwist {len(theirs[name]):5}  ours same fuzzer {share:7.1%}"
                f"  ours any fuzzer {anywhere:7.1%}"
            )
        extra = Counter(c.fuzzer for c in ours if c.domain not in theirs_all)
        print(
            f"  extra: {sum(extra.values())} candidates dnstwist lacks: "
            + ", ".join(f"{k} {v}" for k, v in extra.most_common())
        )
        # Registered in the zone: some of dnstwist's, some only ours, some of neither.
        only_ours = sorted(ours_set - theirs_all)
        both = sorted(theirs_all & ours_set)
        picked = rng.sample(both, min(SAMPLE_PER_SEED, len(both)))
        picked += rng.sample(only_ours, min(SAMPLE_PER_SEED, len(only_ours)))
        plan[seed_text] = (fuzz, ours, set(picked), theirs_all)

    registered = set().union(*(p[2] for p in plan.values()))
    registered |= {"aurorix-outlet.cn", "aurorix-official-store.com", "jiguang-guanwang.cn"}
    unrelated = {"example-shop.com", "totally-unrelated.cn"}
    every_name = [c.domain for p in plan.values() for c in p[1]]
    every_name += [d["domain"] for p in plan.values() for d in p[0].domains]
    tlds = {n.rsplit(".", 1)[-1] for n in every_name} | {
        idna.encode(t).decode() for t in tld_list()
    }

    print("\n== 2. speed (same NSD, same run) and 3. found ==")
    with (
        tempfile.TemporaryDirectory() as folder,
        LocalNsd(Path(folder), registered | unrelated, host=HOST, port=53, zones=tlds),
    ):
        ours_names = 0
        ours_time = 0.0
        theirs_names = 0
        theirs_time = 0.0
        same_names_time = 0.0
        found_t = found_o = could_t = could_o = 0
        for seed_text, (fuzz, ours, _picked, theirs_all) in plan.items():
            in_zone = registered & ({c.domain for c in ours} | theirs_all)
            ours_scan(ours[:200], args.concurrency)  # warm up
            as_theirs = [
                Candidate(d["domain"], d["domain"], d["fuzzer"], seed_text)
                for d in fuzz.domains
                if d["fuzzer"] != "*original"
            ]
            t_times, o_times, s_times = [], [], []
            for _ in range(args.repeat):  # interleaved; the best of each counts
                t_time, t_found, t_count = dnstwist_scan(fuzz, args.threads)
                o_time, o_found = ours_scan(ours, args.concurrency)
                s_time, s_found = ours_scan(as_theirs, args.concurrency)
                t_times.append(t_time)
                o_times.append(o_time)
                s_times.append(s_time)
            t_time, o_time, s_time = min(t_times), min(o_times), min(s_times)
            assert s_found == t_found, s_found ^ t_found
            ours_names += len(ours)
            ours_time += o_time
            theirs_names += t_count
            theirs_time += t_time
            same_names_time += s_time
            their_targets = in_zone & theirs_all
            our_targets = in_zone & {c.domain for c in ours}
            found_t += len(t_found & their_targets)
            could_t += len(their_targets)
            found_o += len(o_found & our_targets)
            could_o += len(our_targets)
            print(f"\n{seed_text}: registered look-alikes in the zone: {len(in_zone)}")
            print(
                f"  dnstwist {t_count:6} names in {t_time:6.2f} s = {t_count / t_time:8.0f}/s,"
                f" found {len(t_found)} (all of its {len(their_targets)}: "
                f"{t_found >= their_targets})"
            )
            print(
                f"  ours     {len(ours):6} names in {o_time:6.2f} s = {len(ours) / o_time:8.0f}/s,"
                f" found {len(o_found)} (all of ours {len(our_targets)}: "
                f"{o_found >= our_targets}); of dnstwist's: "
                f"{len(o_found & their_targets)}/{len(their_targets)}"
            )
            print(f"  ours on dnstwist's names: {t_count / s_time:8.0f}/s")
        print("\n== ratios ==")
        theirs_rate = theirs_names / theirs_time
        ours_rate = ours_names / ours_time
        same_rate = theirs_names / same_names_time
        print(
            f"speed: ours {ours_rate:.0f}/s vs dnstwist {theirs_rate:.0f}/s = "
            f"{ours_rate / theirs_rate:.1f} x (target >= 3 x)"
        )
        print(f"speed on dnstwist's own names: {same_rate:.0f}/s = {same_rate / theirs_rate:.1f} x")
        print(
            f"registered look-alikes found: ours {found_o}/{could_o}, "
            f"dnstwist {found_t}/{could_t} of those in its candidates; "
            f"zone total {len(registered)}"
        )
        print(
            f"candidates: ours {ours_names}, dnstwist {theirs_names} = "
            f"{ours_names / theirs_names:.2f} x"
        )


if __name__ == "__main__":
    if os.geteuid() != 0:
        sys.exit("run as root: NSD must listen on port 53 (dnstwist cannot use another port)")
    main()
