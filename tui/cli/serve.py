"""``agora serve``: Agora in a browser page, one app process per tab, behind a guard.

The parent resolves the network once (starting the devnet when it is the active network) and
hands each tab's process the RPC URL, so tabs never race to start anvil. The server binds
loopback only; anything else needs ``--dangerously-allow-remote`` and an https ``--public-url``
(a TLS proxy in front), because the guard's cookie and Origin checks mean little over plain
HTTP on a network.
"""

from __future__ import annotations

import shlex
import sys
from typing import Any

import click

from tui.cli.shared import global_options, state
from tui.core.errors import ConfigError, UsageError

DEFAULT_PORT = 8765


@click.command("serve")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port (0 picks a free one; the printed address names it).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: loopback unless --dangerously-allow-remote.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option(
    "--max-sessions",
    type=click.IntRange(1, 32),
    default=1,
    show_default=True,
    help="Browser tabs allowed at once (each runs its own Agora process).",
)
@click.option(
    "--dangerously-allow-remote",
    is_flag=True,
    help="Listen on a non-loopback address. Needs an https --public-url (a TLS proxy in front).",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="With --dangerously-allow-remote: the https address users open (the proxy's).",
)
@global_options
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    port: int,
    host: str,
    open_browser: bool,
    max_sessions: int,
    dangerously_allow_remote: bool,
    public_url: str | None,
) -> None:
    """Serve Agora in a web page on this computer (loopback only).

    Prints an address with a one-time token: open it in your browser. The page runs the same
    Agora as the terminal; each tab is its own process. Ctrl+C stops the server.
    """
    try:
        from tui.web.server import AgoraServer, bind, is_loopback
    except ImportError:
        raise ConfigError(
            "`agora serve` needs the web extra, which is not installed.",
            hint="Install it with: pip install 'agora-tui[web]'",
        ) from None
    public_url = check_exposure(host, dangerously_allow_remote, public_url, is_loopback(host))
    try:  # first: a port in use is told at once, before the devnet starts
        sock = bind(host, port)
    except OSError as exc:
        raise UsageError(
            f"Cannot listen on {host}:{port}: {exc.strerror or exc}.",
            hint="Pick another --port (0 picks a free one).",
        ) from None
    actx = state(ctx).context()
    from tui.core.chain.networks import resolve_network
    from tui.core.config.paths import ensure_dir

    ensure_dir(actx.home)
    click.echo(f"Reaching network {actx.network_name!r} (the devnet starts if needed)…", err=True)
    network = resolve_network(actx)
    rpc_url = actx.overrides.rpc_url or network.rpc_url
    command = child_command(rpc_url, actx.network_name, state(ctx).account)

    def ready(url: str) -> None:
        click.echo(f"Agora is served on {network.name} ({rpc_url}).")
        click.echo(f"Open this address in your browser (the link works once): {url}")
        click.echo("Press Ctrl+C to stop.")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    AgoraServer(
        command, sock=sock, public_url=public_url, max_sessions=max_sessions, on_ready=ready
    ).serve()


def check_exposure(host: str, allow_remote: bool, public_url: str | None, loopback: bool) -> Any:
    """The public URL to use (None: derived from the socket); refuse unsafe exposure.

    Raises:
        UsageError: a non-loopback host without the flag, or without an https public URL.
    """
    if loopback:
        if public_url is not None:
            raise UsageError("--public-url is only for --dangerously-allow-remote.")
        return None
    if not allow_remote:
        raise UsageError(
            f"{host!r} is not a loopback address: anyone who can reach it could try to drive "
            "your wallet.",
            hint="Serve on 127.0.0.1 (the default), or pass --dangerously-allow-remote with an "
            "https --public-url behind a TLS proxy.",
        )
    if not (public_url or "").startswith("https://"):
        raise UsageError(
            "--dangerously-allow-remote needs --public-url https://…: the address of the TLS "
            "proxy in front of this server."
        )
    _check_public_url(public_url or "")
    click.echo(
        f"WARNING: serving on {host}, reachable from the network. Only the address with the "
        "one-time token lets a browser in; keep it secret, and keep the TLS proxy in front.",
        err=True,
    )
    return public_url


def child_command(rpc_url: str, network: str, account: str | None) -> str:
    """The shell command each tab runs: this Python, Agora's TUI, on the parent's RPC URL.

    ``exec``: the shell textual-serve starts becomes the app, so the process the server waits
    for (and kills if it hangs) is the app itself.
    """
    args = [sys.executable, "-m", "tui", "--network", network, "--rpc-url", rpc_url]
    if account:
        args += ["--account", account]
    return "exec " + shlex.join(args)


def register(group: click.Group) -> None:
    """Add `agora serve` to the command group."""
    group.add_command(serve_cmd)


def _check_public_url(url: str) -> None:
    """UsageError unless ``url`` is a whole https URL: a host, a valid port, and no spaces,
    control or non-ASCII characters (browsers would send another Origin than the one checked)."""
    from urllib.parse import urlsplit

    from tui.core.text import clean_line

    bad = UsageError(
        f"--public-url {clean_line(url, 80)!r} is not a usable https URL.",
        hint="Give the proxy's address as browsers see it, e.g. https://agora.example.org",
    )
    if not url.isascii() or any(c.isspace() or not c.isprintable() for c in url):
        raise bad
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on a port out of range)
    except ValueError:
        raise bad from None
    if not parts.hostname:
        raise bad
