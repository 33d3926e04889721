// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Tokenrail investor registry
/// @notice One entry per investor (`docs/spec/whitelist.md`); one registry may serve several
///         tokens. An entry is packed into one word: `status | jurisdiction << 8 |
///         kycExpiry << 24` (status 0 = unregistered, 1 = verified, 2 = revoked).
/// @dev The registry is the source of truth and pushes every entry change to the tokens bound
///      to it (`bindToken`), in the same transaction; each token keeps the entries of its
///      holders next to their restrictions, so a transfer reads no other contract.
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
    /// @notice `token` now receives every entry change.
    event TokenBound(address indexed token);
    /// @notice `token` no longer receives entry changes; `reset` says whether it acknowledged
    ///         (and so reads every investor as unregistered from now on).
    event TokenUnbound(address indexed token, bool reset);

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
    /// @notice Code 36: `token` is not bound to this registry.
    error NotBound(address token);
    /// @notice Code 37: `token` cannot be bound: it names another registry, is bound already, or
    ///         the registry serves `MAX_TOKENS` tokens.
    error BindingRefused(address token);

    /// @notice Adds or updates entries, all or nothing (registry agents only).
    /// @param investors The investors.
    /// @param entries Their entries (status 1 or 2).
    function upsert(address[] calldata investors, Entry[] calldata entries) external;

    /// @notice Removes entries, all or nothing (registry agents only).
    /// @param investors The investors.
    function remove(address[] calldata investors) external;

    /// @notice Starts pushing entry changes to `token` (registry admin only). The token must
    ///         name this registry; it forgets every entry it mirrored before, so its holders
    ///         read as unregistered until `syncInvestors` pushes their entries.
    /// @param token A token implementing `ITokenrailRegistryMirror`.
    function bindToken(address token) external;

    /// @notice Stops pushing entry changes to `token` (registry admin only) and tells it to
    ///         forget every mirrored entry, so it fails safe instead of trusting stale ones.
    /// @param token A bound token.
    function unbindToken(address token) external;

    /// @notice Pushes the current entries of `investors` (zero for the unregistered) to a bound
    ///         `token`. Anyone may call it: it only copies the truth (used to backfill a token
    ///         bound after its investors were registered).
    /// @param token A bound token.
    /// @param investors At most `MAX_BATCH` investors.
    function syncInvestors(address token, address[] calldata investors) external;

    /// @notice The tokens this registry pushes entry changes to.
    function boundTokens() external view returns (address[] memory);

    /// @notice The entry of `investor` (all zero when unregistered).
    function entryOf(address investor) external view returns (Entry memory);

    /// @notice The packed entries of both parties of a transfer, in one call.
    function packedEntries(address a, address b) external view returns (uint256, uint256);

    /// @notice Whether `investor` is verified and its KYC has not expired.
    function isEligible(address investor) external view returns (bool);
}
