#!/usr/bin/env node
// The installed entry point. Kept to one import so the hook pays for nothing else.
import { main } from '../dist/main.mjs';

main(process.argv.slice(2));
