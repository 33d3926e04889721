//! A channel in a regulated cw20 (`cw-asset-token` with `cw-registry`): the counterparty's KYC is
//! revoked while the channel is closing. Settlement must still pay the other party; the refused
//! leg is credited and withdrawn later to an eligible account. Also refused: value attached to a
//! cw20 deposit, withdrawals with nothing owed, compact and out-of-range signatures.

use cosmwasm_std::{coins, to_json_binary, Addr, Empty, HexBinary, Uint128};
use cw_asset_token::msg::{ExecuteMsg as TokenMsg, InstantiateMsg as TokenInit, TokenRole};
use cw_channel::msg::{Asset, ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg, StateMsg};
use cw_multi_test::{App, Contract, ContractWrapper, Executor};
use cw_registry::msg::{
    EntryInput, ExecuteMsg as RegistryMsg, InstantiateMsg as RegistryInit, InvestorStatus,
    RegistryRole,
};
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};
use tokenrail_channel::{Domain, Message, Secp256k1Key, State};
use tokenrail_core::channel::ChannelError;
use tokenrail_core::Amount;
use tokenrail_ledger::cosmwasm::CwContract;
use tokenrail_ledger::event::{EventData, Position};

const PERIOD: u64 = 3600;

fn key(n: u8) -> Secp256k1Key {
    Secp256k1Key::from_bytes(&[n; 32]).unwrap()
}

fn address(n: u8) -> Addr {
    let canonical = Ripemd160::digest(Sha256::digest(key(n).public_compressed()));
    let hrp = bech32::Hrp::parse("cosmwasm").unwrap();
    Addr::unchecked(bech32::encode::<bech32::Bech32>(hrp, &canonical).unwrap())
}

fn code(err: cosmwasm_std::StdError) -> ChannelError {
    let text = format!("{err:?}");
    ChannelError::find_tag(&text).unwrap_or_else(|| panic!("not a channel error: {text}"))
}

struct Setup {
    app: App,
    registry: Addr,
    token: Addr,
    channels: Addr,
    admin: Addr,
}

fn setup() -> Setup {
    let mut app = App::default();
    tokenrail_devnet::cosmwasm::app::set_time(&mut app, 0);
    let admin = app.api().addr_make("admin");
    let registry: Box<dyn Contract<Empty>> = Box::new(ContractWrapper::new(
        cw_registry::contract::execute,
        cw_registry::contract::instantiate,
        cw_registry::contract::query,
    ));
    let token: Box<dyn Contract<Empty>> = Box::new(ContractWrapper::new(
        cw_asset_token::contract::execute,
        cw_asset_token::contract::instantiate,
        cw_asset_token::contract::query,
    ));
    let registry_code = app.store_code(registry);
    let token_code = app.store_code(token);
    let channel_code = app.store_code(Box::new(
        ContractWrapper::new(
            cw_channel::contract::execute,
            cw_channel::contract::instantiate,
            cw_channel::contract::query,
        )
        .with_reply(cw_channel::contract::reply),
    ));
    let registry = app
        .instantiate_contract(
            registry_code,
            admin.clone(),
            &RegistryInit {},
            &[],
            "r",
            None,
        )
        .unwrap();
    let init = TokenInit {
        name: "Tokenrail Bond 2030".into(),
        symbol: "TRB30".into(),
        decimals: 6,
        cap: Uint128::new(1_000_000),
        registry: registry.to_string(),
        metadata_uri: "ipfs://terms".into(),
        legal_document_hash: HexBinary::from(&[0x42; 32][..]),
    };
    let token = app
        .instantiate_contract(token_code, admin.clone(), &init, &[], "t", None)
        .unwrap();
    let channels = app
        .instantiate_contract(
            channel_code,
            admin.clone(),
            &InstantiateMsg {},
            &[],
            "c",
            None,
        )
        .unwrap();
    let grant = RegistryMsg::GrantRole {
        role: RegistryRole::RegistryAgent,
        account: admin.to_string(),
    };
    app.execute_contract(admin.clone(), registry.clone(), &grant, &[])
        .unwrap();
    let grant = TokenMsg::GrantRole {
        role: TokenRole::Issuer,
        account: admin.to_string(),
    };
    app.execute_contract(admin.clone(), token.clone(), &grant, &[])
        .unwrap();
    let mut s = Setup {
        app,
        registry,
        token,
        channels,
        admin,
    };
    let investors = [address(1), address(2), address(3), s.channels.clone()];
    s.set_status(&investors, InvestorStatus::Verified);
    let mint = TokenMsg::Mint {
        recipient: address(1).to_string(),
        amount: Uint128::new(1000),
    };
    s.app
        .execute_contract(s.admin.clone(), s.token.clone(), &mint, &[])
        .unwrap();
    s
}

impl Setup {
    fn set_status(&mut self, who: &[Addr], status: InvestorStatus) {
        let entries = who
            .iter()
            .map(|a| EntryInput {
                address: a.to_string(),
                status,
                jurisdiction: 276,
                kyc_expiry: u64::MAX,
            })
            .collect();
        self.app
            .execute_contract(
                self.admin.clone(),
                self.registry.clone(),
                &RegistryMsg::Upsert { entries },
                &[],
            )
            .unwrap();
    }

    fn balance(&self, who: &Addr) -> u128 {
        let q = cw20_basic::msg::Cw20QueryMsg::Balance {
            address: who.to_string(),
        };
        let r: cw20_basic::msg::BalanceResponse =
            self.app.wrap().query_wasm_smart(&self.token, &q).unwrap();
        r.balance.u128()
    }

    fn asset(&self) -> Asset {
        Asset::Cw20 {
            address: self.token.clone(),
        }
    }

    fn owed(&self, who: &Addr) -> u128 {
        let q = QueryMsg::Owed {
            asset: self.asset(),
            owner: who.to_string(),
        };
        let r: Uint128 = self
            .app
            .wrap()
            .query_wasm_smart(&self.channels, &q)
            .unwrap();
        r.u128()
    }

    /// Alice opens a 1,000-token channel with Bob through cw20 `Send`; returns its id.
    fn open(&mut self) -> HexBinary {
        let send = TokenMsg::Send {
            contract: self.channels.to_string(),
            amount: Uint128::new(1000),
            msg: to_json_binary(&ReceiveMsg::Open {
                counterparty: address(2).to_string(),
                period: PERIOD,
            })
            .unwrap(),
        };
        self.app
            .execute_contract(address(1), self.token.clone(), &send, &[])
            .unwrap();
        let q = QueryMsg::ChannelId {
            a: address(1).to_string(),
            b: address(2).to_string(),
            asset: self.asset(),
        };
        self.app
            .wrap()
            .query_wasm_smart(&self.channels, &q)
            .unwrap()
    }
}

/// The pull-payment rows a ledger syncing the channel contract stores for `events` (its
/// `channel_settled` row and the token's own rows left out).
fn channel_rows(s: &Setup, events: &[cosmwasm_std::Event]) -> Vec<EventData> {
    let channel = CwContract::Channel(s.channels.to_string());
    tokenrail_ledger::cosmwasm::records(
        "test",
        &[channel],
        &Position::default(),
        "tx",
        &tokenrail_devnet::cosmwasm::abci_events(events.iter().cloned()),
    )
    .into_iter()
    .map(|r| r.data)
    .filter(|d| {
        matches!(
            d,
            EventData::PayoutDeferred { .. } | EventData::Withdrawn { .. }
        )
    })
    .collect()
}

#[test]
fn a_refused_leg_is_credited_and_the_other_party_is_paid() {
    let mut s = setup();
    let id = s.open();
    // Alice paid Bob 300 off chain; both signed state 1.
    let chain_id = s.app.block_info().chain_id;
    let domain = Domain::CosmWasm {
        chain_id,
        contract: s.channels.to_string(),
    };
    let msg = Message::State(State {
        channel_id: id.as_slice().try_into().unwrap(),
        epoch: 1,
        nonce: 1,
        sent_a: 300,
        sent_b: 0,
    });
    let sig = |n: u8| HexBinary::from(key(n).sign(&domain, &msg).unwrap());
    let close = ExecuteMsg::CloseUnilateral {
        channel_id: id.clone(),
        state: StateMsg {
            channel_id: id.clone(),
            epoch: 1,
            nonce: 1,
            sent_a: Uint128::new(300),
            sent_b: Uint128::zero(),
        },
        sig_a: sig(1),
        sig_b: sig(2),
    };
    s.app
        .execute_contract(address(2), s.channels.clone(), &close, &[])
        .unwrap();

    // Bob's KYC is revoked during the challenge period.
    s.set_status(&[address(2)], InvestorStatus::Revoked);
    tokenrail_devnet::cosmwasm::app::set_time(&mut s.app, PERIOD);
    let settle = ExecuteMsg::Settle {
        channel_id: id.clone(),
    };
    let res = s
        .app
        .execute_contract(address(3), s.channels.clone(), &settle, &[])
        .unwrap();
    // The ledger reads the refused leg as a pull payment kept for Bob.
    let token = s.token.to_string();
    assert_eq!(
        channel_rows(&s, &res.events),
        [EventData::PayoutDeferred {
            asset: token.clone(),
            to: address(2).to_string(),
            amount: Amount(300),
        }],
        "the refused leg is announced"
    );
    assert_eq!(s.balance(&address(1)), 700, "alice paid at once");
    assert_eq!(s.balance(&address(2)), 0, "bob's leg refused by the token");
    assert_eq!(s.owed(&address(2)), 300, "bob credited");
    assert_eq!(s.balance(&s.channels), 300, "custody holds the credit");

    let withdraw = ExecuteMsg::Withdraw {
        asset: s.asset(),
        to: address(3).to_string(),
    };
    let res = s
        .app
        .execute_contract(address(2), s.channels.clone(), &withdraw, &[])
        .unwrap();
    assert_eq!(
        channel_rows(&s, &res.events),
        [EventData::Withdrawn {
            asset: token,
            owner: address(2).to_string(),
            to: address(3).to_string(),
            amount: Amount(300),
        }]
    );
    assert_eq!(
        s.balance(&address(3)),
        300,
        "credit delivered to an eligible account"
    );
    assert_eq!(s.owed(&address(2)), 0);
    let again = s
        .app
        .execute_contract(address(2), s.channels.clone(), &withdraw, &[])
        .unwrap_err();
    assert_eq!(
        code(again),
        ChannelError::ZeroAmount,
        "nothing left to withdraw"
    );
}

#[test]
fn native_funds_on_a_cw20_deposit_are_refused() {
    let mut s = setup();
    let id = s.open();
    s.app
        .init_modules(|router, _api, storage| {
            router
                .bank
                .init_balance(storage, &s.token, coins(10, "uusd"))
        })
        .unwrap();
    // The token contract itself calls the hook; a hook call carrying coins is not a deposit
    // the books could record.
    let hook = ExecuteMsg::Receive(cw20_basic::Cw20ReceiveMsg {
        sender: address(1).to_string(),
        amount: Uint128::new(5),
        msg: to_json_binary(&ReceiveMsg::Deposit { channel_id: id }).unwrap(),
    });
    let err = s
        .app
        .execute_contract(
            s.token.clone(),
            s.channels.clone(),
            &hook,
            &coins(10, "uusd"),
        )
        .unwrap_err();
    assert_eq!(code(err), ChannelError::FundsMismatch);
}

/// EIP-2098 compact (64-byte) signatures and a recovery id above 1 are malformed, never a new
/// encoding of a known state.
#[test]
fn compact_and_out_of_range_signatures_are_refused() {
    let mut s = setup();
    let id = s.open();
    let domain = Domain::CosmWasm {
        chain_id: s.app.block_info().chain_id,
        contract: s.channels.to_string(),
    };
    let msg = Message::State(State {
        channel_id: id.as_slice().try_into().unwrap(),
        epoch: 1,
        nonce: 1,
        sent_a: 1,
        sent_b: 0,
    });
    let full = |n: u8| key(n).sign(&domain, &msg).unwrap();
    let close = |sig_a: Vec<u8>| ExecuteMsg::CloseUnilateral {
        channel_id: id.clone(),
        state: StateMsg {
            channel_id: id.clone(),
            epoch: 1,
            nonce: 1,
            sent_a: Uint128::one(),
            sent_b: Uint128::zero(),
        },
        sig_a: HexBinary::from(sig_a),
        sig_b: HexBinary::from(full(2)),
    };
    let sig = full(1);
    // The recovery bit folded into the top bit of s (EIP-2098), 64 bytes.
    let mut compact = sig[..64].to_vec();
    compact[32] |= sig[64] << 7;
    let mut bad_v = sig.clone();
    bad_v[64] = 27;
    for (what, sig_a) in [("compact", compact), ("recovery id 27", bad_v)] {
        let err = s
            .app
            .execute_contract(address(1), s.channels.clone(), &close(sig_a), &[])
            .unwrap_err();
        assert_eq!(code(err), ChannelError::InvalidSignature, "{what}");
    }
    s.app
        .execute_contract(address(1), s.channels.clone(), &close(sig), &[])
        .unwrap();
}
