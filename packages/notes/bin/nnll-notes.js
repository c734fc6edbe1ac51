#!/usr/bin/env node
import { runNotesCommand } from '../dist/index.js';

process.exitCode = await runNotesCommand(process.argv.slice(2));
