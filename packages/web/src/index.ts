export { createApp, type AppOptions } from './app.js';
export { startServer, type ServeOptions, type RunningServer } from './server.js';
