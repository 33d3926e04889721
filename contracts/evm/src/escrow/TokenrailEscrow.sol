// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ITokenrailEscrow} from "../interfaces/ITokenrailEscrow.sol";

/// @title Tokenrail milestone escrow for ERC-20 tokens
/// @notice One contract holds many escrows, each keyed by an incrementing id. See
///         `docs/spec/escrow.md` for the state machine and the order in which checks run.
/// @dev Every state-changing function updates storage before it calls the token
///      (checks-effects-interactions) and is `nonReentrant` as a second line of defence against
///      tokens with callbacks.
contract TokenrailEscrow is ITokenrailEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Largest number of milestones one escrow may have.
    uint256 public constant MAX_MILESTONES = 16;

    /// @dev Four slots. `total` and `released` are not stored: they are sums over the milestones
    ///      (all of them, and those before `nextMilestone`), which saves a slot on every create and
    ///      a write on every release.
    struct Escrow {
        address depositor; // slot 0: 20 bytes
        uint64 deadline; //          8 bytes
        uint8 nextMilestone; //      1 byte
        uint8 milestoneCount; //     1 byte
        Status status; //            1 byte
        address beneficiary; // slot 1
        address arbiter; //     slot 2
        IERC20 token; //        slot 3
    }

    /// @notice Number of escrows created so far; the latest id.
    uint256 public escrowCount;

    mapping(uint256 id => Escrow) private _escrows;
    /// @dev Milestone amounts, two per word (`m[2k]` in the low 128 bits, `m[2k+1]` in the high),
    ///      in a fixed-size array so no length slot is written.
    mapping(uint256 id => uint256[MAX_MILESTONES / 2]) private _milestoneWords;

    /// @inheritdoc ITokenrailEscrow
    function create(
        IERC20 token,
        address beneficiary,
        address arbiter,
        uint128[] calldata milestones,
        uint64 deadline
    ) external nonReentrant returns (uint256 id) {
        if (address(token) == address(0) || beneficiary == address(0)) {
            revert InvalidAddress();
        }
        // msg.sender is never zero, so `arbiter == msg.sender` also covers "no arbiter".
        if (
            beneficiary == msg.sender || arbiter == msg.sender
                || (arbiter != address(0) && arbiter == beneficiary)
        ) revert InvalidParties();
        uint256 count = milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert InvalidMilestones();
        uint256 total;
        for (uint256 i; i < count; ++i) {
            uint256 amount = milestones[i];
            if (amount == 0) revert ZeroAmount();
            total += amount; // at most 16 * (2^128 - 1): cannot overflow uint256
        }
        if (total > type(uint128).max) revert AmountOverflow();
        if (deadline <= block.timestamp) revert DeadlineNotInFuture();

        id = ++escrowCount;
        _escrows[id] = Escrow({
            depositor: msg.sender,
            deadline: deadline,
            nextMilestone: 0,
            // forge-lint: disable-next-line(unsafe-typecast) count <= MAX_MILESTONES
            milestoneCount: uint8(count),
            status: Status.Active,
            beneficiary: beneficiary,
            arbiter: arbiter,
            token: token
        });
        _storeMilestones(id, milestones);

        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != total) revert FundsMismatch(total, received);

        emit EscrowCreated(
            id,
            msg.sender,
            beneficiary,
            arbiter,
            token,
            // forge-lint: disable-next-line(unsafe-typecast) total <= type(uint128).max, checked above
            uint128(total),
            deadline,
            milestones
        );
    }

    /// @inheritdoc ITokenrailEscrow
    function release(uint256 id, uint32 milestone) external nonReentrant {
        Escrow storage e = _active(id);
        if (msg.sender != e.depositor && !_isArbiter(e)) revert Unauthorized();
        uint8 next = e.nextMilestone;
        if (milestone < next) revert MilestoneAlreadyReleased(id, milestone);
        if (milestone > next) revert MilestoneOutOfOrder(id, milestone);
        if (block.timestamp >= e.deadline) revert DeadlinePassed(id);

        uint128 amount = _milestoneAt(id, next);
        e.nextMilestone = next + 1;
        bool completed = next + 1 == e.milestoneCount;
        if (completed) e.status = Status.Completed;

        emit MilestoneReleased(id, milestone, amount, msg.sender);
        if (completed) emit EscrowCompleted(id);
        e.token.safeTransfer(e.beneficiary, amount);
    }

    /// @inheritdoc ITokenrailEscrow
    function refund(uint256 id) external nonReentrant {
        Escrow storage e = _active(id);
        if (!_isArbiter(e) && block.timestamp < e.deadline) revert DeadlineNotReached(id);

        uint128 amount = _sumMilestones(id, e.nextMilestone, e.milestoneCount);
        e.status = Status.Refunded;

        emit EscrowRefunded(id, amount, msg.sender);
        e.token.safeTransfer(e.depositor, amount);
    }

    /// @inheritdoc ITokenrailEscrow
    function cancel(uint256 id) external nonReentrant {
        Escrow storage e = _active(id);
        if (msg.sender != e.beneficiary) revert Unauthorized();
        if (e.nextMilestone != 0) revert CancelAfterRelease(id);

        uint128 amount = _sumMilestones(id, 0, e.milestoneCount);
        e.status = Status.Cancelled;

        emit EscrowCancelled(id, amount);
        e.token.safeTransfer(e.depositor, amount);
    }

    /// @inheritdoc ITokenrailEscrow
    function getEscrow(uint256 id) external view returns (EscrowView memory) {
        Escrow storage e = _escrows[id];
        return EscrowView({
            token: e.token,
            depositor: e.depositor,
            beneficiary: e.beneficiary,
            arbiter: e.arbiter,
            deadline: e.deadline,
            status: e.status,
            nextMilestone: e.nextMilestone,
            milestoneCount: e.milestoneCount,
            total: _sumMilestones(id, 0, e.milestoneCount),
            released: _sumMilestones(id, 0, e.nextMilestone)
        });
    }

    /// @inheritdoc ITokenrailEscrow
    function milestonesOf(uint256 id) external view returns (uint128[] memory amounts) {
        uint256 count = _escrows[id].milestoneCount;
        amounts = new uint128[](count);
        for (uint256 k; k < count; ++k) {
            amounts[k] = _milestoneAt(id, k);
        }
    }

    /// @dev Writes the amounts two per word, each word once.
    function _storeMilestones(uint256 id, uint128[] calldata milestones) private {
        uint256[MAX_MILESTONES / 2] storage words = _milestoneWords[id];
        uint256 count = milestones.length;
        for (uint256 i; i < count; i += 2) {
            uint256 word = milestones[i];
            if (i + 1 < count) word |= uint256(milestones[i + 1]) << 128;
            words[i / 2] = word;
        }
    }

    /// @dev Milestone `k` of escrow `id`.
    function _milestoneAt(uint256 id, uint256 k) private view returns (uint128) {
        // forge-lint: disable-next-line(unsafe-typecast) each half of the word is one amount
        return uint128(_milestoneWords[id][k / 2] >> (128 * (k % 2)));
    }

    /// @dev Sum of milestones `from` (inclusive) to `to` (exclusive) of escrow `id`. At most 16
    ///      amounts each below 2^128 whose total was checked to fit 128 bits at creation.
    function _sumMilestones(uint256 id, uint256 from, uint256 to)
        private
        view
        returns (uint128 sum)
    {
        for (uint256 k = from; k < to; ++k) {
            sum += _milestoneAt(id, k);
        }
    }

    /// @dev True when the caller is the escrow's arbiter; an escrow without one has none, so the
    ///      zero address never qualifies.
    function _isArbiter(Escrow storage e) private view returns (bool) {
        address arbiter = e.arbiter;
        return arbiter != address(0) && msg.sender == arbiter;
    }

    /// @dev Loads escrow `id`, which must exist and be active.
    function _active(uint256 id) private view returns (Escrow storage e) {
        e = _escrows[id];
        Status status = e.status;
        if (status == Status.None) revert EscrowNotFound(id);
        if (status != Status.Active) revert NotActive(id);
    }
}
