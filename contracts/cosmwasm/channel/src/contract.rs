//! Entry points and message handlers.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Api, BankMsg, Binary, Coin, CosmosMsg, Deps, DepsMut, Env,
    Event, HexBinary, MessageInfo, Reply, Response, StdError, StdResult, SubMsg, Uint128, WasmMsg,
};
use cw20_basic::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use ripemd::Ripemd160;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokenrail_channel::{Close, Domain, Message, State};

use crate::error::{fail, ChannelError as E, ContractError};
use crate::msg::{Asset, CloseMsg, ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg, StateMsg};
use crate::state::{Channel, Status, CHANNELS, OWED};

const CONTRACT_NAME: &str = "crates.io:cw-channel";
const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// Shortest challenge period: one hour.
pub const MIN_PERIOD: u64 = 3600;
/// Longest challenge period: thirty days.
pub const MAX_PERIOD: u64 = 30 * 24 * 3600;
/// Reply id of a payout sub-message (replies only on error).
pub const PAYOUT_REPLY: u64 = 1;
/// Half the secp256k1 group order: a signature's `s` above it is the malleated twin.
const HALF_ORDER: [u8; 32] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
];

/// Records the contract version.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    _msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    Ok(Response::new().add_attribute("action", "instantiate"))
}

/// Dispatches execute messages.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    let takes_funds = matches!(msg, ExecuteMsg::Open { .. } | ExecuteMsg::Deposit { .. });
    if !takes_funds && !info.funds.is_empty() {
        return Err(fail(E::FundsMismatch, "this message takes no funds"));
    }
    match msg {
        ExecuteMsg::Receive(wrapper) => execute_receive(deps, info, wrapper),
        ExecuteMsg::Open {
            counterparty,
            period,
        } => {
            let funds = native_funds(&info);
            execute_open(deps, info.sender, counterparty, period, funds)
        }
        ExecuteMsg::Deposit { channel_id } => {
            let funds = native_funds(&info);
            execute_deposit(deps, info.sender, channel_id, funds)
        }
        ExecuteMsg::Withdraw { asset, to } => execute_withdraw(deps, info, asset, to),
        ExecuteMsg::CloseCooperative {
            channel_id,
            close,
            sig_a,
            sig_b,
        } => execute_close_cooperative(deps, env, channel_id, close, sig_a, sig_b),
        ExecuteMsg::CloseUnilateral {
            channel_id,
            state,
            sig_a,
            sig_b,
        } => execute_close_unilateral(deps, env, info, channel_id, Some((state, sig_a, sig_b))),
        ExecuteMsg::CloseWithoutState { channel_id } => {
            execute_close_unilateral(deps, env, info, channel_id, None)
        }
        ExecuteMsg::Challenge {
            channel_id,
            state,
            sig_a,
            sig_b,
        } => execute_challenge(deps, env, channel_id, state, sig_a, sig_b),
        ExecuteMsg::Settle { channel_id } => execute_settle(deps, env, channel_id),
    }
}

fn validate_addr(api: &dyn Api, input: &str) -> Result<Addr, ContractError> {
    let addr = api
        .addr_validate(input)
        .map_err(|e| fail(E::InvalidAddress, format!("`{input}`: {e}")))?;
    if addr.as_str() != input {
        return Err(fail(
            E::InvalidAddress,
            format!("`{input}` is not normalised"),
        ));
    }
    Ok(addr)
}

/// The asset's key in ids and storage: `0 ‖ denom` for a bank denom, `1 ‖ canonical address`
/// for a cw20 token (a denom may contain any character, so the kind byte keeps them apart).
pub fn asset_key(api: &dyn Api, asset: &Asset) -> StdResult<Vec<u8>> {
    Ok(match asset {
        Asset::Native { denom } => [&[0u8][..], denom.as_bytes()].concat(),
        Asset::Cw20 { address } => [
            &[1u8][..],
            api.addr_canonicalize(address.as_str())?.as_slice(),
        ]
        .concat(),
    })
}

/// The id of the channel of `a` (opener) and `b` in `asset`: SHA-256 of both canonical
/// addresses and the [`asset_key`], each length-prefixed.
pub fn channel_id(api: &dyn Api, a: &Addr, b: &Addr, asset: &Asset) -> StdResult<[u8; 32]> {
    let mut h = Sha256::new();
    for part in [
        api.addr_canonicalize(a.as_str())?.to_vec(),
        api.addr_canonicalize(b.as_str())?.to_vec(),
        asset_key(api, asset)?,
    ] {
        h.update((part.len() as u32).to_be_bytes());
        h.update(&part);
    }
    Ok(h.finalize().into())
}

/// What a deposit brings: `None` when nothing was attached, else the asset and amount.
type Funds = Result<Option<(Asset, Uint128)>, ContractError>;

/// The native coin attached: none, or exactly one non-zero coin (`FundsMismatch` otherwise).
fn native_funds(info: &MessageInfo) -> Funds {
    match info.funds.as_slice() {
        [] => Ok(None),
        [coin] if !coin.amount.is_zero() => {
            let amount = Uint128::try_from(coin.amount)
                .map_err(|_| fail(E::FundsMismatch, "the amount exceeds u128"))?;
            let asset = Asset::Native {
                denom: coin.denom.clone(),
            };
            Ok(Some((asset, amount)))
        }
        _ => Err(fail(E::FundsMismatch, "attach exactly one non-zero coin")),
    }
}

/// cw20 `Send` hook: the sending token is the asset, the cw20 sender the depositor (native
/// funds on the hook are refused by [`execute`]).
pub fn execute_receive(
    deps: DepsMut,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let sender = validate_addr(deps.api, &wrapper.sender)?;
    let funds = Ok((!wrapper.amount.is_zero()).then(|| {
        let token = Asset::Cw20 {
            address: info.sender.clone(),
        };
        (token, wrapper.amount)
    }));
    match from_json(&wrapper.msg)? {
        ReceiveMsg::Open {
            counterparty,
            period,
        } => execute_open(deps, sender, counterparty, period, funds),
        ReceiveMsg::Deposit { channel_id } => execute_deposit(deps, sender, channel_id, funds),
    }
}

fn load(deps: Deps, id: &HexBinary) -> Result<([u8; 32], Channel), ContractError> {
    let key: [u8; 32] = id
        .as_slice()
        .try_into()
        .map_err(|_| fail(E::ChannelNotFound, "a channel id is 32 bytes"))?;
    let channel = CHANNELS
        .may_load(deps.storage, &key)?
        .ok_or_else(|| fail(E::ChannelNotFound, format!("no channel {id}")))?;
    Ok((key, channel))
}

fn describe(asset: &Asset) -> String {
    match asset {
        Asset::Native { denom } => denom.clone(),
        Asset::Cw20 { address } => format!("cw20:{address}"),
    }
}

/// Opens or re-opens (next epoch) `a`'s channel with `counterparty` in the deposited asset.
pub fn execute_open(
    deps: DepsMut,
    a: Addr,
    counterparty: String,
    period: u64,
    funds: Funds,
) -> Result<Response, ContractError> {
    let b = validate_addr(deps.api, &counterparty)?;
    if a == b {
        return Err(fail(E::SameParties, "the counterparty is the opener"));
    }
    if matches!(funds, Ok(None)) {
        return Err(fail(E::ZeroAmount, "deposit something"));
    }
    if !(MIN_PERIOD..=MAX_PERIOD).contains(&period) {
        return Err(fail(
            E::InvalidPeriod,
            format!("the period must be {MIN_PERIOD}-{MAX_PERIOD} seconds"),
        ));
    }
    let (asset, amount) = funds?.ok_or_else(|| fail(E::ZeroAmount, "deposit something"))?;
    let id = channel_id(deps.api, &a, &b, &asset)?;
    let previous = CHANNELS.may_load(deps.storage, &id)?;
    if previous
        .as_ref()
        .is_some_and(|c| c.status != Status::Settled)
    {
        return Err(fail(E::ChannelOpen, "the channel is open or closing"));
    }
    let epoch = previous.map_or(1, |c| c.epoch + 1);
    CHANNELS.save(
        deps.storage,
        &id,
        &Channel {
            a: a.clone(),
            b: b.clone(),
            asset: asset.clone(),
            epoch,
            status: Status::Open,
            period,
            deadline: 0,
            nonce: 0,
            deposit_a: amount,
            deposit_b: Uint128::zero(),
            sent_a: Uint128::zero(),
            sent_b: Uint128::zero(),
        },
    )?;
    Ok(Response::new().add_event(
        Event::new("channel_opened")
            .add_attribute("channel_id", HexBinary::from(&id[..]).to_hex())
            .add_attribute("epoch", epoch.to_string())
            .add_attribute("a", a)
            .add_attribute("b", b)
            .add_attribute("asset", describe(&asset))
            .add_attribute("amount", amount)
            .add_attribute("period", period.to_string()),
    ))
}

/// A party tops up an open channel.
pub fn execute_deposit(
    deps: DepsMut,
    party: Addr,
    id: HexBinary,
    funds: Funds,
) -> Result<Response, ContractError> {
    let (key, mut c) = load(deps.as_ref(), &id)?;
    if c.status != Status::Open {
        return Err(fail(E::NotOpen, "deposits only while open"));
    }
    if party != c.a && party != c.b {
        return Err(fail(E::Unauthorized, "only a party deposits"));
    }
    let (asset, amount) = funds?.ok_or_else(|| fail(E::ZeroAmount, "deposit something"))?;
    if asset != c.asset {
        return Err(fail(
            E::FundsMismatch,
            format!("the channel holds {}", describe(&c.asset)),
        ));
    }
    let total = c
        .deposit_a
        .checked_add(c.deposit_b)
        .and_then(|t| t.checked_add(amount))
        .map_err(|_| fail(E::FundsMismatch, "the channel's total would exceed u128"))?;
    if party == c.a {
        c.deposit_a += amount;
    } else {
        c.deposit_b += amount;
    }
    CHANNELS.save(deps.storage, &key, &c)?;
    Ok(Response::new().add_event(
        Event::new("deposited")
            .add_attribute("channel_id", id.to_hex())
            .add_attribute("party", party)
            .add_attribute("amount", amount)
            .add_attribute("total", total),
    ))
}

/// Verifies both parties' signatures of `message`: 65-byte `r ‖ s ‖ recovery id`, low `s`, and
/// the recovered key's canonical address must be the party's.
fn verify_signatures(
    api: &dyn Api,
    env: &Env,
    c: &Channel,
    message: &Message,
    signatures: [&HexBinary; 2],
) -> Result<(), ContractError> {
    let domain = Domain::CosmWasm {
        chain_id: env.block.chain_id.clone(),
        contract: env.contract.address.to_string(),
    };
    let digest = message
        .signing_payload(&domain)
        .ok_or_else(|| StdError::msg("unencodable message"))?;
    for (sig, party) in signatures.into_iter().zip([&c.a, &c.b]) {
        let sig = sig.as_slice();
        if sig.len() != 65 || sig[64] > 1 {
            return Err(fail(
                E::InvalidSignature,
                "65 bytes: r, s, recovery id 0 or 1",
            ));
        }
        if sig[32..64] > HALF_ORDER[..] {
            return Err(fail(E::InvalidSignature, "high s (malleable)"));
        }
        let key = api
            .secp256k1_recover_pubkey(&digest, &sig[..64], sig[64])
            .map_err(|e| fail(E::InvalidSignature, e.to_string()))?;
        let mut compressed = [0u8; 33];
        compressed[0] = if key[64] & 1 == 1 { 0x03 } else { 0x02 };
        compressed[1..].copy_from_slice(&key[1..33]);
        let canonical = Ripemd160::digest(Sha256::digest(compressed));
        if api.addr_canonicalize(party.as_str())?.as_slice() != canonical.as_slice() {
            return Err(fail(E::WrongSigner, format!("not signed by {party}")));
        }
    }
    Ok(())
}

fn same_channel(
    key: &[u8; 32],
    c: &Channel,
    id: &HexBinary,
    epoch: u64,
) -> Result<(), ContractError> {
    if id.as_slice() != key || epoch != c.epoch {
        return Err(fail(
            E::WrongChannel,
            format!(
                "the message names another channel or epoch (this is epoch {})",
                c.epoch
            ),
        ));
    }
    Ok(())
}

/// The checks of a submitted State, in the spec's order: it names this channel and epoch
/// (`WrongChannel`), then both parties signed it (`InvalidSignature`, `WrongSigner`).
fn verify_state(
    api: &dyn Api,
    env: &Env,
    key: &[u8; 32],
    c: &Channel,
    state: &StateMsg,
    signatures: [&HexBinary; 2],
) -> Result<(), ContractError> {
    same_channel(key, c, &state.channel_id, state.epoch)?;
    let message = Message::State(State {
        channel_id: *key,
        epoch: state.epoch,
        nonce: state.nonce,
        sent_a: state.sent_a.u128(),
        sent_b: state.sent_b.u128(),
    });
    verify_signatures(api, env, c, &message, signatures)
}

fn payouts(c: &Channel, sent_a: Uint128, sent_b: Uint128) -> Result<(u128, u128), ContractError> {
    tokenrail_channel::balances(
        c.deposit_a.u128(),
        c.deposit_b.u128(),
        sent_a.u128(),
        sent_b.u128(),
    )
    .ok_or_else(|| {
        fail(
            E::Overdrawn,
            "the state pays a party more than the deposits allow",
        )
    })
}

/// Pays both balances and settles the epoch.
fn settle_now(
    deps: DepsMut,
    key: &[u8; 32],
    mut c: Channel,
    sent_a: Uint128,
    sent_b: Uint128,
) -> Result<Response, ContractError> {
    let (pay_a, pay_b) = payouts(&c, sent_a, sent_b)?;
    let mut res = Response::new();
    for (to, amount) in [(&c.a, pay_a), (&c.b, pay_b)] {
        if amount > 0 {
            let amount = Uint128::new(amount);
            // A leg the receiver refuses replies instead of failing the settlement.
            let payload = to_json_binary(&Deferred {
                asset: c.asset.clone(),
                to: to.clone(),
                amount,
            })?;
            res = res.add_submessage(
                SubMsg::reply_on_error(pay(&c.asset, to, amount)?, PAYOUT_REPLY)
                    .with_payload(payload),
            );
        }
    }
    c.status = Status::Settled;
    c.deposit_a = Uint128::zero();
    c.deposit_b = Uint128::zero();
    CHANNELS.save(deps.storage, key, &c)?;
    Ok(res.add_event(
        Event::new("channel_settled")
            .add_attribute("channel_id", HexBinary::from(&key[..]).to_hex())
            .add_attribute("epoch", c.epoch.to_string())
            .add_attribute("balance_a", pay_a.to_string())
            .add_attribute("balance_b", pay_b.to_string()),
    ))
}

/// Pays out at once on a co-signed Close (anyone may submit it).
pub fn execute_close_cooperative(
    deps: DepsMut,
    env: Env,
    id: HexBinary,
    close: CloseMsg,
    sig_a: HexBinary,
    sig_b: HexBinary,
) -> Result<Response, ContractError> {
    let (key, c) = load(deps.as_ref(), &id)?;
    if c.status != Status::Open {
        return Err(fail(E::NotOpen, "the channel is not open"));
    }
    same_channel(&key, &c, &close.channel_id, close.epoch)?;
    let message = Message::Close(Close {
        channel_id: key,
        epoch: close.epoch,
        sent_a: close.sent_a.u128(),
        sent_b: close.sent_b.u128(),
    });
    verify_signatures(deps.api, &env, &c, &message, [&sig_a, &sig_b])?;
    settle_now(deps, &key, c, close.sent_a, close.sent_b)
}

/// A party starts the challenge period on a co-signed State, or on the unsigned nonce-0 state.
pub fn execute_close_unilateral(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    id: HexBinary,
    signed: Option<(StateMsg, HexBinary, HexBinary)>,
) -> Result<Response, ContractError> {
    let (key, mut c) = load(deps.as_ref(), &id)?;
    if info.sender != c.a && info.sender != c.b {
        return Err(fail(E::Unauthorized, "only a party closes unilaterally"));
    }
    if c.status != Status::Open {
        return Err(fail(E::NotOpen, "the channel is not open"));
    }
    let (nonce, sent_a, sent_b) = match signed {
        Some((state, sig_a, sig_b)) => {
            verify_state(deps.api, &env, &key, &c, &state, [&sig_a, &sig_b])?;
            payouts(&c, state.sent_a, state.sent_b)?;
            (state.nonce, state.sent_a, state.sent_b)
        }
        None => (0, Uint128::zero(), Uint128::zero()),
    };
    c.status = Status::Closing;
    c.nonce = nonce;
    c.sent_a = sent_a;
    c.sent_b = sent_b;
    c.deadline = env.block.time.seconds() + c.period;
    CHANNELS.save(deps.storage, &key, &c)?;
    Ok(Response::new().add_event(
        Event::new("channel_closing")
            .add_attribute("channel_id", id.to_hex())
            .add_attribute("epoch", c.epoch.to_string())
            .add_attribute("nonce", nonce.to_string())
            .add_attribute("deadline", c.deadline.to_string())
            .add_attribute("by", info.sender),
    ))
}

/// Replaces the recorded state with a newer co-signed State before the deadline.
pub fn execute_challenge(
    deps: DepsMut,
    env: Env,
    id: HexBinary,
    state: StateMsg,
    sig_a: HexBinary,
    sig_b: HexBinary,
) -> Result<Response, ContractError> {
    let (key, mut c) = load(deps.as_ref(), &id)?;
    if c.status != Status::Closing {
        return Err(fail(E::NotClosing, "the channel is not closing"));
    }
    if env.block.time.seconds() >= c.deadline {
        return Err(fail(
            E::ChallengePeriodOver,
            format!("the period ended at {}", c.deadline),
        ));
    }
    verify_state(deps.api, &env, &key, &c, &state, [&sig_a, &sig_b])?;
    if state.nonce <= c.nonce {
        return Err(fail(
            E::StaleNonce,
            format!(
                "nonce {} is not above the recorded {}",
                state.nonce, c.nonce
            ),
        ));
    }
    payouts(&c, state.sent_a, state.sent_b)?;
    c.nonce = state.nonce;
    c.sent_a = state.sent_a;
    c.sent_b = state.sent_b;
    CHANNELS.save(deps.storage, &key, &c)?;
    Ok(Response::new().add_event(
        Event::new("channel_challenged")
            .add_attribute("channel_id", id.to_hex())
            .add_attribute("epoch", c.epoch.to_string())
            .add_attribute("nonce", state.nonce.to_string()),
    ))
}

/// Pays out the recorded state from the deadline on (anyone may submit it).
pub fn execute_settle(deps: DepsMut, env: Env, id: HexBinary) -> Result<Response, ContractError> {
    let (key, c) = load(deps.as_ref(), &id)?;
    if c.status != Status::Closing {
        return Err(fail(E::NotClosing, "the channel is not closing"));
    }
    if env.block.time.seconds() < c.deadline {
        return Err(fail(
            E::ChallengePeriodActive,
            format!("the period ends at {}", c.deadline),
        ));
    }
    let (sent_a, sent_b) = (c.sent_a, c.sent_b);
    settle_now(deps, &key, c, sent_a, sent_b)
}

/// Answers queries.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Channel { channel_id } => {
            let channel = match <[u8; 32]>::try_from(channel_id.as_slice()) {
                Ok(key) => CHANNELS.may_load(deps.storage, &key)?,
                Err(_) => None,
            };
            to_json_binary(&channel)
        }
        QueryMsg::ChannelId { a, b, asset } => {
            let a = deps.api.addr_validate(&a)?;
            let b = deps.api.addr_validate(&b)?;
            to_json_binary(&HexBinary::from(&channel_id(deps.api, &a, &b, &asset)?[..]))
        }
        QueryMsg::Owed { asset, owner } => {
            let owner = deps.api.addr_validate(&owner)?;
            let key = asset_key(deps.api, &asset)?;
            to_json_binary(
                &OWED
                    .may_load(deps.storage, (&key, &owner))?
                    .unwrap_or_default(),
            )
        }
    }
}

/// A payout leg, carried as the payload of its sub-message so a refusal can be credited.
#[derive(Serialize, Deserialize)]
struct Deferred {
    asset: Asset,
    to: Addr,
    amount: Uint128,
}

/// The message paying `amount` of `asset` to `to`.
fn pay(asset: &Asset, to: &Addr, amount: Uint128) -> StdResult<CosmosMsg> {
    Ok(match asset {
        Asset::Native { denom } => BankMsg::Send {
            to_address: to.to_string(),
            amount: vec![Coin::new(amount, denom.clone())],
        }
        .into(),
        Asset::Cw20 { address } => WasmMsg::Execute {
            contract_addr: address.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount,
            })?,
            funds: vec![],
        }
        .into(),
    })
}

/// A payout leg failed (the sub-message's effects are already undone): credit the receiver.
#[cfg_attr(not(feature = "library"), entry_point)]
pub fn reply(deps: DepsMut, _env: Env, msg: Reply) -> Result<Response, ContractError> {
    if msg.id != PAYOUT_REPLY {
        return Err(StdError::msg(format!("unknown reply id {}", msg.id)).into());
    }
    let leg: Deferred = from_json(&msg.payload)?;
    let key = asset_key(deps.api, &leg.asset)?;
    OWED.update(deps.storage, (&key, &leg.to), |owed| -> StdResult<_> {
        Ok(owed.unwrap_or_default().checked_add(leg.amount)?)
    })?;
    Ok(Response::new().add_event(
        Event::new("payout_deferred")
            .add_attribute("asset", describe(&leg.asset))
            .add_attribute("to", leg.to)
            .add_attribute("amount", leg.amount),
    ))
}

/// Sends the caller's deferred payouts of `asset` to `to`.
pub fn execute_withdraw(
    deps: DepsMut,
    info: MessageInfo,
    asset: Asset,
    to: String,
) -> Result<Response, ContractError> {
    let key = asset_key(deps.api, &asset)?;
    let owed = OWED
        .may_load(deps.storage, (&key, &info.sender))?
        .unwrap_or_default();
    if owed.is_zero() {
        return Err(fail(E::ZeroAmount, "nothing is owed"));
    }
    let to = validate_addr(deps.api, &to)?;
    OWED.remove(deps.storage, (&key, &info.sender));
    Ok(Response::new()
        .add_message(pay(&asset, &to, owed)?)
        .add_event(
            Event::new("withdrawn")
                .add_attribute("asset", describe(&asset))
                .add_attribute("owner", info.sender)
                .add_attribute("to", to)
                .add_attribute("amount", owed),
        ))
}
