"""``agora`` with no sub-command: paint the cached timeline at once, then reach the network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.errors import AgoraError, DevnetStopped

if TYPE_CHECKING:
    from tui.cli.shared import CliState
    from tui.core.context import AgoraContext
    from tui.ui.backend import CoreBackend


def network_resolver(ctx: AgoraContext, backend: CoreBackend) -> Any:
    """A blocking callable for the app's network worker (the devnet may take seconds to start)."""

    def resolve() -> tuple[str, int]:
        try:
            from tui.core.chain.networks import resolve_network, stopped_devnet
        except ImportError:  # the networks module is not in this build yet
            raise AgoraError("Network start-up is not available in this build.") from None
        stopped = stopped_devnet(ctx)
        if stopped is not None:  # offline, as the user left it: the status bar says so
            backend.attach_network(stopped.rpc_url, int(stopped.chain_id), stopped)
            raise DevnetStopped(
                "The devnet is stopped (agora devnet down): showing the local index.",
                hint="A write asks before starting it; `agora devnet up` starts it now.",
            )
        network = resolve_network(ctx)
        rpc_url = ctx.overrides.rpc_url or network.rpc_url
        backend.attach_network(rpc_url, int(network.chain_id), network)
        return str(network.name), int(network.chain_id)

    return resolve


def run_tui(state: CliState) -> None:
    """Open the TUI. Heavy modules (eth_account, eth_abi) load later, inside workers."""
    from tui.core.config.paths import ensure_dir
    from tui.ui.backend import CoreBackend
    from tui.ui.factory import make_app
    from tui.ui.startup import exit_after_first_paint

    ctx = state.context()
    ensure_dir(ctx.home)
    backend = CoreBackend(ctx)
    app = make_app(ctx, backend=backend, resolve=network_resolver(ctx, backend))
    app.run()
    if exit_after_first_paint() and app.first_paint.at is not None:
        import sys

        print(f"first paint at {app.first_paint.at:.6f}", file=sys.stderr)  # for the benchmark
