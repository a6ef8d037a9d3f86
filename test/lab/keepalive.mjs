// Holds one session open on the lab's cockpit-ws. cockpit-ws --local-session serves a single session that
// it ends about ten seconds after its last WebSocket closes, and answers 401 from then on; this client
// keeps one WebSocket open, so a person or a test can open and close the page as often as they like.
// Usage: node keepalive.mjs PORT
import { randomBytes } from "node:crypto";
import { connect } from "node:net";

const port = Number(process.argv[2]);

/** A masked client text frame (RFC 6455), as every client-to-server frame must be. */
function frame(text) {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const header = payload.length < 126
        ? Buffer.from([0x81, 0x80 | payload.length])
        : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
    return Buffer.concat([header, mask, masked]);
}

const socket = connect(port, "127.0.0.1", () => {
    socket.write([
        "GET /cockpit/socket HTTP/1.1",
        `Host: 127.0.0.1:${port}`,
        "Upgrade: websocket",
        "Connection: Upgrade",
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}`,
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: cockpit1",
        `Origin: http://127.0.0.1:${port}`,
        "", "",
    ].join("\r\n"));
});
let answered = false;
socket.on("data", data => {
    // The server greets with an "init" control message; answering it completes the handshake.
    if (!answered && data.includes('"init"')) {
        answered = true;
        socket.write(frame('\n{"command":"init","version":1}'));
    }
});
socket.on("close", () => process.exit(1));
socket.on("error", () => process.exit(1));
