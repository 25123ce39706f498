"""`agora list …`: saved lists of people, read with `agora timeline list:NAME`."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.output import emit
from tui.cli.shared import json_option
from tui.core.lists import PeopleLists


def _members_text(name: str, members: list[str]) -> str:
    if not members:
        return f"{name}: nobody yet (agora list add {name} ADDRESS)"
    return f"{name} ({len(members)}):\n" + "\n".join(f"  {m}" for m in members)


@click.group("list")
def list_group() -> None:
    """Saved lists of people; `agora timeline list:NAME` shows their posts."""


@list_group.command("create")
@click.argument("name")
@json_option
def create_cmd(name: str, as_json: bool) -> None:
    """Create an empty list."""
    lists = PeopleLists.load()
    key = lists.create(name)
    lists.save()
    emit({"list": key, "members": []}, as_json, lambda _: f"Created list {key}.")


@list_group.command("delete")
@click.argument("name")
@json_option
def delete_cmd(name: str, as_json: bool) -> None:
    """Delete a list (the people stay followed or not as they were)."""
    lists = PeopleLists.load()
    members = lists.members(name)
    lists.delete(name)
    lists.save()
    key = name.strip().lower()
    emit({"list": key, "deleted": True, "members": members}, as_json, lambda _: f"Deleted {key}.")


def _change(name: str, addresses: tuple[str, ...], as_json: bool, adding: bool) -> None:
    from tui.cli.names import account_args
    from tui.cli.shared import state

    ctx = click.get_current_context()
    addresses = tuple(account_args(state(ctx).context(), addresses, as_json=as_json))
    lists = PeopleLists.load()
    change = lists.add if adding else lists.remove
    changed = [account for account in (change(name, a) for a in addresses) if account]
    lists.save()
    key = name.strip().lower()
    members = lists.members(key)
    verb = "added" if adding else "removed"
    data: dict[str, Any] = {"list": key, verb: changed, "members": members}
    emit(data, as_json, lambda _: f"{len(changed)} {verb}. " + _members_text(key, members))


@list_group.command("add")
@click.argument("name")
@click.argument("addresses", nargs=-1, required=True, metavar="ADDRESS|ENS-NAME...")
@json_option
def add_cmd(name: str, addresses: tuple[str, ...], as_json: bool) -> None:
    """Add people to a list."""
    _change(name, addresses, as_json, adding=True)


@list_group.command("remove")
@click.argument("name")
@click.argument("addresses", nargs=-1, required=True, metavar="ADDRESS|ENS-NAME...")
@json_option
def remove_cmd(name: str, addresses: tuple[str, ...], as_json: bool) -> None:
    """Remove people from a list."""
    _change(name, addresses, as_json, adding=False)


@list_group.command("show")
@click.argument("name", required=False)
@json_option
def show_cmd(name: str | None, as_json: bool) -> None:
    """One list's people, or every list with its people."""
    lists = PeopleLists.load()
    if name:
        members = lists.members(name)
        key = name.strip().lower()
        emit({"list": key, "members": members}, as_json, lambda _: _members_text(key, members))
        return

    def human(_: Any) -> str:
        if not lists.lists:
            return "No lists yet (agora list create NAME)."
        return "\n".join(_members_text(k, v) for k, v in sorted(lists.lists.items()))

    emit({"lists": lists.lists}, as_json, human)


def register(group: click.Group) -> None:
    """Add `agora list` to the command group."""
    group.add_command(list_group)
