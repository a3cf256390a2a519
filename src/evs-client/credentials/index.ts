// The three ways to authenticate, behind one AuthProvider interface.
export { AkSkAuth, type AkSkAuthOptions } from './aksk.js';
export { StaticTokenAuth, AUTH_TOKEN_HEADER, withToken } from './token.js';
export { IamPasswordAuth, type IamPasswordAuthOptions, passwordTokenRequest } from './iam-password.js';
export type { AuthProvider } from '../types.js';
