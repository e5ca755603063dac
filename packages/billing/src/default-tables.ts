import codes from '../tables/codes.json' with { type: 'json' };
import mue from '../tables/mue.json' with { type: 'json' };
import relatedCodes from '../tables/related-codes.json' with { type: 'json' };
import modifiers from '../tables/modifiers.json' with { type: 'json' };
import payers from '../tables/payers.json' with { type: 'json' };
import sitesOfService from '../tables/sites-of-service.json' with { type: 'json' };
import chargemaster from '../tables/chargemaster.json' with { type: 'json' };
import labProfile from '../tables/lab-profile.json' with { type: 'json' };
import { parseBillingTables, type BillingTables } from './billing-tables.ts';

/**
 * The tables shipped in `packages/billing/tables/`, validated. A lab that edits a copy loads it
 * with `readBillingTables(dir)` from `@anatomodel/billing/node` instead. Validation runs on
 * every call (cheap: a few dozen rows), so no module-level state is kept.
 */
export function defaultBillingTables(): BillingTables {
  return parseBillingTables({
    codes,
    mue,
    'related-codes': relatedCodes,
    modifiers,
    payers,
    'sites-of-service': sitesOfService,
    chargemaster,
    'lab-profile': labProfile,
  });
}
