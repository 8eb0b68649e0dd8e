"""Sending reports to schools: connections, the sealed outbox, the sender and USB bundles.

No Qt here; the GUI runs the blocking calls off the UI thread.

``outbox.connection``
    ``SchoolConnection`` (school_id, school_name, hub_address, hub_school, device,
    hub_fingerprint, connected, revoked); ``connect_with_invitation(profile, invitation,
    now=)``, ``connect_with_code(profile, hub_address, code, now=)`` and
    ``connections(profile)``. Connecting enrols a device key made for that one school,
    checks the hub's key against the invitation (the whole fingerprint from a file, its
    first 12 characters from a code) before sending the token, then pins it. It links to
    the directory's School of the same name (any case) or makes one, and sets its
    hub_address; connecting again to a school replaces the old connection. Raises
    ``ProtocolError`` (damaged code, bad address, expired invitation), ``HubRefused``
    (the hub's reason; ``WrongHub`` when the key is not the school's) or
    ``HubUnreachable`` (try again later); each has a plain ``reason`` or message.

``outbox.outbox``
    ``ReportState`` (waiting, sent, received, refused), ``OutboxEntry``,
    ``fill_outbox(profile, today)`` (new entries only; a report is built once and never
    rebuilt, so records edited after that are not re-sent), ``outbox_entries(profile)``,
    ``send_due(profile, now, everything=False, rng=None)`` -> ``SendResult`` (received,
    refused, waiting, revoked_schools, unreachable), ``retry_delay(tries, rng)`` (1 minute
    doubling to 6 hours, full jitter), ``receipt_of(profile, school_id, period)`` (the
    hub's signed receipt, kept) and ``waiting_envelopes(profile)``.

    ``school_terms(profile)`` (how each school in the directory gets its reports: its
    connection's signed policy, the hub's name for it, the periods already built) and
    ``sealed_report(profile, school_id, period)``. Every report is
    ``privacy.what_is_sent.report_for`` under those terms, so the preview ("What the
    school sees", ``operations.reports.preview_next_reports``) is what is sealed.

``outbox.refusal_words``
    ``refusal_words(code)``: the plain words, in the mentor's language, for every code
    of ``protocol.REFUSAL_CODES`` and ``client.CLIENT_CODES``; a general sentence for a
    code it does not know. Screens show these, never the hub's English ``reason``.
    ``budget_words(refusal, school)``: the same for this laptop's own refusal to make a
    school's reports (``budget.BudgetRefused``: the family's yearly privacy budget), with
    its numbers written the way the mentor's language writes them.

``outbox.bundle``
    ``save_bundle(profile, path)`` -> how many reports were written; atomic, raises
    OSError (nothing lost) when the file cannot be written.

Everything (connections, pinned keys, policies, envelopes, receipts) is sealed in the
profile's ``sync_items`` table under the profile key; only random ids and the item's kind
are in the clear.
"""
