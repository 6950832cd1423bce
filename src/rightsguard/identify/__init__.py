"""Identify infringers and intermediaries: who runs a target, who can act on it.

Public surface (import from the modules; nothing heavy is imported here)::

    service     Identifier(client, registrations, resolver, directory, *, tls_address=None,
                           tls_context=None).investigate(url) -> Findings
                identify_targets(store, targets, identifier, *, concurrency=8) -> IdentifyReport
                resolve_parties(store, directory) -> (clusters, {target_id: party_id})
                build_identifier(workspace, network, client)   (network: rightsguard.net)
    lookup      Registrations(client, LookupConfig).domain(name) / .ip(addr) / .asn(n)
                LookupConfig.from_workspace(ws)   registrable_domain(host)   whois_query(...)
    bootstrap   Bootstrap.load(folder=None)   refresh(client, folder, base_url)
    registration Registration   parse_rdap(json) / parse_whois(text)  (never raise)
    network     dns_records(name, resolver)
                certificate_names(host, port, ...)   cdn_from_headers(headers)
    pagefacts   page_facts(html, url, *, shop_patterns=(), platform_sections=())
                favicon_hash(bytes)   shop_facts(urls, patterns)
    cn          parse_icp / find_icp   parse_psb / find_psb   uscc_valid / find_uscc
                PROVINCES (31, with ICP prefixes and communications administrations)
    providers   Directory.load(workspace_file=None, *, sandbox=False)
                providers_for(url, directory, *, facts, registration, networks, cdn_signs)
    resolve     resolve(rows, *, must_link=(), cannot_link=()) -> [Cluster]   strength()
    netio       TtlCache   Backoff / with_backoff   Evidence (raw replies -> blob store)
    errors      LookupFailed   RateLimited

Data files: ``data/bootstrap-{dns,ipv4,ipv6,asn}.json`` (seed IANA bootstrap),
``data/providers.toml`` (the real directory), ``data/providers-sandbox.toml``
(the sandbox's invented providers; loaded only for sandbox runs).
Stores: ``store.observables.ObservableRepo``, ``store.parties.PartyRepo``,
``store.providers.ProviderRepo``. See ``docs/identify.md``.
"""
