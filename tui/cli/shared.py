"""Options and state shared by every sub-command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from tui.cli.state import CliState as CliState  # re-exported: sub-commands import it here

F = TypeVar("F", bound=Callable[..., Any])


def _store(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(CliState), name, value)
        return value

    return callback


def global_options(func: F) -> F:
    """``--network``, ``--account`` and ``--rpc-url``, accepted before or after the command."""
    for name in ("rpc_url", "account", "network"):
        flag = "--" + name.replace("_", "-")
        func = click.option(
            flag,
            name,
            default=None,
            expose_value=False,
            is_eager=True,
            callback=_store(name),
            help={
                "network": "Network name from the settings (default: the active one).",
                "account": "Account address or label to act as.",
                "rpc_url": "Use this JSON-RPC URL instead of the network's.",
            }[name],
        )(func)
    return func


json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")


def state(ctx: click.Context) -> CliState:
    return ctx.ensure_object(CliState)
