/**
 * GitHub's error bodies. Handlers and state operations throw `GitHubError`;
 * the server turns it into the status and JSON GitHub would send.
 */

export const GENERIC_DOCS_URL = 'https://docs.github.com/rest';

export interface ValidationErrorDetail {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field: string;
  message?: string;
}

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: { errors?: ValidationErrorDetail[] } = {},
  ) {
    super(message);
    this.name = 'GitHubError';
  }

  body(documentationUrl: string): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.extra.errors ? { errors: this.extra.errors } : {}),
      documentation_url: documentationUrl,
      status: String(this.status),
    };
  }
}

export function notFound(message = 'Not Found'): GitHubError {
  return new GitHubError(404, message);
}

export function badCredentials(): GitHubError {
  return new GitHubError(401, 'Bad credentials');
}

export function validationFailed(...errors: ValidationErrorDetail[]): GitHubError {
  return new GitHubError(422, 'Validation Failed', { errors });
}

/** The schema-level rejection GitHub words as "Invalid request.\n\n…". */
export function invalidRequest(detail: string): GitHubError {
  return new GitHubError(422, `Invalid request.\n\n${detail}`);
}

/** `"title" wasn't supplied.` / `"name", "color" weren't supplied.` */
export function requireFields(params: object, fields: string[]): void {
  const record = params as Record<string, unknown>;
  const missing = fields.filter((field) => record[field] === undefined || record[field] === null);
  if (missing.length === 0) return;
  const quoted = missing.map((field) => `"${field}"`).join(', ');
  throw invalidRequest(`${quoted} ${missing.length === 1 ? "wasn't" : "weren't"} supplied.`);
}

export const MAX_BODY_LENGTH = 65_536;

export function checkBodyLength(resource: string, field: string, text: string | null | undefined): void {
  if (text && text.length > MAX_BODY_LENGTH) {
    throw validationFailed({
      resource,
      code: 'custom',
      field,
      message: `${field} is too long (maximum is ${MAX_BODY_LENGTH} characters)`,
    });
  }
}
