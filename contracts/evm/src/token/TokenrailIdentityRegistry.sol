// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ITokenrailIdentityRegistry} from "../interfaces/ITokenrailIdentityRegistry.sol";
import {ITokenrailRegistryMirror} from "../interfaces/ITokenrailRegistryMirror.sol";
import {TokenrailRoles} from "../access/TokenrailRoles.sol";
import {RegistryEntry} from "./RegistryEntry.sol";

/// @title Tokenrail investor registry
/// @notice Investor entries (status, jurisdiction, KYC expiry) kept by registry agents, serving
///         any number (up to `MAX_TOKENS`) of Tokenrail asset tokens. See
///         `docs/spec/whitelist.md`.
/// @dev Every entry change is pushed, in the same transaction, to each bound token, which keeps
///      the entries of its holders in the same storage word as their restrictions: a transfer
///      then reads no other contract (the registry's cold account and two cold entries would
///      cost a whitelisted transfer 6,800 gas more). A push that fails reverts the change, so a
///      bound token never holds a stale entry.
contract TokenrailIdentityRegistry is ITokenrailIdentityRegistry, TokenrailRoles {
    /// @notice The role that writes entries.
    bytes32 public constant REGISTRY_AGENT = keccak256("REGISTRY_AGENT");
    /// @notice Largest batch.
    uint256 public constant MAX_BATCH = 100;
    /// @notice Most tokens one registry serves: each entry change costs one storage write in
    ///         every bound token, and a full batch of new investors must stay below the
    ///         2^24 gas that one transaction may use on Ethereum (EIP-7825): 12.1M at 4 (bench).
    uint256 public constant MAX_TOKENS = 4;
    uint8 internal constant VERIFIED = RegistryEntry.VERIFIED;
    uint8 internal constant REVOKED = RegistryEntry.REVOKED;

    mapping(address investor => uint256) private _packed;
    address[] private _tokens;

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
        uint256[] memory packed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            Entry calldata e = entries[i];
            uint256 p = RegistryEntry.pack(e.status, e.jurisdiction, e.kycExpiry);
            _packed[investors[i]] = p;
            packed[i] = p;
            emit InvestorUpdated(investors[i], e.status, e.jurisdiction, e.kycExpiry);
        }
        _push(investors, packed);
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
        // Zero words: every bound token reads these investors as unregistered.
        _push(investors, new uint256[](n));
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function bindToken(address token) external onlyAdmin {
        if (_tokens.length == MAX_TOKENS || _indexOf(token) != type(uint256).max) {
            revert BindingRefused(token);
        }
        // A token that names another registry would refuse every push; one that is not a
        // contract has no `registry()`, and the call reverts.
        if (token.code.length == 0) revert BindingRefused(token);
        if (address(ITokenrailRegistryMirror(token).registry()) != address(this)) {
            revert BindingRefused(token);
        }
        _tokens.push(token);
        // Entries the token may have mirrored under an earlier binding are stale by now; a token
        // that can mirror no more would trust nobody, so it is not bound.
        if (!ITokenrailRegistryMirror(token).resetRegistryMirror()) revert BindingRefused(token);
        emit TokenBound(token);
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function unbindToken(address token) external onlyAdmin {
        uint256 i = _indexOf(token);
        if (i == type(uint256).max) revert NotBound(token);
        _tokens[i] = _tokens[_tokens.length - 1];
        _tokens.pop();
        // A token that refuses the reset must not be able to keep itself bound (and so block
        // every entry change); the event records whether it acknowledged.
        // A low-level call: `try` would revert here on return data that does not decode.
        (bool reset,) = token.call(abi.encodeCall(ITokenrailRegistryMirror.resetRegistryMirror, ()));
        emit TokenUnbound(token, reset);
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function syncInvestors(address token, address[] calldata investors) external {
        if (_indexOf(token) == type(uint256).max) revert NotBound(token);
        uint256 n = investors.length;
        if (n > MAX_BATCH) revert MaxBatch(n);
        uint256[] memory packed = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            packed[i] = _packed[investors[i]];
        }
        ITokenrailRegistryMirror(token).mirrorEntries(investors, packed);
    }

    /// @inheritdoc ITokenrailIdentityRegistry
    function boundTokens() external view returns (address[] memory) {
        return _tokens;
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

    /// @dev Sends the new words to every bound token; any refusal reverts the whole change.
    function _push(address[] calldata investors, uint256[] memory packed) internal {
        uint256 t = _tokens.length;
        for (uint256 i; i < t; ++i) {
            ITokenrailRegistryMirror(_tokens[i]).mirrorEntries(investors, packed);
        }
    }

    /// @dev The position of `token` in `_tokens`, or `type(uint256).max`.
    function _indexOf(address token) internal view returns (uint256) {
        uint256 t = _tokens.length;
        for (uint256 i; i < t; ++i) {
            if (_tokens[i] == token) return i;
        }
        return type(uint256).max;
    }
}
