// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "../test/utils/Vm.sol";
import {TokenrailChannel} from "../src/channel/TokenrailChannel.sol";

/// @notice Deploys the payment-channel contract. No constructor arguments and no owner; the
///         EIP-712 domain binds the chain id and this deployment's address.
///         forge script script/DeployChannel.s.sol --rpc-url <url> --private-key <key> --broadcast
contract DeployChannel {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Broadcasts the deployment and returns the new channel contract.
    function run() external returns (TokenrailChannel channel) {
        vm.startBroadcast();
        channel = new TokenrailChannel();
        vm.stopBroadcast();
    }
}
