import { describe, expect, it } from "vitest";

import {
    OUR_SYSCTL_FILE, bootOrder, findOverrides, interfaceKey, interfaceKeyProblem, keyInterface, normalizeKey,
    parseSysctlConf,
    parseWas, renderSysctlConf, updateSysctlConf,
} from "../../src/model/sysctl-conf";

const ours = new Map([["net.mptcp.enabled", "1"], ["net.ipv4.conf.eth1.rp_filter", "2"]]);

describe("sysctl.d files", () => {
    it("parses comments, both separators, spaces and the ignore-errors prefix", () => {
        const text = "# comment\n; also\n net.mptcp.enabled=1\n-net/ipv4/conf/eth0.100/rp_filter = 0\nkernel.foo =  bar baz \nnot a line\n";
        expect([...parseSysctlConf(text)]).toEqual([
            ["net.mptcp.enabled", "1"], ["net.ipv4.conf.eth0/100.rp_filter", "0"], ["kernel.foo", "bar baz"],
        ]);
    });
    it("writes interface names with dots as sysctl.d expects", () => {
        expect(interfaceKey("ipv4", "eth0.100", "rp_filter")).toBe("net.ipv4.conf.eth0/100.rp_filter");
        expect(normalizeKey("net/ipv4/conf/eth0.100/rp_filter")).toBe(interfaceKey("ipv4", "eth0.100", "rp_filter"));
    });
    it("renders sorted and parses back to the same values", () => {
        const text = renderSysctlConf(ours);
        expect(text.split("\n")[1]).toBe("net.ipv4.conf.eth1.rp_filter = 2");
        expect(parseSysctlConf(text)).toEqual(ours);
    });
});

describe("boot order and overrides", () => {
    const file = (path: string, text: string) => ({ path, text });

    it("orders by file name across directories; /etc hides /usr/lib; sysctl.conf last", () => {
        const order = bootOrder([
            file("/usr/lib/sysctl.d/50-default.conf", ""), file("/etc/sysctl.d/50-default.conf", ""),
            file("/etc/sysctl.conf", ""), file("/run/sysctl.d/10-x.conf", ""), file("/etc/sysctl.d/README", ""),
            file(OUR_SYSCTL_FILE, ""),
        ]).map(f => f.path);
        expect(order).toEqual(["/run/sysctl.d/10-x.conf", "/etc/sysctl.d/50-default.conf", OUR_SYSCTL_FILE, "/etc/sysctl.conf"]);
    });

    it("finds a later file that sets our key to another value", () => {
        const files = [
            file(OUR_SYSCTL_FILE, renderSysctlConf(ours)),
            file("/etc/sysctl.conf", "net.mptcp.enabled = 0\n"),
            file("/usr/lib/sysctl.d/50-default.conf", "net.ipv4.conf.eth1.rp_filter = 1\n"),
        ];
        expect(findOverrides(files, ours)).toEqual([{ key: "net.mptcp.enabled", path: "/etc/sysctl.conf", value: "0" }]);
    });

    it("a later file with the same value, or an earlier one with another, is no override", () => {
        const files = [
            file(OUR_SYSCTL_FILE, renderSysctlConf(ours)),
            file("/etc/sysctl.d/99-zzzz-same.conf", "net.mptcp.enabled=1"),
            file("/etc/sysctl.d/10-early.conf", "net.mptcp.enabled=0"),
        ];
        expect(findOverrides(files, ours)).toEqual([]);
    });

    it("an earlier file loses to ours, even before ours exists; a later one wins", () => {
        expect(findOverrides([file("/usr/lib/sysctl.d/50-redhat.conf", "net/ipv4/conf/eth1/rp_filter=1")], ours)).toEqual([]);
        expect(findOverrides([file("/run/sysctl.d/zz-local.conf", "net/ipv4/conf/eth1/rp_filter=1")], ours))
            .toEqual([{ key: "net.ipv4.conf.eth1.rp_filter", path: "/run/sysctl.d/zz-local.conf", value: "1" }]);
    });
});

describe("interface names in keys", () => {
    it("refuses names that systemd-sysctl and sysctl -p read as a pattern, or that end the key", () => {
        // in the lab, "net.ipv4.conf.*.rp_filter = 2" set every interface, all and default included
        for (const n of ["*", "q?", "b[1]", "eth*"]) expect(interfaceKeyProblem(n), n).toBe("pattern");
        expect(interfaceKeyProblem("a=b")).toBe("separator");
        for (const n of ["$(id)", "-dash", "ä€x", "abcdefghijklmno", "a.b", "a..b", "back\\sl", "#h", "!x", "it's"]) expect(interfaceKeyProblem(n), n).toBeNull();
    });
    it("reads the interface back from a key, dots and all", () => {
        for (const n of ["eth0", "a.b", "$(id)", "-dash", "ä€x", "all"]) expect(keyInterface(interfaceKey("ipv4", n, "rp_filter"), "ipv4", "rp_filter")).toBe(n);
        expect(keyInterface("net.ipv4.conf.a.b.rp_filter", "ipv4", "rp_filter")).toBeNull();
        expect(keyInterface("net.ipv4.ip_forward", "ipv4", "rp_filter")).toBeNull();
        expect(keyInterface("net.ipv4.conf.eth0.forwarding", "ipv4", "rp_filter")).toBeNull();
    });
});

describe("updating our file", () => {
    const ours = [
        "# Written by Cockpit's MPTCP page. Changes made here are kept, but the page rewrites the keys it manages.",
        "# was: net.mptcp.enabled = 0",
        "net.mptcp.enabled = 1",
        "# mine: keep eth1 loose for the VPN",
        "net.ipv4.conf.eth1.rp_filter = 2",
        "kernel.sysrq = 1",
        "",
    ].join("\n");

    it("keeps the administrator's comments and lines, sets our keys in place and adds new ones at the end", () => {
        const after = updateSysctlConf(ours, new Map([["net.ipv4.conf.eth1.rp_filter", "0"], ["net.ipv4.conf.eth4.rp_filter", "0"]]),
            new Map([["net.ipv4.conf.eth4.rp_filter", "1"]]));
        expect(after.split("\n")).toEqual([
            "# Written by Cockpit's MPTCP page. Changes made here are kept, but the page rewrites the keys it manages.",
            "# was: net.mptcp.enabled = 0",
            "# was: net.ipv4.conf.eth4.rp_filter = 1",
            "net.mptcp.enabled = 1",
            "# mine: keep eth1 loose for the VPN",
            "net.ipv4.conf.eth1.rp_filter = 0",
            "kernel.sysrq = 1",
            "net.ipv4.conf.eth4.rp_filter = 0",
            "",
        ]);
    });
    it("changes nothing when the values are there", () => {
        expect(updateSysctlConf(ours, new Map([["net.mptcp.enabled", "1"]]), new Map())).toBe(ours);
    });
    it("keeps the first \"# was:\" of a key", () => {
        expect(updateSysctlConf(ours, new Map([["net.mptcp.enabled", "1"]]), new Map([["net.mptcp.enabled", "1"]]))).toBe(ours);
        expect(parseWas(`${ours}# was: net.mptcp.enabled = 1\n`).get("net.mptcp.enabled")).toBe("0");
    });
    it("a new file: our header, the \"# was:\" lines, the keys", () => {
        expect(updateSysctlConf(null, new Map([["net.mptcp.enabled", "1"]]), new Map([["net.mptcp.enabled", "0"]])))
            .toBe(`${ours.split("\n")[0]}\n# was: net.mptcp.enabled = 0\nnet.mptcp.enabled = 1\n`);
    });
});
