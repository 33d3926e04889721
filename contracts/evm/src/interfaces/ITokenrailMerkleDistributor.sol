// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Tokenrail Merkle distributor
/// @notice Funded distributions claimed with OpenZeppelin standard-v1 proofs
///         (`docs/spec/payout.md`). A leaf is
///         `keccak256(bytes.concat(keccak256(abi.encode(chainId, distributor, id, index, account, amount))))`
///         so trees built by OpenZeppelin's merkle-tree library (npm) with the encoding
///         `["uint256","address","uint256","uint256","address","uint256"]` are accepted unchanged.
interface ITokenrailMerkleDistributor {
    /// @notice Read-only view of one distribution.
    struct DistributionView {
        IERC20 token;
        bytes32 root;
        uint64 start;
        uint64 expiry;
        address clawbackReceiver;
        bool clawedBack;
        uint128 total;
        uint128 claimed;
    }

    /// @notice A distribution was created and `total` moved into custody.
    event DistributionCreated(
        uint256 indexed id,
        IERC20 indexed token,
        bytes32 root,
        uint128 total,
        uint64 start,
        uint64 expiry,
        address clawbackReceiver
    );
    /// @notice `account` claimed `amount` under leaf `index`.
    event Claimed(uint256 indexed id, uint256 index, address indexed account, uint256 amount);
    /// @notice The unclaimed `amount` went to `receiver` after the expiry.
    event Clawback(uint256 indexed id, address indexed receiver, uint256 amount);

    /// @notice Code 6: `start >= expiry`, `expiry <= now`, or `total == 0`.
    error InvalidSchedule();
    /// @notice Code 7: custody received `received` instead of `expected`.
    error FundsMismatch(uint256 expected, uint256 received);
    /// @notice Code 8: no distribution with this id.
    error DistributionNotFound(uint256 id);
    /// @notice Code 9: claim before the start time.
    error NotStarted(uint256 id);
    /// @notice Code 10: claim at or after the expiry.
    error Expired(uint256 id);
    /// @notice Code 11: leaf `index` was claimed before.
    error AlreadyClaimed(uint256 id, uint256 index);
    /// @notice Code 12: the proof does not lead to the root.
    error InvalidProof(uint256 id, uint256 index);
    /// @notice Code 13: the claim would pay out more than was funded.
    error ExceedsTotal(uint256 id);
    /// @notice Code 14: clawback before the expiry.
    error NotExpired(uint256 id);
    /// @notice Code 15: the distribution was clawed back.
    error ClawedBack(uint256 id);
    /// @notice Code 16: the token or the clawback receiver is the zero address.
    error InvalidAddress();

    /// @notice Creates a distribution and pulls `total` of `token` from the caller (approve first).
    /// @param token The ERC-20 distributed.
    /// @param root Root of the standard-v1 tree of `(chainId, this, id, index, account, amount)`;
    ///        the id to build it with is `distributionCount() + 1`.
    /// @param total Amount funded; the sum of all claims can never exceed it.
    /// @param start Unix seconds from which claims are accepted.
    /// @param expiry Unix seconds from which claims stop and clawback opens.
    /// @param clawbackReceiver Receives the unclaimed remainder; fixed here.
    /// @return id The new distribution's id.
    function create(
        IERC20 token,
        bytes32 root,
        uint128 total,
        uint64 start,
        uint64 expiry,
        address clawbackReceiver
    ) external returns (uint256 id);

    /// @notice Pays `amount` to `account` for leaf `index` of distribution `id`. Anyone may submit
    ///         a claim (a relayer may pay the gas); funds go only to `account`.
    /// @param id The distribution.
    /// @param index The leaf's index (its bit in the claimed bitmap).
    /// @param account The receiver named in the leaf.
    /// @param amount The amount named in the leaf.
    /// @param proof Sibling hashes from the leaf to the root.
    function claim(
        uint256 id,
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof
    ) external;

    /// @notice After the expiry, sends the unclaimed remainder to the clawback receiver. Anyone may
    ///         call it.
    /// @param id The distribution.
    function clawback(uint256 id) external;

    /// @notice Whether leaf `index` of distribution `id` was claimed.
    /// @param id The distribution.
    /// @param index The leaf index.
    function isClaimed(uint256 id, uint256 index) external view returns (bool);

    /// @notice The leaf hash of a claim, as trees for this distributor must contain it.
    /// @param id The distribution.
    /// @param index The leaf index.
    /// @param account The receiver.
    /// @param amount The amount.
    function leafHash(uint256 id, uint256 index, address account, uint256 amount)
        external
        view
        returns (bytes32);

    /// @notice Returns distribution `id` (a zero token if it does not exist).
    /// @param id The distribution.
    function getDistribution(uint256 id) external view returns (DistributionView memory);
}
