import type { Check, CheckId } from "../model/readiness";
import { _, format } from "../i18n";

export function checkTitle(id: CheckId): string {
    switch (id) {
    case "kernel": return _("Kernel MPTCP support");
    case "sysctl": return _("MPTCP switch (net.mptcp.enabled)");
    case "path-manager": return _("Path manager");
    case "subflows": return _("Subflow limit");
    case "add-addr": return _("Accepted address limit");
    case "rp-filter": return _("Reverse path filter");
    }
}

/** Why a failed check keeps MPTCP from working. */
export function checkProblem(c: Check): string {
    switch (c.id) {
    case "kernel": return _("This kernel has no MPTCP. Nothing on this page can change that.");
    case "sysctl": return _("MPTCP is off: applications cannot open MPTCP sockets, and NetworkManager configures no endpoints.");
    case "path-manager": return _("A userspace path manager is selected but mptcpd is not running: nobody opens subflows.");
    case "subflows": return format(_("The kernel opens at most $0 additional subflows per connection; fewer than the subflow endpoints configured."), c.current);
    case "add-addr": return _("Addresses that peers announce are ignored (add_addr_accepted 0).");
    case "rp-filter": return format(_("Strict reverse path filtering on $0 drops packets of additional subflows."), (c.interfaces ?? []).join(", "));
    }
}
