/**
 * Child process of the ingest benchmark: serves the benchmark's Stripe account from the stand-in
 * (lib/connectors/stripe/stand-in.ts) and prints `{url, objects}` as one JSON line; runs until killed.
 *   node --import tsx bench/ingest/standin.ts CUSTOMERS MONTHS AS_OF API_KEY
 */
import { startStripeStandIn } from '../../lib/connectors/stripe/stand-in';
import { benchStripeData } from './data';

const [customers, months, asOf, apiKey] = process.argv.slice(2);
const data = benchStripeData(Number(customers), Number(months), asOf);
const standIn = await startStripeStandIn(data as never, { apiKey });
const objects =
  data.customers.length +
  data.subscriptions.length +
  data.invoices.length +
  data.prices.length +
  data.products.length;
process.stdout.write(`${JSON.stringify({ url: standIn.url, objects })}\n`);
process.on('SIGTERM', () => {
  standIn.close().finally(() => process.exit(0));
});
