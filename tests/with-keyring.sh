#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked GNOME Keyring, so the
# keyring tests talk to the real Secret Service without touching the developer's own keyring.
# On Debian as root it installs the packages it needs (CI), Chromium included; elsewhere (macOS
# Keychain, Windows, a Linux box without gnome-keyring) it runs the command as is and keyring
# tests skip themselves.
set -euo pipefail

if [ "$(uname)" = Linux ] && [ -z "${AGORA_KEYRING_SESSION:-}" ]; then
  need=()
  command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
  command -v dbus-run-session >/dev/null || need+=(dbus)
  command -v tmux >/dev/null || need+=(tmux)
  # The real-browser test of `agora serve` (tests/web/test_browser.py) drives Debian's Chromium;
  # Playwright's own browser download is not used.
  command -v chromium >/dev/null || need+=(chromium)
  if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "with-keyring: installing ${need[*]}" >&2
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
      echo "with-keyring: ${need[*]} not installed; keyring tests will be skipped" >&2
    fi
  fi
  if command -v gnome-keyring-daemon >/dev/null && command -v dbus-run-session >/dev/null; then
    export AGORA_KEYRING_SESSION=1
    exec dbus-run-session -- bash "$0" "$@"
  fi
  exec "$@"
fi

if [ -n "${AGORA_KEYRING_SESSION:-}" ]; then
  # A throwaway keyring directory: never the user's login keyring.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf 'agora-test' | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  export AGORA_TEST_REAL_KEYRING=1
  "$@"
  exit $?
fi
exec "$@"
