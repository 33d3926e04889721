// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITokenrailIdentityRegistry} from "../interfaces/ITokenrailIdentityRegistry.sol";
import {TokenrailRoles} from "../access/TokenrailRoles.sol";
import {RegistryEntry} from "./RegistryEntry.sol";

/// @title Tokenrail investor registry
/// @notice Investor entries (status, jurisdiction, KYC expiry) kept by registry agents, read by
///         any number of Tokenrail asset tokens. See `docs/spec/whitelist.md`.
contract TokenrailIdentityRegistry is ITokenrailIdentityRegistry, TokenrailRoles {
    /// @notice The role that writes entries.
    bytes32 public constant REGISTRY_AGENT = keccak256("REGISTRY_AGENT");
    /// @notice Largest batch.
    uint256 public constant MAX_BATCH = 100;
    uint8 internal constant VERIFIED = RegistryEntry.VERIFIED;
    uint8 internal constant REVOKED = RegistryEntry.REVOKED;

    mapping(address investor => uint256) private _packed;

    /// @param initialAdmin The registry admin (holds no other role).
    constructor(address initialAdmin) TokenrailRoles(initialAdmin) {}

    /// @inheritdoc ITokenrailIdentityRegistry
    function upsert(address[] calldata investors, Entry[] calldata entries)
        external
        onlyRole(REGISTRY_AGENT)
    {
        uint256 n = investors.length;
        if (n != entries.length) revert LengthMismatch();
        if (n > MAX_BATCH) revert MaxBatch(n);
        // Validate everything first: a failing entry leaves the registry untouched.
        for (uint256 i; i < n; ++i) {
            Entry calldata e = entries[i];
            if (investors[i] == address(0)) revert InvalidAddress(investors[i]);
            if (e.status != VERIFIED && e.status != REVOKED) revert InvalidStatus(i);
            if (e.jurisdiction == 0 || e.jurisdiction > 999) revert InvalidJurisdiction(i);
            if (e.status == VERIFIED && e.kycExpiry <= block.timestamp) revert InvalidExpiry(i);
        }
        for (uint256 i; i < n; ++i) {
            Entry calldata e = entries[i];
            _packed[investors[i]] =
                uint256(e.status) | uint256(e.jurisdiction) << 8 | uint256(e.kycExpiry) << 24;
            emit InvestorUpdated(investors[i], e.status, e.jurisdiction, e.kycExpiry);
        }
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function remove(address[] calldata investors) external onlyRole(REGISTRY_AGENT) {
        uint256 n = investors.length;
        if (n > MAX_BATCH) revert MaxBatch(n);
        for (uint256 i; i < n; ++i) {
            if (_packed[investors[i]] == 0) revert NotRegistered(i);
        }
        for (uint256 i; i < n; ++i) {
            delete _packed[investors[i]];
            emit InvestorRemoved(investors[i]);
        }
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function entryOf(address investor) external view returns (Entry memory) {
        uint256 p = _packed[investor];
        return
            Entry(
                RegistryEntry.status(p), RegistryEntry.jurisdiction(p), RegistryEntry.kycExpiry(p)
            );
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function packedEntries(address a, address b) external view returns (uint256, uint256) {
        return (_packed[a], _packed[b]);
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function isEligible(address investor) external view returns (bool) {
        uint256 p = _packed[investor];
        return RegistryEntry.status(p) == VERIFIED && block.timestamp < RegistryEntry.kycExpiry(p);
    }
}
