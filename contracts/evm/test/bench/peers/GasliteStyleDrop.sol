// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice Benchmark peer only: the algorithm of GasliteDrop's `airdropERC20` (the best known
///         ERC-20 multi-send), written here for a same-run comparison. It pulls the total once and
///         pays each recipient with a bare assembly `transfer`, validating nothing: no zero amounts,
///         duplicates or totals are checked. That makes it the floor a validating multi-send is
///         measured against, not something to deploy.
contract GasliteStyleDrop {
    function airdropERC20(
        address token,
        address[] calldata recipients,
        uint256[] calldata amounts,
        uint256 total
    ) external {
        /// @solidity memory-safe-assembly
        assembly {
            let ptr := mload(0x40)
            // transferFrom(caller(), address(), total)
            mstore(ptr, 0x23b872dd00000000000000000000000000000000000000000000000000000000)
            mstore(add(ptr, 0x04), caller())
            mstore(add(ptr, 0x24), address())
            mstore(add(ptr, 0x44), total)
            if iszero(call(gas(), token, 0, ptr, 0x64, 0, 0)) { revert(0, 0) }
            // transfer(to, amount) for each recipient
            mstore(ptr, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
            for { let i := 0 } lt(i, recipients.length) { i := add(i, 1) } {
                mstore(add(ptr, 0x04), calldataload(add(recipients.offset, shl(5, i))))
                mstore(add(ptr, 0x24), calldataload(add(amounts.offset, shl(5, i))))
                if iszero(call(gas(), token, 0, ptr, 0x44, 0, 0)) { revert(0, 0) }
            }
        }
    }
}
