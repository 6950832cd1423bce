"""Candidate actions, one module per means of enforcement (the guide, II.1-II.9).

Each builder takes ``CaseFacts`` and returns ``list[Candidate]``; ``plan.make_plan`` gathers
them, gates and ranks them.

- ``letters``: II.1 cease-and-desist letters
- ``notices``: II.2 provider notices, disclosure requests, counter-notice replies
- ``amr``: II.3 market regulation
- ``icp``: II.4 communications administration (ICP filings)
- ``authorities``: II.5 other competent authorities
- ``domains``: II.6 domain-name disputes
- ``lawsuit``: II.7 civil litigation (causes, court choice, limitation clock)
- ``police``: II.8 police reports
- ``technical``: II.9 technical measures
- ``common``: the ``Candidate`` shape, titles and small helpers; ``profiles``: the yardsticks
"""
