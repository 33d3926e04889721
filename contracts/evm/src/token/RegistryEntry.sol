// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title A registry entry packed into one word
/// @notice `status | jurisdiction << 8 | kycExpiry << 24`: status 0 = unregistered,
///         1 = verified, 2 = revoked. The token reads both parties of a transfer as two words.
library RegistryEntry {
    /// @notice Status 1.
    uint8 internal constant VERIFIED = 1;
    /// @notice Status 2.
    uint8 internal constant REVOKED = 2;

    /// @notice Packs the three fields.
    function pack(uint8 status_, uint16 jurisdiction_, uint64 kycExpiry_)
        internal
        pure
        returns (uint256)
    {
        return uint256(status_) | uint256(jurisdiction_) << 8 | uint256(kycExpiry_) << 24;
    }

    /// @notice The status field.
    function status(uint256 entry) internal pure returns (uint8 s) {
        /// @solidity memory-safe-assembly
        assembly {
            s := and(entry, 0xff)
        }
    }

    /// @notice The jurisdiction field.
    function jurisdiction(uint256 entry) internal pure returns (uint16 j) {
        /// @solidity memory-safe-assembly
        assembly {
            j := and(shr(8, entry), 0xffff)
        }
    }

    /// @notice The KYC expiry field.
    function kycExpiry(uint256 entry) internal pure returns (uint64 t) {
        /// @solidity memory-safe-assembly
        assembly {
            t := and(shr(24, entry), 0xffffffffffffffff)
        }
    }
}
