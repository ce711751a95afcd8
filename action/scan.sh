#!/usr/bin/env bash
# The scan step of action.yml (also run by tests/test_integrations.py):
# SARIF for code scanning, rdjson for reviewdog when asked, the text report in
# the log, and the number of findings as the step output `findings`.
# Inputs come as environment variables: GOFIXMAP_ARGS (paths and flags,
# default ./...), GOFIXMAP_NEW_FROM_REV, GOFIXMAP_SARIF (file, default
# gofixmap.sarif), GOFIXMAP_RDJSON (file, empty: none), GOFIXMAP_FAIL_ON_FINDINGS.
set -uo pipefail

read -r -a args <<< "${GOFIXMAP_ARGS:-./...}"
new=()
if [ -n "${GOFIXMAP_NEW_FROM_REV:-}" ]; then
  new=(--new-from-rev "$GOFIXMAP_NEW_FROM_REV")
fi
sarif="${GOFIXMAP_SARIF:-gofixmap.sarif}"

# --exit-zero: a non-zero status is an error (bad input, no such revision)
gofixmap --exit-zero --color never "${new[@]}" "${args[@]}" || exit $?
gofixmap --exit-zero "${new[@]}" --format sarif "${args[@]}" > "$sarif" || exit $?
if [ -n "${GOFIXMAP_RDJSON:-}" ]; then
  gofixmap --exit-zero "${new[@]}" --format rdjson "${args[@]}" > "$GOFIXMAP_RDJSON" || exit $?
fi

findings=$(python3 -c 'import json, sys; print(sum(len(r.get("results", [])) for r in json.load(open(sys.argv[1]))["runs"]))' "$sarif")
echo "gofixmap: $findings finding(s); SARIF in $sarif"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "findings=$findings" >> "$GITHUB_OUTPUT"
  echo "sarif=$sarif" >> "$GITHUB_OUTPUT"
fi
if [ "${GOFIXMAP_FAIL_ON_FINDINGS:-false}" = "true" ] && [ "$findings" -gt 0 ]; then
  exit 1
fi
exit 0
