// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ERC-7943 (uRWA), fungible flavour
/// @notice The compliance surface the ERC standardises for ERC-20 real-world-asset tokens:
///         eligibility views, frozen amounts, and an authorised forced transfer.
interface IERC7943Fungible is IERC165 {
    /// @notice `amount` was taken from `from` and given to `to` by an authorised account.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    /// @notice The frozen amount of `account` is now `amount`.
    event Frozen(address indexed account, uint256 amount);

    /// @notice `account` may not send.
    error ERC7943CannotSend(address account);
    /// @notice `account` may not receive.
    error ERC7943CannotReceive(address account);
    /// @notice The transfer breaks a rule.
    error ERC7943CannotTransfer(address from, address to, uint256 amount);
    /// @notice `amount` exceeds the `unfrozen` part of `account`'s balance.
    error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen);

    /// @notice Moves `amount` from `from` to `to`, bypassing the transfer rules (authorised only).
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool);

    /// @notice Sets the frozen part of `account`'s balance (authorised only).
    function setFrozenTokens(address account, uint256 amount) external returns (bool);

    /// @notice Whether `account` may send at all now.
    function canSend(address account) external view returns (bool);

    /// @notice Whether `account` may receive at all now.
    function canReceive(address account) external view returns (bool);

    /// @notice The frozen part of `account`'s balance.
    function getFrozenTokens(address account) external view returns (uint256);

    /// @notice Whether `transfer(to, amount)` signed by `from` would succeed now.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool);
}
