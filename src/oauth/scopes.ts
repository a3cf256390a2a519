// The OAuth scopes the server knows, apart from the verifier (which loads jose) so start-up paths can name them.
export const READ_SCOPE = 'evs:read';
export const WRITE_SCOPE = 'evs:write';
