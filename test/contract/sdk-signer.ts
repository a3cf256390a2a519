// Signs requests with Huawei Cloud's own SDK signer (AKSKSigner from @huaweicloud/huaweicloud-sdk-core), so
// the sandbox's verifier is checked against Huawei's code and never against the project's own signer.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface SdkRequest {
  endpoint: string;
  method: string;
  headers: Record<string, string>;
  queryParams: Record<string, string | string[]>;
  data?: unknown;
}
interface SdkCredential {
  getAk(): string;
  getSk(): string;
}
interface SignerClass {
  sign(req: SdkRequest, cred: SdkCredential): Record<string, string>;
  CanonicalURI(path: string): string;
}
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: SignerClass;
};

/**
 * The SDK signer, except that its canonical URI starts from the decoded path: the Node SDK hands it the
 * path after legacy url.parse, which has already escaped spaces and quotes, so it would encode those twice.
 * The gateway decodes each segment and encodes it once; the SDK's own encoder then does the encoding.
 */
const WireSigner: SignerClass = Object.assign(Object.create(AKSKSigner) as SignerClass, {
  CanonicalURI(path: string): string {
    const decoded = path
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
    return AKSKSigner.CanonicalURI.call(WireSigner, decoded);
  },
});
// AKSKSigner.sign reads its helpers from `this`, so call it with WireSigner as `this`.
const sdkSign = (req: SdkRequest, cred: SdkCredential) => AKSKSigner.sign.call(WireSigner, req, cred);

export interface SdkKey {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface ToSign {
  method: string;
  /** The URL as it goes on the wire (path segments and query already percent-encoded). */
  url: URL;
  headers?: Record<string, string>;
  /** JSON body (signed as the SDK signs it: JSON.stringify of the value). */
  json?: unknown;
  /** Any other body, sent as is; its hash goes in X-Sdk-Content-Sha256, which the SDK then signs. */
  raw?: string;
  /** Sign as of this time (default: now). */
  now?: Date;
}

const sdkDate = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The headers to send (Host left out: fetch sets it to the same value) and the exact body. */
export function signWithSdk(req: ToSign, key: SdkKey): { headers: Record<string, string>; body: string } {
  const queryParams: Record<string, string | string[]> = {};
  for (const [k, v] of req.url.searchParams) {
    const prev = queryParams[k];
    queryParams[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const body = req.raw ?? (req.json === undefined ? '' : JSON.stringify(req.json));
  const headers: Record<string, string> = {
    ...(body !== '' ? { 'Content-Type': 'application/json' } : {}),
    ...req.headers,
    'X-Sdk-Date': sdkDate(req.now ?? new Date()),
  };
  if (req.raw !== undefined)
    headers['X-Sdk-Content-Sha256'] = createHash('sha256').update(req.raw).digest('hex');
  if (key.securityToken) headers['X-Security-Token'] = key.securityToken;
  const signed = sdkSign(
    {
      endpoint: `${req.url.protocol}//${req.url.host}${req.url.pathname}`,
      method: req.method,
      headers,
      queryParams,
      ...(req.json !== undefined && req.raw === undefined ? { data: req.json } : {}),
    },
    { getAk: () => key.ak, getSk: () => key.sk },
  );
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed)) if (name.toLowerCase() !== 'host') out[name] = value;
  return { headers: out, body };
}
