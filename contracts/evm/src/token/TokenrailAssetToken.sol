// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";

import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {ITokenrailIdentityRegistry} from "../interfaces/ITokenrailIdentityRegistry.sol";
import {TokenrailRoles} from "../access/TokenrailRoles.sol";
import {RegistryEntry} from "./RegistryEntry.sol";

/// @title Tokenrail asset token
/// @notice An issuer-controlled ERC-20 (with EIP-2612 permit) for a tokenized real-world asset:
///         roles, a supply cap, pause, account and partial freezes, lock-ups, forced transfer and
///         recovery, and metadata naming the legal document. Every ERC-20 path runs the checks
///         of `docs/spec/token.md` in one place (`_update`), against the investor registry and
///         this token's rules (`docs/spec/whitelist.md`). Implements ERC-7943 (uRWA).
/// @dev `transferStatus` and the transfer share `_transferStatus`, so the dry run always answers
///      the code the transfer would revert with. Redemption, forced transfer and recovery are
///      the documented bypasses and move balances through `_move` directly.
contract TokenrailAssetToken is ERC20, ERC20Permit, ERC165, TokenrailRoles, IERC7943Fungible {
    /// @notice Mints and redeems.
    bytes32 public constant ISSUER = keccak256("ISSUER");
    /// @notice Sets rules, freezes, lock-ups; forces transfers; recovers.
    bytes32 public constant COMPLIANCE_AGENT = keccak256("COMPLIANCE_AGENT");
    /// @notice Pauses and unpauses.
    bytes32 public constant PAUSER = keccak256("PAUSER");
    /// @notice Largest batch transfer.
    uint256 public constant MAX_BATCH = 100;
    /// @notice Largest jurisdiction list.
    uint256 public constant MAX_JURISDICTIONS = 32;

    // Reason codes (docs/spec/token.md).
    uint8 internal constant OK = 0;
    uint8 internal constant ZERO_AMOUNT = 3;
    uint8 internal constant PAUSED = 4;
    uint8 internal constant SENDER_FROZEN = 5;
    uint8 internal constant RECIPIENT_FROZEN = 6;
    uint8 internal constant LOCKED_UP = 7;
    uint8 internal constant INSUFFICIENT_BALANCE = 8;
    uint8 internal constant INSUFFICIENT_UNFROZEN = 9;
    uint8 internal constant SENDER_NOT_VERIFIED = 10;
    uint8 internal constant SENDER_KYC_EXPIRED = 11;
    uint8 internal constant RECIPIENT_NOT_VERIFIED = 12;
    uint8 internal constant RECIPIENT_KYC_EXPIRED = 13;
    uint8 internal constant JURISDICTION_NOT_ALLOWED = 14;
    uint8 internal constant MAX_BALANCE_EXCEEDED = 15;
    uint8 internal constant MAX_HOLDERS_REACHED = 16;
    uint8 internal constant CAP_EXCEEDED = 17;

    /// @notice Code 3.
    error ZeroAmount();
    /// @notice Code 4.
    error Paused();
    /// @notice Code 5.
    error SenderFrozen(address account);
    /// @notice Code 6.
    error RecipientFrozen(address account);
    /// @notice Code 7.
    error LockedUp(address account);
    /// @notice Code 8.
    error InsufficientBalance(address account, uint256 amount);
    /// @notice Code 9.
    error InsufficientUnfrozenBalance(address account, uint256 amount);
    /// @notice Code 10.
    error SenderNotVerified(address account);
    /// @notice Code 11.
    error SenderKycExpired(address account);
    /// @notice Code 12.
    error RecipientNotVerified(address account);
    /// @notice Code 13.
    error RecipientKycExpired(address account);
    /// @notice Code 14.
    error JurisdictionNotAllowed(address account);
    /// @notice Code 15.
    error MaxBalanceExceeded(address account);
    /// @notice Code 16.
    error MaxHoldersReached();
    /// @notice Code 17.
    error CapExceeded(uint256 cap);
    /// @notice Code 19.
    error FreezeExceedsBalance(address account, uint256 amount);
    /// @notice Code 21.
    error NotPaused();
    /// @notice Code 22.
    error InvalidMetadata();
    /// @notice Code 24.
    error LengthMismatch();
    /// @notice Code 25.
    error EmptyBatch();
    /// @notice Code 26.
    error MaxBatch(uint256 length);
    /// @notice Code 27.
    error RecoveryTargetHolds(address account);
    /// @notice Code 33.
    error InvalidRules();

    /// @notice The token was paused.
    event TokenPaused(address indexed by);
    /// @notice The token was unpaused.
    event TokenUnpaused(address indexed by);
    /// @notice `account` was frozen or unfrozen as a whole.
    event AccountFrozen(address indexed account, bool frozen);
    /// @notice `account` cannot send before `until` (0: no lock-up).
    event LockupSet(address indexed account, uint64 until);
    /// @notice The issuer burned `amount` from `from`.
    event Redeemed(address indexed issuer, address indexed from, uint256 amount);
    /// @notice Everything of `lost` moved to `recovered`.
    event Recovered(address indexed lost, address indexed recovered, uint256 amount);
    /// @notice The metadata changed.
    event MetadataUpdated(string uri, bytes32 legalDocumentHash);
    /// @notice The compliance rules changed.
    event RulesUpdated(
        uint16[] allowedJurisdictions,
        uint16[] blockedJurisdictions,
        uint32 maxHolders,
        uint256 maxBalance,
        bool expiredKycBlocksSending
    );

    /// @notice The largest total supply.
    uint256 public immutable cap;
    /// @notice The investor registry this token consults.
    ITokenrailIdentityRegistry public immutable registry;
    uint8 private immutable _decimals;

    /// @notice Where the asset's documents are.
    string public metadataURI;
    /// @notice SHA-256 of the legal document the token represents.
    bytes32 public legalDocumentHash;
    /// @notice The per-investor balance limit (0: none).
    uint256 public maxBalance;

    /// @dev Hot configuration, read on every transfer: one storage slot.
    struct Config {
        bool paused;
        bool expiredKycBlocksSending;
        bool hasAllowList;
        bool hasBlockList;
        bool hasMaxBalance;
        uint32 maxHolders;
        uint32 holders;
    }

    /// @dev Per-holder restrictions: one storage slot.
    struct Holder {
        bool accountFrozen;
        uint64 lockedUntil;
        uint128 frozen;
    }

    Config private _config;
    mapping(address account => Holder) private _holder;
    mapping(uint16 jurisdiction => uint8) private _listed; // 1 allowed, 2 blocked, 3 both
    uint16[] private _allowed;
    uint16[] private _blocked;

    /// @param name_ Token name (1–64 bytes).
    /// @param symbol_ Symbol (1–16 bytes).
    /// @param decimals_ Decimals (0–18).
    /// @param cap_ Largest total supply (> 0, below 2^128).
    /// @param registry_ The investor registry.
    /// @param initialAdmin The admin; it holds no other role.
    /// @param uri Metadata URI (≤ 256 bytes).
    /// @param legalHash SHA-256 of the legal document.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        uint256 cap_,
        ITokenrailIdentityRegistry registry_,
        address initialAdmin,
        string memory uri,
        bytes32 legalHash
    ) ERC20(name_, symbol_) ERC20Permit(name_) TokenrailRoles(initialAdmin) {
        uint256 nameLen = bytes(name_).length;
        uint256 symbolLen = bytes(symbol_).length;
        if (
            nameLen == 0 || nameLen > 64 || symbolLen == 0 || symbolLen > 16 || decimals_ > 18
                || cap_ == 0 || cap_ > type(uint128).max || bytes(uri).length > 256
        ) revert InvalidMetadata();
        if (address(registry_) == address(0)) revert InvalidAddress(address(registry_));
        cap = cap_;
        registry = registry_;
        _decimals = decimals_;
        metadataURI = uri;
        legalDocumentHash = legalHash;
        emit MetadataUpdated(uri, legalHash);
    }

    // ---------------------------------------------------------------------------------------
    // Issuer

    /// @notice Mints `amount` to `to` within the cap (issuers only; not blocked by pause).
    function mint(address to, uint256 amount) external onlyRole(ISSUER) {
        _mint(to, amount);
    }

    /// @notice Burns `amount` from `from` (issuers only): bypasses pause, lock-up and the
    ///         registry, but never touches the frozen part of the balance.
    function redeem(address from, uint256 amount) external onlyRole(ISSUER) {
        if (from == address(0)) revert InvalidAddress(from);
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf(from);
        if (amount > balance) revert InsufficientBalance(from, amount);
        if (amount > balance - _holder[from].frozen) {
            revert InsufficientUnfrozenBalance(from, amount);
        }
        _move(from, address(0), amount);
        emit Redeemed(msg.sender, from, amount);
    }

    // ---------------------------------------------------------------------------------------
    // Holders

    /// @notice Burns `amount` of the caller's unfrozen, unlocked balance.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }

    /// @notice Pays each `to[i]` `amounts[i]`, all or nothing; each leg is a `transfer`.
    function batchTransfer(address[] calldata to, uint256[] calldata amounts) external {
        uint256 n = to.length;
        if (n != amounts.length) revert LengthMismatch();
        if (n == 0) revert EmptyBatch();
        if (n > MAX_BATCH) revert MaxBatch(n);
        for (uint256 i; i < n; ++i) {
            _transfer(msg.sender, to[i], amounts[i]);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Compliance agent

    /// @inheritdoc IERC7943Fungible
    function forcedTransfer(address from, address to, uint256 amount)
        external
        onlyRole(COMPLIANCE_AGENT)
        returns (bool)
    {
        if (from == address(0)) revert InvalidAddress(from);
        if (to == address(0)) revert InvalidAddress(to);
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf(from);
        if (amount > balance) revert InsufficientBalance(from, amount);
        _move(from, to, amount);
        // Keep frozen ≤ balance: a seizure may take frozen tokens.
        uint256 left = balance - amount;
        Holder storage h = _holder[from];
        if (h.frozen > left) {
            // `left` is below a balance, and balances are bounded by `cap` < 2^128.
            // forge-lint: disable-next-line(unsafe-typecast)
            h.frozen = uint128(left);
            emit Frozen(from, left);
        }
        emit ForcedTransfer(from, to, amount);
        return true;
    }

    /// @notice Moves everything of `lost` (balance, frozen amount, freeze, lock-up) to the
    ///         investor's new wallet `recovered`, which must be eligible and hold nothing.
    function recover(address lost, address recovered) external onlyRole(COMPLIANCE_AGENT) {
        if (lost == address(0)) revert InvalidAddress(lost);
        if (recovered == address(0)) revert InvalidAddress(recovered);
        uint256 amount = balanceOf(lost);
        if (amount == 0) revert ZeroAmount();
        if (!registry.isEligible(recovered)) revert RecipientNotVerified(recovered);
        if (balanceOf(recovered) != 0) revert RecoveryTargetHolds(recovered);
        _move(lost, recovered, amount);
        _holder[recovered] = _holder[lost];
        delete _holder[lost];
        emit Recovered(lost, recovered, amount);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Stricter than ERC-7943, which allows freezing more than the balance: Tokenrail keeps
    ///      frozen ≤ balance at all times (`FreezeExceedsBalance`).
    function setFrozenTokens(address account, uint256 amount)
        external
        onlyRole(COMPLIANCE_AGENT)
        returns (bool)
    {
        if (amount > balanceOf(account)) {
            revert FreezeExceedsBalance(account, amount);
        }
        // `amount` is at most a balance, and balances are bounded by `cap` < 2^128.
        // forge-lint: disable-next-line(unsafe-typecast)
        _holder[account].frozen = uint128(amount);
        emit Frozen(account, amount);
        return true;
    }

    /// @notice Freezes or unfreezes `account` as a whole (it can neither send nor receive).
    function setAccountFrozen(address account, bool frozen) external onlyRole(COMPLIANCE_AGENT) {
        _holder[account].accountFrozen = frozen;
        emit AccountFrozen(account, frozen);
    }

    /// @notice `account` cannot send before `until` (Unix seconds; 0 lifts the lock-up).
    function setLockup(address account, uint64 until) external onlyRole(COMPLIANCE_AGENT) {
        _holder[account].lockedUntil = until;
        emit LockupSet(account, until);
    }

    /// @notice Replaces the compliance rules (`docs/spec/whitelist.md`).
    function setRules(
        uint16[] calldata allowedJurisdictions,
        uint16[] calldata blockedJurisdictions,
        uint32 maxHolders,
        uint256 maxBalance_,
        bool expiredKycBlocksSending
    ) external onlyRole(COMPLIANCE_AGENT) {
        if (
            allowedJurisdictions.length > MAX_JURISDICTIONS
                || blockedJurisdictions.length > MAX_JURISDICTIONS
        ) revert InvalidRules();
        for (uint256 i; i < _allowed.length; ++i) {
            delete _listed[_allowed[i]];
        }
        for (uint256 i; i < _blocked.length; ++i) {
            delete _listed[_blocked[i]];
        }
        _allowed = allowedJurisdictions;
        _blocked = blockedJurisdictions;
        for (uint256 i; i < allowedJurisdictions.length; ++i) {
            _listed[allowedJurisdictions[i]] |= 1;
        }
        for (uint256 i; i < blockedJurisdictions.length; ++i) {
            _listed[blockedJurisdictions[i]] |= 2;
        }
        Config storage c = _config;
        c.hasAllowList = allowedJurisdictions.length != 0;
        c.hasBlockList = blockedJurisdictions.length != 0;
        c.maxHolders = maxHolders;
        c.hasMaxBalance = maxBalance_ != 0;
        c.expiredKycBlocksSending = expiredKycBlocksSending;
        maxBalance = maxBalance_;
        emit RulesUpdated(
            allowedJurisdictions,
            blockedJurisdictions,
            maxHolders,
            maxBalance_,
            expiredKycBlocksSending
        );
    }

    // ---------------------------------------------------------------------------------------
    // Pauser and admin

    /// @notice Pauses holder-initiated movements.
    function pause() external onlyRole(PAUSER) {
        if (_config.paused) revert Paused();
        _config.paused = true;
        emit TokenPaused(msg.sender);
    }

    /// @notice Lifts the pause.
    function unpause() external onlyRole(PAUSER) {
        if (!_config.paused) revert NotPaused();
        _config.paused = false;
        emit TokenUnpaused(msg.sender);
    }

    /// @notice Updates the metadata URI (≤ 256 bytes) and the legal document's hash.
    function setMetadata(string calldata uri, bytes32 legalHash) external onlyAdmin {
        if (bytes(uri).length > 256) revert InvalidMetadata();
        metadataURI = uri;
        legalDocumentHash = legalHash;
        emit MetadataUpdated(uri, legalHash);
    }

    // ---------------------------------------------------------------------------------------
    // Views

    /// @notice The numbered reason `transfer(to, amount)` signed by `from` would fail with now,
    ///         or 0 if it would succeed (`docs/spec/token.md`).
    function transferStatus(address from, address to, uint256 amount) public view returns (uint8) {
        if (to == address(0) || from == address(0)) return 2;
        return _transferStatus(from, to, amount);
    }

    /// @inheritdoc IERC7943Fungible
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return transferStatus(from, to, amount) == OK;
    }

    /// @inheritdoc IERC7943Fungible
    function canSend(address account) external view returns (bool) {
        Holder memory h = _holder[account];
        if (_config.paused || h.accountFrozen || block.timestamp < h.lockedUntil) return false;
        (uint256 p,) = registry.packedEntries(account, address(0));
        return _senderStatus(p) == OK;
    }

    /// @inheritdoc IERC7943Fungible
    function canReceive(address account) external view returns (bool) {
        if (_holder[account].accountFrozen) return false;
        (uint256 p,) = registry.packedEntries(account, address(0));
        return _recipientStatus(p) == OK;
    }

    /// @inheritdoc IERC7943Fungible
    function getFrozenTokens(address account) external view returns (uint256) {
        return _holder[account].frozen;
    }

    /// @notice Whether `account` is frozen as a whole, and until when it is locked up.
    function restrictions(address account)
        external
        view
        returns (bool accountFrozen, uint64 lockedUntil, uint256 frozen)
    {
        Holder memory h = _holder[account];
        return (h.accountFrozen, h.lockedUntil, h.frozen);
    }

    /// @notice Whether the token is paused.
    function paused() external view returns (bool) {
        return _config.paused;
    }

    /// @notice Number of addresses with a non-zero balance.
    function holders() external view returns (uint256) {
        return _config.holders;
    }

    /// @notice The current rules.
    function rules()
        external
        view
        returns (
            uint16[] memory allowedJurisdictions,
            uint16[] memory blockedJurisdictions,
            uint32 maxHolders,
            uint256 maxBalance_,
            bool expiredKycBlocksSending
        )
    {
        Config memory c = _config;
        return (_allowed, _blocked, c.maxHolders, maxBalance, c.expiredKycBlocksSending);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc ERC165
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC165, IERC165)
        returns (bool)
    {
        return interfaceId == type(IERC7943Fungible).interfaceId
            || interfaceId == type(IERC20).interfaceId || super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------------------------------
    // Internals

    /// @dev Every ERC-20 balance change (transfer, transferFrom, batch, mint, burn) passes here;
    ///      the checks depend on the path, the move is the same.
    function _update(address from, address to, uint256 value) internal override {
        uint8 code;
        if (from == address(0)) code = _mintStatus(to, value);
        else if (to == address(0)) code = _burnStatus(from, value);
        else code = _transferStatus(from, to, value);
        if (code != OK) _revertWith(code, from, to, value);
        _move(from, to, value);
    }

    /// @dev Moves balances and keeps the holder count.
    function _move(address from, address to, uint256 value) internal {
        uint256 fromBefore = from == address(0) ? 0 : balanceOf(from);
        uint256 toBefore = to == address(0) ? 0 : balanceOf(to);
        super._update(from, to, value);
        if (value == 0 || from == to) return;
        Config storage c = _config;
        if (from != address(0) && fromBefore == value) c.holders -= 1;
        if (to != address(0) && toBefore == 0) c.holders += 1;
    }

    /// @dev The checks of `transfer` in the spec's order (addresses are checked by the caller).
    function _transferStatus(address from, address to, uint256 amount)
        internal
        view
        returns (uint8)
    {
        if (amount == 0) return ZERO_AMOUNT;
        if (_config.paused) return PAUSED;
        Holder memory hf = _holder[from];
        if (hf.accountFrozen) return SENDER_FROZEN;
        if (_holder[to].accountFrozen) return RECIPIENT_FROZEN;
        if (block.timestamp < hf.lockedUntil) return LOCKED_UP;
        uint256 balance = balanceOf(from);
        if (amount > balance) return INSUFFICIENT_BALANCE;
        if (amount > balance - hf.frozen) return INSUFFICIENT_UNFROZEN;
        (uint256 pf, uint256 pt) = registry.packedEntries(from, to);
        uint8 code = _senderStatus(pf);
        if (code != OK) return code;
        code = _recipientStatus(pt);
        if (code != OK) return code;
        return _limitStatus(from, to, amount, true);
    }

    function _mintStatus(address to, uint256 amount) internal view returns (uint8) {
        if (amount == 0) return ZERO_AMOUNT;
        if (totalSupply() + amount > cap) return CAP_EXCEEDED;
        if (_holder[to].accountFrozen) return RECIPIENT_FROZEN;
        (uint256 pt,) = registry.packedEntries(to, address(0));
        uint8 code = _recipientStatus(pt);
        if (code != OK) return code;
        return _limitStatus(address(0), to, amount, false);
    }

    function _burnStatus(address from, uint256 amount) internal view returns (uint8) {
        if (amount == 0) return ZERO_AMOUNT;
        if (_config.paused) return PAUSED;
        Holder memory hf = _holder[from];
        if (hf.accountFrozen) return SENDER_FROZEN;
        if (block.timestamp < hf.lockedUntil) return LOCKED_UP;
        uint256 balance = balanceOf(from);
        if (amount > balance) return INSUFFICIENT_BALANCE;
        if (amount > balance - hf.frozen) return INSUFFICIENT_UNFROZEN;
        (uint256 pf,) = registry.packedEntries(from, address(0));
        return _senderStatus(pf);
    }

    /// @dev A packed registry entry: status (8 bits) | jurisdiction (16) | KYC expiry (64).
    function _senderStatus(uint256 entry) internal view returns (uint8) {
        if (RegistryEntry.status(entry) != RegistryEntry.VERIFIED) return SENDER_NOT_VERIFIED;
        if (block.timestamp >= RegistryEntry.kycExpiry(entry) && _config.expiredKycBlocksSending) {
            return SENDER_KYC_EXPIRED;
        }
        return OK;
    }

    function _recipientStatus(uint256 entry) internal view returns (uint8) {
        if (RegistryEntry.status(entry) != RegistryEntry.VERIFIED) return RECIPIENT_NOT_VERIFIED;
        if (block.timestamp >= RegistryEntry.kycExpiry(entry)) return RECIPIENT_KYC_EXPIRED;
        Config memory c = _config;
        if (c.hasAllowList || c.hasBlockList) {
            uint8 listed = _listed[RegistryEntry.jurisdiction(entry)];
            if (listed & 2 != 0 || (c.hasAllowList && listed & 1 == 0)) {
                return JURISDICTION_NOT_ALLOWED;
            }
        }
        return OK;
    }

    function _limitStatus(address from, address to, uint256 amount, bool hasSender)
        internal
        view
        returns (uint8)
    {
        Config memory c = _config;
        // Without limits (the common case) neither `maxBalance` nor a balance is read.
        if (from == to || (!c.hasMaxBalance && c.maxHolders == 0)) return OK;
        uint256 toBalance = balanceOf(to);
        if (c.hasMaxBalance && toBalance + amount > maxBalance) return MAX_BALANCE_EXCEEDED;
        if (c.maxHolders != 0 && toBalance == 0) {
            bool leaves = hasSender && balanceOf(from) == amount;
            if (uint256(c.holders) + 1 - (leaves ? 1 : 0) > c.maxHolders) {
                return MAX_HOLDERS_REACHED;
            }
        }
        return OK;
    }

    function _revertWith(uint8 code, address from, address to, uint256 amount) internal view {
        if (code == ZERO_AMOUNT) revert ZeroAmount();
        if (code == PAUSED) revert Paused();
        if (code == SENDER_FROZEN) revert SenderFrozen(from);
        if (code == RECIPIENT_FROZEN) revert RecipientFrozen(to);
        if (code == LOCKED_UP) revert LockedUp(from);
        if (code == INSUFFICIENT_BALANCE) revert InsufficientBalance(from, amount);
        if (code == INSUFFICIENT_UNFROZEN) revert InsufficientUnfrozenBalance(from, amount);
        if (code == SENDER_NOT_VERIFIED) revert SenderNotVerified(from);
        if (code == SENDER_KYC_EXPIRED) revert SenderKycExpired(from);
        if (code == RECIPIENT_NOT_VERIFIED) revert RecipientNotVerified(to);
        if (code == RECIPIENT_KYC_EXPIRED) revert RecipientKycExpired(to);
        if (code == JURISDICTION_NOT_ALLOWED) revert JurisdictionNotAllowed(to);
        if (code == MAX_BALANCE_EXCEEDED) revert MaxBalanceExceeded(to);
        if (code == MAX_HOLDERS_REACHED) revert MaxHoldersReached();
        revert CapExceeded(cap);
    }
}
