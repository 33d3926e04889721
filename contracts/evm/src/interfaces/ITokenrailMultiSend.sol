// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Tokenrail direct multi-send
/// @notice Pays many recipients in one all-or-nothing transaction (`docs/spec/payout.md`).
interface ITokenrailMultiSend {
    /// @notice A batch was paid.
    /// @param token The ERC-20, or `address(0)` for the native coin.
    event MultiSent(address indexed payer, address indexed token, uint256 count, uint256 total);

    /// @notice Code 1: `recipients` and `amounts` differ in length.
    error LengthMismatch();
    /// @notice Code 2: no recipients.
    error EmptyBatch();
    /// @notice Code 3: the amount at `index` is zero.
    error ZeroAmount(uint256 index);
    /// @notice Code 4: the recipient at `index` appeared earlier in the batch.
    error DuplicateRecipient(uint256 index);
    /// @notice Code 5: the amounts sum to `actual`, not the declared (or attached) total.
    error TotalMismatch(uint256 declared, uint256 actual);
    /// @notice Code 7: pulling `expected` from the payer delivered `received` (fee-on-transfer).
    error FundsMismatch(uint256 expected, uint256 received);
    /// @notice Code 16: a recipient is the zero address.
    error InvalidAddress(uint256 index);
    /// @notice Code 17: the native-coin leg at `index` could not be paid (`type(uint256).max`: the
    ///         token refused to pull the total without reverting).
    error TransferFailed(uint256 index);
    /// @notice Code 19 (packed batches only): the recipient at `index` is below the one before it.
    error RecipientsNotSorted(uint256 index);

    /// @notice Pays `amounts[i]` of `token` to `recipients[i]`. The caller must have approved this
    ///         contract for `declaredTotal`, which is pulled once; each leg is then a `transfer`
    ///         from this contract, so the token's rules for receiving apply to every leg and any
    ///         failing leg reverts the whole batch with the token's own error.
    /// @param token The ERC-20 to pay in.
    /// @param recipients Distinct, non-zero recipients.
    /// @param amounts Positive amounts, one per recipient.
    /// @param declaredTotal Must equal the sum of `amounts`.
    function multisendToken(
        IERC20 token,
        address[] calldata recipients,
        uint256[] calldata amounts,
        uint256 declaredTotal
    ) external;

    /// @notice The same as `multisendToken` in a denser encoding, for large batches: each word of
    ///         `packed` is `uint256(uint160(recipient)) << 96 | amount` (amounts below 2^96), and
    ///         recipients must be in strictly ascending order, which makes duplicates detectable
    ///         by comparison with the previous recipient instead of a set. Half the calldata and
    ///         no per-recipient storage for the duplicate check.
    /// @param token The ERC-20 to pay in.
    /// @param packed One word per recipient: address in the high 160 bits, amount in the low 96.
    /// @param declaredTotal Must equal the sum of the amounts.
    function multisendTokenPacked(IERC20 token, uint256[] calldata packed, uint256 declaredTotal)
        external;

    /// @notice Pays native coin: the attached value must equal the sum of `amounts`.
    /// @param recipients Distinct, non-zero recipients.
    /// @param amounts Positive amounts, one per recipient.
    function multisendNative(address[] calldata recipients, uint256[] calldata amounts)
        external
        payable;
}
