// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Tokenrail investor registry
/// @notice One entry per investor (`docs/spec/whitelist.md`); one registry may serve several
///         tokens. An entry is packed into one word: `status | jurisdiction << 8 |
///         kycExpiry << 24` (status 0 = unregistered, 1 = verified, 2 = revoked), which is what
///         tokens read on every transfer.
interface ITokenrailIdentityRegistry {
    /// @notice An investor entry.
    struct Entry {
        /// 1 = verified, 2 = revoked (0, unregistered, is never stored).
        uint8 status;
        /// ISO 3166-1 numeric code, 1–999.
        uint16 jurisdiction;
        /// Unix seconds; the KYC is expired from then on.
        uint64 kycExpiry;
    }

    /// @notice An entry was added or changed.
    event InvestorUpdated(
        address indexed investor, uint8 status, uint16 jurisdiction, uint64 kycExpiry
    );
    /// @notice An entry was removed.
    event InvestorRemoved(address indexed investor);

    /// @notice Code 29: the status at `index` is neither 1 (verified) nor 2 (revoked).
    error InvalidStatus(uint256 index);
    /// @notice Code 30: jurisdiction 0 or above 999 at `index`.
    error InvalidJurisdiction(uint256 index);
    /// @notice Code 31: a verified entry whose KYC already expired, at `index`.
    error InvalidExpiry(uint256 index);
    /// @notice Code 32: removing an address without an entry, at `index`.
    error NotRegistered(uint256 index);
    /// @notice Code 26: more than 100 entries in one batch.
    error MaxBatch(uint256 length);
    /// @notice Code 24: `investors` and `entries` differ in length.
    error LengthMismatch();

    /// @notice Adds or updates entries, all or nothing (registry agents only).
    /// @param investors The investors.
    /// @param entries Their entries (status 1 or 2).
    function upsert(address[] calldata investors, Entry[] calldata entries) external;

    /// @notice Removes entries, all or nothing (registry agents only).
    /// @param investors The investors.
    function remove(address[] calldata investors) external;

    /// @notice The entry of `investor` (all zero when unregistered).
    function entryOf(address investor) external view returns (Entry memory);

    /// @notice The packed entries of both parties of a transfer, in one call.
    function packedEntries(address a, address b) external view returns (uint256, uint256);

    /// @notice Whether `investor` is verified and its KYC has not expired.
    function isEligible(address investor) external view returns (bool);
}
