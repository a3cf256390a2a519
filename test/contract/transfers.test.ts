// Contract of the disk transfer sections (7.4.1-7.4.6) against the sandbox.
import { TRANSFER_CASES } from './cases/transfers.js';
import { runContract } from './runner.js';

runContract('transfers', TRANSFER_CASES);
