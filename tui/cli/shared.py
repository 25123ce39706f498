"""Options and state shared by every sub-command."""

from __future__ import annotations

import math
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


MAX_ID = 2**63 - 1
"""Post and article ids are uint256 on chain; the local index holds them up to here."""


class IdType(click.ParamType):
    """A post or article id: a whole number the index can hold (a usage error otherwise).

    Anything larger cannot be a real id (they count up from 1), and SQLite would overflow on it.
    """

    name = "ID"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            if not (text.isascii() and text.isdigit()):
                self.fail(f"{_shown(value)} is not an id (a whole number such as 47).", param, ctx)
            number = int(text)
        if number < 0:
            self.fail(f"{number} is not an id (ids are 0 or more).", param, ctx)
        if number > MAX_ID:
            self.fail(
                f"{_shown(value)} is larger than any id Agora can look up "
                f"(the largest is {MAX_ID}).",
                param,
                ctx,
            )
        return number


class FiniteRange(click.FloatRange):
    """``click.FloatRange`` that also refuses ``nan`` (which passes every range comparison)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{_shown(value)} is not a number.", param, ctx)
        return number


def _shown(value: Any) -> str:
    from tui.core.text import clean_line

    return repr(clean_line(str(value), 80))


ID = IdType()
"""The one parameter type of every post and article id the CLI takes."""
