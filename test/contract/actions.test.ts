// Contract of the disk action sections (7.2.1-7.2.8) against the sandbox.
import { ACTION_CASES } from './cases/actions.js';
import { runContract } from './runner.js';

runContract('disk actions', ACTION_CASES);
