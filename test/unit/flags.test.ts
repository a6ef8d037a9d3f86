import { describe, expect, it } from "vitest";

import { decodeProfileFlags, flagNames, MptcpFlag, sortEndpointFlags } from "../../src/model/flags";

describe("decodeProfileFlags", () => {
    it("0 means NetworkManager's default: enabled with subflow", () => {
        const d = decodeProfileFlags(0);
        expect(d.systemDefault).toBe(true);
        expect(d.disabled).toBe(false);
        expect(d.endpointFlags).toEqual(["subflow"]);
    });
    it("signal,subflow is 0x30 and implies enabled", () => {
        const d = decodeProfileFlags(0x30);
        expect(d).toMatchObject({ systemDefault: false, disabled: false, endpointFlags: ["signal", "subflow"], unknownBits: 0 });
    });
    it("disabled", () => {
        expect(decodeProfileFlags(MptcpFlag.disabled).disabled).toBe(true);
    });
    it("reads the also-without flags and every endpoint flag", () => {
        const d = decodeProfileFlags(0xff & ~MptcpFlag.disabled);
        expect(d.alsoWithoutSysctl).toBe(true);
        expect(d.alsoWithoutDefaultRoute).toBe(true);
        expect(d.endpointFlags).toEqual(["signal", "subflow", "backup", "fullmesh"]);
    });
    it("keeps bits it does not know", () => {
        expect(decodeProfileFlags(0x120).unknownBits).toBe(0x100);
    });
});

describe("flag names", () => {
    it("names the bits as nmcli does", () => {
        expect(flagNames(0x30)).toEqual(["signal", "subflow"]);
        expect(flagNames(0x0)).toEqual([]);
        expect(flagNames(0x4 | 0x2)).toEqual(["enabled", "alsoWithoutSysctl"]);
    });
    it("sorts endpoint flags canonically and drops unknown ones", () => {
        expect(sortEndpointFlags(["fullmesh", "subflow", "bogus", "subflow"])).toEqual(["subflow", "fullmesh"]);
    });
});
