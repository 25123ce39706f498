"""`agora community …`: communities from the command line, with the shapes scripts rely on.

Reads use the local index (caught up first, like `agora timeline`); writes go through the same
confirmation and outbox as posts and tips (``tui.cli.write.run_write``): ``--dry-run`` shows
the confirmation, ``--yes`` signs without asking, and every command takes ``--json``.
Checks that need the index (a rule number that does not exist, a post outside any community)
fail before signing; the rest the pipeline's simulation reports with the contract's reason.

The commands live by family: ``community_read`` (reading the index), ``community_write`` (a
community's life and its posts), ``community_moderation`` (hide, ban, appeal) and
``community_governance`` (proposals, votes, moderators); this module only gathers them.
"""

from __future__ import annotations

import click

from tui.cli import community_governance, community_moderation, community_read, community_write


@click.group("community")
def community() -> None:
    """Communities: groups with public moderation logs, appeals, votes and forks."""


for _family in (community_read, community_write, community_moderation, community_governance):
    for _command in _family.COMMANDS:
        community.add_command(_command)


def register(group: click.Group) -> None:
    """Add `agora community` to the `agora` group."""
    group.add_command(community)
