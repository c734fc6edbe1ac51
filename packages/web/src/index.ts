export { createApp, type AppOptions } from './app.js';
export { createExplorer, type Explorer, type ExplorerOptions, DEFAULT_MAX_UPLOAD } from './explorer.js';
export { startServer, DEFAULT_PORT, type ServeOptions, type RunningServer } from './server.js';
export { runServeCommand, SERVE_HELP, type ServeIO } from './command.js';
export type { JobRecord, JobStatus } from './jobs/job-record.js';
