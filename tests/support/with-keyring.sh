#!/bin/sh
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so the
# keychain tests use a real Secret Service and never touch the user's own keyring.
# Usage: tests/support/with-keyring.sh vitest run
set -eu

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: $tool is not installed; install dbus and gnome-keyring (apt-get install dbus dbus-x11 gnome-keyring libsecret-1-dev)" >&2
    exit 1
  fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/watchfloor-keyring.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
mkdir -m 700 "$scratch/home" "$scratch/run"

# A fresh HOME and runtime dir: the keyring files and control socket live there, not in the user's.
HOME="$scratch/home" XDG_RUNTIME_DIR="$scratch/run" XDG_DATA_HOME="$scratch/home/.local/share" \
  dbus-run-session -- sh -c '
    printf "watchfloor-test\n" | gnome-keyring-daemon --unlock --replace --components=secrets >/dev/null 2>&1 || {
      echo "with-keyring: gnome-keyring-daemon did not start" >&2
      exit 1
    }
    exec "$@"
  ' with-keyring "$@"
