import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(':memory:', { memory_limit: '1200MB', preserve_insertion_order: 'false', threads: '1' });
const c = await i.connect();
await c.run(`ATTACH '/tmp/evspeed/p.duckdb' AS p (READ_ONLY)`);
for (const tb of ['hb_e', 'hb_g', 'hb_m', 'hb_keymap', 'hb_emailmap', 'hb_fmap', 'hb_a', 'hb_ud', 'hb_ss', 'hb_c_traits', 'hb_c_users', 'hb_c_daymask', 'hb_c_features', 'hb_c_tails', 'hb_c_days'])
  await c.run(`CREATE TABLE ${tb} AS SELECT * FROM p.${tb}`);
await c.run(`DETACH p`);
await c.run(`CREATE VIEW hb_act AS SELECT uid, acc, ts_ms, day, event, sid FROM hb_a WHERE acc IS NOT NULL`);
const T = async (label: string, q: string) => {
  const best: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    await c.run(q.replaceAll('TEMP TABLE', 'OR REPLACE TABLE'));
    const u = process.cpuUsage(c0); best.push((u.user + u.system) / 1000);
  }
  console.log(label.padEnd(28), 'cpu ms (min of 3):', Math.min(...best).toFixed(0));
};
const mod = await import(process.argv[2]);
await mod.default(T, c);
