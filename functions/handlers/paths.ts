import * as z from 'zod/mini';
import { accountIdSchema, tenantIdSchema } from '../core/ids.js';

/** Path parameters of the management routes; account ids are accepted in either spelling. */
export const tenantPath = z.object({ tenantId: tenantIdSchema });
export const connectionPath = z.object({ tenantId: tenantIdSchema, accountId: accountIdSchema });
