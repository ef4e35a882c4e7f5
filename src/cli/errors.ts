/**
 * Errors the command line reports to the user as one clear line (no stack
 * trace), with the exit code the shell sees.
 */
export class CliError extends Error {
  readonly exitCode: number;

  /** Exit code 2 unless told otherwise: the command could not run as asked (see `EXIT_USAGE`). */
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage: exit code 2, and the command's usage is printed with it. */
export class UsageError extends CliError {
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message, 2);
    this.name = 'UsageError';
    this.usage = usage;
  }
}
