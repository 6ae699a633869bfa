import { DuckDBInstance } from '@duckdb/node-api';
const i = await DuckDBInstance.create(':memory:'); const c = await i.connect();
for (const q of process.argv.slice(2)) { const r = await c.runAndReadAll(q); console.log(JSON.stringify(r.getRowObjectsJS(), (k,v)=>typeof v==='bigint'?Number(v):v)); }
