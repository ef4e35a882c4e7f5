/**
 * GitHub's own limits, declared once: whatever the bot writes is cut or
 * shortened to fit these, and the checks that warn about them quote them.
 */

/** Characters in an issue, pull-request or comment body (longer ones get 422). */
export const MAX_BODY_CHARACTERS = 65_536;

/** Characters in a label's name. */
export const MAX_LABEL_NAME = 50;

/** Characters in a label's description. */
export const MAX_LABEL_DESCRIPTION = 100;

/** Check-run annotations in one create or update request. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** Characters in a check run's `output.summary`. */
export const MAX_CHECK_SUMMARY = 65_535;

/** Characters in a check-run annotation's title. */
export const MAX_ANNOTATION_TITLE = 255;
