// Words for the editor: flags, warnings, operations, apply steps.

import type { EndpointFlag } from "../model/flags";
import { rawText, type ApplyStep, type Operation, type ProfileAfterLoss, type RefusedReason } from "../model/plan";
import { _, format } from "../i18n";

export const FLAG_HELP: Record<EndpointFlag, () => string> = {
    signal: () => _("Announce the address to the peer, so that the peer can open subflows to it."),
    subflow: () => _("Open additional subflows from the address to the peer."),
    backup: () => _("Use subflows over the address only when no other subflow works."),
    fullmesh: () => _("With subflow: open a subflow from the address to every address the peer announced. Not with signal."),
};

export function operationText(op: Operation): string {
    switch (op.kind) {
    case "checkpoint": return format(_("Create a NetworkManager checkpoint of $0; NetworkManager restores it by itself if the change does not finish within 60 seconds (unless NetworkManager itself stops meanwhile)"), op.devices.join(", "));
    case "update": return op.storage === "disk"
        ? format(_("Profile \"$0\": change $1 from $2 to $3, saved to disk"), op.profile, op.property, op.from, op.to)
        : format(_("Profile \"$0\": change $1 from $2 to $3, kept in memory only as the profile is now (not saved to disk)"), op.profile, op.property, op.from, op.to);
    case "reapply": return format(_("Reapply the profile to $0 without taking the link down (re-activate it if NetworkManager refuses)"), op.device);
    case "verify": return _("Read the kernel's endpoints until they match the prediction; on any failure, roll back to the checkpoint");
    }
}

export function stepText(step: ApplyStep): string {
    switch (step) {
    case "check": return _("Checking that nothing changed since the preview");
    case "checkpoint": return _("Creating a checkpoint");
    case "update": return _("Updating the profiles");
    case "reapply": return _("Reapplying to the devices");
    case "verify": return _("Verifying the kernel's endpoints");
    case "rollback": return _("Rolling back to the checkpoint");
    case "nm-gone": return _("NetworkManager went away: waiting for it to start again");
    }
}

export function refusedText(reason: RefusedReason): string {
    switch (reason) {
    case "not-found": return _("no longer exists");
    case "nm-unavailable": return _("NetworkManager is not running, or older than 1.40");
    case "unmanaged": return _("not managed by NetworkManager");
    case "no-profile": return _("no active NetworkManager profile");
    case "external": return _("configured outside NetworkManager");
    }
}

/** Where one profile stands after NetworkManager stopped or restarted during a change. */
export function profileAfterLossText(p: ProfileAfterLoss): string {
    const where = p.inMemory ? _("kept in memory") : _("saved to disk");
    if (p.nowRaw === null) {
        return p.updated
            ? format(_("$0 ($1): the new flags $2 are $3; NetworkManager uses them when it starts again."), p.profile, p.name, rawText(p.newRaw), where)
            : format(_("$0 ($1): still has its old flags $2."), p.profile, p.name, rawText(p.oldRaw));
    }
    if (p.nowRaw === p.newRaw) return format(_("$0 ($1): has the new flags $2, $3."), p.profile, p.name, rawText(p.newRaw), where);
    if (p.nowRaw === p.oldRaw) return format(_("$0 ($1): has its old flags $2."), p.profile, p.name, rawText(p.oldRaw));
    return format(_("$0 ($1): has $2, neither the old $3 nor the new $4."), p.profile, p.name, rawText(p.nowRaw), rawText(p.oldRaw), rawText(p.newRaw));
}
