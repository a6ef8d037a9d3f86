import { _, format } from "../i18n";

/**
 * A LabelGroup's "N more" and "Show less" in the page's language (PatternFly's are English). PatternFly puts
 * the number in for ${remaining}.
 */
export const labelGroupTexts = () => ({
    collapsedText: format(_("$0 more"), "${remaining}"),
    expandedText: _("Show less"),
});
