// Holds one session open on the lab's cockpit-ws. cockpit-ws --local-session serves a single session that
// it ends about ten seconds after its last WebSocket closes, and answers 401 from then on; this client
// keeps one WebSocket open, so a person or a test can open and close the page as often as they like.
// Usage: node keepalive.mjs PORT (it exits when the server closes the socket).
import WebSocket from "ws";

const port = Number(process.argv[2]);
const socket = new WebSocket(`ws://127.0.0.1:${port}/cockpit/socket`, "cockpit1", {
    origin: `http://127.0.0.1:${port}`,
});

socket.on("message", (data, binary) => {
    // Cockpit's protocol: a channel name, a newline, the payload; control messages have no channel. The
    // server greets with "init"; answering it completes the handshake, and the session stays open.
    const text = binary ? "" : data.toString();
    if (text.startsWith("\n") && JSON.parse(text.slice(1)).command === "init") {
        socket.send('\n{"command":"init","version":1}');
    }
});
socket.on("close", () => process.exit(1));
socket.on("error", error => {
    console.error(`keepalive: ${error.message}`);
    process.exit(1);
});
