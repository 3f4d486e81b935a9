/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Must be imported before n8n-core: its InstanceSettings writes an encryption key into
// ~/.n8n unless N8N_USER_FOLDER points elsewhere (test/setup-env.ts does the same under jest;
// this covers plain ts-node scripts such as the demo).
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-zcr-harness-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
// n8n-core logs every node error with its stack; the run result carries the errors anyway.
// Set N8N_LOG_LEVEL=debug to see n8n's own logs (token refreshes, node errors).
process.env.N8N_LOG_LEVEL ??= 'silent';
