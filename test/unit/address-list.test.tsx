// @vitest-environment jsdom
import { cleanup, render } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";

import { buildInterfaceRows } from "../../src/model/interfaces";
import type { HostSnapshot } from "../../src/model/types";
import { AddressList } from "../../src/ui/address-list";
import { crowdedSnapshot, extraAddress } from "./fixtures/crowded";
import { labSnapshot } from "./fixtures/snapshot";

afterEach(cleanup);

const eth1 = (snap: HostSnapshot) => {
    const row = buildInterfaceRows(snap).find(r => r.name === "eth1");
    if (!row) throw new Error("no eth1");
    return render(<AddressList addresses={row.addresses} />).container;
};
const reasonOf = (root: HTMLElement, address: string) => root.querySelector(`li[data-address="${address}"] [data-reason]`);

describe("AddressList", () => {
    it("when `ip` could not list the endpoints, says they are not known rather than absent", () => {
        const snap = labSnapshot();
        snap.ip.endpoints = [];
        snap.kernel = { ...snap.kernel, endpointsUnknown: true, errors: ["ip: Operation not permitted"] };
        const root = eth1(snap);
        expect(reasonOf(root, "198.51.100.2")?.getAttribute("data-reason")).toBe("unknown");
        expect(root.textContent).toContain("Not known: the kernel's endpoints could not be read");
        expect(root.textContent).not.toContain("the kernel has none");
    });

    it("says which addresses are over the kernel's 8 endpoints, and why", () => {
        const root = eth1(crowdedSnapshot());
        expect(reasonOf(root, extraAddress(5))?.getAttribute("data-reason")).toBe("endpoint-limit");
        expect(reasonOf(root, extraAddress(5))?.textContent).toBe("Over the kernel's limit of 8 MPTCP endpoints");
        expect(root.querySelector(`li[data-address="${extraAddress(4)}"] [data-flags]`)?.getAttribute("data-flags")).toBe("signal,subflow");
    });
});
