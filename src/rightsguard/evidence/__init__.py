"""Evidence: the content-addressed store, capture, timestamps, the ledger, verification."""
