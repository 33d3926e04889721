// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProofLib} from "solady/utils/MerkleProofLib.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ITokenrailMerkleDistributor} from "../interfaces/ITokenrailMerkleDistributor.sol";

/// @title Tokenrail Merkle distributor
/// @notice Many distributions in one contract, each funded up front and claimed with proofs; the
///         claimed state is a bitmap, one word per 256 leaves.
/// @dev Leaves are bound to the chain, this contract and the distribution id, so a proof can
///      never be replayed across distributions, deployments or chains; the double hash keeps a
///      64-byte internal node from passing as a leaf.
contract TokenrailMerkleDistributor is ITokenrailMerkleDistributor, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The longest proof a claim may carry (`docs/spec/payout.md`): 2^64 leaves.
    uint256 public constant MAX_PROOF_LENGTH = 64;

    /// @notice The latest start or expiry a distribution may have: they are stored in 40 bits
    ///         (Unix seconds, the year 36812), so that a claim reads three storage words.
    uint64 public constant MAX_TIMESTAMP = type(uint40).max;

    /// @dev Four slots; a claim reads the first three and writes the third. The fourth is read by
    ///      the clawback alone.
    struct Distribution {
        IERC20 token; //               slot 0: token (20) + start (5) + expiry (5) + flag (1)
        uint40 start;
        uint40 expiry;
        bool clawedBack;
        bytes32 root; //               slot 1
        uint128 total; //              slot 2
        uint128 claimed;
        address clawbackReceiver; //   slot 3
    }

    /// @notice Number of distributions created so far; the latest id.
    uint256 public distributionCount;

    mapping(uint256 id => Distribution) private _distributions;
    mapping(uint256 id => mapping(uint256 word => uint256 bits)) private _claimedBitmap;

    /// @inheritdoc ITokenrailMerkleDistributor
    function create(
        IERC20 token,
        bytes32 root,
        uint128 total,
        uint64 start,
        uint64 expiry,
        address clawbackReceiver
    ) external nonReentrant returns (uint256 id) {
        if (address(token) == address(0) || clawbackReceiver == address(0)) {
            revert InvalidAddress();
        }
        if (total == 0 || start >= expiry || expiry <= block.timestamp || expiry > MAX_TIMESTAMP) {
            revert InvalidSchedule();
        }

        id = ++distributionCount;
        _distributions[id] = Distribution({
            token: token,
            // forge-lint: disable-next-line(unsafe-typecast) start < expiry <= MAX_TIMESTAMP
            start: uint40(start),
            // forge-lint: disable-next-line(unsafe-typecast) expiry <= MAX_TIMESTAMP
            expiry: uint40(expiry),
            clawedBack: false,
            root: root,
            total: total,
            claimed: 0,
            clawbackReceiver: clawbackReceiver
        });

        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != total) revert FundsMismatch(total, received);

        emit DistributionCreated(id, token, root, total, start, expiry, clawbackReceiver);
    }

    /// @inheritdoc ITokenrailMerkleDistributor
    function claim(
        uint256 id,
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof
    ) external nonReentrant {
        Distribution storage d = _open(id);
        if (block.timestamp < d.start) revert NotStarted(id);
        if (block.timestamp >= d.expiry) revert Expired(id);

        mapping(uint256 => uint256) storage bitmap = _claimedBitmap[id];
        uint256 word = bitmap[index >> 8];
        uint256 bit = _bit(index);
        if (word & bit != 0) revert AlreadyClaimed(id, index);
        // The spec's bound on every chain, checked before any hashing: a deeper leaf is not
        // claimable anywhere, and a long garbage proof costs its sender little.
        if (proof.length > MAX_PROOF_LENGTH) revert InvalidProof(id, index);
        if (!MerkleProofLib.verifyCalldata(proof, d.root, leafHash(id, index, account, amount))) {
            revert InvalidProof(id, index);
        }
        uint256 claimed = uint256(d.claimed) + amount;
        if (claimed > d.total) revert ExceedsTotal(id);

        bitmap[index >> 8] = word | bit;
        // forge-lint: disable-next-line(unsafe-typecast) claimed <= total, a uint128
        d.claimed = uint128(claimed);
        emit Claimed(id, index, account, amount);
        d.token.safeTransfer(account, amount);
    }

    /// @inheritdoc ITokenrailMerkleDistributor
    function clawback(uint256 id) external nonReentrant {
        Distribution storage d = _open(id);
        if (block.timestamp < d.expiry) revert NotExpired(id);
        uint256 amount = d.total - d.claimed;
        d.clawedBack = true;
        emit Clawback(id, d.clawbackReceiver, amount);
        if (amount != 0) d.token.safeTransfer(d.clawbackReceiver, amount);
    }

    /// @inheritdoc ITokenrailMerkleDistributor
    function isClaimed(uint256 id, uint256 index) external view returns (bool) {
        return _claimedBitmap[id][index >> 8] & _bit(index) != 0;
    }

    /// @inheritdoc ITokenrailMerkleDistributor
    function leafHash(uint256 id, uint256 index, address account, uint256 amount)
        public
        view
        returns (bytes32)
    {
        return keccak256(
            bytes.concat(
                keccak256(abi.encode(block.chainid, address(this), id, index, account, amount))
            )
        );
    }

    /// @inheritdoc ITokenrailMerkleDistributor
    function getDistribution(uint256 id) external view returns (DistributionView memory) {
        Distribution storage d = _distributions[id];
        return DistributionView({
            token: d.token,
            root: d.root,
            start: d.start,
            expiry: d.expiry,
            clawbackReceiver: d.clawbackReceiver,
            clawedBack: d.clawedBack,
            total: d.total,
            claimed: d.claimed
        });
    }

    /// @dev The bit of `index` within its bitmap word.
    function _bit(uint256 index) private pure returns (uint256) {
        // forge-lint: disable-next-line(incorrect-shift) shifting 1 left by the bit position
        return 1 << (index & 0xff);
    }

    /// @dev Loads distribution `id`, which must exist and not be clawed back.
    function _open(uint256 id) private view returns (Distribution storage d) {
        d = _distributions[id];
        if (address(d.token) == address(0)) revert DistributionNotFound(id);
        if (d.clawedBack) revert ClawedBack(id);
    }
}
