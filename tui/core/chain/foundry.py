"""Finding and running Foundry's anvil (the embedded devnet) and cast.

We run the platform binary from ``node_modules/@foundry-rs/<tool>-<os>-<arch>/bin`` rather
than the ``node_modules/.bin`` wrapper: the 1.7.1 wrappers are node scripts that do not pass the
tool's exit code back.
"""

from __future__ import annotations

import os
import platform
import shutil
import socket
import subprocess
import time
from pathlib import Path

from tui.core.errors import DevnetError

INSTALL_HINT = (
    "Install it with `npm ci` in the Agora checkout (it provides @foundry-rs/anvil), "
    "or `npm install -g @foundry-rs/anvil`, or Foundry's installer (foundryup), "
    "or set AGORA_ANVIL to the anvil binary."
)

_OS = {"linux": "linux", "darwin": "darwin", "windows": "win32"}
_ARCH = {"x86_64": "amd64", "amd64": "amd64", "arm64": "arm64", "aarch64": "arm64"}


def _platform_package(tool: str) -> str:
    os_name = _OS.get(platform.system().lower(), platform.system().lower())
    arch = _ARCH.get(platform.machine().lower(), platform.machine().lower())
    return f"{tool}-{os_name}-{arch}"


def _node_modules_roots() -> list[Path]:
    here = Path(__file__).resolve()
    roots = [parent / "node_modules" for parent in here.parents]
    roots.append(Path.cwd() / "node_modules")
    return roots


def find_tool(tool: str) -> Path:
    """Locate a Foundry binary (``anvil`` or ``cast``) or raise DevnetError saying how to get it.

    Looks at ``$AGORA_<TOOL>``, the project's ``node_modules``, ``PATH`` and ``~/.foundry/bin``.
    """
    exe = f"{tool}.exe" if platform.system() == "Windows" else tool
    override = os.environ.get(f"AGORA_{tool.upper()}")
    if override:
        path = Path(override).expanduser()
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise DevnetError(f"AGORA_{tool.upper()}={override} is not an executable file.")
    pkg = _platform_package(tool)
    for root in _node_modules_roots():
        candidate = root / "@foundry-rs" / pkg / "bin" / exe
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which(exe)
    if on_path:
        return Path(on_path)
    foundry = Path.home() / ".foundry" / "bin" / exe
    if foundry.is_file() and os.access(foundry, os.X_OK):
        return foundry
    hint = INSTALL_HINT if tool == "anvil" else INSTALL_HINT.replace("anvil", tool)
    raise DevnetError(f"{tool} was not found.", hint=hint)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago on ``host``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_open(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class AnvilProcess:
    """One anvil child process on loopback."""

    def __init__(
        self,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        chain_id: int = 31337,
        args: list[str] | None = None,
        log_path: Path | None = None,
        detach: bool = False,
    ) -> None:
        self.binary = find_tool("anvil")
        self.host = host
        self.port = port or free_port(host)
        self.chain_id = chain_id
        self.args = args or []
        self.log_path = log_path
        self.detach = detach
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def command(self) -> list[str]:
        return [
            str(self.binary),
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--chain-id",
            str(self.chain_id),
            *self.args,
        ]

    def start(self, timeout: float = 30.0) -> AnvilProcess:
        """Start anvil and wait until it accepts connections."""
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                self.command(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=self.detach,
            )
        except OSError as exc:
            raise DevnetError(f"Cannot start anvil ({self.binary}): {exc.strerror}") from None
        finally:
            if self.log_path and hasattr(out, "close"):
                out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                where = f" See {self.log_path}." if self.log_path else ""
                raise DevnetError(f"anvil exited at start (code {self.proc.returncode}).{where}")
            if port_open(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise DevnetError(f"anvil did not start listening on {self.url} within {timeout:.0f} s.")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop anvil gracefully (SIGTERM lets it dump its state), then forcefully."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout)
