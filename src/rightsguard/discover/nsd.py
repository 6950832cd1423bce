"""Run NSD on a loopback address serving made-up zones (tests and benchmarks).

NSD is a fast authoritative DNS server (Debian package ``nsd``). ``LocalNsd``
writes a configuration and one zone file per top-level domain into a
folder, starts ``nsd -d`` in the foreground and waits until it answers; names
not in a zone get NXDOMAIN, as on the internet. Response rate limiting is off
(``rrl-ratelimit: 0``), or a benchmark would measure NSD's limit of 200
answers a second. Look-alikes get A, AAAA and MX records directly, never NS
records: an NS record makes a delegation and a non-recursive query a referral.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from rightsguard.domain.errors import OperationalError

NSD_PATHS = ("/usr/sbin/nsd", "/usr/bin/nsd")


def nsd_binary() -> str | None:
    found = shutil.which("nsd")
    if found:
        return found
    for path in NSD_PATHS:
        if Path(path).exists():
            return path
    return None


def free_port(host: str) -> int:
    """A port free for both UDP and TCP on ``host`` (loopback only)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind((host, 0))
            port = int(udp.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                try:
                    tcp.bind((host, port))
                except OSError:
                    continue
                return port
    raise OperationalError(f"no free port on {host}")


def zone_text(origin: str, records: Mapping[str, Iterable[tuple[str, str]]]) -> str:
    """A zone file for ``origin`` with ``records``: name -> (type, data) pairs."""
    lines = [
        f"$ORIGIN {origin}.",
        "$TTL 300",
        "@ IN SOA ns.nsd.invalid. hostmaster.nsd.invalid. 1 3600 900 604800 300",
        "@ IN NS ns.nsd.invalid.",
    ]
    for name, rrs in records.items():
        relative = name[: -len(origin) - 1] if name.endswith("." + origin) else name
        for rtype, data in rrs:
            lines.append(f"{relative} IN {rtype} {data}")
    return "\n".join(lines) + "\n"


class LocalNsd:
    """NSD serving ``registered`` names (ASCII) on ``host``:port, as a context manager."""

    def __init__(
        self,
        folder: Path,
        registered: Iterable[str],
        *,
        host: str = "127.0.0.1",
        address: str = "127.0.0.80",
        with_aaaa: bool = True,
        zones: Iterable[str] = (),
        port: int | None = None,
    ) -> None:
        binary = nsd_binary()
        if binary is None:
            raise OperationalError("nsd is not installed (apt-get install nsd)")
        if not host.startswith("127."):
            raise OperationalError(f"LocalNsd serves loopback addresses only, not {host}")
        self.binary = binary
        self.folder = folder
        self.host = host
        self.address = address
        self.with_aaaa = with_aaaa
        self.registered = sorted(set(registered))
        #: Top-level zones served even without a registered name (others are REFUSED).
        self.zones = sorted({z.rsplit(".", 1)[-1] for z in zones})
        self.port = port or 0
        self._fixed_port = port is not None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def resolver(self) -> str:
        return f"{self.host}:{self.port}"

    def _write(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        by_tld: dict[str, dict[str, list[tuple[str, str]]]] = {z: {} for z in self.zones}
        for name in self.registered:
            tld = name.rsplit(".", 1)[-1]
            rrs = [("A", self.address), ("MX", f"10 mail.{name}.")]
            if self.with_aaaa:
                rrs.append(("AAAA", "::1"))
            by_tld.setdefault(tld, {})[name] = rrs
        zones = []
        for tld, records in sorted(by_tld.items()):
            (self.folder / f"{tld}.zone").write_text(zone_text(tld, records))
            zones.append(f'zone:\n  name: "{tld}"\n  zonefile: "{tld}.zone"\n')
        if not self._fixed_port:
            self.port = free_port(self.host)
        folder = self.folder.resolve()
        conf = folder / "nsd.conf"
        conf.write_text(
            "server:\n"
            f"  ip-address: {self.host}\n"
            f"  port: {self.port}\n"
            f'  zonesdir: "{folder}"\n'
            '  database: ""\n'
            '  username: ""\n'
            '  chroot: ""\n'
            f'  pidfile: "{folder}/nsd.pid"\n'
            f'  zonelistfile: "{folder}/zone.list"\n'
            f'  xfrdfile: "{folder}/xfrd.state"\n'
            f'  xfrdir: "{folder}"\n'
            f'  logfile: "{folder}/nsd.log"\n'
            "  server-count: 1\n"
            "  verbosity: 0\n"
            "  rrl-ratelimit: 0\n"
            "  rrl-whitelist-ratelimit: 0\n"
            "remote-control:\n"
            "  control-enable: no\n" + "".join(zones)
        )
        return conf

    def start(self, timeout: float = 10.0) -> None:
        conf = self._write()
        self._process = subprocess.Popen(
            [self.binary, "-d", "-c", str(conf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                log = (self.folder / "nsd.log").read_text(errors="replace")[-2000:]
                self._process = None
                raise OperationalError(f"nsd exited at start: {log}")
            if self._answers():
                return
            time.sleep(0.05)
        self.stop()
        raise OperationalError(f"nsd did not answer on {self.resolver} within {timeout} s")

    def _answers(self) -> bool:
        # A bare SOA query for the first zone, by hand, to avoid an event loop here.
        tld = self.registered[0].rsplit(".", 1)[-1] if self.registered else "com"
        qname = b"".join(bytes([len(p)]) + p.encode() for p in tld.split(".")) + b"\x00"
        query = b"\x12\x34\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00" + qname + b"\x00\x06\x00\x01"
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(0.2)
            try:
                sock.sendto(query, (self.host, self.port))
                data = sock.recv(512)
            except OSError:
                return False
        return data[:2] == b"\x12\x34"

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def __enter__(self) -> LocalNsd:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
