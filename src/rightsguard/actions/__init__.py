"""Actions: what the playbook plans, drafted, gated, sent and tracked."""
