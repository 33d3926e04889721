// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";

/// @notice Minimal test base: the cheatcode handle, assertions that revert with a message, and the
///         invariant-target hooks forge reads.
abstract contract Test {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    address[] private _targetContracts;
    bytes4[] private _targetSelectorsList;

    error AssertionFailed(string message);
    error AssertionFailedUint(string message, uint256 left, uint256 right);
    error AssertionFailedString(string message, string left, string right);

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) revert AssertionFailed(message);
    }

    function assertEq(uint256 left, uint256 right, string memory message) internal pure {
        if (left != right) revert AssertionFailedUint(message, left, right);
    }

    function assertEq(address left, address right, string memory message) internal pure {
        if (left != right) revert AssertionFailedUint(message, uint160(left), uint160(right));
    }

    function assertEq(bytes32 left, bytes32 right, string memory message) internal pure {
        if (left != right) revert AssertionFailedUint(message, uint256(left), uint256(right));
    }

    function assertEq(string memory left, string memory right, string memory message)
        internal
        pure
    {
        if (keccak256(bytes(left)) != keccak256(bytes(right))) {
            revert AssertionFailedString(message, left, right);
        }
    }

    /// @dev Clamps `x` into [min, max] without discarding fuzz runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (max < min) revert AssertionFailed("bound: max < min");
        uint256 size = max - min + 1;
        return size == 0 ? x : min + (x % size);
    }

    function targetContract(address target) internal {
        _targetContracts.push(target);
    }

    /// @notice Read by forge's invariant engine.
    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }
}
