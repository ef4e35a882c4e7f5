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
