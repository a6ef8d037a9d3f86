// An emulated remote link in front of cockpit-ws: a TCP forwarder that delays every chunk in both
// directions by half the round trip and paces each direction to a bandwidth, in order, and counts the
// bytes each way. Chromium's own network emulation delays HTTP but not WebSocket frames, so it would hide
// the round trips of Cockpit's bridge; this delays both.

import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

export interface LinkOptions {
    /** round-trip time added, in ms (half each way) */
    rttMs: number;
    /** bandwidth per direction, in bit/s; 0 for unlimited */
    bitsPerSecond: number;
}

/** One direction of the link, shared by all connections (a browser opens several): when the (emulated)
 *  sender finishes putting the last queued byte on the wire. */
interface Pipe { freeAt: number }

/** One direction of one connection: a FIFO whose chunks leave when the pipe is free, and arrive half an RTT
 *  later. The pipe's times only grow, so chunks arrive in the order they came. */
class Direction {
    private queue: { at: number; data: Buffer | null }[] = [];
    private timer: NodeJS.Timeout | null = null;

    constructor(private readonly to: Socket, private readonly pipe: Pipe, private readonly opts: LinkOptions,
        private readonly count: (n: number) => void) {}

    /** data, or null for the end of the stream */
    push(data: Buffer | null): void {
        const now = performance.now();
        const start = Math.max(now, this.pipe.freeAt);
        const size = data?.length ?? 0;
        this.pipe.freeAt = start + (this.opts.bitsPerSecond > 0 ? size * 8 * 1000 / this.opts.bitsPerSecond : 0);
        this.queue.push({ at: this.pipe.freeAt + this.opts.rttMs / 2, data });
        this.pump();
    }

    private pump(): void {
        if (this.timer) return;
        const now = performance.now();
        while (this.queue.length > 0 && this.queue[0].at <= now) {
            const { data } = this.queue.shift()!;
            if (this.to.destroyed) continue;
            if (data === null) {
                this.to.end();
            } else {
                this.count(data.length);
                this.to.write(data);
            }
        }
        if (this.queue.length > 0) {
            this.timer = setTimeout(() => {
                this.timer = null;
                this.pump();
            }, Math.max(0, this.queue[0].at - now));
        }
    }
}

export class RemoteLink {
    /** bytes delivered to the browser (down) and to cockpit-ws (up) since the last reset */
    down = 0;
    up = 0;
    /** of those, the bytes of WebSocket connections (Cockpit's bridge channel), handshake included */
    wsDown = 0;
    wsUp = 0;
    /** the counters after each delivery (with the time, ms since the epoch): what had passed at a moment */
    private log: { at: number; down: number; up: number; ws: number }[] = [];
    private readonly server: Server;
    private readonly sockets = new Set<Socket>();
    private readonly downPipe: Pipe = { freeAt: 0 };
    private readonly upPipe: Pipe = { freeAt: 0 };

    private constructor(server: Server) {
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:targetPort. */
    static async start(targetPort: number, opts: LinkOptions): Promise<RemoteLink> {
        const server = createServer({ noDelay: true, allowHalfOpen: true });
        const link = new RemoteLink(server);
        server.on("connection", client => {
            client.setNoDelay(true);
            const upstream = connect({ port: targetPort, host: "127.0.0.1", noDelay: true, allowHalfOpen: true });
            link.sockets.add(client);
            link.sockets.add(upstream);
            let ws: boolean | null = null;
            const toServer = new Direction(upstream, link.upPipe, opts, n => {
                link.up += n;
                if (ws) link.wsUp += n;
                link.record();
            });
            const toClient = new Direction(client, link.downPipe, opts, n => {
                link.down += n;
                if (ws) link.wsDown += n;
                link.record();
            });
            client.on("data", (d: Buffer) => {
                ws ??= /^upgrade:\s*websocket/im.test(d.toString("latin1"));
                toServer.push(d);
            });
            upstream.on("data", d => toClient.push(d));
            client.on("end", () => toServer.push(null));
            upstream.on("end", () => toClient.push(null));
            const drop = () => {
                client.destroy();
                upstream.destroy();
                link.sockets.delete(client);
                link.sockets.delete(upstream);
            };
            client.on("error", drop);
            upstream.on("error", drop);
            client.on("close", () => {
                link.sockets.delete(client);
                if (upstream.writableEnded) upstream.destroy();
            });
            upstream.on("close", () => {
                link.sockets.delete(upstream);
                if (client.writableEnded) client.destroy();
            });
        });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        return link;
    }

    get port(): number {
        return (this.server.address() as AddressInfo).port;
    }

    private record(): void {
        this.log.push({ at: Date.now(), down: this.down, up: this.up, ws: this.wsDown + this.wsUp });
    }

    /** The counters as they were at a moment (ms since the epoch): everything delivered up to then. */
    countsAt(at: number): { down: number; up: number; ws: number } {
        let last = { down: 0, up: 0, ws: 0 };
        for (const e of this.log) {
            if (e.at > at) break;
            last = e;
        }
        return { down: last.down, up: last.up, ws: last.ws };
    }

    /** Starts counting afresh; call it between pages, with no connection open through the link. */
    reset(): void {
        this.down = 0;
        this.up = 0;
        this.wsDown = 0;
        this.wsUp = 0;
        this.log = [];
        // what closed connections left queued must not hold up the next page
        this.downPipe.freeAt = 0;
        this.upPipe.freeAt = 0;
    }

    async close(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        await new Promise(resolve => this.server.close(resolve));
    }
}
