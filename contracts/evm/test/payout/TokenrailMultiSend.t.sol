// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20, NoReturnERC20, BlockingERC20, MaskingERC20} from "../mocks/MockERC20.sol";
import {TokenrailMultiSend} from "../../src/payout/TokenrailMultiSend.sol";
import {ITokenrailMultiSend} from "../../src/interfaces/ITokenrailMultiSend.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

contract TokenrailMultiSendTest is Test {
    TokenrailMultiSend internal sender;
    MockERC20 internal token;
    address internal payer = address(0xFA);

    function setUp() public {
        sender = new TokenrailMultiSend();
        token = new MockERC20();
        token.mint(payer, 1e30);
        vm.prank(payer);
        token.approve(address(sender), type(uint256).max);
    }

    function _batch(uint256 n)
        internal
        pure
        returns (address[] memory to, uint256[] memory amounts, uint256 total)
    {
        to = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            to[i] = address(uint160(0x1000 + i));
            amounts[i] = 1000 + i;
            total += amounts[i];
        }
    }

    function test_paysEveryRecipient() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(5);
        vm.expectEmit(true, true, false, true);
        emit ITokenrailMultiSend.MultiSent(payer, address(token), 5, total);
        vm.prank(payer);
        sender.multisendToken(token, to, amounts, total);
        for (uint256 i; i < 5; ++i) {
            assertEq(token.balanceOf(to[i]), amounts[i], "recipient paid");
        }
        assertEq(token.balanceOf(payer), 1e30 - total, "payer debited");
        assertEq(token.balanceOf(address(sender)), 0, "nothing rests in the contract");
    }

    function test_validationErrors() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(3);
        vm.startPrank(payer);

        vm.expectRevert(ITokenrailMultiSend.LengthMismatch.selector);
        sender.multisendToken(token, to, new uint256[](2), total);

        vm.expectRevert(ITokenrailMultiSend.EmptyBatch.selector);
        sender.multisendToken(token, new address[](0), new uint256[](0), 0);

        amounts[1] = 0;
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.ZeroAmount.selector, 1));
        sender.multisendToken(token, to, amounts, total);
        amounts[1] = 1001;

        to[2] = to[0];
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.DuplicateRecipient.selector, 2));
        sender.multisendToken(token, to, amounts, total);
        to[2] = address(0);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.InvalidAddress.selector, 2));
        sender.multisendToken(token, to, amounts, total);
        to[2] = address(0x1002);

        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailMultiSend.TotalMismatch.selector, total + 1, total)
        );
        sender.multisendToken(token, to, amounts, total + 1);
        vm.stopPrank();
        assertEq(token.balanceOf(to[0]), 0, "nothing paid");
    }

    /// The first failing recipient decides, whatever kind of failure comes later.
    function test_firstFailingIndexDecides() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(4);
        to[1] = to[0]; // duplicate at 1
        amounts[3] = 0; // zero at 3
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.DuplicateRecipient.selector, 1));
        sender.multisendToken(token, to, amounts, total);
    }

    /// A blocked leg fails the whole batch with the token's own reason.
    function test_blockedLegFailsBatchWithTokenError() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(3);
        BlockingERC20 blocking = new BlockingERC20(to[2]);
        blocking.mint(payer, 1e24);
        vm.startPrank(payer);
        blocking.approve(address(sender), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(BlockingERC20.RecipientBlocked.selector, to[2]));
        sender.multisendToken(blocking, to, amounts, total);
        vm.stopPrank();
        assertEq(blocking.balanceOf(to[0]), 0, "earlier legs rolled back");
    }

    function test_insufficientAllowanceRevertsEverything() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(3);
        vm.prank(payer);
        token.approve(address(sender), total - 1);
        vm.prank(payer);
        vm.expectRevert();
        sender.multisendToken(token, to, amounts, total);
        assertEq(token.balanceOf(to[0]), 0, "rolled back");
    }

    function test_noReturnTokenAccepted_andCodelessTokenRejected() public {
        NoReturnERC20 usdt = new NoReturnERC20();
        usdt.mint(payer, 1e24);
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(3);
        vm.startPrank(payer);
        usdt.approve(address(sender), type(uint256).max);
        sender.multisendToken(IERC20(address(usdt)), to, amounts, total);
        assertEq(usdt.balanceOf(to[2]), amounts[2], "paid");
        vm.expectRevert();
        sender.multisendToken(IERC20(address(0xdead)), to, amounts, total);
        vm.stopPrank();
    }

    /// Two batches in one transaction: the duplicate set starts empty for the second.
    function test_twoBatchesInOneTransaction() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(3);
        vm.startPrank(payer);
        sender.multisendToken(token, to, amounts, total);
        sender.multisendToken(token, to, amounts, total);
        vm.stopPrank();
        assertEq(token.balanceOf(to[1]), 2 * amounts[1], "paid twice");
    }

    function test_native() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(4);
        vm.deal(payer, total + 1);
        vm.startPrank(payer);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenrailMultiSend.TotalMismatch.selector, total + 1, total)
        );
        sender.multisendNative{value: total + 1}(to, amounts);
        sender.multisendNative{value: total}(to, amounts);
        vm.stopPrank();
        assertEq(to[3].balance, amounts[3], "native paid");
        assertEq(address(sender).balance, 0, "nothing rests");
    }

    function test_nativeToRefusingContractFails() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(2);
        to[1] = address(token); // an ERC-20 has no payable fallback
        vm.deal(payer, total);
        vm.prank(payer);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.TransferFailed.selector, 1));
        sender.multisendNative{value: total}(to, amounts);
    }

    function testFuzz_conservation(uint8 n, uint256 seed) public {
        uint256 count = bound(n, 1, 40);
        address[] memory to = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            to[i] = address(uint160(uint256(keccak256(abi.encode(seed, i)))) | 1);
            amounts[i] = bound(uint256(keccak256(abi.encode(i, seed))), 1, 1e24);
            total += amounts[i];
        }
        vm.prank(payer);
        sender.multisendToken(token, to, amounts, total);
        uint256 received;
        for (uint256 i; i < count; ++i) {
            received += token.balanceOf(to[i]);
        }
        assertEq(received, total, "everything arrived");
        assertEq(token.balanceOf(payer), 1e30 - total, "payer paid exactly the total");
    }

    function _pack(address to, uint256 amount) internal pure returns (uint256) {
        return uint256(uint160(to)) << 96 | amount;
    }

    function test_packed_paysEveryRecipient() public {
        (address[] memory to, uint256[] memory amounts, uint256 total) = _batch(5);
        uint256[] memory packed = new uint256[](5);
        for (uint256 i; i < 5; ++i) {
            packed[i] = _pack(to[i], amounts[i]);
        }
        vm.expectEmit(true, true, false, true);
        emit ITokenrailMultiSend.MultiSent(payer, address(token), 5, total);
        vm.prank(payer);
        sender.multisendTokenPacked(token, packed, total);
        for (uint256 i; i < 5; ++i) {
            assertEq(token.balanceOf(to[i]), amounts[i], "recipient paid");
        }
        assertEq(token.balanceOf(address(sender)), 0, "nothing rests in the contract");
    }

    function test_packed_validationErrors() public {
        uint256[] memory packed = new uint256[](3);
        packed[0] = _pack(address(0x10), 5);
        packed[1] = _pack(address(0x20), 6);
        packed[2] = _pack(address(0x30), 7);
        vm.startPrank(payer);

        vm.expectRevert(ITokenrailMultiSend.EmptyBatch.selector);
        sender.multisendTokenPacked(token, new uint256[](0), 0);

        packed[1] = _pack(address(0x20), 0);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.ZeroAmount.selector, 1));
        sender.multisendTokenPacked(token, packed, 12);

        packed[1] = _pack(address(0x10), 6);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.DuplicateRecipient.selector, 1));
        sender.multisendTokenPacked(token, packed, 18);

        packed[1] = _pack(address(0x08), 6);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.RecipientsNotSorted.selector, 1));
        sender.multisendTokenPacked(token, packed, 18);

        packed[0] = _pack(address(0), 5);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.InvalidAddress.selector, 0));
        sender.multisendTokenPacked(token, packed, 18);

        packed[0] = _pack(address(0x10), 5);
        packed[1] = _pack(address(0x20), 6);
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.TotalMismatch.selector, 19, 18));
        sender.multisendTokenPacked(token, packed, 19);
        // Stops as soon as the running sum passes the declared total.
        vm.expectRevert(abi.encodeWithSelector(ITokenrailMultiSend.TotalMismatch.selector, 17, 18));
        sender.multisendTokenPacked(token, packed, 17);
        vm.stopPrank();
        assertEq(token.balanceOf(payer), 1e30, "nothing moved");
    }

    /// Packed and unpacked batches pay the same recipients the same amounts.
    function testFuzz_packedMatchesUnpacked(uint8 n, uint256 seed) public {
        uint256 count = bound(n, 1, 40);
        address[] memory to = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        uint256[] memory packed = new uint256[](count);
        uint256 total;
        // Ascending, distinct, non-zero recipients.
        uint160 at = uint160(bound(seed, 1, type(uint128).max));
        for (uint256 i; i < count; ++i) {
            at += uint160(bound(uint256(keccak256(abi.encode(seed, i))), 1, 1e30));
            to[i] = address(at);
            amounts[i] = bound(uint256(keccak256(abi.encode(i, seed))), 1, type(uint96).max / 64);
            packed[i] = _pack(to[i], amounts[i]);
            total += amounts[i];
        }
        vm.prank(payer);
        sender.multisendTokenPacked(token, packed, total);
        for (uint256 i; i < count; ++i) {
            assertEq(token.balanceOf(to[i]), amounts[i], "packed leg paid");
        }
        vm.prank(payer);
        sender.multisendToken(token, to, amounts, total);
        for (uint256 i; i < count; ++i) {
            assertEq(token.balanceOf(to[i]), 2 * amounts[i], "unpacked leg paid the same");
        }
        assertEq(token.balanceOf(payer), 1e30 - 2 * total, "payer paid exactly twice the total");
    }

    /// Calls `multisendToken` with recipient words as given, dirty upper bits included (the
    /// ABI encoder would clean an `address[]`).
    function _sendRawWords(
        IERC20 t,
        uint256[] memory words,
        uint256[] memory amounts,
        uint256 total
    ) internal returns (bool ok, bytes memory ret) {
        bytes memory data = abi.encodeWithSelector(
            TokenrailMultiSend.multisendToken.selector, t, words, amounts, total
        );
        vm.prank(payer);
        (ok, ret) = address(sender).call(data);
    }

    /// Finding 5 (docs/security.md): a recipient word with any of its upper 96 bits set is not an
    /// address. Read raw, `addr | 1 << 160` got its own duplicate mark, so a token that cleans
    /// addresses paid `addr` twice.
    function test_dirtyRecipientWordCannotPayTwice() public {
        MaskingERC20 legacy = new MaskingERC20();
        legacy.mint(payer, 1000);
        vm.prank(payer);
        legacy.approve(address(sender), type(uint256).max);
        address alice = address(0xA11CE);
        uint256[] memory words = new uint256[](2);
        words[0] = uint256(uint160(alice));
        words[1] = uint256(uint160(alice)) | 1 << 200;
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = 100;
        amounts[1] = 100;
        (bool ok, bytes memory ret) = _sendRawWords(IERC20(address(legacy)), words, amounts, 200);
        assertTrue(!ok, "a dirty recipient word is refused");
        assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSelector(ITokenrailMultiSend.InvalidAddress.selector, 1)),
            "InvalidAddress(1)"
        );
        assertEq(legacy.balanceOf(alice), 0, "nothing paid");
    }

    /// Finding 5: `1 << 160` is not the zero address to a raw comparison, but is to a token that
    /// cleans it.
    function test_dirtyZeroRecipientWordIsRefused() public {
        MaskingERC20 legacy = new MaskingERC20();
        legacy.mint(payer, 1000);
        vm.prank(payer);
        legacy.approve(address(sender), type(uint256).max);
        uint256[] memory words = new uint256[](1);
        words[0] = 1 << 160;
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 100;
        (bool ok, bytes memory ret) = _sendRawWords(IERC20(address(legacy)), words, amounts, 100);
        assertTrue(!ok, "a dirty zero word is refused");
        assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSelector(ITokenrailMultiSend.InvalidAddress.selector, 0)),
            "InvalidAddress(0)"
        );
        assertEq(legacy.balanceOf(address(0)), 0, "nothing burned to the zero address");
    }

    /// Finding 5: a dirty word in one batch could share a duplicate mark with a clean address in
    /// a later batch of the same transaction (bit 160 is also the batch counter's first bit).
    function test_dirtyWordCannotCollideWithALaterBatch() public {
        address alice = address(0xA11CE);
        uint256[] memory words = new uint256[](1);
        words[0] = uint256(uint160(alice)) | 1 << 160;
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 100;
        (bool ok, bytes memory ret) = _sendRawWords(token, words, amounts, 100);
        assertTrue(!ok, "refused before the token sees it");
        assertEq(
            keccak256(ret),
            keccak256(abi.encodeWithSelector(ITokenrailMultiSend.InvalidAddress.selector, 0)),
            "InvalidAddress(0)"
        );
    }
}
