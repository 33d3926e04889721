//! The `tokenrail` binary end to end: outputs, messages and exit codes, on good and bad input.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::Run;

const A: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const B: &str = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";
const DISTRIBUTOR: &str = "0x4242424242424242424242424242424242424242";

fn tokenrail() -> Command {
    Command::cargo_bin("tokenrail").unwrap()
}

fn plan_cmd(input: &Path, output: &Path) -> Command {
    let mut cmd = tokenrail();
    cmd.args(["payout", "plan", "--chain", "evm", "--decimals", "6"])
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .args([
            "--chain-id",
            "1",
            "--distributor",
            DISTRIBUTOR,
            "--distribution-id",
            "1",
        ]);
    cmd
}

fn run(cmd: &mut Command) -> Run {
    Run::of(cmd)
}

#[test]
fn plan_then_verify_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    std::fs::write(&input, format!("address,amount\n{A},1.5\n{B},2\n")).unwrap();
    let output = dir.path().join("plan.json");

    let r = run(plan_cmd(&input, &output).arg("--json"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.is_empty(),
        "no progress or logs with --json: {}",
        r.stderr
    );
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["claims"], 2);
    assert_eq!(v["total"], "3500000");
    assert_eq!(v["chain"], "evm");

    let r = run(tokenrail()
        .args(["payout", "verify", "--json", "--plan"])
        .arg(&output));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(w["root"], v["root"]);

    // The same input always gives the same bytes.
    let again = dir.path().join("again.json");
    assert_eq!(run(&mut plan_cmd(&input, &again)).code, 0);
    assert_eq!(
        std::fs::read(&output).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn malformed_csv_lists_every_bad_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    let text = format!(
        "address,amount\n{A},1\n\n{B},1e6\nnotanaddress,5\n{a},2\n{B}\n0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,1\n",
        a = A.to_lowercase()
    );
    std::fs::write(&input, text).unwrap();
    let output = dir.path().join("plan.json");
    let r = run(&mut plan_cmd(&input, &output));
    assert_eq!(r.code, 3, "{}", r.stderr);
    let named = format!("{} has 5 problem(s)", input.display());
    for want in [
        named.as_str(),
        "line 4: amount `1e6` is not a plain decimal number",
        "line 5: `notanaddress` is not a valid EVM address",
        "line 6: duplicate recipient 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed (first on line 2)",
        "line 7: expected 2 fields",
        "line 8: `0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD` has a wrong EIP-55 checksum",
    ] {
        assert!(
            r.stderr.contains(want),
            "missing `{want}` in:\n{}",
            r.stderr
        );
    }
    assert!(r.stdout.is_empty());
    assert!(!output.exists(), "no plan on invalid input");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "only the input remains: {leftovers:?}");
}

#[test]
fn wrong_chain_addresses_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    // A Solana key in an EVM payout, and an EVM address in a Solana payout.
    std::fs::write(&input, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA,1\n").unwrap();
    let r = run(&mut plan_cmd(&input, &dir.path().join("p.json")));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains(
            "line 1: `TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA` is not a valid EVM address"
        ),
        "{}",
        r.stderr
    );

    std::fs::write(&input, format!("{A},1\n")).unwrap();
    let r = run(tokenrail()
        .args([
            "payout",
            "plan",
            "--chain",
            "solana",
            "--distributor",
            "So11111111111111111111111111111111111111112",
            "--output",
            "x.json",
            "--input",
        ])
        .arg(&input));
    assert_eq!(r.code, 3);
    assert!(
        r.stderr.contains("is not a valid Solana address"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_file_and_missing_context() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&mut plan_cmd(
        &dir.path().join("absent.csv"),
        &dir.path().join("p.json"),
    ));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("error: cannot open"), "{}", r.stderr);

    let input = dir.path().join("holders.csv");
    std::fs::write(&input, format!("{A},1\n")).unwrap();
    let r = run(tokenrail()
        .args([
            "payout", "plan", "--chain", "evm", "--output", "p.json", "--input",
        ])
        .arg(&input));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--chain evm needs --distributor"),
        "{}",
        r.stderr
    );

    std::fs::write(&input, "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA,1\n").unwrap();
    let solana = |extra: &[&str]| {
        let output = dir.path().join("sol.json");
        let r = run(tokenrail()
            .args(["payout", "plan", "--chain", "solana", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .args(extra));
        (r, output)
    };
    let (r, output) = solana(&[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--chain solana needs --distributor"),
        "{}",
        r.stderr
    );
    assert!(!output.exists());
    let (r, _) = solana(&["--distributor", "not-base58!"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--distributor `not-base58!`"),
        "{}",
        r.stderr
    );
    let distribution = "So11111111111111111111111111111111111111112";
    let (r, output) = solana(&["--distributor", distribution]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(tokenrail()
        .args(["payout", "verify", "--plan"])
        .arg(&output));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("solana"), "{}", r.stdout);
}

#[test]
fn tampered_plan_fails_verification_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    std::fs::write(&input, format!("{A},1\n{B},2\n")).unwrap();
    let output = dir.path().join("plan.json");
    assert_eq!(run(&mut plan_cmd(&input, &output)).code, 0);
    let text = std::fs::read_to_string(&output)
        .unwrap()
        .replace("\"2000000\"", "\"2000001\"");
    std::fs::write(&output, text).unwrap();
    let r = run(tokenrail()
        .args(["payout", "verify", "--plan"])
        .arg(&output));
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("plan does not verify"), "{}", r.stderr);

    let r = run(tokenrail().args(["payout", "plan", "--chain", "bitcoin"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'bitcoin'"), "{}", r.stderr);
}

fn cosmos(byte: u8, len: usize) -> String {
    let hrp = bech32::Hrp::parse("osmo").unwrap();
    bech32::encode::<bech32::Bech32>(hrp, &vec![byte; len]).unwrap()
}

#[test]
fn cosmwasm_plan_then_verify() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    std::fs::write(
        &input,
        format!("{},10\n{},20\n", cosmos(1, 20), cosmos(2, 20)),
    )
    .unwrap();
    let output = dir.path().join("plan.json");
    let plan = |extra: &[&str]| {
        let mut cmd = tokenrail();
        cmd.args([
            "payout",
            "plan",
            "--chain",
            "cosmwasm",
            "--bech32-prefix",
            "osmo",
        ])
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .args(extra);
        run(&mut cmd)
    };
    // Every piece of the leaf context is required.
    let r = plan(&["--distributor", &cosmos(9, 32), "--distribution-id", "1"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("--chain cosmwasm needs --chain-id"),
        "{}",
        r.stderr
    );
    assert!(!output.exists(), "no plan after a failure");
    let r = plan(&[
        "--chain-id",
        "osmosis-1",
        "--distributor",
        &cosmos(9, 32).to_uppercase(),
        "--distribution-id",
        "1",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("--distributor"), "{}", r.stderr);

    let r = plan(&[
        "--json",
        "--chain-id",
        "osmosis-1",
        "--distributor",
        &cosmos(9, 32),
        "--distribution-id",
        "1",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["chain"], "cosmwasm");
    assert_eq!(v["total"], "30");
    let r = run(tokenrail()
        .args(["payout", "verify", "--json", "--plan"])
        .arg(&output));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(w["root"], v["root"]);

    // A plan bound to another chain id does not verify as this one.
    let text = std::fs::read_to_string(&output)
        .unwrap()
        .replace("osmosis-1", "osmosis-2");
    std::fs::write(&output, text).unwrap();
    let r = run(tokenrail()
        .args(["payout", "verify", "--plan"])
        .arg(&output));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("does not lead to the root"),
        "{}",
        r.stderr
    );
}

#[test]
fn split_cuts_batches_and_reports_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    let csv: String = (1..=7).map(|i| format!("0x{i:040x},{i}\n")).collect();
    std::fs::write(&input, csv).unwrap();
    let output = dir.path().join("batches.json");
    let split = |chain: &str, extra: &[&str]| {
        let mut cmd = tokenrail();
        cmd.args(["payout", "split", "--chain", chain])
            .arg("--input")
            .arg(&input)
            .arg("--output")
            .arg(&output)
            .args(extra);
        run(&mut cmd)
    };
    let r = split("evm", &["--json", "--batch-size", "3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["batches"], 3);
    assert_eq!(v["total"], "28");
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(file["batches"][2]["declaredTotal"], "7");
    assert_eq!(
        file["batches"][0]["amounts"],
        serde_json::json!(["1", "2", "3"])
    );

    let r = split("evm", &["--batch-size", "0"]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    // A bad line fails the whole split, names its line, and leaves the earlier output alone.
    let before = std::fs::read_to_string(&output).unwrap();
    std::fs::write(&input, format!("{A},1\n{A},2\n")).unwrap();
    let r = split("evm", &[]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&output).unwrap(), before);

    // A Solana batch holds at most 21 recipient token accounts without a lookup table.
    let csv: String = (1..=30u8)
        .map(|i| format!("{},{i}\n", bs58_key(i)))
        .collect();
    std::fs::write(&input, csv).unwrap();
    let r = split("solana", &["--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["batches"], 2);
    assert_eq!(v["batch_size"], 21);
}

/// A base58 Solana key of 32 equal bytes.
fn bs58_key(b: u8) -> String {
    const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    // Big-endian base conversion of the 32 bytes.
    let mut digits: Vec<u8> = vec![];
    for byte in [b; 32] {
        let mut carry = byte as u32;
        for d in digits.iter_mut() {
            carry += (*d as u32) << 8;
            *d = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    digits
        .iter()
        .rev()
        .map(|d| ALPHABET[*d as usize] as char)
        .collect()
}

/// The full binary has the devnets and the demo; a lean one (`--no-default-features`) has no
/// `demo`, and refuses a command without `--rpc-url` with the way out, touching
/// nothing.
#[test]
fn the_devnets_come_with_the_devnet_feature() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let help = run(tokenrail().arg("--help"));
    assert_eq!(help.code, 0, "{}", help.stderr);
    let has = |command: &str| {
        help.stdout
            .lines()
            .any(|l| l.trim_start().starts_with(&format!("{command} ")))
    };
    let deploy = run(tokenrail()
        .args(["deploy", "--chain", "solana", "--state-dir"])
        .arg(&state));
    if cfg!(feature = "devnet") {
        assert!(has("devnet") && has("demo"), "{}", help.stdout);
        assert_eq!(deploy.code, 0, "{}", deploy.stderr);
        assert!(state.join("solana.json").is_file());
    } else {
        assert!(!has("demo"), "{}", help.stdout);
        assert!(has("deploy") && has("channel"), "{}", help.stdout);
        assert_eq!(deploy.code, 3, "{}", deploy.stderr);
        assert!(
            deploy.stderr.contains("built without the embedded devnets")
                && deploy.stderr.contains("--rpc-url"),
            "{}",
            deploy.stderr
        );
        assert!(
            !state.exists(),
            "a refused command wrote {}",
            state.display()
        );
    }
}

/// `--output -` puts the plan alone on stdout (the summary goes to stderr), and a reader that
/// closes the pipe early (`| head`) ends the command quietly, without a panic.
#[test]
fn output_to_stdout_and_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    std::fs::write(&input, format!("address,amount\n{A},1.5\n{B},2\n")).unwrap();
    let r = run(&mut plan_cmd(&input, Path::new("-")));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let plan: serde_json::Value =
        serde_json::from_str(&r.stdout).expect("stdout holds the plan alone");
    assert_eq!(plan["format"], "standard-v1", "{plan}");
    assert!(
        r.stderr.contains("plan written to standard output"),
        "{}",
        r.stderr
    );

    // Thousands of claims, so the plan is far larger than a pipe's buffer.
    let big = dir.path().join("big.csv");
    let rows: String = (1..=5000u32).map(|i| format!("0x{i:040},{i}\n")).collect();
    std::fs::write(&big, rows).unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tokenrail"))
        .args([
            "payout",
            "plan",
            "--chain",
            "evm",
            "--chain-id",
            "1",
            "--distributor",
            DISTRIBUTOR,
            "--distribution-id",
            "1",
            "--output",
            "-",
            "--input",
        ])
        .arg(&big)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away after the first bytes, as `head -c 10` does.
    let mut first = [0u8; 10];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "a closed pipe must end the command quietly: {stderr}"
    );
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(
        out.status.signal(),
        Some(libc_sigpipe()),
        "{:?}",
        out.status
    );
}

/// SIGPIPE's number on Linux.
fn libc_sigpipe() -> i32 {
    13
}

/// A holders file saved by a spreadsheet program starts with a UTF-8 byte-order mark; its
/// header line is still a header.
#[test]
fn a_byte_order_mark_before_the_header_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("holders.csv");
    std::fs::write(&input, format!("\u{feff}address,amount\n{A},1\n")).unwrap();
    let r = run(plan_cmd(&input, &dir.path().join("plan.json")).arg("--json"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["claims"], 1);
}

/// Flags are read as carefully as files: no sign on an amount, no SS58 prefix the format cannot
/// spell, and a secret URI from the environment never shown by `--help`.
#[test]
fn flags_are_checked_and_secrets_stay_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("state.json");
    let signed = run(tokenrail()
        .args([
            "channel",
            "sign",
            "--chain",
            "cosmwasm",
            "--chain-id",
            "osmosis-1",
            "--contract",
            "osmo14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9sq2r9g9",
            "--channel-id",
            &format!("0x{}", "ab".repeat(32)),
            "--epoch",
            "1",
            "--nonce",
            "1",
            "--sent-a",
            "+5",
            "--sent-b",
            "0",
            "--party",
            "a",
            "--key",
        ])
        .arg(dir.path().join("no-key-needed-first"))
        .arg("--output")
        .arg(&out));
    assert_eq!(signed.code, 3, "{}", signed.stderr);
    assert!(
        signed.stderr.contains("--sent-a") && signed.stderr.contains("not a plain decimal"),
        "{}",
        signed.stderr
    );
    assert!(!out.exists());

    let input = dir.path().join("holders.csv");
    std::fs::write(
        &input,
        "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY,1\n",
    )
    .unwrap();
    let prefix = run(tokenrail()
        .args([
            "payout",
            "split",
            "--chain",
            "ink",
            "--ss58-prefix",
            "16384",
        ])
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(dir.path().join("batches.json")));
    assert_eq!(prefix.code, 2, "{}", prefix.stderr);
    assert!(prefix.stderr.contains("16384"), "{}", prefix.stderr);

    let help = run(tokenrail()
        .env("TOKENRAIL_SURI", "//VerySecretSeed")
        .args(["token", "issue", "--help"]));
    assert_eq!(help.code, 0, "{}", help.stderr);
    assert!(help.stdout.contains("--suri"), "{}", help.stdout);
    assert!(!help.stdout.contains("VerySecretSeed"), "{}", help.stdout);
}

/// `tokenrail.toml` supplies defaults per chain; the environment overrides it and a flag
/// overrides both; `--profile none` ignores it; a bad profile is an error naming the file and
/// the line.
#[cfg(feature = "devnet")]
#[test]
fn the_profile_supplies_defaults_below_env_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let at = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = tokenrail();
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("TOKENRAIL_") {
                cmd.env_remove(name);
            }
        }
        cmd.current_dir(dir.path()).envs(env.iter().copied());
        run(cmd.args(args))
    };
    std::fs::write(
        dir.path().join("tokenrail.toml"),
        "state_dir = \"from-profile\"\n\n[evm]\nrpc_url = \"http://127.0.0.1:9\"\nkey = \"evm.key\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("evm.key"), "42".repeat(32)).unwrap();
    let state = |d: &str| dir.path().join(d).join("solana.json");

    let r = at(&["deploy", "--chain", "solana"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(state("from-profile").is_file(), "the profile's state_dir");
    let r = at(
        &["deploy", "--chain", "solana"],
        &[("TOKENRAIL_STATE_DIR", "from-env")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(state("from-env").is_file(), "the environment wins");
    let r = at(
        &["deploy", "--chain", "solana", "--state-dir", "from-flag"],
        &[("TOKENRAIL_STATE_DIR", "from-env")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(state("from-flag").is_file(), "the flag wins");

    // The [evm] table applies to EVM commands only: its endpoint is tried (and is not there).
    let evm = at(&["token", "balance", "--chain", "evm", "--account", A], &[]);
    assert_eq!(evm.code, 1, "{}", evm.stderr);
    assert!(evm.stderr.contains("127.0.0.1:9"), "{}", evm.stderr);
    let none = at(
        &["deploy", "--chain", "solana", "--profile", "none"],
        &[("TOKENRAIL_STATE_DIR", "without-profile")],
    );
    assert_eq!(none.code, 0, "{}", none.stderr);
    assert!(state("without-profile").is_file());

    std::fs::write(
        dir.path().join("tokenrail.toml"),
        "[evm]\nrpc_url = \"http://x\"\nrpc_ulr = \"typo\"\n",
    )
    .unwrap();
    let bad = at(&["deploy", "--chain", "evm"], &[]);
    assert_eq!(bad.code, 3, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("tokenrail.toml")
            && bad.stderr.contains("rpc_ulr")
            && bad.stderr.contains("line 3"),
        "{}",
        bad.stderr
    );
    let missing = at(
        &["deploy", "--chain", "evm", "--profile", "nowhere.toml"],
        &[],
    );
    assert_eq!(missing.code, 3, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("nowhere.toml"),
        "{}",
        missing.stderr
    );
}

/// Every error about a file names it once (a message that wraps another naming the same path
/// reads as two failures): a missing or malformed input, plan, deployment file, profile, key
/// file and ledger database, and an output that cannot be written.
#[test]
fn every_error_about_a_file_names_it_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let garbage = d.join("garbage.json");
    std::fs::write(&garbage, "{ not json").unwrap();
    let holders = d.join("holders.csv");
    std::fs::write(&holders, format!("{A},1\n")).unwrap();
    let absent = d.join("absent.json");
    let nowhere = d.join("no-such-dir").join("out.json");
    let path = |p: &Path| p.display().to_string();
    let plan = |input: &Path, output: &Path| {
        let mut args: Vec<String> = [
            "payout",
            "plan",
            "--chain",
            "evm",
            "--chain-id",
            "1",
            "--distributor",
            DISTRIBUTOR,
            "--distribution-id",
            "1",
        ]
        .map(String::from)
        .to_vec();
        args.extend([
            "--input".into(),
            path(input),
            "--output".into(),
            path(output),
        ]);
        args
    };
    let captable = |deployment: &Path, database: &str| -> Vec<String> {
        [
            "ledger",
            "captable",
            "--chain",
            "evm",
            "--deployment",
            &path(deployment),
            "--database",
            database,
        ]
        .map(String::from)
        .to_vec()
    };
    let mut cases: Vec<(Vec<String>, String)> = vec![
        (
            plan(&d.join("absent.csv"), &d.join("p.json")),
            path(&d.join("absent.csv")),
        ),
        (plan(&holders, &nowhere), path(&nowhere)),
        // A directory opens, and its first read fails: the bad-rows report names it.
        (plan(d, &d.join("p.json")), path(d)),
        (
            vec![
                "payout".into(),
                "verify".into(),
                "--plan".into(),
                path(&absent),
            ],
            path(&absent),
        ),
        (
            vec![
                "payout".into(),
                "verify".into(),
                "--plan".into(),
                path(&garbage),
            ],
            path(&garbage),
        ),
        (captable(&absent, "ledger.db"), path(&absent)),
        (captable(&garbage, "ledger.db"), path(&garbage)),
        (
            vec![
                "channel".into(),
                "verify".into(),
                "--message".into(),
                path(&absent),
            ],
            path(&absent),
        ),
    ];
    let mint = |key: &Path| -> Vec<String> {
        let rpc = ["--chain", "evm", "--rpc-url", "http://127.0.0.1:9", "--key"];
        let mut args: Vec<String> = ["token", "mint", "--to", A, "--amount", "1"]
            .into_iter()
            .chain(rpc)
            .map(String::from)
            .collect();
        args.push(path(key));
        args
    };
    cases.push((mint(&absent), path(&absent)));
    // A profile that does not parse, read from the working directory.
    let profiled = d.join("profiled");
    std::fs::create_dir(&profiled).unwrap();
    std::fs::write(profiled.join("tokenrail.toml"), "evm = [\n").unwrap();
    for (args, named) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = common::run_env(d, None, &[], &args);
        assert_ne!(r.code, 0, "{args:?} should fail");
        assert_eq!(
            r.stderr.matches(&named).count(),
            1,
            "{args:?} names {named} once:\n{}",
            r.stderr
        );
    }
    let r = common::run_env(
        &profiled,
        None,
        &[],
        &["ledger", "captable", "--chain", "evm"],
    );
    assert_ne!(r.code, 0);
    assert_eq!(
        r.stderr.matches("tokenrail.toml").count(),
        1,
        "{}",
        r.stderr
    );
}
