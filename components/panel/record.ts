/** The panel record is a shared contract: defined in lib/contracts/panel-record. */
export { panelRecordSchema } from '@/lib/contracts/panel-record';
