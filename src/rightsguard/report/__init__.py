"""Reports and the figures as people read them: a case or the portfolio as HTML, PDF
or CSV (``render``), and the charts and labels the dashboard shares (``figures_view``,
``charts``). The numbers come from ``store.read``; no SQL is written here."""
