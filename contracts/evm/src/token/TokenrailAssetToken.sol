// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {SSTORE2} from "solady/utils/SSTORE2.sol";

import {IERC1404} from "../interfaces/IERC1404.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {ITokenrailIdentityRegistry} from "../interfaces/ITokenrailIdentityRegistry.sol";
import {ITokenrailRegistryMirror} from "../interfaces/ITokenrailRegistryMirror.sol";
import {TokenrailRoles} from "../access/TokenrailRoles.sol";
import {TokenrailDocuments} from "./TokenrailDocuments.sol";
import {RegistryEntry} from "./RegistryEntry.sol";

/// @title Tokenrail asset token
/// @notice An issuer-controlled ERC-20 (with EIP-2612 permit) for a tokenized real-world asset:
///         roles, a supply cap, pause, account and partial freezes, lock-ups, forced transfer and
///         recovery, and metadata naming the legal document. Every ERC-20 path runs the checks
///         of `docs/spec/token.md` in one place (`_update`), against the investor registry and
///         this token's rules (`docs/spec/whitelist.md`). Implements ERC-7943 (uRWA) and
///         ERC-1404.
/// @dev `transferStatus` and the transfer share `_transferStatus`, so the dry run always answers
///      the code the transfer would revert with. Redemption, forced transfer and recovery are
///      the documented bypasses and move balances through `_move` directly.
///
///      The registry pushes its entries here (`ITokenrailRegistryMirror`) once it binds this
///      token, and each holder's entry shares one storage word with the holder's balance and
///      restrictions: a transfer reads the configuration word and the two parties' words (an
///      OpenZeppelin transfer reads the two balances), and no other contract. Balances live in
///      these words, not in OpenZeppelin's `_balances`, which stays empty; `balanceOf`,
///      `totalSupply` and `_update` are this contract's. Layout of a holder word:
///
///      | bits    | field                                                     |
///      |---------|-----------------------------------------------------------|
///      | 0–127   | balance (every balance is at most `cap` < 2^128)          |
///      | 128–167 | locked up until (Unix seconds, saturated at 2^40 - 1)     |
///      | 168     | account frozen                                            |
///      | 169     | a frozen amount is set (`_frozen`, read only when set)    |
///      | 176–215 | mirrored KYC expiry (saturated at 2^40 - 1)               |
///      | 216–231 | mirrored jurisdiction                                     |
///      | 232–239 | mirrored status (0 unregistered, 1 verified, 2 revoked)   |
///      | 240–255 | mirror generation: the entry counts only when it equals   |
///      |         | the configuration's, which every bind and unbind advances |
contract TokenrailAssetToken is
    ERC20,
    ERC20Permit,
    ERC165,
    TokenrailRoles,
    TokenrailDocuments,
    IERC7943Fungible,
    IERC1404,
    ITokenrailRegistryMirror
{
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
    /// @notice The role id `Unauthorized` names when a registry call comes from elsewhere.
    bytes32 public constant REGISTRY = keccak256("REGISTRY");

    /// @dev The messages of codes 1 to 43, one per line in code order: the spec's table
    ///      (`docs/spec/token.md`, `tokenrail_core::token::TokenError::message`); the lines of
    ///      the reserved codes 39 and 40 are empty. Only the constructor reads this literal: it
    ///      writes the text to a data contract (`_restrictionMessages`), so its 2 KB weigh on
    ///      the deployment, not on the runtime code's 24,576-byte limit. One text scanned for
    ///      its line: one loop, not a branch per code; the scan's gas is an off-chain reader's.
    bytes private constant _RESTRICTION_MESSAGES = "the caller lacks the role\n" // 1
        "zero / malformed / non-canonical address\n" // 2
        "amount is zero\n" // 3
        "the token is paused (or pause while paused)\n" // 4
        "the sending account is frozen\n" // 5
        "the receiving account is frozen\n" // 6
        "the sender is locked up until a later time\n" // 7
        "amount exceeds the balance\n" // 8
        "amount exceeds the balance less the frozen amount\n" // 9
        "sender unregistered or revoked\n" // 10
        "sender's KYC expired and the rules block sending\n" // 11
        "recipient unregistered or revoked\n" // 12
        "recipient's KYC expired\n" // 13
        "recipient's jurisdiction blocked or not allowed\n" // 14
        "recipient would exceed the per-investor maximum\n" // 15
        "a new holder would exceed the holder limit\n" // 16
        "mint beyond the cap\n" // 17
        "transfer_from beyond the allowance\n" // 18
        "frozen amount larger than the balance\n" // 19
        "accept_admin without a matching proposal\n" // 20
        "unpause while not paused\n" // 21
        "name, symbol, decimals, URI or cap out of range\n" // 22
        "EVM: expired or wrongly signed EIP-2612 permit\n" // 23
        "batch arrays differ in length\n" // 24
        "empty batch\n" // 25
        "more entries than one batch may hold\n" // 26
        "recovery to an address that holds tokens\n" // 27
        "initialisation of an initialised token or registry\n" // 28
        "registry: a status neither verified nor revoked (EVM's uint8 encoding)\n" // 29
        "registry: jurisdiction 0 or above 999\n" // 30
        "registry: a verified entry whose KYC already expired\n" // 31
        "registry: removing an address without an entry\n" // 32
        "rules: a jurisdiction list longer than 32\n" // 33
        "Solana: the transfer hook was invoked outside a transfer\n" // 34
        "Solana: an account is not the one the token expects\n" // 35
        "registry (EVM): the token is not bound to this registry\n" // 36
        "registry (EVM): the token names another registry, is bound already, or the registry serves its maximum of tokens\n" // 37
        "Solana: the wallet's associated token account was never thawed for the token (Token ACL onboarding)\n" // 38
        "\n\n" // 39–40, reserved
        "no document with that name\n" // 41
        "a 33rd document\n" // 42
        "the token was deactivated"; // 43

    /// @dev The data contract holding `_RESTRICTION_MESSAGES` (Solady's SSTORE2: its code is
    ///      the text behind a STOP byte, so nobody can call into it).
    address private immutable _restrictionMessages;

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
    uint8 internal constant DEACTIVATED = 43;

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
    /// @notice Code 43: the token was deactivated; nothing moves any more.
    error Deactivated();

    /// @notice The token was paused.
    event TokenPaused(address indexed by);
    /// @notice The token was unpaused.
    event TokenUnpaused(address indexed by);
    /// @notice The token was deactivated, for good.
    event TokenDeactivated(address indexed by);
    /// @notice `account` was frozen or unfrozen as a whole.
    event AccountFrozen(address indexed account, bool frozen);
    /// @notice `account` cannot send before `until` (0: no lock-up).
    event LockupSet(address indexed account, uint64 until);
    /// @notice The issuer burned `amount` from `from`.
    event Redeemed(address indexed issuer, address indexed from, uint256 amount);
    /// @notice Everything of `lost` moved to `recovered`.
    event Recovered(address indexed lost, address indexed recovered, uint256 amount);
    /// @notice Every mirrored registry entry was forgotten (the registry bound or unbound this
    ///         token); `generation` is the new mirror generation.
    event RegistryMirrorReset(uint16 generation);
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
    /// @notice The investor registry whose entries this token mirrors.
    ITokenrailIdentityRegistry public immutable registry;
    uint8 private immutable _decimals;

    /// @notice The per-investor balance limit (0: none).
    uint256 public maxBalance;

    // The configuration word, read once by every movement:
    //   bit 0 paused | bit 1 expired KYC blocks sending | bit 2 allow-list set |
    //   bit 3 block-list set | bit 4 max balance set | bit 5 deactivated (only ever set with
    //   bit 0, so a holder's movement tests it only once it found the token paused) |
    //   bits 32–63 max holders |
    //   bits 64–127 holder count | bits 128–143 mirror generation | bit 144 mirror exhausted.
    // A raw word rather than a struct: the hot path tests bits of one stack value instead of
    // copying a struct to memory.
    uint256 private constant _PAUSED = 1;
    uint256 private constant _EXPIRED_KYC_BLOCKS_SENDING = 2;
    uint256 private constant _HAS_ALLOW_LIST = 4;
    uint256 private constant _HAS_BLOCK_LIST = 8;
    uint256 private constant _HAS_MAX_BALANCE = 16;
    uint256 private constant _DEACTIVATED = 32;
    uint256 private constant _MAX_HOLDERS_SHIFT = 32;
    uint256 private constant _HOLDERS_SHIFT = 64;
    uint256 private constant _ONE_HOLDER = 2 ** 64;
    uint256 private constant _CONFIG_GENERATION_SHIFT = 128;
    /// @dev Bit 144, just above the generation: no generation is left. `_isVerified` compares
    ///      everything from bit 128 up, so with it set no holder word verifies again.
    uint256 private constant _MIRROR_EXHAUSTED = 2 ** 144;
    uint256 private constant _RULES_MASK = 0xffffffff0000001e; // max holders and flags 1–4
    uint256 private constant _LIMITS = 0xffffffff00000010; // max holders or max balance

    // The holder word (see the contract's notes).
    uint256 private constant _BALANCE_MASK = type(uint128).max;
    uint256 private constant _LOCKUP_SHIFT = 128;
    uint256 private constant _ACCOUNT_FROZEN_BIT = 2 ** 168;
    uint256 private constant _HAS_FROZEN_AMOUNT_BIT = 2 ** 169;
    uint256 private constant _MIRROR_SHIFT = 176;
    /// @dev What the token itself keeps in a holder word: balance and restrictions.
    uint256 private constant _LOCAL_MASK = 2 ** _MIRROR_SHIFT - 1;
    /// @dev The restrictions alone: lock-up, freeze and the frozen-amount flag.
    uint256 private constant _RESTRICTIONS_MASK = _LOCAL_MASK ^ _BALANCE_MASK;
    uint256 private constant _JURISDICTION_SHIFT = 216;
    uint256 private constant _STATUS_SHIFT = 232;
    uint256 private constant _GENERATION_SHIFT = 240;
    uint256 private constant _UINT40_MAX = type(uint40).max;

    uint256 private _config;
    /// @dev The total supply (OpenZeppelin's own counter is never written, as its `_update` is
    ///      never called).
    uint256 private _supply;
    mapping(address account => uint256) private _holder;
    /// @dev Partially frozen amounts, apart from the holder word: most holders have none, and a
    ///      transfer reads this only when the word's flag says one is set.
    mapping(address account => uint256) private _frozen;
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
    )
        ERC20(name_, symbol_)
        ERC20Permit(name_)
        TokenrailRoles(initialAdmin)
        TokenrailDocuments(uri, legalHash)
    {
        uint256 nameLen = bytes(name_).length;
        uint256 symbolLen = bytes(symbol_).length;
        if (
            nameLen == 0 || nameLen > 64 || symbolLen == 0 || symbolLen > 16 || decimals_ > 18
                || cap_ == 0 || cap_ > type(uint128).max
        ) revert InvalidMetadata();
        if (address(registry_) == address(0)) revert InvalidAddress(address(registry_));
        cap = cap_;
        registry = registry_;
        _decimals = decimals_;
        _restrictionMessages = SSTORE2.write(_RESTRICTION_MESSAGES);
    }

    /// @dev Registry pushes only.
    modifier onlyRegistry() {
        if (msg.sender != address(registry)) revert Unauthorized(msg.sender, REGISTRY);
        _;
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
        _requireActive();
        if (amount == 0) revert ZeroAmount();
        uint256 word = _holder[from];
        uint256 balance = word & _BALANCE_MASK;
        if (amount > balance) revert ERC20InsufficientBalance(from, balance, amount);
        if (amount > balance - _frozenOf(from, word)) {
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
        _requireActive();
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
        _requireActive();
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf(from);
        if (amount > balance) revert ERC20InsufficientBalance(from, balance, amount);
        _move(from, to, amount);
        // Keep frozen ≤ balance: a seizure may take frozen tokens.
        uint256 word = _holder[from];
        uint256 left = word & _BALANCE_MASK;
        if (_frozenOf(from, word) > left) {
            _setFrozen(from, word, left);
            emit Frozen(from, left);
        }
        emit ForcedTransfer(from, to, amount);
        return true;
    }

    /// @notice Moves everything of `lost` (balance, frozen amount, freeze, lock-up) to the
    ///         investor's new wallet `recovered`, which must pass a transfer's recipient checks
    ///         (registered, KYC valid, jurisdiction admitted) and hold nothing. `recovered` ends
    ///         with the stricter of both wallets' restrictions: a recovery never lifts one.
    function recover(address lost, address recovered) external onlyRole(COMPLIANCE_AGENT) {
        if (lost == address(0)) revert InvalidAddress(lost);
        if (recovered == address(0)) revert InvalidAddress(recovered);
        _requireActive();
        uint256 amount = balanceOf(lost);
        if (amount == 0) revert ZeroAmount();
        uint256 target = _holder[recovered];
        uint8 code = _recipientStatus(target, _config);
        if (code != OK) _revertWith(code, lost, recovered, amount, amount);
        if (target & _BALANCE_MASK != 0) revert RecoveryTargetHolds(recovered);
        _move(lost, recovered, amount);
        // Each wallet keeps its own registry entry. `recovered` held nothing, so its frozen
        // amount was zero and becomes `lost`'s; freeze and lock-up are the stricter of both.
        uint256 source = _holder[lost];
        target = _holder[recovered];
        uint256 until = _lockedUntilOf(source);
        uint256 kept = _lockedUntilOf(target);
        if (kept > until) until = kept;
        _holder[recovered] = (target & ~_RESTRICTIONS_MASK) | (source & _HAS_FROZEN_AMOUNT_BIT)
            | ((source | target) & _ACCOUNT_FROZEN_BIT) | until << _LOCKUP_SHIFT;
        _holder[lost] = source & ~_RESTRICTIONS_MASK;
        if (source & _HAS_FROZEN_AMOUNT_BIT != 0) {
            _frozen[recovered] = _frozen[lost];
            delete _frozen[lost];
        }
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
        uint256 word = _holder[account];
        if (amount > word & _BALANCE_MASK) {
            revert FreezeExceedsBalance(account, amount);
        }
        _setFrozen(account, word, amount);
        emit Frozen(account, amount);
        return true;
    }

    /// @notice Freezes or unfreezes `account` as a whole (it can neither send nor receive).
    function setAccountFrozen(address account, bool frozen) external onlyRole(COMPLIANCE_AGENT) {
        uint256 word = _holder[account];
        _holder[account] = frozen ? word | _ACCOUNT_FROZEN_BIT : word & ~_ACCOUNT_FROZEN_BIT;
        emit AccountFrozen(account, frozen);
    }

    /// @notice `account` cannot send before `until` (Unix seconds; 0 lifts the lock-up). A time
    ///         beyond 2^40 - 1 (the year 36812) is kept as 2^40 - 1: locked for good.
    function setLockup(address account, uint64 until) external onlyRole(COMPLIANCE_AGENT) {
        uint256 kept = until > _UINT40_MAX ? _UINT40_MAX : until;
        uint256 word = _holder[account] & ~(_UINT40_MAX << _LOCKUP_SHIFT);
        _holder[account] = word | kept << _LOCKUP_SHIFT;
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
        uint256 flags = uint256(maxHolders) << _MAX_HOLDERS_SHIFT;
        if (allowedJurisdictions.length != 0) flags |= _HAS_ALLOW_LIST;
        if (blockedJurisdictions.length != 0) flags |= _HAS_BLOCK_LIST;
        if (maxBalance_ != 0) flags |= _HAS_MAX_BALANCE;
        if (expiredKycBlocksSending) flags |= _EXPIRED_KYC_BLOCKS_SENDING;
        _config = (_config & ~_RULES_MASK) | flags;
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
        uint256 c = _config;
        if (c & _PAUSED != 0) revert Paused();
        _config = c | _PAUSED;
        emit TokenPaused(msg.sender);
    }

    /// @notice Lifts the pause.
    function unpause() external onlyRole(PAUSER) {
        uint256 c = _config;
        if (c & _DEACTIVATED != 0) revert Deactivated();
        if (c & _PAUSED == 0) revert NotPaused();
        _config = c & ~_PAUSED;
        emit TokenUnpaused(msg.sender);
    }

    /// @notice Ends the token's life, irreversibly (CMTAT's `deactivateContract`): the token
    ///         must be paused, and afterwards nothing moves a balance and nothing unpauses it.
    function deactivate() external onlyAdmin {
        uint256 c = _config;
        if (c & _DEACTIVATED != 0) revert Deactivated();
        if (c & _PAUSED == 0) revert NotPaused();
        _config = c | _DEACTIVATED;
        emit TokenDeactivated(msg.sender);
    }

    // ---------------------------------------------------------------------------------------
    // Registry

    /// @inheritdoc ITokenrailRegistryMirror
    function mirrorEntries(address[] calldata investors, uint256[] calldata entries)
        external
        onlyRegistry
    {
        uint256 n = investors.length;
        if (n != entries.length) revert LengthMismatch();
        uint256 generation = _generationOf(_config);
        for (uint256 i; i < n; ++i) {
            uint256 entry = entries[i];
            uint256 expiry = RegistryEntry.kycExpiry(entry);
            if (expiry > _UINT40_MAX) expiry = _UINT40_MAX;
            uint256 mirrored = generation << _GENERATION_SHIFT
                | uint256(RegistryEntry.status(entry)) << _STATUS_SHIFT
                | uint256(RegistryEntry.jurisdiction(entry)) << _JURISDICTION_SHIFT | expiry
                << _MIRROR_SHIFT;
            address investor = investors[i];
            _holder[investor] = (_holder[investor] & _LOCAL_MASK) | mirrored;
        }
    }

    /// @inheritdoc ITokenrailRegistryMirror
    /// @dev Advancing the generation voids every mirrored entry without touching a word. After
    ///      65,535 bindings and unbindings none is left: the token then sets `_MIRROR_EXHAUSTED`,
    ///      above the generation field, so no holder word's generation can ever match again and
    ///      every investor reads as unregistered (fail safe), and it answers `false`.
    function resetRegistryMirror() external onlyRegistry returns (bool live) {
        uint256 c = _config;
        if (c & _MIRROR_EXHAUSTED != 0) return false;
        uint16 generation = _generationOf(c);
        if (generation == type(uint16).max) {
            _config = c | _MIRROR_EXHAUSTED;
            emit RegistryMirrorReset(generation);
            return false;
        }
        generation += 1;
        uint256 shifted = uint256(type(uint16).max) << _CONFIG_GENERATION_SHIFT;
        _config = (c & ~shifted) | uint256(generation) << _CONFIG_GENERATION_SHIFT;
        emit RegistryMirrorReset(generation);
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // Views

    /// @notice The numbered reason `transfer(to, amount)` signed by `from` would fail with now,
    ///         or 0 if it would succeed (`docs/spec/token.md`).
    function transferStatus(address from, address to, uint256 amount) public view returns (uint8) {
        if (to == address(0) || from == address(0)) return 2;
        return _transferStatus(_config, from, to, amount, _holder[from], _holder[to]);
    }

    /// @inheritdoc IERC7943Fungible
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return transferStatus(from, to, amount) == OK;
    }

    /// @inheritdoc IERC1404
    /// @dev The code `transferStatus` answers (every code fits `uint8`).
    function detectTransferRestriction(address from, address to, uint256 value)
        external
        view
        returns (uint8)
    {
        return transferStatus(from, to, value);
    }

    /// @inheritdoc IERC1404
    /// @dev "allowed" for 0, "unknown restriction" for a number outside the spec's table.
    function messageForTransferRestriction(uint8 restrictionCode)
        external
        view
        returns (string memory)
    {
        if (restrictionCode == OK) return "allowed";
        bytes memory all = SSTORE2.read(_restrictionMessages);
        uint256 line = 1;
        uint256 start;
        for (uint256 i; i <= all.length; ++i) {
            if (i < all.length && all[i] != "\n") continue;
            if (line == restrictionCode) {
                if (i == start) break; // a reserved code's empty line
                bytes memory message = new bytes(i - start);
                for (uint256 j; j < message.length; ++j) {
                    message[j] = all[start + j];
                }
                return string(message);
            }
            ++line;
            start = i + 1;
        }
        return "unknown restriction";
    }

    /// @inheritdoc IERC7943Fungible
    function canSend(address account) external view returns (bool) {
        uint256 c = _config;
        uint256 word = _holder[account];
        if (c & _PAUSED != 0 || _isAccountFrozen(word) || block.timestamp < _lockedUntilOf(word)) {
            return false;
        }
        return _senderStatus(word, c) == OK;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Ignores the pause (a paused token still mints), not deactivation (nothing arrives
    ///      any more).
    function canReceive(address account) external view returns (bool) {
        uint256 c = _config;
        uint256 word = _holder[account];
        if (c & _DEACTIVATED != 0 || _isAccountFrozen(word)) return false;
        return _recipientStatus(word, c) == OK;
    }

    /// @inheritdoc IERC7943Fungible
    function getFrozenTokens(address account) external view returns (uint256) {
        return _frozenOf(account, _holder[account]);
    }

    /// @notice Whether `account` is frozen as a whole, until when it is locked up, and its frozen
    ///         amount.
    function restrictions(address account)
        external
        view
        returns (bool accountFrozen, uint64 lockedUntil, uint256 frozen)
    {
        uint256 word = _holder[account];
        return (_isAccountFrozen(word), _lockedUntilOf(word), _frozenOf(account, word));
    }

    /// @notice The registry entry of `account` as this token applies it: all zero until the
    ///         registry pushed one under the current binding. An auditor compares it with
    ///         `registry.entryOf(account)`; the two differ only for a holder not yet synced.
    function mirroredEntry(address account)
        external
        view
        returns (uint8 status, uint16 jurisdiction, uint64 kycExpiry)
    {
        uint256 word = _holder[account];
        status = _statusOf(word, _config);
        if (status != 0) (jurisdiction, kycExpiry) = (_jurisdictionOf(word), _kycExpiryOf(word));
    }

    /// @notice The current mirror generation (advanced by every bind and unbind).
    function mirrorGeneration() external view returns (uint16) {
        return _generationOf(_config);
    }

    /// @notice Whether the token is paused.
    function paused() external view returns (bool) {
        return _config & _PAUSED != 0;
    }

    /// @notice Whether the token was deactivated.
    function deactivated() external view returns (bool) {
        return _config & _DEACTIVATED != 0;
    }

    /// @notice Number of addresses with a non-zero balance.
    function holders() external view returns (uint256) {
        return _holdersOf(_config);
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
        uint256 c = _config;
        return
            (_allowed, _blocked, _maxHoldersOf(c), maxBalance, c & _EXPIRED_KYC_BLOCKS_SENDING != 0);
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc ERC20
    /// @dev The low 128 bits of the holder word.
    function balanceOf(address account) public view override returns (uint256) {
        return _holder[account] & _BALANCE_MASK;
    }

    /// @inheritdoc ERC20
    function totalSupply() public view override returns (uint256) {
        return _supply;
    }

    /// @inheritdoc ERC165
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(ERC165, IERC165)
        returns (bool)
    {
        return interfaceId == type(IERC7943Fungible).interfaceId
            || interfaceId == type(IERC1404).interfaceId || interfaceId == type(IERC20).interfaceId
            || interfaceId == type(IERC1643).interfaceId || super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------------------------------
    // Internals

    /// @dev Every ERC-20 balance change (transfer, transferFrom, batch, mint, burn) passes here;
    ///      the checks depend on the path, the move is the same. The configuration word and the
    ///      parties' holder words are read once and handed down. OpenZeppelin's `_update` is
    ///      replaced, not extended: the balances are in the holder words.
    function _update(address from, address to, uint256 value) internal override {
        uint256 c = _config;
        (uint256 fromSlot, uint256 hf) = _holderWord(from);
        (uint256 toSlot, uint256 ht) = _holderWord(to);
        uint8 code;
        if (from == address(0)) {
            code = _mintStatus(c, ht, value);
        } else {
            code = to == address(0)
                ? _burnStatus(c, from, value, hf)
                : _transferStatus(c, from, to, value, hf, ht);
        }
        if (code != OK) _revertWith(code, from, to, value, hf & _BALANCE_MASK);
        _apply(c, value, fromSlot, hf, toSlot, ht);
        emit Transfer(from, to, value);
    }

    /// @dev Every movement fails once the token is deactivated, first after the role and address
    ///      checks (the paths that check the pause themselves fold this into that test).
    function _requireActive() internal view {
        if (_config & _DEACTIVATED != 0) revert Deactivated();
    }

    /// @dev Moves balances and keeps the holder count (the unchecked paths: redemption, forced
    ///      transfer, recovery, each of which checked the sender's balance).
    function _move(address from, address to, uint256 value) internal {
        (uint256 fromSlot, uint256 hf) = _holderWord(from);
        (uint256 toSlot, uint256 ht) = _holderWord(to);
        _apply(_config, value, fromSlot, hf, toSlot, ht);
        emit Transfer(from, to, value);
    }

    /// @dev The storage slot of `account`'s holder word (`_holder[account]`) and the word, or
    ///      (0, 0) for address zero, the supply's side of a mint or burn. A movement computes
    ///      each slot once, for both the read and the write.
    function _holderWord(address account) private view returns (uint256 slot, uint256 word) {
        if (account == address(0)) return (0, 0);
        assembly ("memory-safe") {
            mstore(0x00, account)
            mstore(0x20, _holder.slot)
            slot := keccak256(0x00, 0x40)
            word := sload(slot)
        }
    }

    /// @dev Moves `value` from the holder word at `fromSlot` (`hf`) to the one at `toSlot`
    ///      (`ht`), slot 0 standing for the supply, on configuration `c`; the caller checked that
    ///      the sender holds `value` and emits `Transfer`.
    function _apply(
        uint256 c,
        uint256 value,
        uint256 fromSlot,
        uint256 hf,
        uint256 toSlot,
        uint256 ht
    ) private {
        if (fromSlot == toSlot) return; // a self-transfer moves nothing
        bool leaves;
        bool joins;
        // Unchecked: the caller checked `value` ≤ the sender's balance, and every balance and the
        // supply are at most `cap` < 2^128, so no field over- or underflows into the next.
        unchecked {
            if (fromSlot == 0) {
                _supply += value;
            } else {
                assembly ("memory-safe") {
                    sstore(fromSlot, sub(hf, value))
                }
                leaves = value != 0 && hf & _BALANCE_MASK == value;
            }
            if (toSlot == 0) {
                _supply -= value;
            } else {
                assembly ("memory-safe") {
                    sstore(toSlot, add(ht, value))
                }
                joins = value != 0 && ht & _BALANCE_MASK == 0;
            }
        }
        if (leaves == joins) return;
        // 64 bits of holder count cannot overflow: every holder took a storage write.
        _config = joins ? c + _ONE_HOLDER : c - _ONE_HOLDER;
    }

    /// @dev Sets `account`'s frozen amount (at most its balance) and the word's flag for it.
    function _setFrozen(address account, uint256 word, uint256 amount) internal {
        _frozen[account] = amount;
        _holder[account] =
            amount == 0 ? word & ~_HAS_FROZEN_AMOUNT_BIT : word | _HAS_FROZEN_AMOUNT_BIT;
    }

    /// @dev The checks of `transfer` in the spec's order (addresses are checked by the caller;
    ///      a zero amount is a normal transfer),
    ///      on the configuration word `c` and the holder words `hf` and `ht`: nothing else is
    ///      read unless a rule or a frozen amount is set, and no other contract is called.
    function _transferStatus(
        uint256 c,
        address from,
        address to,
        uint256 amount,
        uint256 hf,
        uint256 ht
    ) internal view returns (uint8) {
        // No `ZeroAmount`: EIP-20 makes a transfer of 0 a normal transfer (every other check
        // applies, and it emits `Transfer`). A deactivated token is paused too, so an active
        // token's transfer pays for one test.
        if (c & _PAUSED != 0) return c & _DEACTIVATED != 0 ? DEACTIVATED : PAUSED;
        if (hf & _ACCOUNT_FROZEN_BIT != 0) return SENDER_FROZEN;
        if (ht & _ACCOUNT_FROZEN_BIT != 0) return RECIPIENT_FROZEN;
        if (block.timestamp < _lockedUntilOf(hf)) return LOCKED_UP;
        uint256 balance = hf & _BALANCE_MASK;
        if (amount > balance) return INSUFFICIENT_BALANCE;
        if (amount > balance - _frozenOf(from, hf)) return INSUFFICIENT_UNFROZEN;
        // The registry checks (10–14). A shortcut first, for the common case: both parties'
        // words mirror a verified entry of this binding, the recipient's KYC is in force, the
        // sender's too where the rules ask for it, and no jurisdiction list is set. Then every
        // one of those checks passes, and the per-party calls below (which name the failing
        // check otherwise) are skipped. It answers OK only where they would, never another code.
        // The KYC expiries are read inline rather than through `_kycExpiryOf`: the two calls
        // cost 18 gas and 30 bytes here (measured).
        uint256 verified = _verifiedTag(c);
        if (
            hf >> _STATUS_SHIFT != verified || ht >> _STATUS_SHIFT != verified
                || block.timestamp >= (ht >> _MIRROR_SHIFT) & _UINT40_MAX
                || c & (_HAS_ALLOW_LIST | _HAS_BLOCK_LIST) != 0
                || (c & _EXPIRED_KYC_BLOCKS_SENDING != 0
                    && block.timestamp >= (hf >> _MIRROR_SHIFT) & _UINT40_MAX)
        ) {
            uint8 code = _senderStatus(hf, c);
            if (code != OK) return code;
            code = _recipientStatus(ht, c);
            if (code != OK) return code;
        }
        if (c & _LIMITS == 0 || from == to) return OK;
        return _limitStatus(c, amount, balance, ht & _BALANCE_MASK);
    }

    function _mintStatus(uint256 c, uint256 ht, uint256 amount) internal view returns (uint8) {
        if (c & _DEACTIVATED != 0) return DEACTIVATED;
        if (amount == 0) return ZERO_AMOUNT;
        if (_supply + amount > cap) return CAP_EXCEEDED;
        if (ht & _ACCOUNT_FROZEN_BIT != 0) return RECIPIENT_FROZEN;
        uint8 code = _recipientStatus(ht, c);
        if (code != OK || c & _LIMITS == 0) return code;
        // A mint has no sender: nothing leaves, whatever the amount.
        return _limitStatus(c, amount, 0, ht & _BALANCE_MASK);
    }

    function _burnStatus(uint256 c, address from, uint256 amount, uint256 hf)
        internal
        view
        returns (uint8)
    {
        if (c & _DEACTIVATED != 0) return DEACTIVATED;
        if (amount == 0) return ZERO_AMOUNT;
        if (c & _PAUSED != 0) return PAUSED;
        if (hf & _ACCOUNT_FROZEN_BIT != 0) return SENDER_FROZEN;
        if (block.timestamp < _lockedUntilOf(hf)) return LOCKED_UP;
        uint256 balance = hf & _BALANCE_MASK;
        if (amount > balance) return INSUFFICIENT_BALANCE;
        if (amount > balance - _frozenOf(from, hf)) return INSUFFICIENT_UNFROZEN;
        return _senderStatus(hf, c);
    }

    /// @dev The sender checks against the holder word's mirrored entry.
    function _senderStatus(uint256 word, uint256 c) internal view returns (uint8) {
        if (!_isVerified(word, c)) return SENDER_NOT_VERIFIED;
        if (block.timestamp >= _kycExpiryOf(word) && c & _EXPIRED_KYC_BLOCKS_SENDING != 0) {
            return SENDER_KYC_EXPIRED;
        }
        return OK;
    }

    function _recipientStatus(uint256 word, uint256 c) internal view returns (uint8) {
        if (!_isVerified(word, c)) return RECIPIENT_NOT_VERIFIED;
        if (block.timestamp >= _kycExpiryOf(word)) return RECIPIENT_KYC_EXPIRED;
        if (c & (_HAS_ALLOW_LIST | _HAS_BLOCK_LIST) != 0) {
            uint8 listed = _listed[_jurisdictionOf(word)];
            if (listed & 2 != 0 || (c & _HAS_ALLOW_LIST != 0 && listed & 1 == 0)) {
                return JURISDICTION_NOT_ALLOWED;
            }
        }
        return OK;
    }

    /// @dev The holding limits, for a configuration with at least one (`_LIMITS`) and a movement
    ///      between two different accounts; `fromBalance` is the sender's balance (0 for a mint,
    ///      which has no sender), `toBalance` the recipient's.
    function _limitStatus(uint256 c, uint256 amount, uint256 fromBalance, uint256 toBalance)
        internal
        view
        returns (uint8)
    {
        if (c & _HAS_MAX_BALANCE != 0 && toBalance + amount > maxBalance) {
            return MAX_BALANCE_EXCEEDED;
        }
        uint256 maxHolders = _maxHoldersOf(c);
        if (maxHolders != 0 && toBalance == 0 && amount != 0) {
            // A movement that empties the sender keeps the count.
            uint256 leaves = fromBalance == amount ? 1 : 0;
            uint256 holders_ = _holdersOf(c);
            if (holders_ + 1 - leaves > maxHolders) return MAX_HOLDERS_REACHED;
        }
        return OK;
    }

    // Configuration-word fields.

    function _maxHoldersOf(uint256 c) internal pure returns (uint32) {
        // The 32-bit field at bit 32.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint32(c >> _MAX_HOLDERS_SHIFT);
    }

    function _holdersOf(uint256 c) internal pure returns (uint256) {
        return (c >> _HOLDERS_SHIFT) & type(uint64).max;
    }

    function _generationOf(uint256 c) internal pure returns (uint16) {
        // The 16-bit field at bit 128, the word's highest.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint16(c >> _CONFIG_GENERATION_SHIFT);
    }

    // Holder-word fields.

    /// @dev `account`'s frozen amount, given its holder word: storage is read only when the
    ///      word's flag says one is set.
    function _frozenOf(address account, uint256 word) internal view returns (uint256) {
        return word & _HAS_FROZEN_AMOUNT_BIT == 0 ? 0 : _frozen[account];
    }

    function _lockedUntilOf(uint256 word) internal pure returns (uint64) {
        // A 40-bit field.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64((word >> _LOCKUP_SHIFT) & _UINT40_MAX);
    }

    function _isAccountFrozen(uint256 word) internal pure returns (bool) {
        return word & _ACCOUNT_FROZEN_BIT != 0;
    }

    /// @dev Whether the word mirrors a verified entry under the configuration's generation: the
    ///      word's top 24 bits (generation, status) against one expected value.
    function _isVerified(uint256 word, uint256 c) internal pure returns (bool) {
        return word >> _STATUS_SHIFT == _verifiedTag(c);
    }

    /// @dev The top 24 bits of a holder word that mirrors a verified entry under configuration
    ///      `c`: its generation (with the exhausted flag above it, which no word matches) and the
    ///      verified status.
    function _verifiedTag(uint256 c) internal pure returns (uint256) {
        return (c >> _CONFIG_GENERATION_SHIFT) << 8 | uint256(RegistryEntry.VERIFIED);
    }

    /// @dev The mirrored status, or 0 (unregistered) when the entry is from another binding.
    function _statusOf(uint256 word, uint256 c) internal pure returns (uint8) {
        // From bit 128 up: the generation, and the exhausted flag no word can match.
        if (word >> _GENERATION_SHIFT != c >> _CONFIG_GENERATION_SHIFT) return 0;
        // The 8-bit field below the generation: the truncation drops the generation.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint8(word >> _STATUS_SHIFT);
    }

    function _jurisdictionOf(uint256 word) internal pure returns (uint16) {
        // The 16-bit field below the status: the truncation drops status and generation.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint16(word >> _JURISDICTION_SHIFT);
    }

    function _kycExpiryOf(uint256 word) internal pure returns (uint64) {
        // A 40-bit field.
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint64((word >> _MIRROR_SHIFT) & _UINT40_MAX);
    }

    /// @dev Reverts with the error of `code`; a balance shortfall (`balance` < `amount`) with
    ///      ERC-6093's `ERC20InsufficientBalance`, which wallets and tools decode.
    function _revertWith(uint8 code, address from, address to, uint256 amount, uint256 balance)
        internal
        view
    {
        if (code == ZERO_AMOUNT) revert ZeroAmount();
        if (code == PAUSED) revert Paused();
        if (code == DEACTIVATED) revert Deactivated();
        if (code == SENDER_FROZEN) revert SenderFrozen(from);
        if (code == RECIPIENT_FROZEN) revert RecipientFrozen(to);
        if (code == LOCKED_UP) revert LockedUp(from);
        if (code == INSUFFICIENT_BALANCE) revert ERC20InsufficientBalance(from, balance, amount);
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
