/**
 * Credentials as GitHub checks them: the App's RS256 JWT (verified with its
 * public key; `iss`, `iat`, `exp` as GitHub enforces them), installation
 * access tokens (`ghs_…`, one hour, scoped to the installation's repositories)
 * and configured plain tokens (GITHUB_TOKEN mode).
 */
import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { GitHubError } from './errors.js';
import { githubTimestamp, repoKey, type Actor, type SimulatorState } from './state.js';
import type { TokenKind } from './types.js';

/** GitHub rejects JWTs that expire more than ten minutes out; a minute of clock skew is tolerated. */
const MAX_JWT_LIFETIME_SECONDS = 10 * 60;
const CLOCK_SKEW_SECONDS = 60;
const INSTALLATION_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export type Caller =
  | { kind: 'jwt' }
  | { kind: 'installation'; installationId: number; repos: ReadonlySet<string>; actor: Actor }
  | { kind: 'static'; actor: Actor };

interface InstallationToken {
  installationId: number;
  expiresAtMs: number;
  repos: ReadonlySet<string>;
}

export interface IssuedToken {
  token: string;
  expiresAt: string;
}

function base64UrlJson(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}

function jwtError(message: string): GitHubError {
  return new GitHubError(401, message);
}

export class Authenticator {
  private readonly publicKey: KeyObject;
  private readonly installationTokens = new Map<string, InstallationToken>();

  constructor(
    private readonly state: SimulatorState,
    publicKeyPem: string,
    private readonly staticTokens: Record<string, { login: string }>,
  ) {
    this.publicKey = createPublicKey(publicKeyPem);
  }

  static looksLikeJwt(credential: string): boolean {
    return /^[\w-]+\.[\w-]+\.[\w-]+$/.test(credential);
  }

  /** Verifies the App JWT or throws GitHub's 401 with the message its clients recognise. */
  verifyJwt(token: string): void {
    const [headerPart, payloadPart, signaturePart] = token.split('.');
    let header: { alg?: unknown };
    let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
    try {
      header = base64UrlJson(headerPart) as typeof header;
      claims = base64UrlJson(payloadPart) as typeof claims;
    } catch {
      throw jwtError('A JSON web token could not be decoded');
    }
    const signed = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      this.publicKey,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (header.alg !== 'RS256' || !signed) throw jwtError('A JSON web token could not be decoded');
    if (String(claims.iss) !== String(this.state.app.id)) throw jwtError("'Issuer' claim ('iss') must be an Integer");
    const nowSeconds = Math.floor(Date.now() / 1000);
    if (typeof claims.iat !== 'number' || !Number.isInteger(claims.iat) || claims.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
      throw jwtError("'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
    }
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
      throw jwtError("'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
    }
    if (claims.exp > nowSeconds + MAX_JWT_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) {
      throw jwtError("'Expiration time' claim ('exp') is too far in the future");
    }
  }

  /** A new installation token, optionally narrowed to some of the installation's repositories (by name). */
  issueInstallationToken(installationId: number, repositoryNames?: string[]): IssuedToken & { repos: string[] } {
    const installation = this.state.installations.get(installationId);
    if (!installation) throw new GitHubError(404, 'Not Found');
    let repos = installation.repos;
    if (repositoryNames) {
      const wanted = repositoryNames.map((name) => repoKey(name.includes('/') ? name : `${installation.account}/${name}`));
      if (wanted.some((key) => !installation.repos.includes(key))) {
        throw new GitHubError(422, 'There is at least one repository that does not exist or is not accessible to the parent installation.');
      }
      repos = wanted;
    }
    const token = `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'A').slice(0, 36)}`;
    const expiresAtMs = Date.now() + INSTALLATION_TOKEN_LIFETIME_MS;
    this.installationTokens.set(token, { installationId, expiresAtMs, repos: new Set(repos) });
    return { token, expiresAt: githubTimestamp(new Date(expiresAtMs)), repos };
  }

  /** Resolves `Authorization: token|Bearer <credential>`; `jwt` callers must be verified with `verifyJwt`. */
  identify(authorization: string | undefined): { kind: TokenKind; credential: string | null; caller: Caller | null } {
    const match = authorization ? /^(token|bearer)\s+(\S+)$/i.exec(authorization.trim()) : null;
    if (!authorization) return { kind: 'none', credential: null, caller: null };
    if (!match) return { kind: 'invalid', credential: null, caller: null };
    const credential = match[2];
    const installationToken = this.installationTokens.get(credential);
    if (installationToken) {
      if (installationToken.expiresAtMs <= Date.now()) return { kind: 'invalid', credential, caller: null };
      return {
        kind: 'installation',
        credential,
        caller: {
          kind: 'installation',
          installationId: installationToken.installationId,
          repos: installationToken.repos,
          actor: this.state.appActor(),
        },
      };
    }
    const staticToken = this.staticTokens[credential];
    if (staticToken) {
      this.state.user(staticToken.login);
      return { kind: 'static', credential, caller: { kind: 'static', actor: this.state.tokenActor(staticToken.login) } };
    }
    if (Authenticator.looksLikeJwt(credential)) return { kind: 'jwt', credential, caller: { kind: 'jwt' } };
    return { kind: 'invalid', credential, caller: null };
  }
}

export function requireAuthentication(): GitHubError {
  return new GitHubError(401, 'Requires authentication');
}
