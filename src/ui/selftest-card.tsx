import {
    Button, Card, CardBody, CardTitle, Content, Flex, FlexItem, Form, FormGroup, FormHelperText, HelperText,
    HelperTextItem, Label, List, ListItem, Stack, TextInput,
} from "@patternfly/react-core";
import { useState } from "react";

import { errorMessage } from "../model/error-message";
import { joinedSubflows, targetProblems, type SelfTestInputProblem, type SelfTestResult } from "../model/selftest";
import { interfaceOf } from "../model/traffic";
import type { HostSnapshot } from "../model/types";
import { selfTestVerdicts } from "../model/verdicts";
import { _, format, ngettext } from "../i18n";
import { Alert } from "./alert";
import type { TrafficPort } from "./host-port";
import { addrText } from "./traffic-texts";
import { VerdictList } from "./verdict-list";

function problemText(p: SelfTestInputProblem): string {
    switch (p) {
    case "host-empty": return _("Enter the server's host name or address.");
    case "host-too-long": return _("A host name has at most 253 characters.");
    case "host-bracketed": return _("Enter an IPv6 address without brackets; the port has its own field.");
    case "host-invalid": return _("Not an IPv4 or IPv6 address or a host name (letters, digits, hyphens and dots).");
    case "port-empty": return _("Enter the server's port.");
    case "port-invalid": return _("The port is a number.");
    case "port-out-of-range": return _("The port is a number from 1 to 65535.");
    }
}

function outcomeTitle(r: SelfTestResult): string {
    switch (r.outcome) {
    case "mptcp": return _("MPTCP was negotiated");
    case "fallback": return _("The connection fell back to TCP");
    case "no-mptcp-socket": return _("This host cannot open MPTCP sockets");
    case "resolve-failed": return _("The host name could not be resolved");
    case "connect-failed": return _("The connection failed");
    case "timeout": return _("The connection timed out");
    }
}


function Result({ result, snapshot }: { result: SelfTestResult; snapshot: HostSnapshot }) {
    const ifaceOf = (address: string) => interfaceOf(snapshot.ip.links, address);
    const joined = joinedSubflows(result);
    const verdicts = selfTestVerdicts(result, snapshot.kernel, snapshot.ip.endpoints);
    const variant = result.outcome === "mptcp" ? "success" : result.outcome === "fallback" ? "warning" : "danger";
    return (
        <Stack hasGutter className="mptcp-selftest-result" data-outcome={result.outcome} data-joined={joined.length}>
            <Alert isInline variant={variant} component="h3" title={outcomeTitle(result)}>
                {result.local && result.remote
                    ? format(_("From $0 to $1."), addrText(result.local), addrText(result.remote))
                    : result.error}
                {result.outcome === "no-mptcp-socket" && " " + _("The kernel refused an MPTCP socket: MPTCP is not built in, or net.mptcp.enabled is 0.")}
            </Alert>
            {result.outcome === "mptcp" && (
                result.subflows
                    ? <>
                        <Content component="p">
                            {format(ngettext("$0 additional subflow was established.", "$0 additional subflows were established.", joined.length), joined.length)}
                        </Content>
                        <List isPlain className="mptcp-selftest-subflows">
                            {result.subflows.map((s, i) => (
                                <ListItem key={i} data-local={s.local.address} data-iface={ifaceOf(s.local.address) ?? ""} data-initial={String(s.initial)}>
                                    <Label isCompact variant="outline">{ifaceOf(s.local.address) ?? _("unknown interface")}</Label>{" "}
                                    {addrText(s.local)} → {addrText(s.remote)}{" "}
                                    <Content component="small">
                                        {s.initial ? _("initial subflow") : _("additional subflow")}{s.state ? ` · ${s.state}` : ""}
                                    </Content>
                                </ListItem>
                            ))}
                        </List>
                    </>
                    : <Content component="p">
                        {format(ngettext("The kernel counts $0 additional subflow; it cannot list its address (Linux 5.16 or newer can).", "The kernel counts $0 additional subflows; it cannot list their addresses (Linux 5.16 or newer can).", result.info?.subflows ?? 0), result.info?.subflows ?? 0)}
                    </Content>
            )}
            <VerdictList verdicts={verdicts} className="mptcp-selftest-diagnosis" />
        </Stack>
    );
}

/** "Test MPTCP to a server": one MPTCP connection from this host, and what the kernel made of it. */
export function SelfTestCard({ actions, snapshot }: { actions: TrafficPort; snapshot: HostSnapshot }) {
    const [host, setHost] = useState("");
    const [port, setPort] = useState("");
    const [tried, setTried] = useState(false);
    const [running, setRunning] = useState(false);
    const [result, setResult] = useState<SelfTestResult | null>(null);
    const [error, setError] = useState<string | null>(null);
    const problems = targetProblems(host.trim(), port.trim());
    const hostProblem = problems.find(p => p.startsWith("host-"));
    const portProblem = problems.find(p => p.startsWith("port-"));

    const run = () => {
        setTried(true);
        // a result shown beside another target's input would mislead
        setResult(null);
        setError(null);
        if (problems.length) return;
        setRunning(true);
        actions.selfTest(host.trim(), Number(port.trim()))
            .then(setResult, e => setError(errorMessage(e)))
            .finally(() => setRunning(false));
    };

    return (
        <Card isPlain aria-label={_("Test MPTCP to a server")}>
            <CardTitle component="h2">{_("Test MPTCP to a server")}</CardTitle>
            <CardBody>
                <Stack hasGutter>
                    <Content component="small">
                        {_("Opens one MPTCP connection from this host to a server that speaks MPTCP, sends a little data, and reports what the kernel negotiated.")}
                    </Content>
                    <Form onSubmit={e => {
                        e.preventDefault();
                        run();
                    }} className="mptcp-selftest-form">
                        <Flex alignItems={{ default: "alignItemsFlexStart" }}>
                            <FlexItem className="mptcp-selftest-host">
                                <FormGroup label={_("Server")} fieldId="mptcp-selftest-host" isRequired>
                                    <TextInput id="mptcp-selftest-host" value={host} onChange={(_e, v) => setHost(v)}
                                        validated={tried && hostProblem ? "error" : "default"} placeholder="mptcp.example.org" />
                                    {tried && hostProblem && (
                                        <FormHelperText><HelperText><HelperTextItem variant="error">{problemText(hostProblem)}</HelperTextItem></HelperText></FormHelperText>
                                    )}
                                </FormGroup>
                            </FlexItem>
                            <FlexItem className="mptcp-selftest-port">
                                <FormGroup label={_("Port")} fieldId="mptcp-selftest-port" isRequired>
                                    <TextInput id="mptcp-selftest-port" value={port} onChange={(_e, v) => setPort(v)} inputMode="numeric"
                                        validated={tried && portProblem ? "error" : "default"} />
                                    {tried && portProblem && (
                                        <FormHelperText><HelperText><HelperTextItem variant="error">{problemText(portProblem)}</HelperTextItem></HelperText></FormHelperText>
                                    )}
                                </FormGroup>
                            </FlexItem>
                            <FlexItem className="mptcp-selftest-run">
                                <Button type="submit" variant="secondary" isDisabled={running} isLoading={running}>{_("Test")}</Button>
                            </FlexItem>
                        </Flex>
                    </Form>
                    {error && <Alert isInline variant="danger" component="h3" title={_("The test could not run")}>{error}</Alert>}
                    {result && <Result result={result} snapshot={snapshot} />}
                </Stack>
            </CardBody>
        </Card>
    );
}
