"""``--json`` outputs name the people in them: ``"author_ens": "ada.eth"`` (or null).

Names come from the ENS cache in the network's index database (tui.core.ens.annotate), so an
``--offline`` read makes no network call for them; after a read that just reached the node,
the addresses the cache lacks are looked up in one batch (and cached for the next time).
"""

from __future__ import annotations

from typing import Any

import click

NAME_PEOPLE = "agora.name_people"
"""``ctx.meta`` flag a command sets when its ``--json`` document should name people (the
commands that read the index do, through ``_open_read``)."""


def name_people(data: Any) -> Any:
    """``data`` with ``<key>_ens`` beside every person's address, when the command asked for
    it (``NAME_PEOPLE``); unchanged otherwise. Never raises for a names problem."""
    import sqlite3

    from tui.core.ens.annotate import annotate, person_addresses
    from tui.core.errors import AgoraError

    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.meta.get(NAME_PEOPLE) or not person_addresses(data):
        return data
    try:
        cache, lookup = _cache_and_lookup(ctx)
        return annotate(data, cache, lookup=lookup)
    except (AgoraError, OSError, ValueError, sqlite3.Error):
        from tui.core.ens.annotate import with_names

        return with_names(data, {})


def _cache_and_lookup(ctx: click.Context) -> tuple[Any, Any]:
    import sqlite3

    from tui.cli.shared import state
    from tui.core.ens.cache import EnsCache
    from tui.core.index.service import cached_network, index_path

    actx = state(ctx).context()
    network = cached_network(actx)
    if network is None:
        return None, None
    path = index_path(actx.home, network)
    if not path.is_file():
        return None, None
    try:
        cache = EnsCache.open(str(path))
    except sqlite3.Error:
        return None, None
    if ctx.meta.get("current_at") is None:  # offline, or the node did not answer: cache only
        return cache, None

    def lookup(addresses: list[str]) -> dict[str, str | None]:
        from tui.core.ens.service import client_for

        rpc = actx.rpc(network.rpc_url)
        try:
            client = client_for(network, rpc, cache_home=actx.home)
            if client is None:
                return {}
            found = client.primary_names(addresses)
            return {a: p.name for a, p in found.items()}
        finally:
            rpc.close()

    return cache, lookup
