// Contract of the tag (6.3.x) and metadata (7.1.10-7.1.15, 7.3.7-7.3.12) sections against the sandbox.
import { TAG_METADATA_CASES } from './cases/tags-metadata.js';
import { runContract } from './runner.js';

runContract('tags and metadata', TAG_METADATA_CASES);
