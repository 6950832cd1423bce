"""Closed vocabularies of the domain, shared by every layer."""

from __future__ import annotations

from enum import StrEnum


class RightKind(StrEnum):
    TRADEMARK = "trademark"
    COPYRIGHT = "copyright"
    PATENT = "patent"
    DOMAIN_NAME = "domain_name"
    PERSONALITY = "personality"
    TRADE_NAME = "trade_name"


class TargetKind(StrEnum):
    URL = "url"
    DOMAIN = "domain"
    LISTING = "listing"
    SHOP = "shop"
    APP = "app"
    SOCIAL_ACCOUNT = "social_account"


class TargetStatus(StrEnum):
    SUSPECTED = "suspected"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"
    REMOVED = "removed"
    PERSISTING = "persisting"
    REAPPEARED = "reappeared"


class Control(StrEnum):
    """Who controls the information at a target (the guide, I.3)."""

    INFRINGER = "infringer"
    THIRD_PARTY = "third_party"
    UNKNOWN = "unknown"


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Goal(StrEnum):
    """Goals suited to the internet (the guide, III.3)."""

    REMOVE_LINKS = "remove_links"
    BLOCK_ACCESS = "block_access"
    TRANSFER_DOMAIN = "transfer_domain"
    COMPENSATION = "compensation"
    DETERRENCE = "deterrence"


class ActionType(StrEnum):
    """The guide's means of enforcement (II.1-II.9) and their companions."""

    CEASE_AND_DESIST = "cease_and_desist"
    PROVIDER_NOTICE = "provider_notice"
    COUNTER_NOTICE_REPLY = "counter_notice_reply"
    DISCLOSURE_REQUEST = "disclosure_request"
    MARKET_REGULATION_COMPLAINT = "market_regulation_complaint"
    ICP_COMPLAINT = "icp_complaint"
    OTHER_AUTHORITY_COMPLAINT = "other_authority_complaint"
    DOMAIN_DISPUTE = "domain_dispute"
    LAWSUIT = "lawsuit"
    POLICE_REPORT = "police_report"
    TECHNICAL_MEASURE = "technical_measure"


class ActionStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REJECTED = "rejected"
    COUNTER_NOTICED = "counter_noticed"
    NO_RESPONSE = "no_response"
    CLOSED = "closed"


class PartyRole(StrEnum):
    PRIMARY_INFRINGER = "primary_infringer"
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    INTERMEDIARY = "intermediary"
    OTHER_THIRD_PARTY = "other_third_party"
    UNKNOWN = "unknown"


class ProviderKind(StrEnum):
    PLATFORM = "platform"
    HOST = "host"
    CDN = "cdn"
    REGISTRAR = "registrar"
    REGISTRY = "registry"
    SEARCH_ENGINE = "search_engine"
    AUTHORITY = "authority"
    DISPUTE_PROVIDER = "dispute_provider"


class ObservableKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    POSTAL_ADDRESS = "postal_address"
    REGISTRANT = "registrant"
    REGISTRAR = "registrar"
    IP = "ip"
    ASN = "asn"
    CERT_FINGERPRINT = "cert_fingerprint"
    ICP_NUMBER = "icp_number"
    PSB_NUMBER = "psb_number"
    USCC = "uscc"
    COMPANY_NAME = "company_name"
    ANALYTICS_ID = "analytics_id"
    PAYMENT_ACCOUNT = "payment_account"
    FAVICON_HASH = "favicon_hash"
    MESSENGER_HANDLE = "messenger_handle"
    SHOP_ID = "shop_id"


class CaptureStatus(StrEnum):
    PENDING = "pending"
    PARTIAL = "partial"
    AWAITING_TIMESTAMP = "awaiting_timestamp"
    COMPLETE = "complete"
    FAILED = "failed"
