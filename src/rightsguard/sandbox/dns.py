"""The sandbox's authoritative DNS server (dnspython), over UDP and TCP on one port.

Serves A, AAAA, CNAME, MX, NS, TXT and SOA for the world's hosts, their ``www.``
names, the registered look-alike domains (``world.LOOKALIKE_REGISTERED``) and the
CDN name; every other name is NXDOMAIN, an existing name without the asked type
is NOERROR with the zone's SOA in the authority section. Addresses are loopback
(``world.HOST_IPS``). Clients point a dnspython resolver at ``endpoints()["dns"]``.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import time
from typing import ClassVar

import dns.flags
import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from rightsguard.sandbox import world as w
from rightsguard.sandbox.errors import PortInUse
from rightsguard.sandbox.faults import GARBAGE, Faults
from rightsguard.sandbox.service import Endpoint, SandboxConfig, SandboxContext

TTL = 300
Records = dict[str, dict[str, list[str]]]


def _apex(name: str) -> str | None:
    for domain in sorted(w.DOMAIN_RECORDS, key=len, reverse=True):
        if name == domain or name.endswith("." + domain):
            return domain
    if name.endswith(".skyedge-cdn.test") or name == "skyedge-cdn.test":
        return "skyedge-cdn.test"
    return None


def build_records() -> Records:
    """name -> type -> rdata texts (names without the trailing dot)."""
    recs: Records = {}

    def add(name: str, rtype: str, value: str) -> None:
        recs.setdefault(name.lower(), {}).setdefault(rtype, []).append(value)

    for domain, rec in w.DOMAIN_RECORDS.items():
        for ns in rec.name_servers:
            add(domain, "NS", ns + ".")
        add(
            domain,
            "SOA",
            f"{rec.name_servers[0]}. hostmaster.{domain}. 2026110101 3600 600 1209600 {TTL}",
        )
    add(
        "skyedge-cdn.test",
        "SOA",
        "ns1.skyedge-cdn.test. noc.skyedge-cdn.test. 1 3600 600 86400 300",
    )
    for host, ip in w.HOST_IPS.items():
        add(host, "A", ip)
    for host in (w.OFFICIAL_HOST, w.OUTLET_HOST, w.GUANWANG_HOST):
        add(f"www.{host}", "A", w.HOST_IPS[host])
    for host, ip in w.HOST_IPV6.items():
        add(host, "AAAA", ip)
    for host, target in w.HOST_CNAMES.items():
        add(host, "CNAME", target + ".")
    for host, ip in w.CDN_HOST_IP.items():
        add(host, "A", ip)
    for host, mx in w.MX_HOSTS.items():
        add(host, "MX", f"10 {mx}.")
    for host, txt in w.SPF_TXT.items():
        add(host, "TXT", f'"{txt}"')
    return recs


def answer(wire: bytes, records: Records) -> bytes | None:
    try:
        query = dns.message.from_wire(wire)
    except Exception:
        return None
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    if not query.question:
        response.set_rcode(dns.rcode.FORMERR)
        return response.to_wire()
    question = query.question[0]
    name = question.name.to_text().rstrip(".").lower()
    rtype = dns.rdatatype.to_text(question.rdtype)
    node = records.get(name)
    apex = _apex(name)
    if node is None:
        response.set_rcode(dns.rcode.NXDOMAIN)
    else:
        if "CNAME" in node and rtype != "CNAME":
            response.answer.append(
                dns.rrset.from_text(question.name, TTL, "IN", "CNAME", *node["CNAME"])
            )
            target = node["CNAME"][0].rstrip(".")
            for value in records.get(target, {}).get(rtype, []):
                response.answer.append(dns.rrset.from_text(target + ".", TTL, "IN", rtype, value))
        elif rtype in node:
            response.answer.append(
                dns.rrset.from_text(question.name, TTL, "IN", rtype, *node[rtype])
            )
    if not response.answer and apex and "SOA" in records.get(apex, {}):
        response.authority.append(
            dns.rrset.from_text(apex + ".", TTL, "IN", "SOA", *records[apex]["SOA"])
        )
    return response.to_wire()


class _Udp(socketserver.ThreadingUDPServer):
    daemon_threads = True
    allow_reuse_address = True
    records: Records
    faults: Faults


class _Tcp(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    records: Records
    faults: Faults


def faulty_answer(wire: bytes, records: Records, faults: Faults) -> bytes | None:
    """:func:`answer` under the server's fault mode (None: no reply at all)."""
    mode = faults.take()
    if mode == "down":
        return None
    if mode == "slow":
        time.sleep(faults.slow_seconds)
    if mode == "garbage":
        return GARBAGE
    reply = answer(wire, records)
    if reply is None:
        return None
    if mode == "ratelimited":
        refused = dns.message.from_wire(reply)
        refused.set_rcode(dns.rcode.REFUSED)
        del refused.answer[:]
        return refused.to_wire()
    if mode == "drop":
        return reply[: len(reply) // 2]
    return reply


class _UdpHandler(socketserver.BaseRequestHandler):
    server: _Udp

    def handle(self) -> None:
        data, sock = self.request
        reply = faulty_answer(data, self.server.records, self.server.faults)
        if reply is not None:
            with contextlib.suppress(OSError):
                sock.sendto(reply, self.client_address)


class _TcpHandler(socketserver.BaseRequestHandler):
    server: _Tcp

    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(5)
        with contextlib.suppress(OSError, struct.error):
            while True:
                head = conn.recv(2)
                if len(head) < 2:
                    return
                (length,) = struct.unpack("!H", head)
                data = b""
                while len(data) < length:
                    chunk = conn.recv(length - len(data))
                    if not chunk:
                        return
                    data += chunk
                reply = faulty_answer(data, self.server.records, self.server.faults)
                if reply is None:
                    return
                conn.sendall(struct.pack("!H", len(reply)) + reply)


class DnsService:
    name: ClassVar[str] = "dns"
    hostnames: ClassVar[tuple[str, ...]] = ()
    portless: ClassVar[dict[str, str]] = {}

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.records = build_records()
        self.faults = Faults(self.name)
        self._udp: _Udp | None = None
        self._tcp: _Tcp | None = None
        self._threads: list[threading.Thread] = []

    def start(self, ctx: SandboxContext) -> None:
        host, wanted = self.config.host, self.config.port("dns")
        for _ in range(20):  # UDP and TCP on the same port number
            try:
                udp = _Udp((host, wanted), _UdpHandler)
            except OSError:
                raise PortInUse.at(host, wanted, "dns") from None
            port = udp.server_address[1]
            try:
                tcp = _Tcp((host, port), _TcpHandler)
            except OSError:
                udp.server_close()
                if wanted:
                    raise PortInUse.at(host, wanted, "dns (tcp)") from None
                continue
            break
        else:  # pragma: no cover
            raise PortInUse.at(host, wanted, "dns")
        udp.records = tcp.records = self.records
        udp.faults = tcp.faults = self.faults
        self._udp, self._tcp = udp, tcp
        for server in (udp, tcp):
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="sandbox-dns",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in (self._udp, self._tcp):
            if server is not None:
                server.shutdown()
                server.server_close()
        for thread in self._threads:
            thread.join()
        self._threads.clear()
        self._udp = self._tcp = None

    def endpoints(self) -> dict[str, Endpoint]:
        if self._udp is None:
            return {}
        return {"dns": Endpoint("dns", self.config.host, self._udp.server_address[1])}


def make_service(config: SandboxConfig) -> DnsService:
    return DnsService(config)
