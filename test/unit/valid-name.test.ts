import { describe, expect, it } from "vitest";

import { validInterfaceName } from "../../src/model/address";

describe("validInterfaceName", () => {
    it("accepts what Linux accepts and refuses what could leave a /proc path", () => {
        for (const ok of ["eth0", "enp0s31f6", "br-lan.100", "wg_0", "a", "x".repeat(15)]) expect(validInterfaceName(ok), ok).toBe(true);
        for (const bad of ["", ".", "..", "../all", "eth0/x", "eth 0", "eth0:1", "x".repeat(16), "eth0\n"]) expect(validInterfaceName(bad), bad).toBe(false);
    });
});
