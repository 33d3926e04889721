// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ERC-1404 (Simple Restricted Token Standard)
/// @notice The restriction interface wallets and exchanges query before a transfer: a numbered
///         reason (0 for none) and a human-readable message for each number.
interface IERC1404 {
    /// @notice The restriction code of `value` moving from `from` to `to` now; 0 if it may move.
    function detectTransferRestriction(address from, address to, uint256 value)
        external
        view
        returns (uint8);

    /// @notice The message that explains `restrictionCode`.
    function messageForTransferRestriction(uint8 restrictionCode)
        external
        view
        returns (string memory);
}
