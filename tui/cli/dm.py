"""`agora dm …`: end-to-end encrypted private messages (Agora DM v1).

``setup`` publishes your message key in your profile; ``send`` seals a message and announces it
through the same confirmation, outbox and receipt flow as every write; ``list`` and ``read``
catch the index up, scan the new announcements with your key and show what opened. Nothing
decrypted is written to disk (see tui/core/messages/inbox.py).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui.cli.output import emit
from tui.cli.shared import global_options, json_option, state
from tui.cli.write import _common, resolve_network, run_write

if TYPE_CHECKING:
    from tui.core.context import AgoraContext
    from tui.core.messages.conversations import Conversation, Message
    from tui.core.messages.service import Messenger

offline_option = click.option(
    "--offline", is_flag=True, help="Do not catch up with the node first; scan what is indexed."
)


def _time(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M") if ts else "?"


def open_messenger_cli(
    actx: AgoraContext, passphrase_file: Path | None, *, as_json: bool, offline: bool = False
) -> Messenger:
    """Unlock the account, catch the index up (bounded) and open its messages."""
    from tui.cli.account import open_wallet, signer_for
    from tui.cli.catchup import WRITE_BUDGET, catch_up, report
    from tui.core.index.service import cached_network, index_path
    from tui.core.messages.service import open_messenger

    wallet = open_wallet(actx)
    signer = signer_for(actx, wallet, passphrase_file)
    network = cached_network(actx) if offline else None
    if network is None:
        network = resolve_network(actx, start=not offline)
    if network is None:
        from tui.core.errors import ConfigError

        raise ConfigError("No network to read messages from.", hint="Run `agora devnet up`.")
    if not offline:
        report(catch_up(network, index_path(actx.home, network), actx.content, WRITE_BUDGET),
               as_json)  # fmt: skip
    return open_messenger(actx, network, signer)


def _passphrase_option(func: Any) -> Any:
    from tui.cli.account import passphrase_file_option

    return passphrase_file_option(func)


def _scan(messenger: Messenger, as_json: bool) -> dict[str, object]:
    report = messenger.sync()
    if report.remaining and not as_json:
        click.echo(
            f"Scanned {report.scanned:,} announcements; {report.remaining:,} left: run the "
            "command again to see the rest.",
            err=True,
        )
    return report.to_json()


@click.group("dm")
def dm_group() -> None:
    """Private messages, end-to-end encrypted. The sender, time and size are public."""


@dm_group.command("setup")
@click.option("--rotate", is_flag=True, help="Publish the next epoch's key instead.")
@_common
@click.pass_context
def setup_cmd(ctx: click.Context, rotate: bool, **opts: Any) -> None:
    """Publish your private-message key in your profile (the rest of the profile is kept).

    With --rotate, new messages are sealed to a fresh key; old ones still open (the old keys
    derive from the account key, so rotation does not protect messages already sent).
    """
    actx = state(ctx).context()

    def intent(_c: Any) -> Any:
        with open_messenger_cli(actx, opts["passphrase_file"], as_json=opts["as_json"]) as m:
            return m.setup_intent(rotate=rotate)

    run_write(ctx, intent, **opts)


@dm_group.command("send")
@click.argument("address")
@click.argument("text")
@click.option("--reply-to", default="", help="Digest of the message this answers.")
@_common
@click.pass_context
def send_cmd(ctx: click.Context, address: str, text: str, reply_to: str, **opts: Any) -> None:
    """Send TEXT (or - for stdin) to ADDRESS (or an ENS name), sealed so only they (and you)
    can read it."""
    from tui.cli.names import account_arg

    body = sys.stdin.read() if text == "-" else text
    actx = state(ctx).context()

    def intent(_c: Any) -> Any:
        to = account_arg(actx, address, as_json=opts["as_json"])
        with open_messenger_cli(actx, opts["passphrase_file"], as_json=opts["as_json"]) as m:
            return m.compose(to, body, reply_to.strip().lower().removeprefix("0x"))

    run_write(ctx, intent, **opts)


def _list_text(data: dict[str, Any]) -> str:
    rows = data["conversations"]
    if not rows:
        return "No private messages yet."
    out = []
    for c in rows:
        unread = f"{c['unread']} unread" if c["unread"] else "read"
        tag = "  [request]" if c["request"] else ""
        out.append(f"{c['peer']}  {c['messages']} messages, {unread}, last {_time(c['last_time'])}"
                   f"{tag}\n    {c['last_text']}")  # fmt: skip
    return "\n".join(out)


@dm_group.command("list")
@global_options
@json_option
@offline_option
@_passphrase_option
@click.pass_context
def list_cmd(
    ctx: click.Context, as_json: bool, offline: bool, passphrase_file: Path | None
) -> None:
    """Your conversations, most recent first, with unread counts."""
    actx = state(ctx).context()
    with open_messenger_cli(actx, passphrase_file, as_json=as_json, offline=offline) as m:
        scan = _scan(m, as_json)
        convos: list[Conversation] = m.conversations(actx.settings.messages_from)
        data = {"account": m.me, "scan": scan, "conversations": [c.to_json() for c in convos]}
    emit(data, as_json, _list_text)


def _read_text(data: dict[str, Any]) -> str:
    if not data["messages"]:
        return f"No messages with {data['peer']}."
    lines = []
    for msg in data["messages"]:
        arrow = "you →" if msg["outgoing"] else "→ you"
        new = "" if msg["read"] or msg["outgoing"] else "  (new)"
        lines.append(f"{_time(msg['time'])}  {msg['from']} {arrow}{new}")
        lines.extend(f"    {line}" for line in msg["text"].splitlines() or [""])
    return "\n".join(lines)


@dm_group.command("read")
@click.argument("peer")
@click.option("--keep-unread", is_flag=True, help="Do not mark the messages as read.")
@global_options
@json_option
@offline_option
@_passphrase_option
@click.pass_context
def read_cmd(
    ctx: click.Context, peer: str, keep_unread: bool, as_json: bool, offline: bool,
    passphrase_file: Path | None,
) -> None:  # fmt: skip
    """The messages exchanged with PEER, oldest first (then marked as read)."""
    actx = state(ctx).context()
    with open_messenger_cli(actx, passphrase_file, as_json=as_json, offline=offline) as m:
        scan = _scan(m, as_json)
        convo = m.conversation(peer)
        messages: list[Message] = list(convo.messages) if convo else []
        if convo and not keep_unread:
            m.mark_read(peer)
        data = {
            "account": m.me,
            "peer": convo.peer if convo else peer,
            "scan": scan,
            "messages": [msg.to_json() for msg in messages],
        }
    emit(data, as_json, _read_text)


def register(group: click.Group) -> None:
    group.add_command(dm_group)
