// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ITokenrailChannel} from "../interfaces/ITokenrailChannel.sol";

/// @title Tokenrail payment channels for ERC-20 tokens and the native coin
/// @notice Two parties lock funds once, pay each other off chain with EIP-712 states signed by
///         both, and come back only to close. See `docs/spec/channel.md` for the state machine,
///         the order in which checks run and the deadline edges.
/// @dev The channel's parties and asset are not stored: callers pass the `ChannelKey` and the
///      contract hashes it to the id, so an open writes two slots instead of four. Every
///      state-changing function updates storage before moving funds and is `nonReentrant`.
///      Payouts never revert a settlement: a receiver that refuses (reverts, burns the gas
///      stipend, is on a token's blocklist) is credited for `withdraw`, so one party cannot hold
///      the other's funds hostage.
contract TokenrailChannel is ITokenrailChannel, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Shortest challenge period: one hour.
    uint32 public constant MIN_PERIOD = 1 hours;
    /// @notice Longest challenge period: thirty days.
    uint32 public constant MAX_PERIOD = 30 days;
    /// @notice Gas forwarded with a native-coin payout: enough for a smart-wallet `receive`,
    ///         too little to grief the settlement.
    uint256 public constant NATIVE_PAYOUT_GAS = 50_000;

    /// @dev EIP-712 type hashes; the Rust signer (`crates/channel`) builds the same.
    bytes32 private constant STATE_TYPEHASH =
        keccak256("State(bytes32 channelId,uint64 epoch,uint64 nonce,uint128 sentA,uint128 sentB)");
    bytes32 private constant CLOSE_TYPEHASH =
        keccak256("Close(bytes32 channelId,uint64 epoch,uint128 sentA,uint128 sentB)");

    /// @dev Three slots; the third holds the recorded state only while Closing and is zeroed at
    ///      settlement.
    struct Channel {
        uint64 epoch; //    slot 0
        Status status;
        uint32 period;
        uint64 deadline;
        uint64 nonce;
        uint128 depositA; // slot 1
        uint128 depositB;
        uint128 sentA; //    slot 2
        uint128 sentB;
    }

    mapping(bytes32 id => Channel) private _channels;
    /// @inheritdoc ITokenrailChannel
    mapping(address asset => mapping(address owner => uint256)) public owed;

    constructor() EIP712("Tokenrail Channels", "1") {}

    /// @inheritdoc ITokenrailChannel
    function open(address counterparty, address asset, uint128 amount, uint32 period)
        external
        payable
        nonReentrant
        returns (bytes32 id)
    {
        if (counterparty == address(0) || (asset != address(0) && asset.code.length == 0)) {
            revert InvalidAddress();
        }
        if (counterparty == msg.sender) revert SameParties();
        if (amount == 0) revert ZeroAmount();
        if (period < MIN_PERIOD || period > MAX_PERIOD) revert InvalidPeriod();
        id = _channelId(msg.sender, counterparty, asset);
        Channel storage c = _channels[id];
        if (c.status == Status.Open || c.status == Status.Closing) revert ChannelOpen(id);

        uint64 epoch = c.epoch + 1;
        c.epoch = epoch;
        c.status = Status.Open;
        c.period = period;
        c.deadline = 0;
        c.nonce = 0;
        c.depositA = amount;
        c.depositB = 0;

        emit ChannelOpened(id, epoch, msg.sender, counterparty, asset, amount, period);
        _pull(asset, amount);
    }

    /// @inheritdoc ITokenrailChannel
    function deposit(ChannelKey calldata key, uint128 amount) external payable nonReentrant {
        bytes32 id = _idOf(key);
        Channel storage c = _existing(id);
        if (c.status != Status.Open) revert NotOpen(id);
        if (msg.sender != key.a && msg.sender != key.b) revert Unauthorized();
        if (amount == 0) revert ZeroAmount();

        (uint128 depositA, uint128 depositB) = (c.depositA, c.depositB);
        if (msg.sender == key.a) depositA += amount;
        else depositB += amount;
        // Checked: reverts (arithmetic panic) if the channel's total leaves 128 bits, so every
        // payout fits.
        uint128 total = depositA + depositB;
        (c.depositA, c.depositB) = (depositA, depositB);

        emit Deposited(id, msg.sender, amount, total);
        _pull(key.asset, amount);
    }

    /// @inheritdoc ITokenrailChannel
    function closeCooperative(
        ChannelKey calldata key,
        Close calldata close,
        bytes calldata sigA,
        bytes calldata sigB
    ) external nonReentrant {
        bytes32 id = _idOf(key);
        Channel storage c = _existing(id);
        if (c.status != Status.Open) revert NotOpen(id);
        _sameChannel(id, c.epoch, close.channelId, close.epoch);
        _verify(key, _closeDigest(close), sigA, sigB);
        _settle(key, id, c, close.sentA, close.sentB);
    }

    /// @inheritdoc ITokenrailChannel
    function closeUnilateral(
        ChannelKey calldata key,
        State calldata state,
        bytes calldata sigA,
        bytes calldata sigB
    ) external nonReentrant {
        (bytes32 id, Channel storage c) = _startClose(key);
        _verifyState(key, id, c, state, sigA, sigB);
        _record(c, state);
        uint64 deadline = uint64(block.timestamp) + c.period;
        c.deadline = deadline;
        emit ChannelClosing(id, c.epoch, state.nonce, deadline, msg.sender);
    }

    /// @inheritdoc ITokenrailChannel
    function closeWithoutState(ChannelKey calldata key) external nonReentrant {
        (bytes32 id, Channel storage c) = _startClose(key);
        // The implicit state: nonce 0, nothing sent (slot 2 is zero while Open).
        c.status = Status.Closing;
        uint64 deadline = uint64(block.timestamp) + c.period;
        c.deadline = deadline;
        emit ChannelClosing(id, c.epoch, 0, deadline, msg.sender);
    }

    /// @inheritdoc ITokenrailChannel
    function challenge(
        ChannelKey calldata key,
        State calldata state,
        bytes calldata sigA,
        bytes calldata sigB
    ) external nonReentrant {
        bytes32 id = _idOf(key);
        Channel storage c = _existing(id);
        if (c.status != Status.Closing) revert NotClosing(id);
        uint64 deadline = c.deadline;
        if (block.timestamp >= deadline) revert ChallengePeriodOver(deadline);
        _verifyState(key, id, c, state, sigA, sigB);
        // Replay protection keys on the nonce, never on signature bytes.
        if (state.nonce <= c.nonce) revert StaleNonce(c.nonce, state.nonce);
        _record(c, state);
        emit ChannelChallenged(id, c.epoch, state.nonce);
    }

    /// @inheritdoc ITokenrailChannel
    function settle(ChannelKey calldata key) external nonReentrant {
        bytes32 id = _idOf(key);
        Channel storage c = _existing(id);
        if (c.status != Status.Closing) revert NotClosing(id);
        uint64 deadline = c.deadline;
        if (block.timestamp < deadline) revert ChallengePeriodActive(deadline);
        _settle(key, id, c, c.sentA, c.sentB);
    }

    /// @inheritdoc ITokenrailChannel
    function withdraw(address asset, address to) external nonReentrant {
        uint256 amount = owed[asset][msg.sender];
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert InvalidAddress();
        owed[asset][msg.sender] = 0;
        emit Withdrawn(asset, msg.sender, to, amount);
        if (asset == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert TransferFailed();
        } else {
            if (!IERC20(asset).trySafeTransfer(to, amount)) revert TransferFailed();
        }
    }

    /// @inheritdoc ITokenrailChannel
    function channelId(ChannelKey calldata key) external pure returns (bytes32) {
        return _idOf(key);
    }

    /// @inheritdoc ITokenrailChannel
    function getChannel(bytes32 id) external view returns (ChannelView memory) {
        Channel storage c = _channels[id];
        return ChannelView({
            status: c.status,
            epoch: c.epoch,
            period: c.period,
            deadline: c.deadline,
            nonce: c.nonce,
            depositA: c.depositA,
            depositB: c.depositB,
            sentA: c.sentA,
            sentB: c.sentB
        });
    }

    /// @inheritdoc ITokenrailChannel
    function stateDigest(State calldata state) external view returns (bytes32) {
        return _stateDigest(state);
    }

    /// @inheritdoc ITokenrailChannel
    function closeDigest(Close calldata close) external view returns (bytes32) {
        return _closeDigest(close);
    }

    /// @dev `keccak256(abi.encode(a, b, asset))`, the same words `abi.encode(key)` produces.
    function _channelId(address a, address b, address asset) private pure returns (bytes32) {
        return keccak256(abi.encode(a, b, asset));
    }

    function _idOf(ChannelKey calldata key) private pure returns (bytes32) {
        return _channelId(key.a, key.b, key.asset);
    }

    function _existing(bytes32 id) private view returns (Channel storage c) {
        c = _channels[id];
        if (c.epoch == 0) revert ChannelNotFound(id);
    }

    /// @dev The checks shared by both unilateral closes: the channel exists, the caller is a
    ///      party, and the channel is Open.
    function _startClose(ChannelKey calldata key)
        private
        view
        returns (bytes32 id, Channel storage c)
    {
        id = _idOf(key);
        c = _existing(id);
        if (msg.sender != key.a && msg.sender != key.b) revert Unauthorized();
        if (c.status != Status.Open) revert NotOpen(id);
    }

    function _sameChannel(bytes32 id, uint64 epoch, bytes32 namedId, uint64 namedEpoch)
        private
        pure
    {
        if (namedId != id || namedEpoch != epoch) revert WrongChannel(id, epoch);
    }

    /// @dev A submitted State names this channel and epoch, and both parties signed it.
    function _verifyState(
        ChannelKey calldata key,
        bytes32 id,
        Channel storage c,
        State calldata state,
        bytes calldata sigA,
        bytes calldata sigB
    ) private view {
        _sameChannel(id, c.epoch, state.channelId, state.epoch);
        _verify(key, _stateDigest(state), sigA, sigB);
    }

    /// @dev Records `state` as the closing state after checking it does not overdraw.
    function _record(Channel storage c, State calldata state) private {
        _payouts(c, state.sentA, state.sentB);
        c.status = Status.Closing;
        c.nonce = state.nonce;
        c.sentA = state.sentA;
        c.sentB = state.sentB;
    }

    /// @dev Each signature must be 65 bytes with low `s` and recover to its party.
    function _verify(
        ChannelKey calldata key,
        bytes32 digest,
        bytes calldata sigA,
        bytes calldata sigB
    ) private pure {
        _verifyOne(digest, sigA, key.a);
        _verifyOne(digest, sigB, key.b);
    }

    function _verifyOne(bytes32 digest, bytes calldata sig, address party) private pure {
        // OpenZeppelin refuses other lengths (no EIP-2098 compact form), high s and bad v.
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, sig);
        if (err != ECDSA.RecoverError.NoError) revert InvalidSignature();
        if (signer != party) revert WrongSigner(party);
    }

    function _stateDigest(State calldata s) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(STATE_TYPEHASH, s.channelId, s.epoch, s.nonce, s.sentA, s.sentB))
        );
    }

    function _closeDigest(Close calldata c) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(CLOSE_TYPEHASH, c.channelId, c.epoch, c.sentA, c.sentB))
        );
    }

    /// @dev The balances `sentA`/`sentB` give for the deposits; adds before subtracting, since a
    ///      party that paid more than it deposited may be solvent through what it received.
    function _payouts(Channel storage c, uint128 sentA, uint128 sentB)
        private
        view
        returns (uint256 balanceA, uint256 balanceB)
    {
        balanceA = uint256(c.depositA) + sentB;
        balanceB = uint256(c.depositB) + sentA;
        if (balanceA < sentA || balanceB < sentB) revert Overdrawn();
        balanceA -= sentA;
        balanceB -= sentB;
    }

    /// @dev Pays both balances and ends the epoch.
    function _settle(
        ChannelKey calldata key,
        bytes32 id,
        Channel storage c,
        uint128 sentA,
        uint128 sentB
    ) private {
        (uint256 balanceA, uint256 balanceB) = _payouts(c, sentA, sentB);
        c.status = Status.Settled;
        c.deadline = 0;
        c.depositA = 0;
        c.depositB = 0;
        c.sentA = 0;
        c.sentB = 0;
        // Both fit 128 bits: they sum to the deposits, whose total is checked at every deposit.
        // forge-lint: disable-next-line(unsafe-typecast)
        emit ChannelSettled(id, c.epoch, uint128(balanceA), uint128(balanceB));
        _pay(key.asset, key.a, balanceA);
        _pay(key.asset, key.b, balanceB);
    }

    /// @dev Takes `amount` into custody: `msg.value` for the native coin, `transferFrom`
    ///      otherwise, refusing any other amount received.
    function _pull(address asset, uint128 amount) private {
        if (asset == address(0)) {
            if (msg.value != amount) revert FundsMismatch(amount, msg.value);
            return;
        }
        if (msg.value != 0) revert FundsMismatch(0, msg.value);
        uint256 before = IERC20(asset).balanceOf(address(this));
        if (!IERC20(asset).trySafeTransferFrom(msg.sender, address(this), amount)) {
            revert TransferFailed();
        }
        uint256 received = IERC20(asset).balanceOf(address(this)) - before;
        if (received != amount) revert FundsMismatch(amount, received);
    }

    /// @dev Pays `amount` to `to`, or credits it for `withdraw` if `to` refuses.
    function _pay(address asset, address to, uint256 amount) private {
        if (amount == 0) return;
        bool ok;
        if (asset == address(0)) {
            uint256 stipend = NATIVE_PAYOUT_GAS;
            // No return data is copied: a receiver cannot make the settlement pay for a bomb.
            assembly ("memory-safe") {
                ok := call(stipend, to, amount, 0, 0, 0, 0)
            }
        } else {
            ok = IERC20(asset).trySafeTransfer(to, amount);
        }
        if (!ok) {
            owed[asset][to] += amount;
            emit PayoutDeferred(asset, to, amount);
        }
    }
}
