"""Court bundles: everything a court or an opposing expert needs, in one zip,
checkable offline with ``openssl`` and ``sha256sum`` alone.

Layout::

    MANIFEST.json                 case, items, where each piece lies
    SHA256SUMS                    `sha256sum -c SHA256SUMS` checks every other file
    SHA256SUMS.tsr                RFC 3161 token over SHA256SUMS: seals the whole bundle
    VERIFY.txt                    how to check it all by hand
    index/evidence-index.docx|pdf 证据目录 / evidence index (zh + en)
    evidence/<n>-<name>           the evidence files
    timestamps/<n>.tsr            RFC 3161 reply over each file
    tsa/tsa-ca.pem                the TSA's root certificate(s)
    ledger/public-key.pem         the workspace's Ed25519 key
    ledger/checkpoint.json        signed tree head; .msg (exact bytes), .sig, .tsr
    ledger/leaves/<idx>.json      each item's ledger leaf, byte for byte
    ledger/proofs.json            inclusion proof of every leaf to the checkpoint
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes

from rightsguard import __version__
from rightsguard.domain.errors import InvalidValue, UnreadableFile
from rightsguard.evidence.checks import Check
from rightsguard.evidence.cleanenv import summary
from rightsguard.evidence.errors import TimestampInvalid
from rightsguard.evidence.index_doc import IndexRow, index_docx, index_pdf
from rightsguard.evidence.items import get_item, list_items, record_custody, record_custody_of
from rightsguard.evidence.ledger import Ledger, head_message
from rightsguard.evidence.merkle import ProofError, leaf_hash, verify_inclusion
from rightsguard.evidence.signing import Signer, key_id, load_public_key, signature_ok
from rightsguard.evidence.timestamp import TokenVerifier, TsaClient
from rightsguard.evidence.verify import (
    clean_environment_check,
    leaf_artefacts,
    unsafe_member_names,
    wacz_checks,
)
from rightsguard.evidence.zipread import MemberRefused, read_member, stream_member
from rightsguard.store.blobs import BlobStore

if TYPE_CHECKING:
    from rightsguard.store import Store

FORMAT = "rightsguard-bundle/v1"
_SAFE = re.compile(r"[^\w.\-]+", re.UNICODE)

VERIFY_TEXT = """\
HOW TO CHECK THIS EVIDENCE BUNDLE / 如何核验本证据包
====================================================

Everything here can be checked with standard tools, without RightsGuard and
without trusting whoever produced the bundle. Unzip it and work in its folder.

1. Every file is intact, and the list of files is the one sealed at the time
   sha256sum -c SHA256SUMS
   Each line must end in "OK". SHA256SUMS lists every file except itself and
   its token. The token proves the list existed, as it is, at its time:
   openssl ts -verify -data SHA256SUMS -in SHA256SUMS.tsr -CAfile tsa/tsa-ca.pem
   Without SHA256SUMS.tsr the bundle is not sealed: anyone could have rewritten
   the list. Every file must be one MANIFEST.json names (or this layout's own).

2. Each evidence file existed no later than its trusted time
   For every item in MANIFEST.json ("items"), with its "file" and "timestamp":
   openssl ts -verify -data evidence/<file> -in timestamps/<n>.tsr -CAfile tsa/tsa-ca.pem
   It must print "Verification: OK". To read the time and the authority:
   openssl ts -reply -in timestamps/<n>.tsr -text

3. The ledger checkpoint is signed by this workspace's key
   openssl pkeyutl -verify -pubin -inkey ledger/public-key.pem -rawin \\
       -in ledger/checkpoint.msg -sigfile ledger/checkpoint.sig
   It must print "Signature Verified Successfully". Compare the key's
   fingerprint (MANIFEST.json, "key_id": the first 16 hex digits of SHA-256
   over the raw 32-byte public key) with one obtained from the producer
   through another channel. Likewise compare tsa/tsa-ca.pem with the root
   certificate the time-stamp authority publishes:
   openssl x509 -in tsa/tsa-ca.pem -noout -subject -fingerprint -sha256

4. The checkpoint existed no later than its trusted time (so the log cannot
   have been rewritten after it)
   openssl ts -verify -data ledger/checkpoint.msg -in ledger/checkpoint.tsr \\
       -CAfile tsa/tsa-ca.pem

5. Each item is in the ledger under that checkpoint
   The ledger is an RFC 6962 Merkle tree: a leaf's hash is SHA-256 of one zero
   byte followed by the leaf's bytes; an inner node is SHA-256 of the byte 01
   followed by the left and right child hashes.
   (printf '\\000'; cat ledger/leaves/<idx>.json) | sha256sum
   gives the leaf hash. ledger/leaves/<idx>.json names the file's SHA-256.
   ledger/proofs.json holds, for each leaf, its audit path (hex): folding it
   as RFC 6962 section 2.1.1 (RFC 9162 section 2.1.3.2) describes must give
   the "root" of ledger/checkpoint.json, for its "size".

Or all of it at once:  rightsguard verify THIS-BUNDLE.zip

本证据包可用通用工具独立核验：sha256sum 校验文件完整性；openssl ts -verify
校验可信时间戳；openssl pkeyutl 校验账本检查点签名；按 RFC 6962 重算叶子哈希与
包含证明。亦可运行 rightsguard verify 证据包.zip 一次完成全部核验。
"""


@dataclass(frozen=True)
class BundleSummary:
    path: Path
    items: int
    files: int
    checkpoint_size: int
    timestamped: bool


def _safe(name: str) -> str:
    return _SAFE.sub("_", name).strip("._") or "file"


def write_bundle(
    store: Store,
    blobs: BlobStore,
    ledger: Ledger,
    signer: Signer,
    tsa: TsaClient | None,
    tsa_ca_pem: bytes | None,
    case_id: int,
    out: Path,
) -> BundleSummary:
    """Write the bundle of ``case_id`` to ``out`` (atomically; never overwrites)."""
    if out.exists():
        raise InvalidValue("--output", f"{out} exists; choose another name")
    case = store.cases.get(case_id)
    rights = [store.rights.get(r) for r in case.right_ids]
    holder = rights[0].owner if rights else ""
    items = list_items(store, case_id)
    stamp = (lambda message: tsa.stamp(message).reply) if tsa is not None else None
    head = ledger.checkpoint(stamp=stamp)
    tree = ledger.tree()
    files: dict[str, bytes] = {}
    manifest_items: list[dict[str, Any]] = []
    leaves: dict[str, list[str]] = {}
    index_rows: list[IndexRow] = []
    n = 0
    for target in store.targets.list(case_id=case_id):
        for capture in store.captures.list_for_target(target.id):
            if capture.status.value not in ("complete", "partial", "awaiting_timestamp"):
                continue
            wacz = next((a for a in capture.artefacts if a.role == "wacz"), None)
            if wacz is None:
                continue
            n += 1
            base = f"captures/{n:03d}-capture-{capture.id}"
            entry: dict[str, Any] = {
                "number": n,
                "id": capture.id,
                "kind": "capture",
                "name": f"{target.url}",
                "source": target.url,
                "file": f"{base}.wacz",
                "sha256": wacz.sha256,
                "size": wacz.size,
                "status": capture.status.value,
                "captured_at": (capture.finished_at or capture.started_at).isoformat(),
                "clean_environment": (capture.environment or {}).get("clean_environment"),
                "artefacts": {},
            }
            files[f"{base}.wacz"] = blobs.read(wacz.sha256)
            for artefact in capture.artefacts:
                if artefact.role in ("screenshot", "pdf"):
                    ext = "png" if artefact.role == "screenshot" else "pdf"
                    files[f"{base}.{ext}"] = blobs.read(artefact.sha256)
                    entry["artefacts"][artefact.role] = f"{base}.{ext}"
                if artefact.role == "timestamp":
                    files[f"timestamps/{n:03d}.tsr"] = blobs.read(artefact.sha256)
                    entry["timestamp"] = f"timestamps/{n:03d}.tsr"
                    entry["tsa_time"] = (capture.environment or {}).get("tsa_time")
            idx = (capture.environment or {}).get("ledger_idx")
            if idx is not None and idx < head.size:
                files[f"ledger/leaves/{idx}.json"] = ledger.payload(idx)
                leaves[str(idx)] = [h.hex() for h in tree.inclusion_proof(idx, head.size)]
                entry["ledger_leaf"] = idx
            manifest_items.append(entry)
            record_custody_of(
                store,
                ledger,
                entity="capture",
                entity_id=capture.id,
                ref=f"capture:{capture.id}",
                case_id=case_id,
                sha256=wacz.sha256,
                verb="exported",
                why=f"bundle {out.name}",
            )
            tsa_at = (capture.environment or {}).get("tsa_time")
            index_rows.append(
                IndexRow(
                    n,
                    f"网页取证 capture {capture.id} ({capture.mode})",
                    target.url,
                    capture.finished_at or capture.started_at,
                    datetime.fromisoformat(tsa_at) if tsa_at else None,
                    wacz.sha256,
                    f"{base}.wacz",
                    summary((capture.environment or {}).get("clean_environment")),
                )
            )
    for item in items:
        n += 1
        item, token = get_item(store, item.id)
        name = f"evidence/{n:03d}-{_safe(item.name)}"
        files[name] = blobs.read(item.sha256)
        entry = {
            "number": n,
            "id": item.id,
            "kind": item.kind,
            "name": item.name,
            "file": name,
            "sha256": item.sha256,
            "size": item.size,
            "note": item.note,
            "added_at": item.added_at.isoformat(),
            "added_by": item.added_by,
        }
        if token is not None:
            files[f"timestamps/{n:03d}.tsr"] = token
            entry["timestamp"] = f"timestamps/{n:03d}.tsr"
            entry["tsa_time"] = item.tsa_time.isoformat() if item.tsa_time else None
        if item.ledger_idx is not None and item.ledger_idx < head.size:
            idx = item.ledger_idx
            files[f"ledger/leaves/{idx}.json"] = ledger.payload(idx)
            leaves[str(idx)] = [h.hex() for h in tree.inclusion_proof(idx, head.size)]
            entry["ledger_leaf"] = idx
        manifest_items.append(entry)
        index_rows.append(
            IndexRow(
                n,
                f"{item.name} ({item.kind})",
                item.note or item.kind,
                item.added_at,
                item.tsa_time,
                item.sha256,
                name,
            )
        )
        record_custody(store, ledger, item, "exported", f"bundle {out.name}")
    message = head_message(head.size, head.root, head.at)
    files["ledger/checkpoint.msg"] = message
    files["ledger/checkpoint.sig"] = head.signature
    files["ledger/checkpoint.json"] = json.dumps(
        {
            "size": head.size,
            "root": head.root.hex(),
            "at": head.at.isoformat(),
            "key_id": head.key_id,
            "signature": base64.b64encode(head.signature).decode(),
            "message": message.decode(),
        },
        indent=2,
    ).encode()
    if head.tsa_token is not None:
        files["ledger/checkpoint.tsr"] = head.tsa_token
    files["ledger/proofs.json"] = json.dumps(leaves, indent=1).encode()
    files["ledger/public-key.pem"] = signer.public_pem()
    if tsa_ca_pem:
        files["tsa/tsa-ca.pem"] = tsa_ca_pem
    generated = datetime.now(UTC)
    files["index/evidence-index.docx"] = index_docx(case.title, holder, generated, index_rows)
    files["index/evidence-index.pdf"] = index_pdf(case.title, holder, generated, index_rows)
    files["VERIFY.txt"] = VERIFY_TEXT.encode()
    files["MANIFEST.json"] = json.dumps(
        {
            "format": FORMAT,
            "rightsguard": __version__,
            "generated": generated.isoformat(),
            "case": {"id": case.id, "title": case.title, "holder": holder},
            "key_id": signer.key_id,
            "checkpoint": "ledger/checkpoint.json",
            "items": manifest_items,
        },
        ensure_ascii=False,
        indent=2,
    ).encode()
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())
    )
    files["SHA256SUMS"] = sums.encode()
    if tsa is not None:  # one token over the list seals every file of the bundle
        files["SHA256SUMS.tsr"] = tsa.stamp(files["SHA256SUMS"]).reply
    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in sorted(files.items()):
            zf.writestr(path, data)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return BundleSummary(out, len(items), len(files), head.size, head.tsa_token is not None)


SPOOL = 16 << 20  # a bundled WACZ is checked from memory up to this size, then from disk


class _Members:
    """A bundle's members: the SHA-256 of each, read in chunks (refused when absurdly
    large or inflating), and the bytes of the small ones the checks read."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.digests: dict[str, str] = {}
        self._bytes: dict[str, bytes] = {}
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = info.filename
            if _read_whole(name):
                self._bytes[name] = read_member(zf, info)
                self.digests[name] = hashlib.sha256(self._bytes[name]).hexdigest()
            else:
                self.digests[name] = stream_member(zf, info)

    def get(self, name: str) -> bytes | None:
        """A member's bytes (read now when not read yet; refused above SMALL_MAX)."""
        if name not in self.digests:
            return None
        if name not in self._bytes:
            self._bytes[name] = read_member(self.zf, self.zf.getinfo(name))
        return self._bytes[name]

    def __getitem__(self, name: str) -> bytes:
        data = self.get(name)
        if data is None:
            raise KeyError(name)
        return data

    def wacz_checks(self, name: str, label: str) -> list[Check]:
        """A bundled WACZ's own digests, spooled to disk when large."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL) as spool:
            stream_member(self.zf, self.zf.getinfo(name), spool.write)
            spool.seek(0)
            return wacz_checks(spool, label)


def _read_whole(name: str) -> bool:
    """Whether the checks read this member's bytes (else they need only its hash)."""
    if name in STRUCTURE:
        return not name.startswith("index/")
    return name.startswith(("ledger/leaves/", "timestamps/"))


def verify_bundle(path: Path) -> list[Check]:
    """Check a bundle with nothing but its own contents."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise UnreadableFile(path, f"not a readable zip ({exc})") from None
    checks: list[Check] = []
    with zf:
        unsafe = unsafe_member_names(zf.namelist())
        if unsafe:
            checks.append(Check("bundle member names", False, "; ".join(unsafe[:3])))
        try:
            members = _Members(zf)
        except MemberRefused as exc:
            return [*checks, Check("bundle members", False, f"refused: {exc}")]
        except (zipfile.BadZipFile, OSError, ValueError, zlib.error, EOFError) as exc:
            return [Check("bundle", False, f"a member cannot be read: {exc}")]
        return checks + _check_members(members)


def _check_members(members: _Members) -> list[Check]:
    """Every check of a bundle whose members were read."""
    checks: list[Check] = []
    checks += _check_sums(members)
    tsa = _offline_tsa(members.get("tsa/tsa-ca.pem"))
    sums_token = members.get("SHA256SUMS.tsr")
    if sums_token is None or "SHA256SUMS" not in members.digests:
        checks.append(
            Check(
                "SHA256SUMS timestamp",
                False,
                "the bundle is not sealed: SHA256SUMS or its token SHA256SUMS.tsr is missing, "
                "so nothing shows its files are the ones written",
            )
        )
    elif tsa is None:
        checks.append(
            Check("SHA256SUMS timestamp", False, "no TSA certificate (tsa/tsa-ca.pem) to check it")
        )
    else:
        try:
            when = tsa.verify(sums_token, members.digests["SHA256SUMS"])
            checks.append(Check("SHA256SUMS timestamp", True, f"sealed at {when.isoformat()}"))
        except TimestampInvalid as exc:
            checks.append(Check("SHA256SUMS timestamp", False, exc.message))
    try:
        manifest = json.loads(members["MANIFEST.json"])
        head = json.loads(members["ledger/checkpoint.json"])
        public = load_public_key(members["ledger/public-key.pem"])
        proofs = json.loads(members["ledger/proofs.json"])
    except (KeyError, ValueError) as exc:  # MemberRefused included
        checks.append(Check("bundle structure", False, f"missing or unreadable: {exc}"))
        return checks
    if not isinstance(head, dict) or not isinstance(manifest, dict):
        checks.append(Check("bundle structure", False, "MANIFEST.json or checkpoint is damaged"))
        return checks
    checks += _check_head(members, head, public, manifest)
    try:
        root = bytes.fromhex(head["root"])
        size = int(head["size"])
    except (ValueError, KeyError, TypeError):
        return checks
    if tsa is not None:
        ca = tsa.roots[0]
        fingerprint = ca.fingerprint(hashes.SHA256()).hex()
        checks.append(
            Check(
                "TSA root",
                True,
                f"{ca.subject.rfc4514_string()}, SHA-256 "
                f"{fingerprint[:32]}… (compare with the authority's published root)",
            )
        )
    items = manifest.get("items", []) if isinstance(manifest, dict) else None
    if not isinstance(items, list) or not isinstance(proofs, dict):
        checks.append(Check("bundle structure", False, "MANIFEST.json or proofs.json is damaged"))
        return checks
    for item in items:
        try:
            checks += _check_item(members, item, tsa, proofs, root, size)
        except (AttributeError, TypeError, ValueError) as exc:
            checks.append(Check("item", False, f"a MANIFEST.json entry is damaged: {exc}"))
    checks += _check_unknown_files(members, items)
    return checks


#: The files every bundle has (or may have), besides those its items name.
STRUCTURE = frozenset(
    {
        "MANIFEST.json",
        "SHA256SUMS",
        "SHA256SUMS.tsr",
        "VERIFY.txt",
        "index/evidence-index.docx",
        "index/evidence-index.pdf",
        "ledger/checkpoint.json",
        "ledger/checkpoint.msg",
        "ledger/checkpoint.sig",
        "ledger/checkpoint.tsr",
        "ledger/proofs.json",
        "ledger/public-key.pem",
        "tsa/tsa-ca.pem",
    }
)


def _item_files(item: Any) -> set[str]:
    if not isinstance(item, dict):
        return set()
    named = {str(item.get(key)) for key in ("file", "timestamp") if item.get(key)}
    artefacts = item.get("artefacts")
    if isinstance(artefacts, dict):
        named |= {str(v) for v in artefacts.values()}
    if item.get("ledger_leaf") is not None:
        named.add(f"ledger/leaves/{item['ledger_leaf']}.json")
    return named


def _check_unknown_files(files: _Members, items: list[Any]) -> list[Check]:
    """Every file is part of the bundle's structure or named by a MANIFEST.json item."""
    known = set(STRUCTURE).union(*(_item_files(item) for item in items))
    unknown = sorted(set(files.digests) - known)
    if unknown:
        return [
            Check(
                "bundle files",
                False,
                f"{len(unknown)} file(s) that MANIFEST.json does not name: "
                + ", ".join(unknown[:5]),
            )
        ]
    count = len(files.digests)
    return [Check("bundle files", True, f"{count} files, each named by MANIFEST.json")]


def _check_sums(files: _Members) -> list[Check]:
    sums = files.get("SHA256SUMS")
    if sums is None:
        return [Check("SHA256SUMS", False, "missing")]
    listed: dict[str, str] = {}
    for line in sums.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    bad = [n for n, d in listed.items() if files.digests.get(n) != d]
    extra = sorted(set(files.digests) - set(listed) - {"SHA256SUMS", "SHA256SUMS.tsr"})
    if bad or extra:
        what = ", ".join(bad[:3]) or ""
        if extra:
            what += (" " if what else "") + "not listed: " + ", ".join(extra[:3])
        return [Check("SHA256SUMS", False, f"{len(bad) + len(extra)} file(s) differ: {what}")]
    return [Check("SHA256SUMS", True, f"{len(listed)} files match")]


def _check_head(
    files: _Members, head: dict[str, Any], public: Any, manifest: dict[str, Any]
) -> list[Check]:
    checks = []
    try:
        message = head_message(
            int(head["size"]), bytes.fromhex(head["root"]), datetime.fromisoformat(head["at"])
        )
        signature = base64.b64decode(head["signature"])
    except (KeyError, ValueError, TypeError) as exc:
        return [Check("checkpoint", False, f"unreadable: {exc}")]
    ok = (
        message == files.get("ledger/checkpoint.msg")
        and signature == files.get("ledger/checkpoint.sig")
        and signature_ok(public, signature, message)
    )
    kid = key_id(public)
    checks.append(
        Check(
            "checkpoint signature",
            ok,
            f"size {head['size']}, key {kid}"
            if ok
            else "the signed tree head does not verify with the bundled key",
        )
    )
    if manifest.get("key_id") != kid:
        checks.append(Check("key id", False, "MANIFEST.json names another key"))
    token = files.get("ledger/checkpoint.tsr")
    tsa = _offline_tsa(files.get("tsa/tsa-ca.pem"))
    if token is None or tsa is None:
        checks.append(Check("checkpoint timestamp", None, "not timestamped"))
    else:
        try:
            when = tsa.verify(token, hashlib.sha256(message).hexdigest())
            checks.append(Check("checkpoint timestamp", True, f"TSA time {when.isoformat()}"))
        except TimestampInvalid as exc:
            checks.append(Check("checkpoint timestamp", False, exc.message))
    return checks


def _check_item(
    files: _Members,
    item: dict[str, Any],
    tsa: TokenVerifier | None,
    proofs: dict[str, list[str]],
    root: bytes,
    size: int,
) -> list[Check]:
    label = f"item {item.get('number')} ({item.get('name')})"
    digest = files.digests.get(str(item.get("file")))
    if digest is None:
        return [Check(label, False, "its file is missing")]
    checks: list[Check] = []
    if item.get("kind") == "capture":
        checks += files.wacz_checks(str(item.get("file")), label)
        checks.append(clean_environment_check(label, item))
    checks.append(
        Check(
            f"{label}: SHA-256",
            digest == item.get("sha256"),
            digest if digest == item.get("sha256") else "the file was changed",
        )
    )
    token = files.get(str(item.get("timestamp")))
    if token is None:
        checks.append(Check(f"{label}: timestamp", None, "not timestamped"))
    elif tsa is None:
        checks.append(Check(f"{label}: timestamp", False, "no TSA certificate in the bundle"))
    else:
        try:
            when = tsa.verify(token, digest)
            checks.append(Check(f"{label}: timestamp", True, f"TSA time {when.isoformat()}"))
        except TimestampInvalid as exc:
            checks.append(Check(f"{label}: timestamp", False, exc.message))
    idx = item.get("ledger_leaf")
    leaf_doc = files.get(f"ledger/leaves/{idx}.json")
    if idx is None or leaf_doc is None:
        checks.append(Check(f"{label}: ledger", False, "no ledger leaf in the bundle"))
        return checks
    try:
        recorded = json.loads(leaf_doc)
        if digest not in (recorded.get("sha256"), recorded.get("wacz_sha256")):
            raise ProofError("the leaf records another file")
        proof = [bytes.fromhex(h) for h in proofs[str(idx)]]
        verify_inclusion(int(idx), size, leaf_hash(leaf_doc), proof, root)
        checks.append(Check(f"{label}: ledger", True, f"leaf {idx} under the checkpoint"))
    except (ProofError, ValueError, KeyError, TypeError, AttributeError) as exc:
        checks.append(Check(f"{label}: ledger", False, str(exc)))
        return checks
    artefacts = item.get("artefacts") or {}
    if not isinstance(artefacts, dict):
        raise TypeError("its artefacts are not a mapping")
    checks += _check_artefacts(files, label, artefacts, recorded)
    return checks


def _check_artefacts(
    files: _Members, label: str, artefacts: dict[str, Any], leaf: dict[str, Any]
) -> list[Check]:
    """A capture's screenshot, PDF …: each against the digest its ledger leaf records."""
    recorded = leaf_artefacts(leaf)
    checks = []
    for role, name in sorted(artefacts.items()):
        digest = files.digests.get(str(name))
        if digest is None:
            checks.append(Check(f"{label}: {role}", False, f"{name} is missing"))
            continue
        if role not in recorded:
            checks.append(Check(f"{label}: {role}", False, f"the ledger leaf records no {role}"))
        elif digest not in recorded[role]:
            checks.append(
                Check(
                    f"{label}: {role}",
                    False,
                    f"{name} hashes to {digest}, not the {role} its ledger leaf records",
                )
            )
        else:
            checks.append(Check(f"{label}: {role}", True, f"{digest} (as in the ledger leaf)"))
    return checks


def _offline_tsa(ca_pem: bytes | None) -> TokenVerifier | None:
    """A verifier for the bundled TSA certificates (never the network)."""
    if not ca_pem:
        return None
    try:
        return TokenVerifier.from_pem(ca_pem)
    except ValueError:
        return None
