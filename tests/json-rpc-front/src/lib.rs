//! A JSON-RPC 2.0 server over HTTP on a loopback port, answering one request at a time from a
//! thread that owns the state behind it: what the development nodes use to put an embedded
//! chain (a program-test bank, a cw-multi-test app) behind a real client's transport.
//!
//! Each connection carries one request (`Connection: close`); batches are answered in order.
//! Named (object) and positional (array) params are passed through as they came.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;

use serde_json::{json, Value};

/// A JSON-RPC error: code, message and optional data.
#[derive(Debug)]
pub struct RpcError {
    /// The code (`-32601` method not found, `-32602` invalid params, …).
    pub code: i64,
    /// What went wrong.
    pub message: String,
    /// Structured detail, as the protocol of the node being fronted defines it.
    pub data: Option<Value>,
}

impl RpcError {
    /// An error without data.
    pub fn new(code: i64, message: impl Into<String>) -> Self {
        RpcError {
            code,
            message: message.into(),
            data: None,
        }
    }

    /// `-32602 Invalid params`.
    pub fn invalid(why: impl std::fmt::Display) -> Self {
        RpcError::new(-32602, format!("Invalid params: {why}"))
    }

    /// `-32601 Method not found`.
    pub fn no_method(method: &str) -> Self {
        RpcError::new(-32601, format!("Method not found: {method}"))
    }
}

/// What answers the calls: the state and the method dispatch, on the server's thread.
pub trait Node {
    /// Answers `method` with `params`.
    fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError>;
}

/// A running server: its URL; dropping it stops the thread.
pub struct Front {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    stop: mpsc::Sender<()>,
    port: u16,
}

impl Drop for Front {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        // Wake the accept loop so it sees the stop.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Builds the node with `make` on the server's own thread (an embedded chain stays with the
/// runtime that drives it) and serves it on a free loopback port.
pub fn serve<N: Node>(make: impl FnOnce() -> N + Send + 'static) -> Front {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("a loopback port");
    let port = listener.local_addr().expect("bound").port();
    let (stop, stopped) = mpsc::channel::<()>();
    let (ready, is_ready) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut node = make();
        let _ = ready.send(());
        for stream in listener.incoming() {
            if stopped.try_recv().is_ok() {
                break;
            }
            if let Ok(stream) = stream {
                let _ = answer(&mut node, stream);
            }
        }
    });
    is_ready.recv().expect("the node starts");
    Front {
        url: format!("http://127.0.0.1:{port}"),
        stop,
        port,
    }
}

/// Reads one HTTP request, answers it and closes the connection.
fn answer(node: &mut impl Node, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let reply = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(calls)) => Value::Array(calls.iter().map(|c| call(node, c)).collect()),
        Ok(one) => call(node, &one),
        Err(e) => json!({"jsonrpc": "2.0", "id": null,
            "error": {"code": -32700, "message": format!("Parse error: {e}")}}),
    };
    let text = reply.to_string();
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{text}",
        text.len()
    )?;
    stream.flush()
}

fn call(node: &mut impl Node, call: &Value) -> Value {
    let id = call.get("id").cloned().unwrap_or(Value::Null);
    let method = call.get("method").and_then(Value::as_str).unwrap_or("");
    let params = call.get("params").cloned().unwrap_or(Value::Null);
    match node.call(method, &params) {
        Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
        Err(e) => {
            let mut error = json!({"code": e.code, "message": e.message});
            if let Some(data) = e.data {
                error["data"] = data;
            }
            json!({"jsonrpc": "2.0", "id": id, "error": error})
        }
    }
}

/// Calls `method` on the front at `url` (`http://127.0.0.1:<port>`, or any HTTP JSON-RPC node
/// such as anvil) and returns its result: how a test drives a front's own development methods
/// (its clock, its fault switches), or forwards a call to a real node.
pub fn post(url: &str, method: &str, params: Value) -> Result<Value, String> {
    request(url, method, params).map_err(|e| match e {
        Forwarded::Transport(e) => e,
        Forwarded::Node(error) => error.to_string(),
    })
}

/// What a [`Node`] in front of another node answers for one call: the other node's result, or
/// its error whole (code, message, data), so a proxy in a test changes nothing it does not mean
/// to. A node that cannot be reached is `-32603`.
pub fn forward(url: &str, method: &str, params: &Value) -> Result<Value, RpcError> {
    request(url, method, params.clone()).map_err(|e| match e {
        Forwarded::Transport(e) => RpcError::new(-32603, e),
        Forwarded::Node(error) => RpcError {
            code: error["code"].as_i64().unwrap_or(-32603),
            message: error["message"].as_str().unwrap_or_default().to_owned(),
            data: error.get("data").cloned(),
        },
    })
}

/// Why a call to another node failed.
enum Forwarded {
    /// No JSON-RPC answer (connection, HTTP, JSON).
    Transport(String),
    /// The node's JSON-RPC error object.
    Node(Value),
}

fn request(url: &str, method: &str, params: Value) -> Result<Value, Forwarded> {
    use Forwarded::Transport;
    let address = url.trim_start_matches("http://").trim_end_matches('/');
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).to_string();
    let mut stream = TcpStream::connect(address).map_err(|e| Transport(format!("{url}: {e}")))?;
    write!(
        stream,
        "POST / HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| Transport(e.to_string()))?;
    let mut reply = String::new();
    stream
        .read_to_string(&mut reply)
        .map_err(|e| Transport(e.to_string()))?;
    let (_, json) = reply
        .split_once("\r\n\r\n")
        .ok_or_else(|| Transport("no HTTP body".into()))?;
    let answer: Value = serde_json::from_str(json).map_err(|e| Transport(e.to_string()))?;
    if let Some(result) = answer.get("result") {
        return Ok(result.clone());
    }
    Err(Forwarded::Node(answer["error"].clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Echoes its params, counts its calls, refuses `fail` with data.
    struct Echo(u64);

    impl Node for Echo {
        fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
            self.0 += 1;
            match method {
                "echo" => Ok(json!({"params": params, "call": self.0})),
                "fail" => Err(RpcError {
                    code: -32002,
                    message: "refused".into(),
                    data: Some(json!({"why": "asked to"})),
                }),
                other => Err(RpcError::no_method(other)),
            }
        }
    }

    /// POSTs `body` and returns the JSON reply.
    fn post(url: &str, body: &str) -> Value {
        let addr = url.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        let (head, json) = reply.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn calls_errors_and_batches_answer_as_json_rpc_2() {
        let front = serve(|| Echo(0));
        let one = post(
            &front.url,
            r#"{"jsonrpc":"2.0","id":"a","method":"echo","params":{"x":1}}"#,
        );
        assert_eq!(one["id"], "a");
        assert_eq!(one["result"], json!({"params": {"x": 1}, "call": 1}));

        let refused = post(&front.url, r#"{"jsonrpc":"2.0","id":2,"method":"fail"}"#);
        assert_eq!(
            refused["error"],
            json!({"code": -32002, "message": "refused", "data": {"why": "asked to"}})
        );
        assert!(refused.get("result").is_none());

        let batch = post(
            &front.url,
            r#"[{"jsonrpc":"2.0","id":3,"method":"echo","params":[7]},
                {"jsonrpc":"2.0","id":4,"method":"nope"}]"#,
        );
        assert_eq!(batch[0]["result"]["params"], json!([7]));
        assert_eq!(
            batch[0]["result"]["call"], 3,
            "one node answers every call in order"
        );
        assert_eq!(batch[1]["error"]["code"], -32601);

        let garbled = post(&front.url, "{not json");
        assert_eq!(garbled["error"]["code"], -32700);
        assert_eq!(garbled["id"], Value::Null);
    }

    #[test]
    fn dropping_the_front_stops_it() {
        let front = serve(|| Echo(0));
        let url = front.url.clone();
        drop(front);
        // The accept loop sees the stop on the wake-up connection and the port closes.
        let addr = url.trim_start_matches("http://").to_string();
        let closed = (0..50).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(20));
            TcpStream::connect(&addr).is_err()
        });
        assert!(closed, "{url} still accepts connections");
    }
}
