import { Button, Modal as PatternFlyModal, type ModalProps as PatternFlyModalProps } from "@patternfly/react-core";
import { RhMicronsCloseIcon } from "@patternfly/react-icons";

import { _ } from "../i18n";

type ModalProps = Omit<PatternFlyModalProps, "ref" | "onClose"> & { onClose?: (() => void) | undefined };

/**
 * PatternFly's Modal, with its close button named in the page's language (PatternFly's own is always "Close"):
 * the same button, in the same place, with Escape doing the same. Without onClose, neither.
 */
export function Modal({ onClose, onEscapePress, children, ...props }: ModalProps) {
    const escape = onEscapePress ?? (onClose ? () => onClose() : undefined);
    return (
        <PatternFlyModal {...props} {...(escape && { onEscapePress: escape })}>
            {onClose && (
                <div className="pf-v6-c-modal-box__close">
                    <Button variant="plain" aria-label={_("Close")} onClick={() => onClose()} icon={<RhMicronsCloseIcon />} />
                </div>
            )}
            {children}
        </PatternFlyModal>
    );
}
