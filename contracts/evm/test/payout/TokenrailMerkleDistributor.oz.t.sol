// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {TokenrailMerkleDistributor} from "../../src/payout/TokenrailMerkleDistributor.sol";

/// @notice A tree built by OpenZeppelin's merkle-tree library itself
///         (`tests/vectors/payout/fixtures/evm_oz_standard_v1.json`) is accepted unchanged: every claim
///         verifies with the library's own proofs against the library's own root.
contract TokenrailMerkleDistributorOzTest is Test {
    TokenrailMerkleDistributor internal dist;
    MockERC20 internal token;
    string internal fixture;

    function setUp() public {
        // Deployed first, so it lands at the address the fixture was built for.
        dist = new TokenrailMerkleDistributor();
        token = new MockERC20();
        fixture = vm.readFile(
            string.concat(
                vm.projectRoot(), "/../../tests/vectors/payout/fixtures/evm_oz_standard_v1.json"
            )
        );
    }

    function test_openZeppelinTreeIsAcceptedUnchanged() public {
        assertEq(
            vm.parseJsonAddress(fixture, ".distributor"),
            address(dist),
            "fixture built for another address: run scripts/lib/gen_payout_oz_fixture.js"
        );
        assertEq(vm.parseJsonUint(fixture, ".chainId"), block.chainid, "chain id");
        bytes32 root = vm.parseJsonBytes32(fixture, ".root");
        uint256 total = vm.parseJsonUint(fixture, ".total");
        address[] memory accounts = vm.parseJsonAddressArray(fixture, ".accounts");
        uint256[] memory amounts = vm.parseJsonUintArray(fixture, ".amounts");

        token.mint(address(this), total);
        token.approve(address(dist), total);
        uint256 id = dist.create(
            token,
            root,
            uint128(total),
            uint64(block.timestamp),
            uint64(block.timestamp + 100),
            address(1)
        );
        assertEq(id, vm.parseJsonUint(fixture, ".id"), "distribution id");

        for (uint256 i; i < accounts.length; ++i) {
            bytes32[] memory proof =
                vm.parseJsonBytes32Array(fixture, string.concat(".proofs[", _str(i), "]"));
            dist.claim(id, i, accounts[i], amounts[i], proof);
            assertEq(token.balanceOf(accounts[i]), amounts[i], "claim paid");
        }
        assertEq(token.balanceOf(address(dist)), 0, "every leaf claimed");
    }

    function _str(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory b;
        while (v != 0) {
            b = abi.encodePacked(bytes1(uint8(48 + v % 10)), b);
            v /= 10;
        }
        return string(b);
    }
}
