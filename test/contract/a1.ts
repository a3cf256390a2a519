// The Appendix A.1 rows the bad-input cases expect (status, code, message), copied from the seed so the
// contract does not depend on the project's own copy of the table.

export interface A1Row {
  status: number;
  code: string;
  message: string;
}

const row = (status: number, code: string, message: string): A1Row => ({ status, code, message });

export const A1 = {
  invalidTenantId: row(400, 'EVS.0001', 'invalid tenant id!'),
  invalidVolumeId: row(400, 'EVS.1002', 'invalid volume id!'),
  nameAndDescriptionEmpty: row(400, 'EVS.1007', 'volume name and description can not both be empty!'),
  invalidVolumeSize: row(400, 'EVS.1010', 'invalid volume size!'),
  newSizeNotGreater: row(400, 'EVS.1015', 'new volume Size must be greater than old Size!'),
  invalidFilterLimit: row(400, 'EVS.1023', 'invalid filter limit!'),
  invalidSortKey: row(400, 'EVS.1039', 'invalid sort_key!'),
  deleteStatus: row(
    400,
    'EVS.1046',
    'volume status must be available, error, error_extending, error_restoring, error_rollbacking when delete volume!',
  ),
  invalidRequest: row(400, 'EVS.1070', 'invalid request.'),
  typeNotSupported: row(400, 'EVS.2070', 'VolumeTypes are not supported !'),
  limitOver1000: row(400, 'EVS.2142', 'invalid filter limit, can not greater than 1000.'),
  malformedBody: row(400, 'EVS.5400', 'Malformed request body.'),
  malformedUrl: row(400, 'EVS.5400', 'Malformed request url.'),
  bodyUriMismatch: row(400, 'EVS.5400', 'Request body and URI mismatch.'),
  invalidStatus: row(400, 'EVS.5400', 'Must specify a valid status.'),
  limitNotInteger: row(400, 'EVS.5400', 'limit param must be an integer.'),
  limitNotPositive: row(400, 'EVS.5400', 'limit param must be positive.'),
  policyCheckFailed: row(403, 'EVS.5403', 'Policy check failed.'),
  notFound: row(404, 'EVS.5404', 'Resource(Volume, Snapshot, Backup .etc) could not be found.'),
  queryJobFail: row(400, 'Common.0011', 'query job fail.'),
} as const;

/** Error envelopes: `error` as A.1 and the 6.x/8.x sections show it; the 7.x examples' fault names. */
export const ENVELOPE = {
  custom: 'error',
  badRequest: 'badRequest',
  itemNotFound: 'itemNotFound',
  forbidden: 'forbidden',
} as const;
