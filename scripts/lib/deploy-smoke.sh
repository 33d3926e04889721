#!/usr/bin/env bash
# Deploys the EVM contracts with their forge scripts (escrow, channel) to a throwaway anvil node
# and checks the deployed code, so deployment is tested with the real toolchain rather than assumed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
port=$((20000 + RANDOM % 20000))
"$ANVIL" --port "$port" --silent &
anvil_pid=$!
trap 'kill $anvil_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  "$CAST" chain-id --rpc-url "http://127.0.0.1:$port" >/dev/null 2>&1 && break
  sleep 0.1
done
# anvil's first well-known development key.
key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
cd "$ROOT/contracts/evm"
"$FORGE" script script/DeployEscrow.s.sol --rpc-url "http://127.0.0.1:$port" \
  --private-key "$key" --broadcast > /dev/null
address=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["transactions"][0]["contractAddress"])' \
  broadcast/DeployEscrow.s.sol/31337/run-latest.json)
code=$("$CAST" code "$address" --rpc-url "http://127.0.0.1:$port")
[ "${#code}" -gt 100 ] || die "no code at $address"
count=$("$CAST" call "$address" "escrowCount()(uint256)" --rpc-url "http://127.0.0.1:$port")
[ "$count" = "0" ] || die "escrowCount() returned $count"
rm -rf broadcast cache/DeployEscrow.s.sol
log "deploy-smoke: TokenrailEscrow deployed at $address ($(( (${#code} - 2) / 2 )) bytes of code)"

"$FORGE" script script/DeployChannel.s.sol --rpc-url "http://127.0.0.1:$port" \
  --private-key "$key" --broadcast > /dev/null
address=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["transactions"][0]["contractAddress"])' \
  broadcast/DeployChannel.s.sol/31337/run-latest.json)
period=$("$CAST" call "$address" "MIN_PERIOD()(uint32)" --rpc-url "http://127.0.0.1:$port")
[ "$period" = "3600" ] || die "MIN_PERIOD() returned $period"
code=$("$CAST" code "$address" --rpc-url "http://127.0.0.1:$port")
rm -rf broadcast cache/DeployChannel.s.sol
log "deploy-smoke: TokenrailChannel deployed at $address ($(( (${#code} - 2) / 2 )) bytes of code)"
