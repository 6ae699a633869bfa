import { DuckDBInstance } from '@duckdb/node-api';
import { readdirSync } from 'node:fs';
const i = await DuckDBInstance.create(process.argv[2] ?? ':memory:', { memory_limit: '1200MB', preserve_insertion_order: 'false' });
const c = await i.connect();
const T = async (label: string, q: string) => { const t = performance.now(); const r = await c.runAndReadAll(q); console.log(label.padEnd(20), (performance.now() - t).toFixed(0), 'ms', JSON.stringify(r.getRowObjectsJS().slice(0,2), (k,v)=>typeof v==='bigint'?Number(v):v).slice(0,150)); };
const files = readdirSync('/tmp/evspeed/segment').map((f) => `'/tmp/evspeed/segment/${f}'`).join(', ');
(globalThis as any).files = files;
const mod = await import(process.argv[3]);
await mod.default(T, files, c);
