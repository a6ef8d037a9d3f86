import { describe, expect, it } from "vitest";

import {
    OUR_SYSCTL_FILE, bootOrder, findOverrides, interfaceKey, normalizeKey, parseSysctlConf, renderSysctlConf,
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
