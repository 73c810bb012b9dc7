// Preloaded with --import in a test: records every module file the process loads.
import { register } from 'node:module';
register(new URL('./trace-hooks.mjs', import.meta.url), { data: { out: process.env.IGCHECK_TRACE_IMPORTS } });
