/** Bad usage or unreadable input: printed as one line on stderr, exit status 2. */
export class UsageError extends Error {}

export const EXIT_OK = 0
export const EXIT_USAGE = 2
