/**
 * "Test connection": asks the server who the token is (`GET /v1/me`) and says in plain words
 * what worked or what to fix.
 */
import ky, { HTTPError, TimeoutError } from 'ky';
import { z } from 'zod';
import { checkApiUrl } from './settings';

export const meSchema = z.object({
  scope: z.enum(['workspace', 'book']),
  owner: z.string().nullish(),
  label: z.string().nullish(),
});
export type Me = z.output<typeof meSchema>;

export type ConnectionTest = { ok: true; me: Me; message: string } | { ok: false; message: string };

export async function testConnection(
  apiUrl: string,
  token: string,
  fetchImpl?: typeof fetch,
): Promise<ConnectionTest> {
  const checked = checkApiUrl(apiUrl);
  if (!checked.ok) return { ok: false, message: checked.error };
  if (!token.trim()) return { ok: false, message: 'Paste the API token your administrator gave you.' };
  try {
    const raw = await ky
      .get(new URL('v1/me', checked.url), {
        headers: { authorization: `Bearer ${token.trim()}` },
        timeout: 10_000,
        retry: 0,
        fetch: fetchImpl,
      })
      .json();
    const me = meSchema.safeParse(raw);
    if (!me.success) {
      return {
        ok: false,
        message: `${checked.url} answered, but not like a Healthbar server. Check the URL.`,
      };
    }
    const who =
      me.data.scope === 'book' ? `the book of ${me.data.owner ?? 'one owner'}` : 'the whole workspace';
    return { ok: true, me: me.data, message: `Connected: this token reads ${who}.` };
  } catch (e) {
    if (e instanceof HTTPError) {
      const s = e.response.status;
      if (s === 401)
        return {
          ok: false,
          message: 'The server refused this token (401). Check that you pasted all of it.',
        };
      if (s === 403) return { ok: false, message: 'This token is not allowed to read data (403).' };
      if (s === 404)
        return { ok: false, message: `${checked.url} has no Healthbar API (404). Check the URL.` };
      return { ok: false, message: `The server answered ${s}. Try again later or ask your administrator.` };
    }
    if (e instanceof TimeoutError)
      return { ok: false, message: 'The server did not answer within 10 seconds.' };
    return {
      ok: false,
      message: `Could not reach ${new URL(checked.url).origin}. Check the URL and that the server is running; if it does not allow browser extensions (CORS), use "Grant access".`,
    };
  }
}
