import type { Route } from '../router.js';
import { accountServiceRoutes } from './account-services.js';
import { accountRoutes } from './accounts.js';
import { addressRoutes } from './addresses.js';
import { billingParameterRoutes } from './billing-parameters.js';
import { contactRoutes } from './contacts.js';
import { dataRoutes, systemRoutes, validateAddressRoute } from './data.js';
import { accountDidRoutes, didInventoryRoutes } from './dids.js';
import { ipAssignmentRoutes } from './ip-assignments.js';
import { ipamRoutes } from './ipam.js';
import { paymentMethodRoutes } from './payment-methods.js';
import { radiusGroupRoutes } from './radius-groups.js';

/** Every route the simulator serves, the Sonar v1 endpoints sonar-migrate uses. */
export const allRoutes: Route[] = [
  ...dataRoutes,
  validateAddressRoute,
  ...systemRoutes,
  ...didInventoryRoutes,
  ...accountRoutes,
  ...addressRoutes,
  ...contactRoutes,
  ...paymentMethodRoutes,
  ...accountServiceRoutes,
  ...billingParameterRoutes,
  ...accountDidRoutes,
  ...ipAssignmentRoutes,
  ...ipamRoutes,
  ...radiusGroupRoutes,
];
