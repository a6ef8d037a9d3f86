// Entry point. Reading the host starts at once; the interface code (React, PatternFly: most of the
// bundle) loads meanwhile and shows the first snapshot as soon as both are there.

import { ChangeRunner } from "./host/change";
import { HostSource } from "./host/host-source";
import { watchAdmin } from "./host/permission";
import { _ } from "./i18n";
import type { Actions } from "./ui/actions";

const source = new HostSource();
// This page is the whole app: keep the source running for its lifetime.
source.subscribe(() => {});

const runner = new ChangeRunner();
const actions: Actions = {
    prepare: (names, setting) => {
        const snapshot = source.snapshot();
        if (!snapshot) return Promise.reject(new Error(_("The host's state is not loaded yet.")));
        return runner.prepare(snapshot, names, setting);
    },
    apply: async (prepared, progress) => {
        try {
            // prepared always comes from runner.prepare
            await runner.apply(prepared as Awaited<ReturnType<ChangeRunner["prepare"]>>, progress);
        } finally {
            await source.refresh();
        }
    },
};

void import("./ui/mount").then(({ mount }) => mount(source, actions, watchAdmin));
