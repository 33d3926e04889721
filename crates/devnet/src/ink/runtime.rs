//! The development runtime every ink! chain here runs: `ink_sandbox`'s minimal runtime (System,
//! Balances, Timestamp, Contracts, configured as `create_sandbox!` configures them), with one
//! difference that matters to a node's clients: its blocks carry real signed extrinsics.
//!
//! `create_sandbox!` uses `frame_system`'s mock block, whose extrinsics have no signature and no
//! signed extensions, so no wallet could talk to it. Here an extrinsic is what a Substrate node
//! takes: a `MultiAddress` sender, a `MultiSignature` and the usual signed extensions (spec and
//! transaction version, genesis hash, mortality, nonce, weight). The runtime's metadata says so,
//! which is how a client such as subxt learns how to sign for it.

use frame_support::sp_runtime::traits::{BlakeTwo256, Convert};
use frame_support::sp_runtime::{generic, AccountId32, MultiAddress, MultiSignature, Perbill};
use frame_support::traits::{ConstBool, ConstU128, ConstU32, ConstU64, Currency, Randomness};
use frame_support::weights::Weight;
use frame_support::{construct_runtime, derive_impl, parameter_types};
use ink_sandbox::{Sandbox, Snapshot, H256};
use sp_version::RuntimeVersion;

/// The signed extensions an extrinsic carries, in the order the runtime checks them.
pub type SignedExtra = (
    frame_system::CheckNonZeroSender<Runtime>,
    frame_system::CheckSpecVersion<Runtime>,
    frame_system::CheckTxVersion<Runtime>,
    frame_system::CheckGenesis<Runtime>,
    frame_system::CheckMortality<Runtime>,
    frame_system::CheckNonce<Runtime>,
    frame_system::CheckWeight<Runtime>,
);

/// The address form a signed extrinsic names its sender in.
pub type Address = MultiAddress<AccountId32, ()>;

/// A block header: 32-bit numbers, BLAKE2b-256 hashes.
pub type Header = generic::Header<u32, BlakeTwo256>;

/// An extrinsic as a node receives it.
pub type UncheckedExtrinsic =
    generic::UncheckedExtrinsic<Address, RuntimeCall, MultiSignature, SignedExtra>;

/// A block of the development chain.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The runtime's version: what `CheckSpecVersion` and `CheckTxVersion` compare a transaction
/// against, and what a node reports from `state_getRuntimeVersion`.
pub const VERSION: RuntimeVersion = RuntimeVersion {
    spec_name: sp_version::create_runtime_str!("tokenrail-dev"),
    impl_name: sp_version::create_runtime_str!("tokenrail-devnet"),
    authoring_version: 1,
    spec_version: 1,
    impl_version: 1,
    apis: sp_version::create_apis_vec!([]),
    transaction_version: 1,
    state_version: 1,
};

construct_runtime!(
    pub enum Runtime {
        System: frame_system,
        Balances: pallet_balances,
        Timestamp: pallet_timestamp,
        Contracts: pallet_contracts,
    }
);

parameter_types! {
    /// [`VERSION`], as `frame_system` reads it.
    pub const Version: RuntimeVersion = VERSION;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig as frame_system::DefaultConfig)]
impl frame_system::Config for Runtime {
    type Block = Block;
    type Version = Version;
    type BlockHashCount = ConstU32<250>;
    type AccountData = pallet_balances::AccountData<u128>;
}

impl pallet_balances::Config for Runtime {
    type RuntimeEvent = RuntimeEvent;
    type WeightInfo = ();
    type Balance = u128;
    type DustRemoval = ();
    type ExistentialDeposit = ConstU128<1>;
    type AccountStore = System;
    type ReserveIdentifier = [u8; 8];
    type FreezeIdentifier = ();
    type MaxLocks = ();
    type MaxReserves = ();
    type MaxFreezes = ();
    type RuntimeHoldReason = RuntimeHoldReason;
    type RuntimeFreezeReason = RuntimeFreezeReason;
}

impl pallet_timestamp::Config for Runtime {
    type Moment = u64;
    type OnTimestampSet = ();
    type MinimumPeriod = ConstU64<1>;
    type WeightInfo = ();
}

/// Contracts here never ask for randomness (the pallet's `random` host function is deprecated).
pub enum NoRandomness {}

impl Randomness<H256, u32> for NoRandomness {
    fn random(_subject: &[u8]) -> (H256, u32) {
        unreachable!("no randomness on the development chain")
    }
}

type BalanceOf = <Balances as Currency<AccountId32>>::Balance;

impl Convert<Weight, BalanceOf> for Runtime {
    fn convert(w: Weight) -> BalanceOf {
        w.ref_time().into()
    }
}

parameter_types! {
    /// The pallet's default cost schedule.
    pub Schedule: pallet_contracts::Schedule<Runtime> = Default::default();
    /// Storage deposit limit of a call that names none.
    pub DefaultDepositLimit: BalanceOf = 10_000_000;
    /// No deposit is locked for code hashes.
    pub CodeHashLockupDepositPercent: Perbill = Perbill::from_percent(0);
    /// Delegate dependencies a contract may hold.
    pub MaxDelegateDependencies: u32 = 32;
}

impl pallet_contracts::Config for Runtime {
    type Time = Timestamp;
    type Randomness = NoRandomness;
    type Currency = Balances;
    type RuntimeEvent = RuntimeEvent;
    type RuntimeCall = RuntimeCall;
    type CallFilter = ();
    type WeightPrice = Self;
    type WeightInfo = ();
    type ChainExtension = ();
    type Schedule = Schedule;
    type CallStack = [pallet_contracts::Frame<Self>; 5];
    type DepositPerByte = ConstU128<1>;
    type DepositPerItem = ConstU128<1>;
    type AddressGenerator = pallet_contracts::DefaultAddressGenerator;
    type MaxCodeLen = ConstU32<{ 123 * 1024 }>;
    type MaxStorageKeyLen = ConstU32<128>;
    type UnsafeUnstableInterface = ConstBool<false>;
    type UploadOrigin = frame_system::EnsureSigned<Self::AccountId>;
    type InstantiateOrigin = frame_system::EnsureSigned<Self::AccountId>;
    type MaxDebugBufferLen = ConstU32<{ 2 * 1024 * 1024 }>;
    type Migrations = ();
    type DefaultDepositLimit = DefaultDepositLimit;
    type Debug = ();
    type CodeHashLockupDepositPercent = CodeHashLockupDepositPercent;
    type MaxDelegateDependencies = MaxDelegateDependencies;
    type RuntimeHoldReason = RuntimeHoldReason;
    type Environment = ();
    type Xcm = ();
    type ApiVersion = ();
}

/// The account `ink_sandbox` calls its default actor; it starts with a balance.
pub const DEFAULT_ACCOUNT: AccountId32 = AccountId32::new([1u8; 32]);

/// What [`DEFAULT_ACCOUNT`] starts with.
pub const INITIAL_BALANCE: u128 = 1_000_000_000_000_000;

/// The runtime's state in memory, at block 1 when created, driven through `ink_sandbox`'s APIs.
pub struct DevSandbox {
    ext: ink_sandbox::TestExternalities,
}

impl Default for DevSandbox {
    fn default() -> Self {
        let ext =
            ink_sandbox::BlockBuilder::<Runtime>::new_ext(vec![(DEFAULT_ACCOUNT, INITIAL_BALANCE)]);
        DevSandbox { ext }
    }
}

impl Sandbox for DevSandbox {
    type Runtime = Runtime;

    fn execute_with<T>(&mut self, execute: impl FnOnce() -> T) -> T {
        self.ext.execute_with(execute)
    }

    fn dry_run<T>(&mut self, action: impl FnOnce(&mut Self) -> T) -> T {
        let backup = self.ext.as_backend();
        let result = action(self);
        self.ext.commit_all().expect("commit the dry run's changes");
        self.ext.backend = backup;
        result
    }

    fn register_extension<E: std::any::Any + ink_sandbox::Extension>(&mut self, ext: E) {
        self.ext.register_extension(ext);
    }

    fn initialize_block(height: u32, parent_hash: H256) {
        ink_sandbox::BlockBuilder::<Runtime>::initialize_block(height, parent_hash)
    }

    fn finalize_block(height: u32) -> H256 {
        ink_sandbox::BlockBuilder::<Runtime>::finalize_block(height)
    }

    fn default_actor() -> AccountId32 {
        DEFAULT_ACCOUNT
    }

    fn get_metadata() -> ink_sandbox::RuntimeMetadataPrefixed {
        Runtime::metadata()
    }

    fn convert_account_to_origin(account: AccountId32) -> RuntimeOrigin {
        Some(account).into()
    }

    fn take_snapshot(&mut self) -> Snapshot {
        let mut backend = self.ext.as_backend().clone();
        let storage = backend
            .backend_storage_mut()
            .drain()
            .into_iter()
            .filter(|(_, (_, refs))| *refs > 0)
            .collect();
        let storage_root = backend.root().to_owned();
        Snapshot {
            storage,
            storage_root,
        }
    }

    fn restore_snapshot(&mut self, snapshot: Snapshot) {
        self.ext = ink_sandbox::TestExternalities::from_raw_snapshot(
            snapshot.storage,
            snapshot.storage_root,
            Default::default(),
        );
    }
}
