// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Test} from "../utils/Test.sol";
import {TokenrailAssetToken} from "../../src/token/TokenrailAssetToken.sol";
import {TokenrailDocuments} from "../../src/token/TokenrailDocuments.sol";
import {TokenrailIdentityRegistry} from "../../src/token/TokenrailIdentityRegistry.sol";
import {TokenrailRoles} from "../../src/access/TokenrailRoles.sol";
import {IERC1643} from "../../src/interfaces/IERC1643.sol";

/// @notice ERC-1643 on the asset token beyond the shared `documents` vector (which runs on anvil
///         from Rust): the metadata is the document `legal`, names are zero-padded `bytes32`,
///         and a fuzzed sequence of sets and removals keeps `getAllDocuments` and
///         `getDocument` in step with a plain model (the swap-and-pop removal moves an index).
contract TokenrailDocumentsTest is Test {
    TokenrailAssetToken internal token;
    address internal admin = address(0xAD);
    bytes32 internal constant LEGAL = "legal";

    /// The fuzzed walk's model: which of `_pool` the token holds.
    bytes32[6] internal _pool = [bytes32("a"), "b", "c", "d", "prospectus", "term-sheet"];
    mapping(bytes32 => bool) internal _held;
    mapping(bytes32 => bytes32) internal _hashOf;

    function setUp() public {
        vm.warp(1_700_000_000);
        TokenrailIdentityRegistry registry = new TokenrailIdentityRegistry(admin);
        token = new TokenrailAssetToken(
            "Bond", "BND", 6, 1e24, registry, admin, "ipfs://terms", bytes32(uint256(7))
        );
    }

    function test_theMetadataIsTheLegalDocument() public {
        assertTrue(token.supportsInterface(type(IERC1643).interfaceId), "ERC-1643");
        (string memory uri, bytes32 hash, uint256 modified) = token.getDocument(LEGAL);
        assertEq(uri, "ipfs://terms", "uri");
        assertEq(hash, bytes32(uint256(7)), "hash");
        assertEq(modified, 1_700_000_000, "deployment time");
        vm.warp(1_700_000_100);
        vm.expectEmit(false, false, false, true);
        emit TokenrailDocuments.MetadataUpdated("ipfs://terms-v2", bytes32(uint256(8)));
        vm.prank(admin);
        token.setDocument(LEGAL, "ipfs://terms-v2", bytes32(uint256(8)));
        assertEq(token.metadataURI(), "ipfs://terms-v2", "the old reader sees it");
        assertEq(token.legalDocumentHash(), bytes32(uint256(8)), "the old reader sees it");
        (,, modified) = token.getDocument(LEGAL);
        assertEq(modified, 1_700_000_100, "stamped");
        vm.prank(admin);
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        token.removeDocument(LEGAL);
        bytes32[] memory names = token.getAllDocuments();
        assertEq(names.length, 1, "one document");
        assertEq(names[0], LEGAL, "legal");
    }

    function test_onlyTheAdminManagesDocuments() public {
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, address(this), 0)
        );
        token.setDocument("prospectus", "ipfs://p", bytes32(uint256(1)));
        vm.prank(admin);
        token.setDocument("prospectus", "ipfs://p", bytes32(uint256(1)));
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, address(this), 0)
        );
        token.removeDocument("prospectus");
        vm.expectRevert(
            abi.encodeWithSelector(TokenrailRoles.Unauthorized.selector, address(this), 0)
        );
        token.setMetadata("ipfs://x", 0);
    }

    /// A name is the prefix of non-zero bytes: one with a zero byte inside would read as
    /// another name on the chains whose names are strings.
    function test_namesAreZeroPaddedStrings() public {
        vm.startPrank(admin);
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        token.setDocument(bytes32(0), "ipfs://x", 0);
        token.setDocument(bytes32(hex"6100"), "ipfs://x", 0); // "a", zero-padded
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        token.setDocument(bytes32(hex"610062"), "ipfs://x", 0);
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        token.setDocument(bytes32(uint256(1)), "ipfs://x", 0);
        token.setDocument(bytes32(type(uint256).max), "ipfs://x", 0);
        vm.expectRevert(TokenrailDocuments.InvalidMetadata.selector);
        token.setDocument("a", string(new bytes(257)), 0);
        vm.stopPrank();
    }

    /// Random sets and removals over six names: after each, the token lists exactly the held
    /// names (`legal` first, once each) and answers each one's hash.
    function testFuzz_documentListStaysInStep(uint256 seed) public {
        vm.startPrank(admin);
        for (uint256 step; step < 24; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            bytes32 name = _pool[r % _pool.length];
            if ((r >> 8) % 3 == 0) {
                if (!_held[name]) {
                    vm.expectRevert(
                        abi.encodeWithSelector(TokenrailDocuments.DocumentNotFound.selector, name)
                    );
                }
                token.removeDocument(name);
                _held[name] = false;
            } else {
                bytes32 hash = keccak256(abi.encode(r));
                token.setDocument(name, "ipfs://doc", hash);
                _held[name] = true;
                _hashOf[name] = hash;
            }
            _assertInStep();
        }
        vm.stopPrank();
    }

    function _assertInStep() internal view {
        bytes32[] memory names = token.getAllDocuments();
        assertEq(names[0], LEGAL, "legal first");
        uint256 held;
        for (uint256 i; i < _pool.length; ++i) {
            bytes32 name = _pool[i];
            uint256 seen;
            for (uint256 j = 1; j < names.length; ++j) {
                if (names[j] == name) ++seen;
            }
            assertEq(seen, _held[name] ? 1 : 0, "listed once if held");
            if (_held[name]) {
                ++held;
                (, bytes32 hash,) = token.getDocument(name);
                assertEq(hash, _hashOf[name], "its own hash");
            }
        }
        assertEq(names.length, held + 1, "nothing else listed");
    }
}
