// Hostile input is refused, not judged: bulwark reasons only about what it can read in full.
export const MAX_COMMAND_BYTES = 64 * 1024;

/** Thrown when a line nests deeper than bulwark follows; the engine turns it into a denial. */
export class InputTooComplex extends Error {}
