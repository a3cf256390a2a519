// Routes of the current EVS API beyond the 2022 reference, named by their official SDK operation.
import type { Route } from '../router.js';
import { billingRoutes } from './current-billing.js';
import { cloudSnapshotRoutes } from './cloudsnapshots.js';
import { currentDiskRoutes } from './current-disks.js';
import { recycleBinRoutes } from './recycle-bin.js';

export { keepInRecycleBin, registerCurrentApi } from './current-state.js';

export const currentApiRoutes: Route[] = [
  ...currentDiskRoutes,
  ...billingRoutes,
  ...cloudSnapshotRoutes,
  ...recycleBinRoutes,
];
