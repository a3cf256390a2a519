// Contract of the version, catalogue and job sections (5.x, 7.1.7-7.1.9, 7.1.16, 7.1.17, 8.1.1) against the sandbox.
import { CATALOG_JOB_CASES } from './cases/catalog-jobs.js';
import { runContract } from './runner.js';

runContract('catalogue and jobs', CATALOG_JOB_CASES);
