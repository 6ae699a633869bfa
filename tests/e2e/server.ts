export { type RunningServer, startServer } from '../../scripts/lib/server-process';
