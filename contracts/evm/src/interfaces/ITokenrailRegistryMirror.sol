// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITokenrailIdentityRegistry} from "./ITokenrailIdentityRegistry.sol";

/// @title The token side of a registry binding
/// @notice A token that keeps its holders' registry entries itself, written only by its registry
///         (`ITokenrailIdentityRegistry.bindToken`), so that a transfer reads no other contract.
interface ITokenrailRegistryMirror {
    /// @notice The registry whose entries this token mirrors.
    function registry() external view returns (ITokenrailIdentityRegistry);

    /// @notice Overwrites the mirrored entries of `investors` (registry only).
    /// @param investors The investors.
    /// @param entries Their packed registry entries (`RegistryEntry`; 0 = unregistered).
    function mirrorEntries(address[] calldata investors, uint256[] calldata entries) external;

    /// @notice Forgets every mirrored entry at once (registry only, on bind and unbind).
    /// @return live False once the token can mirror no more (its generations are used up): it
    ///         then trusts no entry, for good, and a registry must not bind it.
    function resetRegistryMirror() external returns (bool live);
}
