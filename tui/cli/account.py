"""CLI commands: ``agora account new|import|list|use|label|export|remove`` (keys in the OS keyring).

Secrets never come from argv: keys and mnemonics are read from a hidden prompt, or from stdin
when it is not a terminal; passphrases from a prompt or ``--passphrase-file`` /
``$AGORA_PASSPHRASE_FILE``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from tui.cli.output import emit
from tui.cli.passphrase_fd import passphrase_from_fd, with_passphrase_fd
from tui.cli.shared import global_options, json_option, state
from tui.core.context import AgoraContext
from tui.core.errors import RejectedError, UsageError, WalletError
from tui.core.files import write_atomic
from tui.core.wallet import Secret, Signer, Wallet
from tui.core.wallet.index import AccountInfo

PASSPHRASE_FILE_ENV = "AGORA_PASSPHRASE_FILE"

passphrase_file_option = click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"Read the account passphrase from this file (or ${PASSPHRASE_FILE_ENV}).",
)
passphrase_file_option = with_passphrase_fd(passphrase_file_option)  # + --passphrase-fd N


def _stdin_is_tty() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_secret(prompt: str) -> Secret:
    """A secret from a hidden prompt, or the first line of stdin when it is not a terminal."""
    if _stdin_is_tty():
        return Secret(click.prompt(prompt, hide_input=True, show_default=False).strip())
    line = sys.stdin.readline().strip()
    if not line:
        raise UsageError(f"{prompt}: nothing on stdin.")
    return Secret(line)


def read_passphrase(
    path: Path | None, *, prompt: str = "Passphrase", confirm: bool = False
) -> Secret:
    """A passphrase from ``path``, ``$AGORA_PASSPHRASE_FILE``, or a hidden prompt on a TTY."""
    if path is None and (from_fd := passphrase_from_fd()) is not None:  # --passphrase-fd N
        return from_fd
    chosen = path or (
        Path(os.environ[PASSPHRASE_FILE_ENV]) if os.environ.get(PASSPHRASE_FILE_ENV) else None
    )
    if chosen is not None:
        try:
            text = chosen.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UsageError(f"Cannot read the passphrase file {chosen}: {exc.strerror}") from None
        if not text:
            raise UsageError(f"The passphrase file {chosen} is empty.")
        return Secret(text)
    if not _stdin_is_tty():
        raise WalletError(
            "A passphrase is needed and there is no terminal to ask for it.",
            hint=f"Use --passphrase-file PATH or set {PASSPHRASE_FILE_ENV}.",
        )
    return Secret(
        click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, show_default=False)
    )


def open_wallet(ctx: AgoraContext) -> Wallet:
    return Wallet.from_context(ctx)


def signer_for(ctx: AgoraContext, wallet: Wallet, passphrase_file: Path | None) -> Signer:
    """The signer of ``--account`` (or the active account), unlocking it when protected."""
    info = wallet.resolve(ctx.overrides.account)
    if wallet.needs_passphrase(info.address):
        return wallet.signer(
            info.address, read_passphrase(passphrase_file, prompt=f"Passphrase for {info.address}")
        )
    return wallet.signer(info.address)


def _fund(ctx: AgoraContext, info: AccountInfo) -> bool:
    """Best effort: give a new account devnet ETH when the active network is the devnet."""
    try:
        from tui.cli.write import resolve_network
        from tui.core.wallet.devnet import fund_on_devnet

        network = resolve_network(ctx, start=False)
        if network is None or network.chain_id != 31337:
            return False
        rpc = ctx.rpc(network.rpc_url)
        try:
            return fund_on_devnet(rpc, network.chain_id, info.address)
        finally:
            rpc.close()
    except Exception:  # funding is a convenience; never fail account creation over it
        return False


def _show(data: dict[str, Any]) -> str:
    flags = [
        f for f, on in (("active", data.get("active")), ("protected", data.get("protected"))) if on
    ]
    label = f" {data['label']}" if data.get("label") else ""
    extra = f" ({', '.join(flags)})" if flags else ""
    funded = "\nFunded with 100 ETH on the devnet." if data.get("funded") else ""
    return f"{data['address']}{label}{extra}{funded}"


@click.group("account")
def account_group() -> None:
    """Manage accounts (keys live in the OS keyring)."""


@account_group.command("new")
@click.option("--label", default="", help="A short name for the account.")
@click.option("--passphrase", "protect", is_flag=True, help="Protect the key with a passphrase.")
@passphrase_file_option
@json_option
@global_options
@click.pass_context
def new(
    ctx: click.Context, label: str, protect: bool, passphrase_file: Path | None, as_json: bool
) -> None:
    """Create a new account."""
    actx = state(ctx).context()
    wallet = open_wallet(actx)
    passphrase = (
        read_passphrase(passphrase_file, confirm=True) if protect or passphrase_file else None
    )
    info = wallet.create(label, passphrase)
    data = info.to_json(wallet.index.active) | {"funded": _fund(actx, info)}
    emit(data, as_json, _show)


@account_group.command("import")
@click.option("--key", "from_key", is_flag=True, help="Import a private key (prompt or stdin).")
@click.option("--mnemonic", "from_mnemonic", is_flag=True, help="Import from a BIP-39 mnemonic.")
@click.option(
    "--path", "hd_path", default="m/44'/60'/0'/0/0", show_default=True, help="Derivation path."
)
@click.option(
    "--keystore",
    "keystore_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Import a V3 keystore JSON file.",
)
@click.option("--label", default="", help="A short name for the account.")
@click.option("--passphrase", "protect", is_flag=True, help="Protect the key with a passphrase.")
@passphrase_file_option
@click.option(
    "--keystore-passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The keystore's own passphrase, from a file.",
)
@json_option
@global_options
@click.pass_context
def import_(
    ctx: click.Context,
    from_key: bool,
    from_mnemonic: bool,
    hd_path: str,
    keystore_file: Path | None,
    label: str,
    protect: bool,
    passphrase_file: Path | None,
    keystore_passphrase_file: Path | None,
    as_json: bool,
) -> None:
    """Import an account from a private key, a mnemonic or a keystore file."""
    if sum((from_key, from_mnemonic, keystore_file is not None)) != 1:
        raise UsageError("Choose exactly one of --key, --mnemonic or --keystore FILE.")
    actx = state(ctx).context()
    wallet = open_wallet(actx)
    if from_key:
        try:
            key = Secret.from_hex_key(read_secret("Private key (hidden)").reveal_text())
        except ValueError as exc:
            raise WalletError(str(exc)) from None
        passphrase = (
            read_passphrase(passphrase_file, confirm=True) if protect or passphrase_file else None
        )
        info = wallet.import_key(key, label, passphrase)
    elif from_mnemonic:
        mnemonic = read_secret("Mnemonic (hidden)")
        passphrase = (
            read_passphrase(passphrase_file, confirm=True) if protect or passphrase_file else None
        )
        info = wallet.import_mnemonic(mnemonic, hd_path, label, passphrase)
    else:
        assert keystore_file is not None
        try:
            text = keystore_file.read_bytes()
        except OSError as exc:
            raise UsageError(f"Cannot read {keystore_file}: {exc.strerror}") from None
        ks_pass = read_passphrase(keystore_passphrase_file, prompt="Keystore passphrase")
        passphrase = (
            read_passphrase(passphrase_file, confirm=True) if protect or passphrase_file else None
        )
        info = wallet.import_keystore(text, ks_pass, label, passphrase)
    data = info.to_json(wallet.index.active) | {"funded": _fund(actx, info)}
    emit(data, as_json, _show)


@account_group.command("list")
@json_option
@global_options
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """List accounts: address, label, active, protected."""
    wallet = open_wallet(state(ctx).context())
    rows = wallet.to_json()
    emit(rows, as_json, lambda rs: "\n".join(_show(r) for r in rs) or "No accounts yet.")


@account_group.command("use")
@click.argument("ref")
@json_option
@global_options
@click.pass_context
def use(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Make ADDRESS or LABEL the active account."""
    wallet = open_wallet(state(ctx).context())
    info = wallet.use(ref)
    emit(info.to_json(wallet.index.active), as_json, _show)


@account_group.command("label")
@click.argument("ref")
@click.argument("label")
@json_option
@global_options
@click.pass_context
def label_(ctx: click.Context, ref: str, label: str, as_json: bool) -> None:
    """Give ADDRESS (or the account labelled REF) a new LABEL."""
    wallet = open_wallet(state(ctx).context())
    info = wallet.set_label(ref, label)
    emit(info.to_json(wallet.index.active), as_json, _show)


@account_group.command("export")
@click.argument("ref")
@click.option(
    "--keystore",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a V3 keystore here (mode 0600).",
)
@passphrase_file_option
@click.option(
    "--export-passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Passphrase for the exported keystore, from a file.",
)
@json_option
@global_options
@click.pass_context
def export(
    ctx: click.Context,
    ref: str,
    out: Path,
    passphrase_file: Path | None,
    export_passphrase_file: Path | None,
    as_json: bool,
) -> None:
    """Export an account as a V3 keystore (scrypt n=2^18)."""
    wallet = open_wallet(state(ctx).context())
    info = wallet.resolve(ref)
    if out.exists():
        raise UsageError(f"{out} already exists; choose another file.")
    current = (
        read_passphrase(passphrase_file, prompt="Account passphrase") if info.protected else None
    )
    export_pass = read_passphrase(
        export_passphrase_file, prompt="Passphrase for the exported file", confirm=True
    )
    data = wallet.export_keystore(info.address, export_pass, current)
    write_atomic(out, json.dumps(data).encode("utf-8"))
    emit(
        {"address": info.address, "keystore": str(out)}, as_json, lambda d: f"Wrote {d['keystore']}"
    )


def _new_passphrase(path: Path | None) -> Secret:
    """The new passphrase: from its own file, else a confirmed hidden prompt.

    Never from ``--passphrase-fd`` or ``$AGORA_PASSPHRASE_FILE``: those carry the current one,
    and reusing them here would silently "change" a passphrase to itself.
    """
    if path is not None:
        return read_passphrase(path)
    if not _stdin_is_tty():
        raise WalletError(
            "The new passphrase is needed and there is no terminal to ask for it.",
            hint="Use --new-passphrase-file PATH.",
        )
    # Straight to the prompt: read_passphrase would look at the fd and env first.
    return Secret(
        click.prompt(
            "New passphrase", hide_input=True, confirmation_prompt=True, show_default=False
        )
    )


@account_group.command("passphrase")
@click.argument("ref")
@passphrase_file_option
@click.option(
    "--new-passphrase-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The new passphrase, from a file (otherwise a hidden, confirmed prompt).",
)
@click.option(
    "--remove",
    is_flag=True,
    help="Stop asking for a passphrase (keyring accounts only: key files always need one).",
)
@json_option
@global_options
@click.pass_context
def passphrase(
    ctx: click.Context,
    ref: str,
    passphrase_file: Path | None,
    new_passphrase_file: Path | None,
    remove: bool,
    as_json: bool,
) -> None:
    """Add, change or remove an account's passphrase (the key itself does not change)."""
    if remove and new_passphrase_file is not None:
        raise UsageError("Give either --remove or --new-passphrase-file, not both.")
    wallet = open_wallet(state(ctx).context())
    info = wallet.resolve(ref)
    current = (
        read_passphrase(passphrase_file, prompt="Current passphrase") if info.protected else None
    )
    new = None if remove else _new_passphrase(new_passphrase_file)
    updated = wallet.set_passphrase(info.address, current, new)
    emit(
        {"address": updated.address, "protected": updated.protected},
        as_json,
        lambda d: (
            f"{d['address']} "
            + (
                "is protected by the new passphrase."
                if d["protected"]
                else "needs no passphrase now."
            )
        ),
    )


@account_group.command("remove")
@click.argument("ref")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@json_option
@global_options
@click.pass_context
def remove(ctx: click.Context, ref: str, yes: bool, as_json: bool) -> None:
    """Delete an account's key from this machine (export it first if you need it)."""
    wallet = open_wallet(state(ctx).context())
    info = wallet.resolve(ref)
    if not yes:
        if not _stdin_is_tty():
            raise RejectedError("Removing an account needs confirmation.", hint="Pass --yes.")
        if not click.confirm(
            f"Delete the key of {info.address} from this machine? This cannot be undone"
        ):
            raise RejectedError("Nothing was removed.")
    wallet.remove(info.address)
    emit({"removed": info.address}, as_json, lambda d: f"Removed {d['removed']}")


def register(group: click.Group) -> None:
    """Add this area's commands to the `agora` group."""
    group.add_command(account_group)
