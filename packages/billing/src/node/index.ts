export { readBillingTables } from './read-billing-tables.ts';
