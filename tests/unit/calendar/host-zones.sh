#!/bin/sh
# Runs the calendar and incident SLA tests under three host time zones; they must pass, with the same answers
# (the golden file), under each. Nothing in the calendar may depend on the machine's zone.
set -u
cd "$(dirname "$0")/../../.."
failed=""
for zone in UTC Asia/Kolkata America/Los_Angeles; do
  echo "== TZ=$zone"
  if ! TZ="$zone" npx vitest run tests/unit/calendar tests/unit/incidents; then
    failed="$failed $zone"
  fi
done
if [ -n "$failed" ]; then
  echo "calendar tests failed under:$failed" >&2
  exit 1
fi
echo "calendar tests passed under UTC, Asia/Kolkata and America/Los_Angeles"
