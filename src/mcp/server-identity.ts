// What the server says about itself in the initialize result: name, version, title, website and icon.
import { readFileSync } from 'node:fs';
import type { Implementation } from '@modelcontextprotocol/sdk/types.js';
import { PACKAGE } from '../package-info.js';
import { packageFile } from '../package-root.js';

/** Display name, the same as server.json's `title`. */
export const SERVER_TITLE = 'Huawei Cloud EVS';

/** The icon shipped in assets/, inlined as a data URI so clients need no network to show it. */
function iconDataUri(): string | undefined {
  try {
    const svg = readFileSync(packageFile('assets/icon.svg'));
    return `data:image/svg+xml;base64,${svg.toString('base64')}`;
  } catch {
    return undefined;
  }
}

export function serverIdentity(): Implementation {
  const icon = iconDataUri();
  return {
    name: PACKAGE.name,
    version: PACKAGE.version,
    title: SERVER_TITLE,
    websiteUrl: PACKAGE.homepage,
    ...(icon ? { icons: [{ src: icon, mimeType: 'image/svg+xml', sizes: ['any'] }] } : {}),
  };
}
