// Contract of the snapshot sections (6.2.1, 7.3.1-7.3.6) against the sandbox.
import { SNAPSHOT_CASES } from './cases/snapshots.js';
import { runContract } from './runner.js';

runContract('snapshots', SNAPSHOT_CASES);
