"""Read models: the pages, figures and reports' reads, each a few SQL queries in the
caller's transaction, returning rows, dicts or dataclasses (never a whole table).

``queries`` (cases, events, actions, work queue), ``records`` (targets, captures,
evidence, parties), ``case_view`` (the case page), ``case_report`` (a case report),
``metrics`` with ``metrics_math`` (the dashboard's figures: SQL, then pure arithmetic)
and ``figures_cache`` (the figures, kept while the data is unchanged)."""
