import { describe, expect, it } from "vitest";

import { sameSetting, settingFromRaw, settingProblems, settingToRaw, type MptcpSetting } from "../../src/model/setting";

const enabled = (flags: MptcpSetting["flags"], extra: Partial<MptcpSetting> = {}): MptcpSetting =>
    ({ mode: "enabled", flags, alsoWithoutSysctl: false, alsoWithoutDefaultRoute: false, ...extra });

describe("setting codec", () => {
    it("encodes as nmcli does", () => {
        expect(settingToRaw({ ...enabled([]), mode: "default" })).toBe(0);
        expect(settingToRaw({ ...enabled(["signal"]), mode: "disabled" })).toBe(0x1);
        expect(settingToRaw(enabled(["signal", "subflow"]))).toBe(0x30);
        expect(settingToRaw(enabled([]))).toBe(0x2);
        expect(settingToRaw(enabled(["subflow"], { alsoWithoutDefaultRoute: true, alsoWithoutSysctl: true }))).toBe(0x2c);
        expect(settingToRaw(enabled(["backup", "fullmesh"]))).toBe(0xc0);
    });
    it("keeps unknown bits of the old value, except when disabling or resetting", () => {
        expect(settingToRaw(enabled(["subflow"]), 0x130)).toBe(0x120);
        expect(settingToRaw({ ...enabled([]), mode: "disabled" }, 0x130)).toBe(0x1);
    });
    it("round-trips every value as nmcli writes it, and drops a redundant enabled bit", () => {
        for (const raw of [0, 0x1, 0x2, 0x6, 0x10, 0x20, 0x30, 0x60, 0xa0, 0x2c, 0x38, 0xf0])
            expect(settingToRaw(settingFromRaw(raw), raw), raw.toString(16)).toBe(raw);
        expect(settingToRaw(settingFromRaw(0x32), 0x32)).toBe(0x30);
    });
    it("reads modes", () => {
        expect(settingFromRaw(0).mode).toBe("default");
        expect(settingFromRaw(1).mode).toBe("disabled");
        expect(settingFromRaw(0x28)).toEqual(enabled(["subflow"], { alsoWithoutDefaultRoute: true }));
        expect(sameSetting(settingFromRaw(0x32), enabled(["signal", "subflow"]))).toBe(true);
    });
});

describe("settingProblems", () => {
    it("refuses signal with fullmesh, as the kernel does", () => {
        expect(settingProblems(enabled(["signal", "fullmesh"]))).toEqual(["signal-fullmesh"]);
        expect(settingProblems(enabled(["subflow", "fullmesh"]))).toEqual([]);
        expect(settingProblems(enabled(["signal", "subflow", "backup"]))).toEqual([]);
        expect(settingProblems({ ...enabled(["signal", "fullmesh"]), mode: "disabled" })).toEqual([]);
    });
});
