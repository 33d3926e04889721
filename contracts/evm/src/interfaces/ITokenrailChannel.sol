// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Tokenrail payment channels
/// @notice Interface of the channel capability specified in `docs/spec/channel.md`. Error names
///         match the spec's numbered codes (the Rust bindings map selectors to numbers); a
///         reentrant call is OpenZeppelin's `ReentrancyGuardReentrantCall`.
interface ITokenrailChannel {
    /// @notice Lifecycle of a channel epoch. `None` marks an id that was never opened.
    enum Status {
        None,
        Open,
        Closing,
        Settled
    }

    /// @notice What identifies a channel: the opener (party A), the counterparty (party B) and
    ///         the asset (`address(0)` for the native coin). The channel id is
    ///         `keccak256(abi.encode(key))`; callers pass the key so the contract need not store
    ///         it (the parties and asset are in `ChannelOpened`).
    struct ChannelKey {
        address a;
        address b;
        address asset;
    }

    /// @notice An off-chain state; EIP-712 type
    ///         `State(bytes32 channelId,uint64 epoch,uint64 nonce,uint128 sentA,uint128 sentB)`.
    ///         `sentA`/`sentB` are the cumulative amounts each party has paid the other.
    struct State {
        bytes32 channelId;
        uint64 epoch;
        uint64 nonce;
        uint128 sentA;
        uint128 sentB;
    }

    /// @notice The agreement to close now; EIP-712 type
    ///         `Close(bytes32 channelId,uint64 epoch,uint128 sentA,uint128 sentB)`.
    struct Close {
        bytes32 channelId;
        uint64 epoch;
        uint128 sentA;
        uint128 sentB;
    }

    /// @notice Read-only view of a channel's current epoch.
    struct ChannelView {
        Status status;
        uint64 epoch;
        uint32 period;
        uint64 deadline;
        uint64 nonce;
        uint128 depositA;
        uint128 depositB;
        uint128 sentA;
        uint128 sentB;
    }

    /// @notice Epoch `epoch` of channel `id` opened with `amount` from `a`.
    event ChannelOpened(
        bytes32 indexed id,
        uint64 epoch,
        address indexed a,
        address indexed b,
        address asset,
        uint128 amount,
        uint32 period
    );
    /// @notice `party` deposited `amount`; the channel now holds `total` in this epoch.
    event Deposited(bytes32 indexed id, address indexed party, uint128 amount, uint128 total);
    /// @notice `by` closed unilaterally on the state with `nonce`; settlement from `deadline` on.
    event ChannelClosing(
        bytes32 indexed id, uint64 epoch, uint64 nonce, uint64 deadline, address by
    );
    /// @notice A newer state (`nonce`) replaced the recorded one.
    event ChannelChallenged(bytes32 indexed id, uint64 epoch, uint64 nonce);
    /// @notice Epoch `epoch` paid out `balanceA` to A and `balanceB` to B.
    event ChannelSettled(bytes32 indexed id, uint64 epoch, uint128 balanceA, uint128 balanceB);
    /// @notice `to` refused a payout of `amount` of `asset` (a reverting receiver, a token
    ///         blocklist); it is credited for `withdraw` instead of blocking the settlement.
    event PayoutDeferred(address indexed asset, address indexed to, uint256 amount);
    /// @notice `owner` withdrew its deferred `amount` of `asset` to `to`.
    event Withdrawn(address indexed asset, address indexed owner, address to, uint256 amount);

    /// @notice Code 1: the caller is not a party where a party is required.
    error Unauthorized();
    /// @notice Code 2: the zero address as counterparty or payout receiver.
    error InvalidAddress();
    /// @notice Code 3: the counterparty is the opener.
    error SameParties();
    /// @notice Code 4: a deposit (or withdrawal) of zero.
    error ZeroAmount();
    /// @notice Code 5: the challenge period is outside `MIN_PERIOD`..`MAX_PERIOD`.
    error InvalidPeriod();
    /// @notice Code 6: open while the channel is Open or Closing.
    error ChannelOpen(bytes32 id);
    /// @notice Code 7: no channel with this id.
    error ChannelNotFound(bytes32 id);
    /// @notice Code 8: deposit or close when the channel is not Open.
    error NotOpen(bytes32 id);
    /// @notice Code 9: challenge or settle when the channel is not Closing.
    error NotClosing(bytes32 id);
    /// @notice Code 10: the message names another channel or epoch.
    error WrongChannel(bytes32 id, uint64 epoch);
    /// @notice Code 11: a signature is not 65 bytes, has a high `s` or an invalid `v`.
    error InvalidSignature();
    /// @notice Code 12: a signature does not recover to its party (`expected`).
    error WrongSigner(address expected);
    /// @notice Code 13: a challenge state's nonce is not above the recorded one.
    error StaleNonce(uint64 recorded, uint64 submitted);
    /// @notice Code 14: a challenge at or after the deadline.
    error ChallengePeriodOver(uint64 deadline);
    /// @notice Code 15: a settlement before the deadline.
    error ChallengePeriodActive(uint64 deadline);
    /// @notice Code 16: the state pays a party more than the deposits allow.
    error Overdrawn();
    /// @notice Code 17: custody received `received` instead of `expected` (fee-on-transfer token,
    ///         or `msg.value` that does not match the asset).
    error FundsMismatch(uint256 expected, uint256 received);
    /// @notice Code 20: a deposit's `transferFrom` or a withdrawal's transfer failed.
    error TransferFailed();

    /// @notice Opens (or re-opens, next epoch) the channel of `msg.sender` and `counterparty` in
    ///         `asset`, depositing `amount`: attached as `msg.value` for the native coin
    ///         (`asset == address(0)`), pulled with `transferFrom` otherwise.
    /// @param period Challenge period in seconds, `MIN_PERIOD`..`MAX_PERIOD`.
    /// @return id The channel id.
    function open(address counterparty, address asset, uint128 amount, uint32 period)
        external
        payable
        returns (bytes32 id);

    /// @notice A party tops up an open channel with `amount`.
    function deposit(ChannelKey calldata key, uint128 amount) external payable;

    /// @notice Pays both balances of a Close signed by both parties, at once. Anyone may submit.
    /// @param sigA,sigB 65-byte `r ‖ s ‖ v` signatures of the EIP-712 digest by A and by B.
    function closeCooperative(
        ChannelKey calldata key,
        Close calldata close,
        bytes calldata sigA,
        bytes calldata sigB
    ) external;

    /// @notice A party starts the challenge period on a State signed by both.
    function closeUnilateral(
        ChannelKey calldata key,
        State calldata state,
        bytes calldata sigA,
        bytes calldata sigB
    ) external;

    /// @notice The timeout refund: a party starts the challenge period on the unsigned nonce-0
    ///         state (nothing sent), for when the counterparty never signed a state.
    function closeWithoutState(ChannelKey calldata key) external;

    /// @notice Replaces the recorded state with a newer State signed by both, before the deadline.
    ///         Anyone may submit.
    function challenge(
        ChannelKey calldata key,
        State calldata state,
        bytes calldata sigA,
        bytes calldata sigB
    ) external;

    /// @notice Pays both balances of the recorded state, from the deadline on. Anyone may call.
    function settle(ChannelKey calldata key) external;

    /// @notice Sends the caller's deferred payouts of `asset` to `to`.
    function withdraw(address asset, address to) external;

    /// @notice The id of the channel identified by `key`.
    function channelId(ChannelKey calldata key) external pure returns (bytes32);

    /// @notice The channel's current epoch (all zero if never opened).
    function getChannel(bytes32 id) external view returns (ChannelView memory);

    /// @notice The EIP-712 digest a party signs for `state`.
    function stateDigest(State calldata state) external view returns (bytes32);

    /// @notice The EIP-712 digest a party signs for `close`.
    function closeDigest(Close calldata close) external view returns (bytes32);

    /// @notice Payouts of `asset` deferred to `owner` and not yet withdrawn.
    function owed(address asset, address owner) external view returns (uint256);
}
