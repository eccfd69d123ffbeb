//! A small Chrome DevTools Protocol client for the browser tests of `kvu site`: headless Chromium
//! started with `--remote-debugging-port=0`, one page driven over a WebSocket written by hand (text
//! frames only, which is all the protocol sends), so that a test can set the viewport to a phone's
//! width, evaluate JavaScript on a loaded page and print it to PDF on A4, as `Page.printToPDF` does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

/// A headless Chromium with one page, ended when dropped.
pub struct Browser {
    child: Child,
    _profile: TempDir,
    socket: TcpStream,
    next: u64,
    /// Whether the page's load event came (seen while waiting for a result or for it).
    loaded: bool,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP GET on the DevTools port: the body (as long as its `Content-Length` says: the server
/// keeps the connection open).
fn http_get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let (mut line, mut length) = (String::new(), 0);
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

impl Browser {
    /// Starts the browser and connects to its first page.
    pub fn start(chromium: &Path) -> Browser {
        let profile = TempDir::new().unwrap();
        let child = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let active = profile.path().join("DevToolsActivePort");
        let start = Instant::now();
        let port: u16 = loop {
            if let Some(port) = std::fs::read_to_string(&active)
                .ok()
                .and_then(|t| t.lines().next().and_then(|l| l.parse().ok()))
            {
                break port;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no DevTools port"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let pages: Value = serde_json::from_str(&http_get(port, "/json/list")).unwrap();
        let url = pages
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["type"] == "page")
            .and_then(|p| p["webSocketDebuggerUrl"].as_str())
            .unwrap()
            .to_string();
        let path = &url[url.find("/devtools").unwrap()..];
        let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
        socket
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        write!(
            socket,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: a3Z1LXRlc3Qta2V5LTAwMQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(socket.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.contains(" 101 "), "{line}");
        while line != "\r\n" {
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
        let mut browser = Browser {
            child,
            _profile: profile,
            socket,
            next: 0,
            loaded: false,
        };
        browser.call("Page.enable", json!({}));
        browser
    }

    fn send(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut frame = vec![0x81u8];
        match bytes.len() {
            n if n < 126 => frame.push(0x80 | n as u8),
            n if n < 65536 => {
                frame.push(0x80 | 126);
                frame.extend((n as u16).to_be_bytes());
            }
            n => {
                frame.push(0x80 | 127);
                frame.extend((n as u64).to_be_bytes());
            }
        }
        // The client must mask; a zero mask leaves the bytes as they are.
        frame.extend([0u8; 4]);
        frame.extend(bytes);
        self.socket.write_all(&frame).unwrap();
    }

    /// The next message (a whole text frame, or fragments joined).
    fn receive(&mut self) -> Value {
        let mut message = Vec::new();
        loop {
            let mut head = [0u8; 2];
            self.socket.read_exact(&mut head).unwrap();
            let mut len = u64::from(head[1] & 0x7f);
            if len == 126 {
                let mut b = [0u8; 2];
                self.socket.read_exact(&mut b).unwrap();
                len = u64::from(u16::from_be_bytes(b));
            } else if len == 127 {
                let mut b = [0u8; 8];
                self.socket.read_exact(&mut b).unwrap();
                len = u64::from_be_bytes(b);
            }
            let mut payload = vec![0u8; len as usize];
            self.socket.read_exact(&mut payload).unwrap();
            message.extend(payload);
            if head[0] & 0x80 != 0 {
                break;
            }
        }
        serde_json::from_slice(&message).unwrap()
    }

    /// Calls a method and waits for its result (of the events on the way only a load is noted).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(&json!({"id": id, "method": method, "params": params}).to_string());
        loop {
            let message = self.receive();
            if message["method"] == "Page.loadEventFired" {
                self.loaded = true;
            }
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{method}: {message}");
                return message["result"].clone();
            }
        }
    }

    /// Opens a page and waits until it has loaded.
    pub fn open(&mut self, page: &Path) {
        self.loaded = false;
        self.call(
            "Page.navigate",
            json!({"url": format!("file://{}", page.display())}),
        );
        while !self.loaded {
            if self.receive()["method"] == "Page.loadEventFired" {
                self.loaded = true;
            }
        }
    }

    /// Sets the viewport (CSS px) as a phone or a desktop window has it.
    pub fn viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
    }

    /// Lays the page out as print media on a page `width` CSS px wide.
    pub fn print_layout(&mut self, width: u32) {
        self.call("Emulation.setEmulatedMedia", json!({"media": "print"}));
        self.viewport(width, 1000);
    }

    /// Back to the screen, at no set size.
    pub fn screen_layout(&mut self) {
        self.call("Emulation.setEmulatedMedia", json!({"media": ""}));
        self.call("Emulation.clearDeviceMetricsOverride", json!({}));
    }

    /// The value of a JavaScript expression on the page.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        result["result"]["value"].clone()
    }

    /// The page printed to PDF on A4 (the page's own `@page` rules win, as in a browser's dialog).
    pub fn print_a4(&mut self) -> Vec<u8> {
        let result = self.call(
            "Page.printToPDF",
            json!({"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true}),
        );
        base64(result["data"].as_str().unwrap())
    }
}

/// Standard base64 decoded.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, &d) in chunk.iter().enumerate() {
            n |= u32::from(d) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend(&bytes[1..chunk.len()]);
    }
    out
}
