import type { PaginationTitles } from "@patternfly/react-core";

import { _ } from "../i18n";

/** PatternFly's pagination in the page's language (its own words are English): `items` names what is counted. */
export const paginationTitles = (items: string, label: string): PaginationTitles => ({
    items,
    page: "",
    itemsPerPage: _("Items per page"),
    perPageSuffix: _("per page"),
    toFirstPageAriaLabel: _("Go to first page"),
    toPreviousPageAriaLabel: _("Go to previous page"),
    toLastPageAriaLabel: _("Go to last page"),
    toNextPageAriaLabel: _("Go to next page"),
    optionsToggleAriaLabel: _("Items per page"),
    currPageAriaLabel: _("Current page"),
    paginationAriaLabel: label,
    ofWord: _("of"),
});
