// Entry point. Reading the host starts at once; the interface code (React, PatternFly: most of the
// bundle) loads meanwhile and shows the first snapshot as soon as both are there.

import { HostSource } from "./host/host-source";

const source = new HostSource();
// This page is the whole app: keep the source running for its lifetime.
source.subscribe(() => {});

void import("./ui/mount").then(({ mount }) => mount(source));
