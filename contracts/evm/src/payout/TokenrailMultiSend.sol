// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ITokenrailMultiSend} from "../interfaces/ITokenrailMultiSend.sol";

/// @title Tokenrail direct multi-send
/// @notice Pulls the declared total from the payer once, then pays each recipient with a plain
///         `transfer`; the contract holds nothing between transactions. See
///         `docs/spec/payout.md` for the order of checks.
/// @dev Gas per recipient is what this contract exists for, so the token path is assembly:
///      - one `transferFrom` for the total instead of one per recipient (a per-leg
///        `transferFrom` re-reads and re-checks the allowance every time);
///      - duplicates are found with a transient-storage set (EIP-1153) keyed by a per-batch
///        number, so a second batch in the same transaction starts empty without clearing;
///      - validation and payment share one pass: any failure reverts the whole batch anyway.
///      `nonReentrant` keeps a token callback from starting a nested batch mid-way.
contract TokenrailMultiSend is ITokenrailMultiSend, ReentrancyGuardTransient {
    /// @dev Transient slot of the batch counter; recipient marks live at `to | batch << 160`.
    uint256 private constant BATCH_SLOT = 0;
    // Error selectors for the assembly loop (inline assembly only takes number literals).
    // `cast sig`; the revert-data assertions in TokenrailMultiSend.t.sol pin them.
    uint256 private constant ZERO_AMOUNT = 0x9af70448; // ZeroAmount(uint256)
    uint256 private constant INVALID_ADDRESS = 0xe71c9b32; // InvalidAddress(uint256)
    uint256 private constant DUPLICATE_RECIPIENT = 0x212ddd7b; // DuplicateRecipient(uint256)
    uint256 private constant TOTAL_MISMATCH = 0x6f4750f0; // TotalMismatch(uint256,uint256)
    uint256 private constant NOT_SORTED = 0x6be4bc64; // RecipientsNotSorted(uint256)
    /// @dev Low 96 bits of a packed word: the amount.
    uint256 private constant AMOUNT_MASK = 0xffffffffffffffffffffffff;

    /// @inheritdoc ITokenrailMultiSend
    function multisendToken(
        IERC20 token,
        address[] calldata recipients,
        uint256[] calldata amounts,
        uint256 declaredTotal
    ) external nonReentrant {
        uint256 n = _checkShape(recipients, amounts);
        uint256 before = token.balanceOf(address(this));
        _call(
            token, abi.encodeCall(IERC20.transferFrom, (msg.sender, address(this), declaredTotal))
        );
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != declaredTotal) revert FundsMismatch(declaredTotal, received);

        uint256 total = _payAll(token, recipients, amounts, declaredTotal);
        if (total != declaredTotal) revert TotalMismatch(declaredTotal, total);
        emit MultiSent(msg.sender, address(token), n, total);
    }

    /// @inheritdoc ITokenrailMultiSend
    function multisendTokenPacked(IERC20 token, uint256[] calldata packed, uint256 declaredTotal)
        external
        nonReentrant
    {
        uint256 n = packed.length;
        if (n == 0) revert EmptyBatch();
        uint256 before = token.balanceOf(address(this));
        _call(
            token, abi.encodeCall(IERC20.transferFrom, (msg.sender, address(this), declaredTotal))
        );
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != declaredTotal) revert FundsMismatch(declaredTotal, received);

        uint256 total = _payAllPacked(token, packed, declaredTotal);
        if (total != declaredTotal) revert TotalMismatch(declaredTotal, total);
        emit MultiSent(msg.sender, address(token), n, total);
    }

    /// @inheritdoc ITokenrailMultiSend
    function multisendNative(address[] calldata recipients, uint256[] calldata amounts)
        external
        payable
        nonReentrant
    {
        uint256 n = _checkShape(recipients, amounts);
        uint256 batch = _nextBatch();
        uint256 total;
        for (uint256 i; i < n; ++i) {
            address to = recipients[i];
            uint256 amount = amounts[i];
            if (amount == 0) revert ZeroAmount(i);
            if (to == address(0)) revert InvalidAddress(i);
            bool seen;
            /// @solidity memory-safe-assembly
            assembly {
                let mark := or(to, batch)
                seen := tload(mark)
                tstore(mark, 1)
            }
            if (seen) revert DuplicateRecipient(i);
            total += amount;
            if (total > msg.value) revert TotalMismatch(msg.value, total);
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert TransferFailed(i);
        }
        if (total != msg.value) revert TotalMismatch(msg.value, total);
        emit MultiSent(msg.sender, address(0), n, total);
    }

    /// @dev Validates and pays each recipient in one pass (`transfer` from this contract), stopping
    ///      as soon as the running sum passes `declaredTotal`; returns the sum.
    function _payAll(
        IERC20 token,
        address[] calldata recipients,
        uint256[] calldata amounts,
        uint256 declaredTotal
    ) private returns (uint256 total) {
        uint256 batch = _nextBatch();
        /// @solidity memory-safe-assembly
        assembly {
            // Reverts with `selector(arg)`.
            function fail(selector, arg) {
                mstore(0x00, shl(224, selector))
                mstore(0x04, arg)
                revert(0x00, 0x24)
            }
            // transfer(to, amount), laid out once above the free memory pointer.
            let ptr := mload(0x40)
            mstore(ptr, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
            for { let i := 0 } lt(i, recipients.length) { i := add(i, 1) } {
                let to := calldataload(add(recipients.offset, shl(5, i)))
                let amount := calldataload(add(amounts.offset, shl(5, i)))
                if iszero(amount) { fail(ZERO_AMOUNT, i) }
                // A word with any of its upper 96 bits set is not an address: a token that
                // cleans it would pay the cleaned address (a second leg, or the zero address),
                // and the bits would overlap the batch number of the duplicate marks.
                if or(iszero(to), shr(160, to)) { fail(INVALID_ADDRESS, i) }
                if tload(or(to, batch)) { fail(DUPLICATE_RECIPIENT, i) }
                tstore(or(to, batch), 1)
                total := add(total, amount)
                // Past the declared total (or wrapped): stop before the token runs dry.
                if or(gt(total, declaredTotal), lt(total, amount)) {
                    mstore(0x00, shl(224, TOTAL_MISMATCH))
                    mstore(0x04, declaredTotal)
                    mstore(0x24, total)
                    revert(0x00, 0x44)
                }
                mstore(add(ptr, 0x04), to)
                mstore(add(ptr, 0x24), amount)
                // Accept `true`, or no return data (USDT-style tokens; the caller's balance
                // check already proved `token` has code). The call is bound first: Yul evaluates
                // arguments right to left, so an inline call would run after the return check.
                let ok := call(gas(), token, 0, ptr, 0x44, 0x00, 0x20)
                if iszero(
                    and(
                        ok,
                        or(
                            and(eq(mload(0x00), 1), gt(returndatasize(), 31)),
                            iszero(returndatasize())
                        )
                    )
                ) {
                    returndatacopy(ptr, 0, returndatasize())
                    revert(ptr, returndatasize())
                }
            }
        }
    }

    /// @dev `_payAll` for packed, ascending recipients: a recipient not above the previous one is
    ///      a duplicate (equal) or out of order (below). Amounts are below 2^96, so the running
    ///      sum of at most 2^64 words cannot wrap.
    function _payAllPacked(IERC20 token, uint256[] calldata packed, uint256 declaredTotal)
        private
        returns (uint256 total)
    {
        /// @solidity memory-safe-assembly
        assembly {
            // Reverts with `selector(index of the word at calldata position at)`.
            function fail(selector, at, start) {
                mstore(0x00, shl(224, selector))
                mstore(0x04, shr(5, sub(at, start)))
                revert(0x00, 0x24)
            }
            let ptr := mload(0x40)
            mstore(ptr, 0xa9059cbb00000000000000000000000000000000000000000000000000000000)
            let prev := 0
            // Walks a calldata position rather than an index: a leg's word is then one
            // `calldataload`, and the index is computed only for an error.
            let end := add(packed.offset, shl(5, packed.length))
            for { let at := packed.offset } lt(at, end) { at := add(at, 0x20) } {
                let word := calldataload(at)
                let to := shr(96, word)
                let amount := and(word, AMOUNT_MASK)
                if iszero(amount) { fail(ZERO_AMOUNT, at, packed.offset) }
                if iszero(gt(to, prev)) {
                    if iszero(to) { fail(INVALID_ADDRESS, at, packed.offset) }
                    if eq(to, prev) { fail(DUPLICATE_RECIPIENT, at, packed.offset) }
                    fail(NOT_SORTED, at, packed.offset)
                }
                prev := to
                total := add(total, amount)
                if gt(total, declaredTotal) {
                    mstore(0x00, shl(224, TOTAL_MISMATCH))
                    mstore(0x04, declaredTotal)
                    mstore(0x24, total)
                    revert(0x00, 0x44)
                }
                mstore(add(ptr, 0x04), to)
                mstore(add(ptr, 0x24), amount)
                // As in `_payAll`: `true` or no return data; the call is bound first.
                let ok := call(gas(), token, 0, ptr, 0x44, 0x00, 0x20)
                if iszero(
                    and(
                        ok,
                        or(
                            and(eq(mload(0x00), 1), gt(returndatasize(), 31)),
                            iszero(returndatasize())
                        )
                    )
                ) {
                    returndatacopy(ptr, 0, returndatasize())
                    revert(ptr, returndatasize())
                }
            }
        }
    }

    /// @dev Checks 1 and 2 of the spec; returns the batch size.
    function _checkShape(address[] calldata recipients, uint256[] calldata amounts)
        private
        pure
        returns (uint256 n)
    {
        n = recipients.length;
        if (n != amounts.length) revert LengthMismatch();
        if (n == 0) revert EmptyBatch();
    }

    /// @dev A fresh batch number, shifted above the address bits.
    function _nextBatch() private returns (uint256 batch) {
        /// @solidity memory-safe-assembly
        assembly {
            let next := add(tload(BATCH_SLOT), 1)
            tstore(BATCH_SLOT, next)
            batch := shl(160, next)
        }
    }

    /// @dev Calls `token` and requires success and a `true` (or empty, from a contract) result,
    ///      bubbling the token's own revert data.
    function _call(IERC20 token, bytes memory data) private {
        (bool ok, bytes memory ret) = address(token).call(data);
        if (!ok) {
            /// @solidity memory-safe-assembly
            assembly {
                revert(add(ret, 0x20), mload(ret))
            }
        }
        if (ret.length == 0 ? address(token).code.length == 0 : !abi.decode(ret, (bool))) {
            revert TransferFailed(type(uint256).max);
        }
    }
}
