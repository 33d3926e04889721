// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "../test/utils/Vm.sol";
import {TokenrailEscrow} from "../src/escrow/TokenrailEscrow.sol";

/// @notice Deploys the escrow. The contract has no constructor arguments and no owner.
///         forge script script/DeployEscrow.s.sol --rpc-url <url> --private-key <key> --broadcast
contract DeployEscrow {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Broadcasts the deployment and returns the new escrow.
    function run() external returns (TokenrailEscrow escrow) {
        vm.startBroadcast();
        escrow = new TokenrailEscrow();
        vm.stopBroadcast();
    }
}
