// Name, version and links from package.json, read once.
import { readFileSync } from 'node:fs';
import { packageFile } from './package-root.js';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
  name: string;
  version: string;
  description: string;
  homepage: string;
};

export const PACKAGE = {
  name: pkg.name,
  version: pkg.version,
  description: pkg.description,
  homepage: pkg.homepage,
} as const;
