import {
    Card, CardBody, CardTitle, EmptyState, EmptyStateBody, PageSection, Spinner, Stack,
} from "@patternfly/react-core";
import { useMemo } from "react";

import { buildInterfaceRows } from "../model/interfaces";
import { _ } from "../i18n";
import { InterfaceTable } from "./interface-table";
import { StatusHeader } from "./status-header";
import { useShellTheme } from "./theme";
import { useSnapshot, type SnapshotSource } from "./use-snapshot";

export function App({ source }: { source: SnapshotSource }) {
    useShellTheme();
    const snapshot = useSnapshot(source);
    const rows = useMemo(() => (snapshot ? buildInterfaceRows(snapshot) : []), [snapshot]);

    if (!snapshot) {
        return (
            <PageSection>
                <EmptyState titleText={_("Loading MPTCP state")} headingLevel="h1" icon={Spinner} />
            </PageSection>
        );
    }
    return (
        <PageSection>
                <Stack hasGutter>
                    <StatusHeader snapshot={snapshot} />
                    <Card isPlain>
                        <CardTitle component="h2">{_("Interfaces")}</CardTitle>
                        <CardBody>
                            {rows.length
                                ? <InterfaceTable rows={rows} />
                                : <EmptyState titleText={_("No network interfaces")} headingLevel="h3">
                                    <EmptyStateBody>{_("Neither NetworkManager nor the kernel reports any interface.")}</EmptyStateBody>
                                </EmptyState>}
                        </CardBody>
                    </Card>
                </Stack>
        </PageSection>
    );
}
