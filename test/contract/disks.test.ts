// Contract of the disk sections (6.1.x, 7.1.1-7.1.6, 8.2.1.1) against the sandbox.
import { DISK_CASES } from './cases/disks.js';
import { runContract } from './runner.js';

runContract('disks', DISK_CASES);
