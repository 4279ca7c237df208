#!/usr/bin/env bash
# Records the importer's capture fixtures (src/importers/testdata) from real loopback traffic:
# scripts/fixture-traffic.ts runs a `ws` server and client through a fixed script while
# tshark or tcpdump (Debian's packages; run as root) capture it. Then derives the classic-pcap
# and hand-corrupted variants. The output is committed; rerun after changing the script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/importers/testdata
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

traffic() { node --import tsx scripts/fixture-traffic.ts "$@"; }

# capture FILE TOOL FILTER -- TRAFFIC ARGS: starts the capture, waits until it listens, runs the
# traffic, then stops the capture by its own PID.
capture() {
  local file=$1 tool=$2 iface=$3 port=$4; shift 4
  local log="$work/capture.log"
  if [ "$tool" = tshark ]; then
    tshark -i "$iface" -f "tcp port $port" -w "$work/raw" >"$log" 2>&1 &
  else
    tcpdump -i "$iface" -y "$tool" -U -w "$work/raw" "tcp port $port" >"$log" 2>&1 &
  fi
  local pid=$!
  for _ in $(seq 100); do grep -qiE 'capturing on|listening on' "$log" && break; sleep 0.1; done
  # The tools announce themselves a moment before the filter is in place.
  sleep 1
  traffic --port "$port" "$@"
  sleep 0.5
  kill -INT "$pid"
  wait "$pid" || true
  mv "$work/raw" "$out/$file"
  echo "recorded $out/$file ($(stat -c %s "$out/$file") bytes)"
}

capture ws-plain.pcapng tshark lo 18081 --expected "$out/expected-messages.json"
capture ws-deflate.pcapng tshark lo 18082 --deflate
capture ws-ipv6-deflate.pcapng tshark lo 18083 --host ::1 --deflate
capture ws-any-sll.pcap LINUX_SLL any 18084
capture ws-any-sll2.pcap LINUX_SLL2 any 18085 --deflate

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 1 -subj /CN=wsinspect.test 2>/dev/null
capture wss-tls.pcapng tshark lo 18086 --tls "$work"

# Classic pcap, microsecond and nanosecond timestamps.
editcap -F pcap "$out/ws-plain.pcapng" "$out/ws-plain.pcap"
editcap -F nsecpcap "$out/ws-deflate.pcapng" "$out/ws-deflate-nsec.pcap"

# Hand-corrupted variants (truncated file, bad block length, reordered/duplicated/overlapping segments).
node --import tsx scripts/corrupt-fixtures.ts "$out"
