"""Workflows: the one place where each of the product's steps is put together.

The CLI, the web workbench, the job tasks and the demo call these functions and
only present their results; none of them assembles a workflow from the parts
itself, so the faces cannot disagree about what a step does or checks.

==================  =======================================================
module              workflows
==================  =======================================================
``planning``        ``replan_case``: facts → plan → clocks → the case's deadlines
``triage``          ``triage``: confirm or dismiss targets, checked as one batch
``actions``         ``draft_action``, ``approve_action``, ``send_action``,
                    ``record_outcome``: one rule of roles and four eyes
``capture``         ``capture_targets``: a capture run with the workspace's
                    network, limits, sealer and store
``identify``        ``identify_targets``: identification and the parties it finds
==================  =======================================================
"""
