// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Tokenrail milestone escrow
/// @notice Interface of the escrow capability specified in `docs/spec/escrow.md`.
///         Error names match the spec's numbered codes (the Rust bindings map selectors to
///         numbers); the reentrancy code 19 is OpenZeppelin's `ReentrancyGuardReentrantCall`
///         and the transfer-failure code 18 is `SafeERC20FailedOperation`.
interface ITokenrailEscrow {
    /// @notice Lifecycle of an escrow. `None` marks an id that was never created.
    enum Status {
        None,
        Active,
        Completed,
        Refunded,
        Cancelled
    }

    /// @notice Read-only view of one escrow.
    struct EscrowView {
        IERC20 token;
        address depositor;
        address beneficiary;
        address arbiter;
        uint64 deadline;
        Status status;
        uint32 nextMilestone;
        uint32 milestoneCount;
        uint128 total;
        uint128 released;
    }

    /// @notice An escrow was created and `total` moved into custody.
    event EscrowCreated(
        uint256 indexed id,
        address indexed depositor,
        address indexed beneficiary,
        address arbiter,
        IERC20 token,
        uint128 total,
        uint64 deadline,
        uint128[] milestones
    );
    /// @notice Milestone `milestone` of `amount` went to the beneficiary; `by` signed the release.
    event MilestoneReleased(
        uint256 indexed id, uint32 indexed milestone, uint128 amount, address by
    );
    /// @notice The last milestone was released.
    event EscrowCompleted(uint256 indexed id);
    /// @notice The unreleased `amount` went back to the depositor; `by` triggered the refund.
    event EscrowRefunded(uint256 indexed id, uint128 amount, address by);
    /// @notice The beneficiary cancelled; `amount` (everything) went back to the depositor.
    event EscrowCancelled(uint256 indexed id, uint128 amount);

    /// @notice Code 1: the caller's role does not allow this action.
    error Unauthorized();
    /// @notice Code 2: beneficiary equals depositor, or the arbiter equals either party.
    error InvalidParties();
    /// @notice Code 3: zero milestones or more than `MAX_MILESTONES`.
    error InvalidMilestones();
    /// @notice Code 4: a milestone amount is zero.
    error ZeroAmount();
    /// @notice Code 5: the milestone total exceeds `type(uint128).max`.
    error AmountOverflow();
    /// @notice Code 6: the deadline is not after the current block time.
    error DeadlineNotInFuture();
    /// @notice Code 7: custody received `received` instead of `expected` (fee-on-transfer token).
    error FundsMismatch(uint256 expected, uint256 received);
    /// @notice Code 9: no escrow with this id.
    error EscrowNotFound(uint256 id);
    /// @notice Code 10: the escrow is completed, refunded or cancelled.
    error NotActive(uint256 id);
    /// @notice Code 11: `milestone` is not the next unreleased milestone.
    error MilestoneOutOfOrder(uint256 id, uint32 milestone);
    /// @notice Code 12: `milestone` was already released.
    error MilestoneAlreadyReleased(uint256 id, uint32 milestone);
    /// @notice Code 13: release at or after the deadline.
    error DeadlinePassed(uint256 id);
    /// @notice Code 14: refund before the deadline by someone other than the arbiter.
    error DeadlineNotReached(uint256 id);
    /// @notice Code 15: cancel after a milestone was released.
    error CancelAfterRelease(uint256 id);
    /// @notice Code 16: the token or the beneficiary is the zero address.
    error InvalidAddress();

    /// @notice Creates an escrow and pulls the milestone total from the caller (the depositor).
    /// @dev The caller must have approved this contract for the total. Custody is measured as the
    ///      contract's balance change, so a fee-on-transfer token reverts with `FundsMismatch`.
    /// @param token The ERC-20 held in custody.
    /// @param beneficiary Receives released milestones.
    /// @param arbiter May release and refund early; `address(0)` for none.
    /// @param milestones Amounts released in order; 1 to `MAX_MILESTONES` entries, none zero.
    /// @param deadline Unix seconds; release is possible before it, refund by anyone from it on.
    /// @return id The new escrow's id (ids start at 1).
    function create(
        IERC20 token,
        address beneficiary,
        address arbiter,
        uint128[] calldata milestones,
        uint64 deadline
    ) external returns (uint256 id);

    /// @notice Releases milestone `milestone` to the beneficiary. Depositor or arbiter only,
    ///         strictly in order, before the deadline.
    /// @param id The escrow.
    /// @param milestone Zero-based index; must equal the escrow's `nextMilestone`.
    function release(uint256 id, uint32 milestone) external;

    /// @notice Returns the unreleased remainder to the depositor. Anyone from the deadline on;
    ///         the arbiter at any time.
    /// @param id The escrow.
    function refund(uint256 id) external;

    /// @notice Beneficiary-only: gives up the escrow while nothing is released; everything goes
    ///         back to the depositor.
    /// @param id The escrow.
    function cancel(uint256 id) external;

    /// @notice Returns the state of escrow `id` (status `None` if it does not exist).
    /// @param id The escrow.
    function getEscrow(uint256 id) external view returns (EscrowView memory);

    /// @notice Returns the milestone amounts of escrow `id`.
    /// @param id The escrow.
    function milestonesOf(uint256 id) external view returns (uint128[] memory);
}
