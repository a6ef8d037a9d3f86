import { Alert as PatternFlyAlert, type AlertProps } from "@patternfly/react-core";

import { _ } from "../i18n";

const VARIANT_LABELS: Record<NonNullable<AlertProps["variant"]>, () => string> = {
    success: () => _("Success:"),
    danger: () => _("Error:"),
    warning: () => _("Warning:"),
    info: () => _("Information:"),
    custom: () => _("Note:"),
};

/** PatternFly's Alert, whose screen-reader label of its kind ("Warning alert:") is otherwise always English. */
export function Alert(props: AlertProps) {
    return <PatternFlyAlert variantLabel={VARIANT_LABELS[props.variant ?? "custom"]()} {...props} />;
}
