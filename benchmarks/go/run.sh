#!/usr/bin/env bash
# Runs main.go with the `go` on PATH and writes its JSON to $1 (default go.json). Optional:
# on Debian, `apt-get install golang-go` gives Go 1.19; the workbook never requires Go.
set -euo pipefail
out="$(realpath -m "${1:-go.json}")"
cd "$(dirname "$0")"
GOFLAGS=-mod=mod GO111MODULE=off go run main.go > "$out"
echo "Go results: $out ($(go version))"
