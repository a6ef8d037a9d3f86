import { Content, Flex, FlexItem, Label, LabelGroup, Tooltip } from "@patternfly/react-core";
import { ExclamationTriangleIcon } from "@patternfly/react-icons";

import type { AddressRow } from "../model/interfaces";
import { _, format } from "../i18n";
import { labelGroupTexts } from "./label-group-texts";
import { reasonText } from "./texts";

/** One interface's addresses, each with the flags of its kernel endpoint or the reason it has none. */
export function AddressList({ addresses }: { addresses: AddressRow[] }) {
    if (addresses.length === 0) return <span className="mptcp-muted">{_("No addresses")}</span>;
    return (
        <ul className="mptcp-addresses">
            {addresses.map(a => (
                <li key={a.address} data-address={a.address}>
                    <Flex spaceItems={{ default: "spaceItemsSm" }} alignItems={{ default: "alignItemsCenter" }} flexWrap={{ default: "wrap" }}>
                        <FlexItem><span className="mptcp-address">{`${a.address}/${a.prefix}`}</span></FlexItem>
                        <FlexItem>
                            {a.endpoint
                                ? <EndpointFlags row={a} />
                                : <Reason row={a} />}
                        </FlexItem>
                    </Flex>
                </li>
            ))}
        </ul>
    );
}

/** Why an address has no endpoint; for the kernel's cap, also who gets the 8. */
function Reason({ row }: { row: AddressRow }) {
    const text = (
        <Content component="small" className="mptcp-reason" data-reason={row.reason}>
            {row.reason ? reasonText(row.reason, row.family) : null}
        </Content>
    );
    if (row.reason !== "endpoint-limit") return text;
    return (
        <Tooltip content={_("The kernel holds at most 8 MPTCP endpoints. NetworkManager gives them to the first address of each interface and family, then to the second ones, and so on.")}>
            {text}
        </Tooltip>
    );
}

function EndpointFlags({ row }: { row: AddressRow }) {
    const ep = row.endpoint;
    if (!ep) return null;
    return (
        <LabelGroup numLabels={5} className="mptcp-endpoint" data-flags={ep.flags.join(",")} {...labelGroupTexts()}
            aria-label={format(_("Endpoint $0 flags"), ep.id)}>
            <Label isCompact color="grey">{format(_("endpoint $0"), ep.id)}</Label>
            {ep.flags.length === 0 && <Label isCompact color="orange">{_("no flags")}</Label>}
            {ep.flags.map(f => <Label isCompact color="blue" key={f}>{f}</Label>)}
            {row.flagsDiffer && (
                <Tooltip content={_("The kernel's flags differ from the profile's: the profile was changed but not applied, or the endpoint was changed by hand.")}>
                    <Label isCompact color="orange" icon={<ExclamationTriangleIcon />}>{_("differs from profile")}</Label>
                </Tooltip>
            )}
        </LabelGroup>
    );
}
