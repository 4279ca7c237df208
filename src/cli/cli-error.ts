/** Bad usage or unreadable input: printed as one line on stderr, exit status 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0
export const EXIT_USAGE = 2
/** A bug or an exhausted resource, never the input's fault. */
export const EXIT_INTERNAL = 1
